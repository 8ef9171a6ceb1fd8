// Channels: the changes on hold with one click and a reason to approve or reject (approvers for the store's
// country) and this week's digest of rejected ones, the items a channel does not have as last sent ("out of step")
// and a run on demand, the channels (a publisher creates one or changes every setting of one in one form: kind, menu,
// price unit, description cap, fields, category names, template, endpoint; the relay's refusal is shown at the field
// it names), the category rules, and the hold rules. The relay decides who may; a refusal is shown as it says it.
import {
  askReason, el, fieldError, fieldOk, formatTime, getJson, latestAudit, problemOf, reasonOf, refusal, say, showAuditRecord,
} from "./ui.js";
import { hasRole, startPage } from "./shell.js";

let me = null;
let channels = [];

const approver = () => hasRole(me, "approver");
const publisher = () => hasRole(me, "publisher");
const cell = (text) => el("td", { text: text === null || text === undefined || text === "" ? "—" : String(text) });

// ---- holds ----

function holdCard(h) {
  const id = "hold-" + h.id;
  const status = el("p", { id: id + "-status", class: "status", role: "status", "aria-live": "polite" });
  const note = approver() ? null : "Deciding needs the approver role; you have " + me.roles.join(", ") + ".";
  const button = (approve) => el("button", {
    type: "button", class: approve ? "primary" : "danger", text: approve ? "Approve…" : "Reject…",
    "aria-label": (approve ? "Approve " : "Reject ") + h.item + " at " + h.site, disabled: !approver(),
    onclick: () => decide(h, approve, status),
  });
  return el("article", { class: "pending-version", "data-hold": h.id, "aria-labelledby": id + "-title" },
    el("h3", { id: id + "-title", text: h.item + " at " + h.site + " (" + h.variant + " v" + h.version + ") — " },
      el("span", { class: "state", "data-state": h.state, text: h.kind })),
    el("p", { text: h.detail + "; held since " + formatTime(h.created_at) + "." }),
    note ? el("p", { class: "warning", text: note }) : null,
    el("div", { class: "buttons" }, button(true), button(false)), status);
}

async function decide(h, approve, status) {
  const label = h.item + " at " + h.site;
  const done = await askReason({
    title: (approve ? "Approve " : "Reject ") + label,
    description: approve ? "The change (" + h.detail + ") goes to every channel that carries the item."
      : "Every channel keeps what it has of " + h.item + " for as long as the menu says the same.",
    confirm: approve ? "Approve" : "Reject",
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", "/v1/channel-holds/" + encodeURIComponent(h.id)
        + (approve ? "/approve" : "/reject"), {}, reason);
      if (!response.ok) {
        const message = "Refused by the relay: " + await problemOf(response);
        say(status, message, "error");
        throw new Error(message);
      }
      return response.json();
    },
  });
  if (!done) return;
  say(document.getElementById("decided-status"), label + " is " + done.state + ".", "ok");
  showAuditRecord(document.getElementById("decided"), label + (approve ? " approved" : " rejected"),
    await latestAudit(approve ? "channel.hold.approved" : "channel.hold.rejected", "channel-hold:" + h.id).catch(() => null));
  await Promise.all([loadHolds(), loadDigest()]);
}

async function loadHolds() {
  const status = document.getElementById("holds-status");
  try {
    const holds = (await getJson("/v1/channel-holds")).holds;
    const pending = holds.filter((h) => h.state === "PENDING");
    document.getElementById("holds").replaceChildren(...pending.map(holdCard));
    document.getElementById("holds-history").replaceChildren(...holds.filter((h) => h.state !== "PENDING").map((h) =>
      el("tr", { "data-hold": h.id }, cell(h.item), cell(h.site), cell(h.detail), cell(h.state), cell(h.decided_by),
        cell(h.reason), cell(formatTime(h.decided_at || h.created_at)))));
    say(status, pending.length ? pending.length + (pending.length === 1 ? " change waits" : " changes wait")
      + " for an approver." : "No change is on hold.", "");
  } catch (e) {
    say(status, "Cannot list the holds: " + e.message, "error");
  }
}

async function loadDigest() {
  const status = document.getElementById("digest-status");
  try {
    const digest = await getJson("/v1/channel-holds/digest");
    document.getElementById("digest").replaceChildren(...digest.rejected.map((h) =>
      el("tr", { "data-digest": h.id }, cell(h.item), cell(h.site), cell(h.detail), cell(h.decided_by), cell(h.reason),
        cell(formatTime(h.decided_at)))));
    const n = digest.rejected.length;
    say(status, digest.week + " (from " + formatTime(digest.from) + "): " + (n === 0 ? "no change was rejected."
      : n + (n === 1 ? " change was" : " changes were") + " rejected; every channel kept what it had."), "");
  } catch (e) {
    say(status, "Cannot read the weekly digest: " + e.message, "error");
  }
}

