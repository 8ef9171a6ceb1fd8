// Stores: today's sales, outbox backlogs and offline stores (stores-today.js), and the store directory menus are
// published for. Everyone sees it; an admin adds or changes a store, and the
// relay's refusal is shown at the field it names (store.zone: ...). Every change asks for a reason and shows its
// audit record.
import { el, fieldError, fieldOk, formatTimeIn, getJson, latestAudit, problemOf, reasonOf, say, showAuditRecord } from "./ui.js";
import { hasRole, startPage } from "./shell.js";
import { startToday } from "./stores-today.js";

const FIELDS = ["site", "region", "country", "zone", "tags"];
const form = document.getElementById("store-form");
const status = document.getElementById("store-status");
let me = null;
let stores = [];

const admin = () => hasRole(me, "admin");
const input = (field) => form.elements[field];
const errorOf = (field) => document.getElementById("store-" + field + "-error");

function clearErrors() {
  for (const field of FIELDS) fieldOk(input(field), errorOf(field));
  fieldOk(input("reason"), null);
}

function edit(store) {
  clearErrors();
  input("site").value = store.site_id;
  input("region").value = store.region;
  input("country").value = store.country;
  input("zone").value = store.zone;
  input("tags").value = store.tags.join(", ");
  say(status, "Editing " + store.site_id + ": change what you need, give a reason and save.", "");
  input("region").focus();
}

async function load() {
  const listStatus = document.getElementById("stores-status");
  try {
    stores = (await getJson("/v1/stores")).stores;
    const rows = document.getElementById("stores");
    const now = new Date().toISOString();
    rows.replaceChildren(...stores.map((s) => el("tr", { "data-site": s.site_id },
      el("th", { scope: "row", text: s.site_id }), el("td", { text: s.region }), el("td", { text: s.country }),
      el("td", { text: s.zone }), el("td", { text: formatTimeIn(now, s.zone).replace(" (" + s.zone + ")", "") }),
      el("td", { text: s.tags.join(", ") || "—" }),
      el("td", {}, el("button", { type: "button", text: "Edit", "aria-label": "Edit " + s.site_id, disabled: !admin(),
        title: admin() ? null : "Changes need the admin role.", onclick: () => edit(s) })))));
    if (!stores.length) rows.append(el("tr", {}, el("td", { colspan: "7", text: "No stores yet." })));
    document.getElementById("regions").replaceChildren(...[...new Set(stores.map((s) => s.region))].sort()
      .map((r) => el("option", { value: r })));
    say(listStatus, stores.length + (stores.length === 1 ? " store." : " stores."), "ok");
  } catch (e) {
    say(listStatus, "Cannot list stores: " + e.message, "error");
  }
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  const site = input("site").value.trim();
  if (!site) return fieldError(input("site"), errorOf("site"), "Enter the store's site ID.");
  for (const field of ["region", "country", "zone"]) {
    if (!input(field).value.trim()) return fieldError(input(field), errorOf(field), "Enter the store's " + field + ".");
  }
  const reason = reasonOf(input("reason"), status);
  if (reason === null) return;
  const existed = stores.some((s) => s.site_id === site);
  say(status, "Saving " + site + "…", "busy");
  const response = await OutpostSession.send("PUT", "/v1/stores/" + encodeURIComponent(site), {
    region: input("region").value.trim(),
    country: input("country").value.trim().toUpperCase(),
    zone: input("zone").value.trim(),
    tags: input("tags").value.split(",").map((t) => t.trim()).filter((t) => t),
  }, reason);
  if (!response.ok) {
    const problem = await problemOf(response);
    // "store.zone: must be ..." names the field; "store: missing field 'zone'" too
    const named = /^store\.(\w+)/.exec(problem) || /missing field '(\w+)'/.exec(problem);
    const field = named && FIELDS.includes(named[1]) ? named[1] : "site";
    say(status, "Not saved: see the message at the field.", "error");
    return fieldError(input(field), errorOf(field), "Refused by the relay: " + problem);
  }
  const saved = await response.json();
  form.reset();
  say(status, (existed ? "Changed " : "Added ") + saved.site_id + " (" + saved.region + " / " + saved.country + ", " + saved.zone + ").", "ok");
  showAuditRecord(document.getElementById("store-audit"), (existed ? "Store changed: " : "Store added: ") + saved.site_id,
    await latestAudit(existed ? "store.changed" : "store.added", "site:" + saved.site_id).catch(() => null));
  await load();
}

startPage("stores").then((who) => {
  if (!who) return;
  me = who;
  startToday();
  if (!admin()) {
    for (const control of form.elements) control.disabled = true;
    document.getElementById("store-why").textContent = "Changes need the admin role; you have " + me.roles.join(", ") + ".";
  }
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  document.getElementById("zones").replaceChildren(...zones.map((z) => el("option", { value: z })));
  form.addEventListener("submit", (event) => save(event).catch((e) => say(status, "Failed: " + e.message, "error")));
  document.getElementById("store-clear").addEventListener("click", () => {
    form.reset();
    clearErrors();
    say(status, "", "");
  });
  load();
});
