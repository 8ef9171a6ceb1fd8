// Plans: every activation plan with when it goes live, its targets, its stages (the current one marked), its sign-offs
// per country and who made it, and the stores it targets; publishers schedule a plan (each refusal of the relay shown
// at the field it names), advance, pause, resume or abort one, roll back and poison. Approvers sign plans off on the
// Approvals page. Every change asks for a reason and shows its audit record.
import {
  askReason, el, fieldError, fieldOk, formatTime, formatTimeIn, formatUtc, getJson, instantOf, latestAudit, problemOf, reasonOf, refusal,
  say, showAuditRecord, zone,
} from "./ui.js";
import { hasRole, startPage } from "./shell.js";
import { PLAN_STATE_WORDS, planFacts, planLabel, targetsMatch } from "./plan-parts.js";

const TARGET_FIELDS = ["regions", "countries", "stores", "tags"];
const STEPS = {
  advance: {
    label: "Advance", done: "advanced", action: "plan.advanced", when: (p) => p.state === "ACTIVE" && p.stage + 1 < p.stages.length,
    description: (p) => "Moves to stage " + (p.stage + 2) + ": " + p.stages[p.stage + 1] + "% of the targeted stores. The stores already in stay in; more join.",
  },
  pause: {
    label: "Pause", done: "paused", action: "plan.paused", when: (p) => p.state === "ACTIVE",
    description: () => "Holds the rollout where it is: the stores already in keep the version; no more join until you resume it.",
  },
  resume: {
    label: "Resume", done: "resumed", action: "plan.resumed", when: (p) => p.state === "PAUSED",
    description: (p) => "The rollout goes on at stage " + (p.stage + 1) + " (" + p.stages[p.stage] + "% of the targeted stores).",
  },
  abort: {
    label: "Abort", done: "aborted", action: "plan.aborted", danger: true, when: (p) => p.state !== "ABORTED",
    description: () => "Takes the plan off every store: they go back to what other plans give them. An aborted plan cannot be resumed; schedule a new one.",
  },
};

let me = null;
let stores = [];
let poisons = [];

const byId = (id) => document.getElementById(id);
const publisher = () => hasRole(me, "publisher");
const notPublisher = () => "Changes need the publisher role; you have " + me.roles.join(", ") + ".";
const planPath = (p) => "/v1/plans/" + encodeURIComponent(p.id);
const count = (n, word) => n + " " + word + (n === 1 ? "" : "s");
const listOf = (text) => text.split(",").map((t) => t.trim()).filter((t) => t);
const isPoisoned = (variantId, n) => poisons.some((x) => x.variant_id === variantId && x.number === n);
const planForm = byId("plan-form");
const rollbackForm = byId("rollback-form");
const poisonForm = byId("poison-form");

// ---- the plans ----

function stateWords(p) {
  const words = PLAN_STATE_WORDS[p.state];
  if (p.state !== "AWAITING_SIGNOFF") return words + ".";
  return words + "; missing: " + p.countries.filter((c) => !p.signoffs[c]).join(", ") + " (Approvals page).";
}

function planCard(p) {
  const id = "plan-" + p.id;
  const targeted = el("details", { class: "plan-stores" },
    el("summary", { text: "Targeted stores: in the current stage or not, and when each goes live" }));
  targeted.addEventListener("toggle", () => {
    if (targeted.open && !targeted.querySelector("table, .error")) showStores(p, targeted);
  });
  const progress = el("div", { class: "plan-progress", "aria-live": "polite" });
  if (p.state !== "AWAITING_SIGNOFF") showProgress(p, progress);
  return el("article", { class: "plan", "data-plan": p.id, "aria-labelledby": id + "-title" },
    el("h3", { id: id + "-title" }, planLabel(p) + " — ", el("span", { class: "state", "data-state": p.state, text: p.state })),
    el("p", { class: "plan-state", text: stateWords(p) }),
    planFacts(p), progress, targeted, stepButtons(p));
}

/** What each store of a plan reported, in words as well as bars. */
const PROGRESS_WORDS = {
  committed: "committed (showing it)", failed: "failed (aborted)", prepared: "prepared", downloaded: "downloaded",
  offline: "offline (no heartbeat lately)", waiting: "waiting",
};