// ---- out of step, and runs ----

async function loadOutOfStep() {
  const status = document.getElementById("out-status");
  try {
    const rows = (await getJson("/v1/channels/out-of-step")).deliveries;
    document.getElementById("out-of-step").replaceChildren(...rows.map((d) =>
      el("tr", { "data-delivery": d.channel + "/" + d.item }, cell(d.channel), cell(d.item),
        el("td", {}, el("span", { class: "state", "data-state": d.state, text: d.state })), cell(d.reason),
        cell(d.attempts), cell(d.next_attempt_at ? formatTime(d.next_attempt_at) : null), cell(d.variant + " v" + d.version))));
    say(status, rows.length ? rows.length + (rows.length === 1 ? " item is" : " items are") + " out of step."
      : "Every channel has what was last sent.", rows.length ? "error" : "ok");
  } catch (e) {
    say(status, "Cannot list what is out of step: " + e.message, "error");
  }
}

async function run() {
  const done = await askReason({
    title: "Run channel publishing now",
    description: "Sends every channel what it lacks of the newest published menus; failed sends whose backoff has"
      + " passed are retried under the same key.",
    confirm: "Run",
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", "/v1/channel-runs", {}, reason);
      if (!response.ok) throw new Error("Refused by the relay: " + await problemOf(response));
      return response.json();
    },
  });
  if (!done) return;
  say(document.getElementById("run-status"), done.channels.map((c) => c.channel + ": " + (c.problem || c.sent + " sent, "
    + c.accepted + " accepted, " + c.rejected + " rejected, " + c.failed + " failed, " + c.waiting + " waiting, "
    + c.held + " held")).join("; ") || "No channels.", "ok");
  await Promise.all([loadOutOfStep(), loadHolds()]);
}

// ---- channels: one form creates one or changes every setting of one ----

const channelForm = document.getElementById("channel-form");
const input = (name) => channelForm.elements[name];
const errorOf = (name) => document.getElementById("channel-" + name + "-error");
/** The settings PUT /v1/channels/{id} takes, each an input named as the API names it (fields: the checkboxes). */
const SETTINGS = ["id", "kind", "variant", "site", "locale", "price_unit", "description_cap", "fields", "categories",
  "template", "endpoint", "timeout_ms", "page_url"];
const ONLY_FOR = { endpoint: "order-platform", timeout_ms: "order-platform", page_url: "qr-page" };
const NEW = "";

const fieldBoxes = () => [...channelForm.querySelectorAll("input[name=field]")];
/** Where a setting's error is shown and what takes the focus: the first checkbox for fields. */
const focusOf = (name) => name === "fields" ? fieldBoxes()[0] : input(name);
/** A setting's row: its label and its control, hidden together when the kind does not take it. */
const rowOf = (name) => [channelForm.querySelector("label[for=channel-" + name + "]"), input(name).parentElement];

function clearChannelErrors() {
  for (const name of SETTINGS) fieldOk(focusOf(name), errorOf(name));
  fieldOk(input("reason"), null);
}

function showKind() {
  for (const [name, kind] of Object.entries(ONLY_FOR)) {
    for (const node of rowOf(name)) node.hidden = input("kind").value !== kind;
  }
}

/** Fills the form with channel `id`'s settings, or empty for a new channel. */
function pick(id) {
  clearChannelErrors();
  const c = channels.find((x) => x.id === id);
  input("pick").value = c ? c.id : NEW;
  input("id").value = c ? c.id : "";
  input("id").readOnly = !!c;
  input("kind").value = c ? c.kind : "website";
  for (const name of ["variant", "site", "locale", "template", "endpoint", "page_url"]) input(name).value = c ? c[name] ?? "" : "";
  input("price_unit").value = c ? c.price_unit : "display";
  input("description_cap").value = c ? c.description_cap : "";
  input("timeout_ms").value = c?.timeout_ms ?? "";
  for (const box of fieldBoxes()) box.checked = c ? c.fields.includes(box.value) : true;
  input("categories").value = c ? Object.entries(c.categories).map(([k, v]) => k + " = " + v).join("\n") : "";
  showKind();
}

