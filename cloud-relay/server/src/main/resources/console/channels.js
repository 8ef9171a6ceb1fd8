// Channels: the changes on hold with one click and a reason to approve or reject (approvers for the store's
// country) and this week's digest of rejected ones, the items a channel does not have as last sent ("out of step")
// and a run on demand, the channels with their templates (a publisher edits one; the relay's refusal, an unknown
// placeholder say, is shown at the field), the category rules, and the hold rules. The relay decides who may; a refusal is shown as it says it.
import { askReason, el, fieldError, fieldOk, formatTime, getJson, latestAudit, problemOf, reasonOf, say, showAuditRecord }
  from "./ui.js";
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

// ---- channels and templates ----

async function loadChannels() {
  const status = document.getElementById("channels-status");
  try {
    channels = (await getJson("/v1/channels")).channels;
    document.getElementById("channels").replaceChildren(...channels.map((c) =>
      el("tr", { "data-channel": c.id }, cell(c.id), cell(c.kind), cell(c.variant + " · " + c.site + " · " + c.locale),
        cell(c.price_unit), cell(c.description_cap), cell(c.fields.join(", ")), el("td", {}, el("code", { text: c.template })))));
    const select = document.getElementById("template-channel");
    const chosen = select.value;
    select.replaceChildren(...channels.map((c) => el("option", { value: c.id, text: c.id, selected: c.id === chosen })));
    showTemplate();
    say(status, channels.length ? channels.length + (channels.length === 1 ? " channel." : " channels.")
      : "No channels yet (PUT /v1/channels/{id}).", "");
  } catch (e) {
    say(status, "Cannot list the channels: " + e.message, "error");
  }
}

function showTemplate() {
  const channel = channels.find((c) => c.id === document.getElementById("template-channel").value);
  document.getElementById("template-text").value = channel ? channel.template : "";
}

async function saveTemplate(event) {
  event.preventDefault();
  const input = document.getElementById("template-text");
  const error = document.getElementById("template-error");
  const status = document.getElementById("template-status");
  fieldOk(input, error);
  const reason = reasonOf(document.getElementById("template-reason"), document.getElementById("template-reason-error"));
  if (!reason) return;
  const id = document.getElementById("template-channel").value;
  const response = await OutpostSession.send("PUT", "/v1/channels/" + encodeURIComponent(id) + "/template",
    { template: input.value }, reason);
  if (!response.ok) {
    fieldError(input, error, await problemOf(response));
    say(status, "Not saved.", "error");
    return;
  }
  say(status, "Template of " + id + " saved; the next run sends every item whose text changed.", "ok");
  showAuditRecord(document.getElementById("template-audit"), id + " saved",
    await latestAudit("channel.saved", "channel:" + id).catch(() => null));
  await loadChannels();
}

// ---- rules ----

async function loadRules() {
  const status = document.getElementById("rules-status");
  try {
    const [rules, holdRules] = await Promise.all([getJson("/v1/channel-rules"), getJson("/v1/channel-hold-rules")]);
    const entries = Object.entries(rules.rules);
    document.getElementById("rules").replaceChildren(...entries.map(([category, list]) =>
      el("tr", { "data-category": category }, cell(category), cell(list.length ? list.join(", ") : "no channel"))));
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
  await loadRules();
}

startPage("channels").then((who) => {
  if (!who) return;
  me = who;
  for (const id of ["template-save", "rule-save", "run"]) document.getElementById(id).disabled = !publisher();
  document.getElementById("hold-save").disabled = !approver();
  document.getElementById("template-channel").addEventListener("change", showTemplate);
  document.getElementById("template-form").addEventListener("submit", saveTemplate);
  document.getElementById("rule-form").addEventListener("submit", saveRule);
  document.getElementById("hold-form").addEventListener("submit", saveHoldRules);
  document.getElementById("run").addEventListener("click", run);
  loadHolds();
  loadDigest();
  loadOutOfStep();
  loadChannels();
  loadRules();
});
