// Approvals: the menu versions every variant holds back (HELD, AWAITING_SECOND), what the gates found and why they
// were published, and one click with a reason to approve or reject; the plans waiting for a regulator's sign-off, per
// targeted country, one click with a reason each. The relay decides who may: a refusal (another country, the
// two-person rule, the plan's maker) is shown as it says it, in the dialog and on the version or plan.
import { askReason, el, formatTime, getJson, latestAudit, problemOf, say, showAuditRecord } from "./ui.js";
import { hasRole, startPage } from "./shell.js";
import { PUBLISH_ACTIONS, STATE_WORDS, gateFindings } from "./menu-parts.js";
import { planFacts, planLabel } from "./plan-parts.js";

let me = null;

const approver = () => hasRole(me, "approver");
const versionPath = (p) => "/v1/variants/" + encodeURIComponent(p.variant_id) + "/versions/" + p.number;
const label = (p) => p.variant_id + " v" + p.number;

/** What the viewer should know before pressing: whether the relay will let them decide, and why not. */
function standing(p) {
  if (!approver()) return "Deciding needs the approver role; you have " + me.roles.join(", ") + ".";
  if (p.published_by === "user:" + me.username) {
    return "You published this version: another approver must decide (two-person rule).";
  }
  const countries = (p.gates && p.gates.countries) || [];
  const outside = countries.filter((c) => !me.jurisdictions.includes(c));
  if (outside.length) {
    return "It affects " + countries.join(", ") + "; you approve for " + (me.jurisdictions.join(", ") || "no country")
      + ", so the relay will refuse.";
  }
  return null;
}

/** A reason dialog's act: POSTs the change; a refusal is said in `status` (on the card) as well as in the dialog. */
function sendOrRefuse(status, url, body) {
  return async (values, reason) => {
    const response = await OutpostSession.send("POST", url, body, reason);
    if (!response.ok) {
      const message = "Refused by the relay: " + await problemOf(response);
      say(status, message, "error");
      throw new Error(message);
    }
    return response.json();
  };
}

function card(p, name, publishReason) {
  const id = "v-" + p.variant_id + "-" + p.number;
  const status = el("p", { id: id + "-status", class: "status", role: "status", "aria-live": "polite" });
  const note = standing(p);
  const noteNode = note ? el("p", { id: id + "-note", class: "warning", text: note }) : null;
  const button = (approve) => el("button", {
    type: "button", class: approve ? "primary" : "danger", text: approve ? "Approve…" : "Reject…",
    "aria-label": (approve ? "Approve " : "Reject ") + label(p), disabled: !approver(),
    "aria-describedby": note ? id + "-note" : null, onclick: () => decide(p, approve, status),
  });
  return el("article", { class: "pending-version", "data-version": p.variant_id + "/" + p.number, "aria-labelledby": id + "-title" },
    el("h3", { id: id + "-title" }, name + " (" + p.variant_id + ") v" + p.number + " — ",
      el("span", { class: "state", "data-state": p.state, text: p.state })),
    el("p", { text: STATE_WORDS[p.state] + "." }),
    el("p", { text: "Published by " + p.published_by + " at " + formatTime(p.published_at)
      + (publishReason ? ": “" + publishReason + "”" : "") + "." }),
    gateFindings(p), noteNode,
    el("div", { class: "buttons" }, button(true), button(false),
      el("a", { href: "/menus.html?variant=" + encodeURIComponent(p.variant_id), text: "Open the variant" })),
    status);
}

async function decide(p, approve, status) {
  const verb = approve ? "Approve" : "Reject";
  const done = await askReason({
    title: verb + " " + label(p),
    description: approve ? "It is published as it stands: every store's menu of this version becomes current for plans."
      : "It is never published; the publisher fixes the layers and publishes again.",
    confirm: approve ? "Approve and publish" : "Reject",
    act: sendOrRefuse(status, versionPath(p) + (approve ? "/approve" : "/reject"), {}),
  });
  if (!done) return;
  say(document.getElementById("decided-status"), label(p) + " is " + done.state + ".", "ok");
  showAuditRecord(document.getElementById("decided"), label(p) + (approve ? " approved" : " rejected"),
    await latestAudit(approve ? "menu.approved" : "menu.rejected", "variant:" + p.variant_id + "/v" + p.number).catch(() => null));
  await load();
}