/** The plan's progress from GET /v1/plans/{id}/progress: per state, how many of its stores, as a bar and a number. */
async function showProgress(p, box) {
  try {
    const progress = await getJson(planPath(p) + "/progress");
    const total = progress.total;
    box.replaceChildren(el("p", { class: "hint", text: "Progress of " + count(total.stores, "targeted store") + " (as of "
        + formatTime(progress.server_time) + "; refreshes every 10 s):" }),
      el("dl", { class: "progress-bars" }, ...Object.entries(PROGRESS_WORDS).flatMap(([state, words]) => {
        const n = total.counts[state] || 0;
        const listed = (total.listed[state] || []).join(", ");
        return [el("dt", { text: words }), el("dd", { "data-progress": state, title: listed || null },
          el("progress", { max: String(Math.max(1, total.stores)), value: String(n), "aria-label": words + ": " + n + " of "
            + total.stores }), " " + n + " of " + total.stores + (listed ? " — " + listed : ""))];
      })));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error", text: "Cannot read its progress: " + e.message }));
  }
}

/** Every 10 s, the progress of the plans shown that may still move. */
function refreshProgress() {
  document.querySelectorAll("article.plan").forEach((card) => {
    const state = card.querySelector(".state").dataset.state;
    if (state === "ACTIVE" || state === "PAUSED") showProgress({ id: card.dataset.plan }, card.querySelector(".plan-progress"));
  });
}

/** Each targeted store of a plan, from GET /v1/plans/{id}: its bucket, whether it is in, when it goes live there. */
async function showStores(p, box) {
  try {
    const view = await getJson(planPath(p));
    const included = view.stores.filter((s) => s.included).length;
    const rows = view.stores.map((s) => el("tr", { "data-site": s.site_id },
      el("th", { scope: "row", text: s.site_id }), el("td", { text: s.country }),
      el("td", { text: (s.included ? "yes" : "not yet") + " (bucket " + s.bucket + ")" }),
      el("td", { text: formatTime(s.activate_at) }), el("td", { text: formatTimeIn(s.activate_at, s.zone) })));
    box.append(el("p", { text: included + " of " + count(view.stores.length, "targeted store") + " in the current stage ("
        + p.stages[p.stage] + "%): a store is in when its bucket is below the stage's percent." }),
    el("div", { class: "scroll" }, el("table", {},
      el("caption", { text: "Stores targeted by " + planLabel(p) }),
      el("thead", {}, el("tr", {}, ...["Store", "Country", "In the current stage", "Goes live (your time)", "Goes live (store's time)"]
        .map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows))));
  } catch (e) {
    box.append(el("p", { class: "error", text: "Cannot list its stores: " + e.message }));
  }
}

function stepButtons(p) {
  const steps = Object.entries(STEPS).filter(([, s]) => s.when(p));
  if (!steps.length) return null;
  return el("div", { class: "buttons" }, ...steps.map(([name, s]) => el("button", {
    type: "button", class: s.danger ? "danger" : null, "data-step": name, text: s.label + "…",
    "aria-label": s.label + " " + planLabel(p), disabled: !publisher(), title: publisher() ? null : notPublisher(),
    onclick: () => step(p, name),
  })));
}

async function step(p, name) {
  const s = STEPS[name];
  const done = await askReason({
    title: s.label + " " + planLabel(p), description: s.description(p), confirm: s.label + " plan",
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", planPath(p) + "/" + name, {}, reason);
      if (!response.ok) throw new Error("Refused by the relay: " + await problemOf(response));
      return response.json();
    },
  });
  if (!done) return;
  say(byId("action-status"), planLabel(done) + " is " + done.state + ", at stage " + (done.stage + 1) + " of "
    + done.stages.length + " (" + done.stages[done.stage] + "%).", "ok");
  showAuditRecord(byId("action-audit"), "Plan " + planLabel(done) + " " + s.done,
    await latestAudit(s.action, "plan:" + p.id).catch(() => null));
  await loadPlans();
  byId("plans-result").focus();
}

async function loadPlans() {
  const status = byId("plans-status");
  try {
    const plans = (await getJson("/v1/plans")).plans;
    byId("plans").replaceChildren(...plans.map(planCard));
    const waiting = plans.filter((p) => p.state === "AWAITING_SIGNOFF").length;
    say(status, plans.length ? count(plans.length, "plan") + ", newest first" + (waiting ? "; " + waiting + " waiting for sign-off." : ".")
      : "No plans yet.", "ok");
  } catch (e) {
    say(status, "Cannot list plans: " + e.message, "error");
  }
}

