// What the Plans and Approvals pages both show of an activation plan: when it goes live (an instant in the viewer's
// zone, or a wall-clock time in each store's zone), its targets, its stages with the current one marked, and its
// sign-offs per country.
import { el, formatTime, formatUtc } from "./ui.js";

export const PLAN_STATE_WORDS = {
  AWAITING_SIGNOFF: "Waiting for a regulator's sign-off for every country it targets",
  ACTIVE: "Live: the stores in its current stage take the version at its activation time",
  PAUSED: "Paused: the stores already in keep the version, no more join until it resumes",
  ABORTED: "Aborted: off every store, which went back to what other plans give them",
};

const wallClock = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC",
});

/** "main v2", or "main v1 (rollback)". */
export function planLabel(p) {
  return p.variant_id + " v" + p.number + (p.kind === "ROLLBACK" ? " (rollback)" : "");
}

/** The instant in the viewer's zone and in UTC, or a store-local wall-clock time said to be per store. */
export function activationText(p) {
  if (p.activate_at) return formatTime(p.activate_at) + " (" + formatUtc(p.activate_at) + ")";
  return wallClock.format(new Date(p.activate_local + "Z")) + " store-local time: in each store's own time zone";
}

export function targetsText(targets) {
  const parts = [["regions", "regions"], ["countries", "countries"], ["stores", "stores"], ["tags", "tags"]]
    .filter(([key]) => targets[key].length).map(([key, word]) => word + " " + targets[key].join(", "));
  return parts.length ? parts.join("; ") : "every store in the directory";
}

/** Whether a store from the directory matches a plan's targets (each non-empty list narrows; tags: any of them). */
export function targetsMatch(targets, store) {
  return (!targets.regions.length || targets.regions.includes(store.region))
    && (!targets.countries.length || targets.countries.includes(store.country))
    && (!targets.stores.length || targets.stores.includes(store.site_id))
    && (!targets.tags.length || store.tags.some((t) => targets.tags.includes(t)));
}

/** The stages in order, the current one marked in words as well as by its look. */
export function stageList(p) {
  return el("ol", { class: "stages", "aria-label": "Stages of " + planLabel(p) },
    ...p.stages.map((percent, i) => el("li", {
      class: i === p.stage ? "current" : i < p.stage ? "done" : null, "aria-current": i === p.stage ? "step" : null,
      text: percent + "%" + (i === p.stage ? " — current stage" : ""),
    })));
}

/** Per targeted country: who signed it off, or that it waits. */
export function signoffList(p) {
  if (p.kind === "ROLLBACK") return el("p", { text: "None needed: a rollback is live at once." });
  return el("ul", { class: "signoffs" }, ...p.countries.map((c) => el("li", { "data-country": c, class: p.signoffs[c] ? "signed" : "missing" },
    el("strong", { text: c }), p.signoffs[c] ? ": signed off by " + p.signoffs[c] : ": missing, waits for an approver for " + c)));
}

/** The facts of a plan as a definition list: when, which stores, stages, sign-offs, who made it. */
export function planFacts(p) {
  const dl = el("dl", { class: "record plan-facts" });
  for (const [label, value] of [["Goes live", activationText(p)], ["Targets", targetsText(p.targets)],
    ["Stages", stageList(p)], ["Sign-offs", signoffList(p)], ["Made by", p.created_by + " at " + formatTime(p.created_at)]]) {
    dl.append(el("dt", { text: label }), el("dd", {}, value));
  }
  return dl;
}