async function load() {
  const status = document.getElementById("pending-status");
  const box = document.getElementById("pending");
  try {
    const [pending, variants] = await Promise.all([getJson("/v1/approvals"), getJson("/v1/variants")]);
    const names = new Map(variants.variants.map((v) => [v.id, v.name]));
    const reasons = await Promise.all(pending.pending.map((p) => latestAudit(PUBLISH_ACTIONS[p.state],
      "variant:" + p.variant_id + "/v" + p.number).then((r) => r && r.reason).catch(() => null)));
    box.replaceChildren(...pending.pending.map((p, i) => card(p, names.get(p.variant_id) || p.variant_id, reasons[i])));
    const n = pending.pending.length;
    say(status, n ? n + (n === 1 ? " version waits" : " versions wait") + " for an approver." : "Nothing waits for an approver.", "");
  } catch (e) {
    say(status, "Cannot list what waits: " + e.message, "error");
  }
}

// ---- plan sign-offs ----

/** Why the relay would refuse this viewer's sign-off of plan `p` for `country`, or null. */
function signoffStanding(p, country) {
  if (!approver()) return "Signing off needs the approver role; you have " + me.roles.join(", ") + ".";
  if (p.created_by === "user:" + me.username) return "You made this plan: another approver for " + country + " must sign it off.";
  if (!me.jurisdictions.includes(country)) {
    return "You approve for " + (me.jurisdictions.join(", ") || "no country") + ", so the relay will refuse.";
  }
  return null;
}

function planCard(p, madeReason) {
  const id = "plan-" + p.id;
  const status = el("p", { id: id + "-status", class: "status", role: "status", "aria-live": "polite" });
  const missing = p.countries.filter((c) => !p.signoffs[c]);
  const rows = missing.map((country) => {
    const note = signoffStanding(p, country);
    const noteId = id + "-" + country + "-note";
    return el("li", { "data-country": country },
      el("button", { type: "button", class: "primary", text: "Sign off " + country + "…", "aria-label": "Sign off " + planLabel(p) + " for " + country,
        disabled: !approver(), "aria-describedby": note ? noteId : null, onclick: () => signOff(p, country, missing, status) }),
      note ? el("span", { id: noteId, class: "hint", text: " " + note }) : null);
  });
  return el("article", { class: "pending-version", "data-plan": p.id, "aria-labelledby": id + "-title" },
    el("h3", { id: id + "-title", text: "Plan " + planLabel(p) + " — " }, el("span", { class: "state", "data-state": p.state, text: p.state })),
    madeReason ? el("p", { text: "Why: “" + madeReason + "”" }) : null,
    planFacts(p), el("ul", { class: "signoff-actions" }, ...rows), status);
}

async function signOff(p, country, missing, status) {
  const others = missing.filter((c) => c !== country);
  const done = await askReason({
    title: "Sign off " + planLabel(p) + " for " + country,
    description: "Approves it for the stores in " + country + (others.length ? "; it still waits for " + others.join(", ") + "."
      : "; the last sign-off, so the plan becomes ACTIVE."),
    confirm: "Sign off",
    act: sendOrRefuse(status, "/v1/plans/" + encodeURIComponent(p.id) + "/signoff", { country }),
  });
  if (!done) return;
  say(document.getElementById("signed-status"), planLabel(done) + " is signed off for " + country + ": " + done.state + ".", "ok");
  showAuditRecord(document.getElementById("signed"), planLabel(done) + " signed off for " + country,
    await latestAudit("plan.signed-off", "plan:" + p.id).catch(() => null));
  await loadSignoffs();
}

async function loadSignoffs() {
  const status = document.getElementById("signoffs-status");
  try {
    const plans = (await getJson("/v1/plans")).plans.filter((p) => p.state === "AWAITING_SIGNOFF");
    const mine = (p) => p.countries.some((c) => !p.signoffs[c] && me.jurisdictions.includes(c));
    plans.sort((a, b) => mine(b) - mine(a));
    const reasons = await Promise.all(plans.map((p) => latestAudit("plan.created", "plan:" + p.id)
      .then((r) => r && r.reason).catch(() => null)));
    document.getElementById("signoffs").replaceChildren(...plans.map((p, i) => planCard(p, reasons[i])));
    const yours = plans.filter(mine).length;
    say(status, plans.length ? plans.length + (plans.length === 1 ? " plan waits" : " plans wait") + " for sign-off"
      + (approver() ? "; " + yours + " for a country you approve for." : ".") : "No plan waits for sign-off.", "");
  } catch (e) {
    say(status, "Cannot list the plans: " + e.message, "error");
  }
}

startPage("approvals").then((who) => {
  if (!who) return;
  me = who;
  document.getElementById("me-standing").textContent = approver()
    ? "You approve for " + (me.jurisdictions.join(", ") || "no country yet (an admin sets your jurisdictions)") + "."
    : "You can see what waits; deciding needs the approver role.";
  load();
  loadSignoffs();
});