// ---- choosing a variant, a version and stores ----

/** Fills each [select, keep] with the variant's versions that `keep` accepts, newest first. */
async function fillVersions(variantId, ...choices) {
  const versions = variantId ? (await getJson("/v1/variants/" + encodeURIComponent(variantId))).versions : [];
  for (const [select, keep] of choices) {
    const kept = versions.filter(keep);
    select.replaceChildren(...kept.map((v) => el("option", { value: String(v.number),
      text: "v" + v.number + " — " + v.state.toLowerCase() + " " + formatTime(v.published_at) })));
    if (!kept.length) select.append(el("option", { value: "", text: "none to choose" }));
  }
}

const published = (variantId) => (v) => v.state === "PUBLISHED" && !isPoisoned(variantId, v.number);

async function planVersions() {
  const variant = planForm.elements.variant.value;
  await fillVersions(variant, [planForm.elements.version, published(variant)]);
}

async function rollbackVersions() {
  const variant = rollbackForm.elements.variant.value;
  await fillVersions(variant, [rollbackForm.elements.version, published(variant)]);
}

async function poisonVersions() {
  const variant = poisonForm.elements.variant.value;
  await fillVersions(variant, [poisonForm.elements.version, published(variant)], [poisonForm.elements.safe, published(variant)]);
  poisonChanged();
}

/** The safe version defaults to the newest one that is not the version being poisoned. */
function poisonChanged() {
  const safe = poisonForm.elements.safe;
  const other = [...safe.options].find((o) => o.value && o.value !== poisonForm.elements.version.value);
  if (other && safe.value === poisonForm.elements.version.value) safe.value = other.value;
}

async function loadVariants() {
  const variants = (await getJson("/v1/variants")).variants;
  for (const form of [planForm, rollbackForm, poisonForm]) {
    const select = form.elements.variant;
    const current = select.value;
    select.replaceChildren(...variants.map((v) => el("option", { value: v.id, text: v.id + " — " + v.name })));
    if (!variants.length) select.append(el("option", { value: "", text: "no variant yet (Menus page)" }));
    if (variants.some((v) => v.id === current)) select.value = current;
  }
  await Promise.all([planVersions(), rollbackVersions(), poisonVersions()]);
}

async function loadStores() {
  stores = (await getJson("/v1/stores")).stores;
  const fill = (id, values) => byId(id).replaceChildren(...[...new Set(values)].sort().map((v) => el("option", { value: v })));
  fill("known-regions", stores.map((s) => s.region));
  fill("known-countries", stores.map((s) => s.country));
  fill("known-stores", stores.map((s) => s.site_id));
  fill("known-tags", stores.flatMap((s) => s.tags));
}

const TARGET_LABELS = { regions: "Regions", countries: "Countries (ISO codes)", stores: "Stores", tags: "Tags (any of them)" };

/** The four target lists of `fieldset` (id "<prefix>-targets"), each with its suggestions, then its match and error lines. */
function targetFields(fieldset) {
  const prefix = fieldset.id.replace(/-targets$/, "");
  for (const field of TARGET_FIELDS) {
    const id = prefix + "-" + field;
    fieldset.append(el("span", { class: "field" }, el("label", { for: id, text: TARGET_LABELS[field] }),
      el("input", { id, name: field, autocomplete: "off", spellcheck: "false", list: "known-" + field })));
  }
  fieldset.append(el("p", { id: prefix + "-targets-match", class: "hint", "aria-live": "polite" }),
    el("p", { id: prefix + "-targets-error", class: "status field-error", "aria-live": "polite" }));
}

function targetsOf(form) {
  const targets = {};
  for (const field of TARGET_FIELDS) targets[field] = listOf(form.elements[field].value);
  targets.countries = targets.countries.map((c) => c.toUpperCase());
  return targets;
}

/** Which stores of the directory the form's targets match now, and (for a plan) whose sign-off it will need. */
function showMatch(form, node) {
  const matched = stores.filter((s) => targetsMatch(targetsOf(form), s));
  if (!matched.length) {
    node.textContent = "Matches no store in the directory.";
    return;
  }
  const names = matched.slice(0, 10).map((s) => s.site_id).join(", ") + (matched.length > 10 ? " and " + (matched.length - 10) + " more" : "");
  const countries = [...new Set(matched.map((s) => s.country))].sort().join(", ");
  node.textContent = "Matches " + count(matched.length, "store") + " now: " + names + "."
    + (form === planForm ? " Needs a sign-off for " + countries + "." : "");
}