/** "sides = Nos frites" per line → {sides: "Nos frites"}; null (and the line said at the field) when one is not. */
function categoriesOf() {
  const out = {};
  for (const [i, text] of input("categories").value.split("\n").entries()) {
    const line = text.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0 || !line.slice(at + 1).trim()) {
      fieldError(input("categories"), errorOf("categories"), "Line " + (i + 1) + " (" + line + ") is not"
        + " 'category id = name'.");
      return null;
    }
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** Lists the channels and fills the form with `chosen`'s settings (by default the one it shows). */
async function loadChannels(chosen = input("pick").value) {
  const status = document.getElementById("channels-status");
  try {
    const [list, variants, stores] = await Promise.all([getJson("/v1/channels"), getJson("/v1/variants"),
      getJson("/v1/stores")]);
    channels = list.channels;
    document.getElementById("channels").replaceChildren(...channels.map((c) =>
      el("tr", { "data-channel": c.id }, cell(c.id), cell(c.kind), cell(c.variant + " · " + c.site + " · " + c.locale),
        cell(c.price_unit), cell(c.description_cap), cell(c.fields.join(", ")),
        cell(Object.entries(c.categories).map(([k, v]) => k + " → " + v).join(", ")),
        el("td", {}, el("code", { text: c.template })))));
    input("pick").replaceChildren(el("option", { value: NEW, text: "New channel" }),
      ...channels.map((c) => el("option", { value: c.id, text: c.id })));
    if (!input("kind").options.length) {
      input("kind").replaceChildren(...list.kinds.map((k) => el("option", { value: k, text: k })));
    }
    document.getElementById("known-variants").replaceChildren(...variants.variants.map((v) => el("option", { value: v.id })));
    document.getElementById("known-stores").replaceChildren(...stores.stores.map((s) => el("option", { value: s.site_id })));
    pick(chosen);
    say(status, channels.length ? channels.length + (channels.length === 1 ? " channel." : " channels.")
      : "No channels yet: create one below.", "");
  } catch (e) {
    say(status, "Cannot list the channels: " + e.message, "error");
  }
}

async function saveChannel(event) {
  event.preventDefault();
  clearChannelErrors();
  const status = document.getElementById("channel-status");
  const id = input("id").value.trim();
  if (!id) return fieldError(input("id"), errorOf("id"), "Enter the new channel's ID.");
  const categories = categoriesOf();
  if (categories === null) return;
  const reason = reasonOf(input("reason"), status);
  if (reason === null) return;
  const kind = input("kind").value;
  const body = { kind, categories, fields: fieldBoxes().filter((b) => b.checked).map((b) => b.value) };
  for (const name of ["variant", "site", "locale", "price_unit", "template"]) body[name] = input(name).value.trim();
  // numbers as typed: the relay says what is wrong with "", 0 or 1.5, at the field
  body.description_cap = input("description_cap").value === "" ? null : Number(input("description_cap").value);
  for (const [name, only] of Object.entries(ONLY_FOR)) {
    const value = input(name).value.trim();
    if (kind === only && value !== "") body[name] = name === "timeout_ms" ? Number(value) : value;
  }
  const existed = channels.some((c) => c.id === id);
  say(status, "Saving " + id + "…", "busy");
  const response = await OutpostSession.send("PUT", "/v1/channels/" + encodeURIComponent(id), body, reason);
  if (!response.ok) {
    // "channel web: description_cap must be ...", "channel.id: ...", "channel web: variant 'x' does not exist"
    return refusal(await problemOf(response), status, [[/^channel\.id:/, input("id"), errorOf("id")],
      ...SETTINGS.filter((name) => name !== "id").map((name) =>
        [new RegExp("^channel \\S+: " + name + "\\b"), focusOf(name), errorOf(name)])]);
  }
  input("reason").value = "";
  say(status, (existed ? "Changed " : "Created ") + id + "; the next run sends every item whose value changed for it.", "ok");
  showAuditRecord(document.getElementById("channel-audit"), "Channel " + id + (existed ? " changed" : " created"),
    await latestAudit("channel.saved", "channel:" + id).catch(() => null));
  await loadChannels(id);
}

// ---- rules ----

async function loadRules() {
  const status = document.getElementById("rules-status");
  try {
    const [rules, holdRules] = await Promise.all([getJson("/v1/channel-rules"), getJson("/v1/channel-hold-rules")]);
    const entries = Object.entries(rules.rules);
    document.getElementById("rules").replaceChildren(...entries.map(([category, list]) =>
      el("tr", { "data-category": category }, cell(category), cell(list.length ? list.join(", ") : "no channel"),
        el("td", {}, el("button", { type: "button", text: "Remove…", "aria-label": "Remove the rule for " + category,
          disabled: !publisher(), onclick: () => removeRule(category) })))));
    say(status, entries.length ? "" : "No category rules: items go to every channel unless they list their own.", "");
    const held = [];
    if (holdRules.price_change_percent !== null && holdRules.price_change_percent !== undefined) {
      held.push("a price change beyond " + holdRules.price_change_percent + "%");
    }
    if (holdRules.new_items) held.push("a new item");
    if (holdRules.removed_items) held.push("a removed item");
    document.getElementById("hold-rules").textContent = (held.length ? "On hold until approved: " + held.join(", ") + "."
      : "Nothing is held: every change flows.") + (holdRules.notify_url ? " Each hold opened is POSTed to "
      + holdRules.notify_url + "." : "");
    document.getElementById("hold-notify").value = holdRules.notify_url ?? "";
    document.getElementById("hold-percent").value = holdRules.price_change_percent ?? "";
    document.getElementById("hold-new").checked = holdRules.new_items;
    document.getElementById("hold-removed").checked = holdRules.removed_items;
  } catch (e) {
    say(status, "Cannot read the rules: " + e.message, "error");
  }
}

async function saveRule(event) {
  event.preventDefault();
  const category = document.getElementById("rule-category");
  const error = document.getElementById("rule-error");
  fieldOk(category, error);
  const reason = reasonOf(document.getElementById("rule-reason"), document.getElementById("rule-reason-error"));
  if (!reason) return;
  const list = document.getElementById("rule-channels").value.split(",").map((s) => s.trim()).filter(Boolean);
  const response = await OutpostSession.send("PUT", "/v1/channel-rules/" + encodeURIComponent(category.value.trim()),
    { channels: list }, reason);
  if (!response.ok) {
    fieldError(category, error, await problemOf(response));
    return;
  }
  say(document.getElementById("rule-status"), "Rule for " + category.value.trim() + " saved.", "ok");
  showAuditRecord(document.getElementById("rule-audit"), "Rule for " + category.value.trim() + " saved",
    await latestAudit("channel.rule.saved", "channel-rule:" + category.value.trim()).catch(() => null));
  await loadRules();
}

async function removeRule(category) {
  const done = await askReason({
    title: "Remove the rule for " + category,
    description: "Its items go to every channel again, unless they list their own.",
    confirm: "Remove",
    act: async (values, reason) => {
      const response = await OutpostSession.send("DELETE", "/v1/channel-rules/" + encodeURIComponent(category), {}, reason);
      if (!response.ok) throw new Error("Refused by the relay: " + await problemOf(response));
      return true;
    },
  });
  if (!done) return;
  say(document.getElementById("rule-status"), "Rule for " + category + " removed.", "ok");
  showAuditRecord(document.getElementById("rule-audit"), "Rule for " + category + " removed",
    await latestAudit("channel.rule.deleted", "channel-rule:" + category).catch(() => null));
  await loadRules();
}

async function saveHoldRules(event) {
  event.preventDefault();
  const percent = document.getElementById("hold-percent");
  const error = document.getElementById("hold-error");
  fieldOk(percent, error);
  const reason = reasonOf(document.getElementById("hold-reason"), document.getElementById("hold-reason-error"));
  if (!reason) return;
  const body = { new_items: document.getElementById("hold-new").checked, removed_items: document.getElementById("hold-removed").checked };
  if (percent.value !== "") body.price_change_percent = Number(percent.value);
  const notify = document.getElementById("hold-notify").value.trim();
  if (notify) body.notify_url = notify;
  const response = await OutpostSession.send("PUT", "/v1/channel-hold-rules", body, reason);
  if (!response.ok) {
    fieldError(percent, error, await problemOf(response));
    return;
  }
  say(document.getElementById("hold-status"), "Hold rules saved.", "ok");
  showAuditRecord(document.getElementById("hold-audit"), "Hold rules saved",
    await latestAudit("channel.hold-rules.saved", "channel-hold-rules").catch(() => null));
  await loadRules();
}

startPage("channels").then((who) => {
  if (!who) return;
  me = who;
  for (const id of ["rule-save", "run"]) document.getElementById(id).disabled = !publisher();
  if (!publisher()) {
    for (const control of channelForm.elements) control.disabled = true;
    document.getElementById("channel-why").textContent = "Changes need the publisher role; you have " + me.roles.join(", ") + ".";
  }
  document.getElementById("hold-save").disabled = !approver();
  input("pick").addEventListener("change", () => pick(input("pick").value));
  input("kind").addEventListener("change", showKind);
  channelForm.addEventListener("submit", (event) => saveChannel(event).catch((e) =>
    say(document.getElementById("channel-status"), "Failed: " + e.message, "error")));
  document.getElementById("rule-form").addEventListener("submit", saveRule);
  document.getElementById("hold-form").addEventListener("submit", saveHoldRules);
  document.getElementById("run").addEventListener("click", run);
  loadHolds();
  loadDigest();
  loadOutOfStep();
  loadChannels();
  loadRules();
});