function activationChanged() {
  const local = planForm.elements.kind.value === "local";
  const value = planForm.elements.at.value;
  const at = instantOf(value);
  byId("plan-at-label").textContent = local ? "Date and time in each store's zone" : "Date and time (your time, " + zone + ")";
  byId("plan-at-hint").textContent = local
    ? "The same wall-clock time in every store's own zone: a store in Paris and one in New York each switch at "
      + (value ? value.slice(11, 16) : "that time") + " their time."
    : at ? "In UTC: " + formatUtc(at) + "." : "Picked in your time; sent as a UTC instant.";
}

// ---- changes ----

function clearErrors(form, ids) {
  for (const input of form.querySelectorAll("[aria-invalid]")) fieldOk(input, null);
  for (const id of ids) say(byId(id), "", "");
}

async function schedule(event) {
  event.preventDefault();
  const f = planForm.elements;
  const status = byId("plan-status");
  const error = (field) => byId("plan-" + field + "-error");
  clearErrors(planForm, ["plan-variant-error", "plan-version-error", "plan-activation-error", "plan-targets-error", "plan-stages-error"]);
  if (!f.variant.value) return fieldError(f.variant, error("variant"), "Create and publish a variant first (Menus page).");
  if (!f.version.value) return fieldError(f.version, error("version"), "This variant has no published version to plan: publish one first.");
  if (!instantOf(f.at.value)) return fieldError(f.at, error("activation"), "Pick the date and time it goes live.");
  const stages = listOf(f.stages.value);
  if (!stages.length || stages.some((s) => !/^\d+$/.test(s))) {
    return fieldError(f.stages, error("stages"), "Stages are whole percents separated by commas, e.g. 10, 50, 100.");
  }
  const reason = reasonOf(f.reason, status);
  if (reason === null) return;
  const body = { variant: f.variant.value, version: Number(f.version.value), targets: targetsOf(planForm), stages: stages.map(Number) };
  if (f.kind.value === "local") body.activate_local = f.at.value;
  else body.activate_at = instantOf(f.at.value);
  say(status, "Scheduling…", "busy");
  const response = await OutpostSession.send("POST", "/v1/plans", body, reason);
  if (!response.ok) {
    return refusal(await problemOf(response), status, [
      [/^plan\.stages/, f.stages, error("stages")],
      [/activate_(at|local)/, f.at, error("activation")],
      [/^plan\.targets|targets match no store/, f.regions, error("targets")],
      [/^plan\.version|'version'|^variant \S+ v\d+|no version/, f.version, error("version")],
      [/^plan\.variant|'variant'|^variant /, f.variant, error("variant")],
    ]);
  }
  const plan = await response.json();
  f.reason.value = "";
  say(status, "Scheduled " + planLabel(plan) + ": " + plan.state + ", waiting for sign-off for " + plan.countries.join(", ")
    + " (an approver for each, on the Approvals page).", "ok");
  showAuditRecord(byId("plan-audit"), "Plan " + planLabel(plan) + " scheduled",
    await latestAudit("plan.created", "plan:" + plan.id).catch(() => null));
  await loadPlans();
}

async function rollback(event) {
  event.preventDefault();
  const f = rollbackForm.elements;
  const status = byId("rollback-status");
  clearErrors(rollbackForm, ["rollback-version-error", "rollback-targets-error"]);
  if (!f.version.value) return fieldError(f.version, byId("rollback-version-error"), "Choose a published version to roll back to.");
  const reason = reasonOf(f.reason, status);
  if (reason === null) return;
  say(status, "Rolling back…", "busy");
  const response = await OutpostSession.send("POST", "/v1/variants/" + encodeURIComponent(f.variant.value) + "/rollback",
    { version: Number(f.version.value), targets: targetsOf(rollbackForm) }, reason);
  if (!response.ok) {
    return refusal(await problemOf(response), status, [
      [/targets/, f.regions, byId("rollback-targets-error")],
      [/^variant|version/, f.version, byId("rollback-version-error")],
    ]);
  }
  const plan = await response.json();
  f.reason.value = "";
  say(status, "Rolled back: " + planLabel(plan) + " is live now on the matching stores.", "ok");
  showAuditRecord(byId("rollback-audit"), "Rollback to " + plan.variant_id + " v" + plan.number,
    await latestAudit("plan.rollback", "plan:" + plan.id).catch(() => null));
  await loadPlans();
}

async function poison(event) {
  event.preventDefault();
  const f = poisonForm.elements;
  const status = byId("poison-status");
  clearErrors(poisonForm, ["poison-version-error", "poison-safe-error"]);
  if (!f.version.value) return fieldError(f.version, byId("poison-version-error"), "Choose the version to poison.");
  if (!f.safe.value) return fieldError(f.safe, byId("poison-safe-error"), "Choose a published version to show instead.");
  const reason = reasonOf(f.reason, status);
  if (reason === null) return;
  const variant = f.variant.value;
  const safe = f.safe.value;
  say(status, "Poisoning " + variant + " v" + f.version.value + "…", "busy");
  const response = await OutpostSession.send("POST", "/v1/variants/" + encodeURIComponent(variant) + "/versions/" + f.version.value
    + "/poison", { safe_version: Number(safe) }, reason);
  if (!response.ok) {
    return refusal(await problemOf(response), status, [
      [new RegExp("safe version|^variant \\S+ v" + safe + ":|no version " + safe + "$"), f.safe, byId("poison-safe-error")],
      [/^variant|version/, f.version, byId("poison-version-error")],
    ]);
  }
  const done = await response.json();
  f.reason.value = "";
  say(status, variant + " v" + done.number + " is poisoned: v" + done.safe_number + " shows wherever it would.", "ok");
  showAuditRecord(byId("poison-audit"), variant + " v" + done.number + " poisoned",
    await latestAudit("menu.poisoned", "variant:" + variant + "/v" + done.number).catch(() => null));
  await loadPoisons();
  await loadVariants();
}

async function loadPoisons() {
  poisons = (await getJson("/v1/poisons")).poisons;
  const rows = byId("poisons");
  rows.replaceChildren(...poisons.map((x) => el("tr", { "data-poison": x.variant_id + "/" + x.number },
    el("th", { scope: "row", text: x.variant_id }), el("td", { text: "v" + x.number }), el("td", { text: "v" + x.safe_number }),
    el("td", { text: x.poisoned_by }), el("td", { text: formatTime(x.poisoned_at) }))));
  if (!poisons.length) rows.append(el("tr", {}, el("td", { colspan: "5", text: "No version is poisoned." })));
}

// ---- start ----

targetFields(byId("plan-targets"));
targetFields(byId("rollback-targets"));
startPage("plans").then(async (who) => {
  if (!who) return;
  me = who;
  if (!publisher()) {
    for (const [form, why] of [[planForm, "schedule-why"], [rollbackForm, "rollback-why"], [poisonForm, "poison-why"]]) {
      for (const control of form.elements) control.disabled = true;
      byId(why).textContent = notPublisher();
    }
    byId("plans-why").textContent = notPublisher() + " Approvers sign plans off on the Approvals page.";
  }
  const guard = (action, status) => (event) => action(event).catch((e) => say(byId(status), "Failed: " + e.message, "error"));
  planForm.addEventListener("submit", guard(schedule, "plan-status"));
  rollbackForm.addEventListener("submit", guard(rollback, "rollback-status"));
  poisonForm.addEventListener("submit", guard(poison, "poison-status"));
  planForm.elements.variant.addEventListener("change", guard(planVersions, "plan-status"));
  rollbackForm.elements.variant.addEventListener("change", guard(rollbackVersions, "rollback-status"));
  poisonForm.elements.variant.addEventListener("change", guard(poisonVersions, "poison-status"));
  poisonForm.elements.version.addEventListener("change", poisonChanged);
  for (const input of [...planForm.elements.kind, planForm.elements.at]) input.addEventListener("input", activationChanged);
  const matchers = [[planForm, byId("plan-targets-match")], [rollbackForm, byId("rollback-targets-match")]];
  for (const [form, node] of matchers) {
    for (const field of TARGET_FIELDS) form.elements[field].addEventListener("input", () => showMatch(form, node));
  }
  activationChanged();
  try {
    await Promise.all([loadStores(), loadPoisons()]);
    for (const [form, node] of matchers) showMatch(form, node);
    await loadVariants();
  } catch (e) {
    say(byId("plan-status"), "Cannot load the variants, stores and poisons the forms need: " + e.message, "error");
  }
  await loadPlans();
  setInterval(refreshProgress, 10000);
});
