// Menus: variants and their layers; upload or edit a layer (its JSON, scope and promo window), each refusal shown at
// the field it is about; simulate for a store (each locale's menu as the store would show it, or every problem at its
// path) with a diff against what the latest published version gives that store; publish through the gates.
// Publishers change things; everyone may look and simulate. Every change asks for a reason and shows its audit record.
import {
  askReason, el, fieldError, fieldOk, formatTime, formatTimeIn, formatUtc, getJson, instantOf, latestAudit, localInputOf, problemOf, reasonOf,
  say, showAuditRecord, zone,
} from "./ui.js";
import { hasRole, startPage } from "./shell.js";
import { PUBLISH_ACTIONS, STATE_WORDS, allergenText, formatPrice, gateFindings, problemList } from "./menu-parts.js";

const SCOPE_VALUES = {
  region: { label: "Region", hint: "e.g. EU" },
  country: { label: "Country", hint: "ISO code, e.g. FR" },
  store: { label: "Store", hint: "a site ID from the store directory" },
  promo: { label: "Promo name", hint: "e.g. lunch-deal" },
};

let me = null;
let variant = null;
let stores = [];
const versions = new Map(); // "variant/n" → the version with what each store shows; published versions never change

const publisher = () => hasRole(me, "publisher");
const notPublisher = () => "Changes need the publisher role; you have " + me.roles.join(", ") + ".";
const variantPath = () => "/v1/variants/" + encodeURIComponent(variant.id);
const byId = (id) => document.getElementById(id);

// ---- the variant list ----

async function loadVariants() {
  const status = byId("variants-status");
  try {
    const list = (await getJson("/v1/variants")).variants;
    const rows = byId("variants");
    rows.replaceChildren();
    for (const v of list) {
      const open = el("a", { href: "?variant=" + encodeURIComponent(v.id), text: v.id, onclick: (event) => {
        event.preventDefault();
        openVariant(v.id);
      } });
      rows.append(el("tr", { "data-variant": v.id, "aria-current": variant && variant.id === v.id ? "true" : null },
        el("th", { scope: "row" }, open), el("td", { text: v.name }),
        el("td", { text: v.published === null ? "none yet" : "v" + v.published })));
    }
    if (!list.length) rows.append(el("tr", {}, el("td", { colspan: "3", text: "No variants yet." })));
    say(status, list.length + (list.length === 1 ? " variant." : " variants.") + (list.length ? " Open one to see its layers." : ""), "ok");
    return list;
  } catch (e) {
    say(status, "Cannot list variants: " + e.message, "error");
    return [];
  }
}

async function createVariant(event) {
  event.preventDefault();
  const form = event.target;
  const status = byId("create-status");
  const id = form.elements.id.value.trim();
  const name = form.elements.name.value.trim();
  if (!id) return fieldError(form.elements.id, status, "Enter the variant's ID.");
  if (!name) return fieldError(form.elements.name, status, "Enter the variant's name.");
  const reason = reasonOf(form.elements.reason, status);
  if (reason === null) return;
  say(status, "Creating…", "busy");
  const response = await OutpostSession.send("POST", "/v1/variants", { id, name }, reason);
  if (!response.ok) {
    const problem = await problemOf(response);
    const field = /^variant\.name/.test(problem) ? form.elements.name : form.elements.id;
    return fieldError(field, status, "Refused: " + problem);
  }
  form.reset();
  say(status, "Variant " + id + " created. Add its layers below.", "ok");
  showAuditRecord(byId("create-audit"), "Variant " + id + " created",
    await latestAudit("menu.variant.created", "variant:" + id).catch(() => null));
  await loadVariants();
  await openVariant(id);
}

// ---- one variant: layers and versions ----

async function openVariant(id) {
  const status = byId("variants-status");
  try {
    variant = await getJson("/v1/variants/" + encodeURIComponent(id));
  } catch (e) {
    say(status, "Cannot open variant " + id + ": " + e.message, "error");
    return;
  }
  history.replaceState(null, "", "?variant=" + encodeURIComponent(id));
  byId("variant-page").hidden = false;
  byId("layers-title").textContent = "Layers of " + variant.name + " (" + variant.id + ")";
  for (const node of ["layer-view", "layers-audit", "layer-audit", "sim-problems", "sim-result", "publish-outcome", "publish-audit"]) {
    byId(node).replaceChildren();
  }
  for (const node of ["layer-status", "sim-status", "publish-status"]) say(byId(node), "", "");
  for (const row of document.querySelectorAll("#variants tr")) {
    if (row.dataset.variant === id) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  }
  renderLayers();
  renderVersions();
}

async function reloadVariant() {
  variant = await getJson(variantPath());
  renderLayers();
  renderVersions();
  await loadVariants();
}

function windowText(layer) {
  if (!layer.active_from) return "—";
  return formatTime(layer.active_from) + " until " + formatTime(layer.active_until) + " (UTC "
    + formatUtc(layer.active_from) + " until " + formatUtc(layer.active_until) + ")";
}

function renderLayers() {
  const rows = byId("layers");
  rows.replaceChildren();
  for (const layer of variant.layers) {
    const view = el("button", { type: "button", text: "View", "aria-label": "View layer " + layer.scope, onclick: () => viewLayer(layer) });
    const edit = el("button", { type: "button", text: "Edit", "aria-label": "Edit layer " + layer.scope,
      disabled: !publisher(), title: publisher() ? null : notPublisher(), onclick: () => editLayer(layer) });
    const remove = el("button", { type: "button", class: "danger", text: "Delete…", "aria-label": "Delete layer " + layer.scope,
      disabled: !publisher(), title: publisher() ? null : notPublisher(), onclick: () => deleteLayer(layer) });
    rows.append(el("tr", { "data-scope": layer.scope },
      el("th", { scope: "row" }, el("code", { text: layer.scope })), el("td", { class: "number", text: String(layer.revision) }),
      el("td", { text: windowText(layer) }), el("td", { text: layer.updated_by }), el("td", { text: formatTime(layer.updated_at) }),
      el("td", { class: "actions" }, view, edit, remove)));
  }
  if (!variant.layers.length) {
    rows.append(el("tr", {}, el("td", { colspan: "6", text: "No layers yet: start with a global layer holding the whole menu." })));
  }
}

function viewLayer(layer) {
  const box = byId("layer-view");
  const heading = el("h3", { id: "layer-view-title", tabindex: "-1", text: "Layer " + layer.scope + ", revision " + layer.revision });
  box.replaceChildren(el("section", { class: "layer-json", "aria-labelledby": "layer-view-title" }, heading,
    layer.active_from ? el("p", { class: "hint", text: "Open " + windowText(layer) + "." }) : null,
    el("pre", { tabindex: "0", "aria-label": "JSON of layer " + layer.scope }, el("code", { text: JSON.stringify(layer.document, null, 2) }))));
  heading.focus();
}

function editLayer(layer) {
  const form = byId("layer-form");
  const [kind, ...rest] = layer.scope.split(":");
  form.elements.kind.value = kind;
  form.elements.value.value = rest.join(":");
  form.elements.active_from.value = layer.active_from ? localInputOf(layer.active_from) : "";
  form.elements.active_until.value = layer.active_until ? localInputOf(layer.active_until) : "";
  form.elements.document.value = JSON.stringify(layer.document, null, 2);
  clearEditorErrors();
  scopeChanged();
  byId("editor-title").scrollIntoView();
  form.elements.document.focus();
}

async function deleteLayer(layer) {
  const done = await askReason({
    title: "Delete layer " + layer.scope, confirm: "Delete layer",
    description: "The next simulate and publish no longer use it; versions already published keep it.",
    act: async (values, reason) => {
      const response = await OutpostSession.send("DELETE", variantPath() + "/layers/" + encodeURIComponent(layer.scope), {}, reason);
      if (!response.ok) throw new Error("Refused: " + await problemOf(response));
      return true;
    },
  });
  if (!done) return;
  showAuditRecord(byId("layers-audit"), "Layer " + layer.scope + " deleted",
    await latestAudit("menu.layer.deleted", "variant:" + variant.id + "/" + layer.scope).catch(() => null));
  await reloadVariant();
}

// ---- the layer editor ----

function scopeChanged() {
  const form = byId("layer-form");
  const kind = form.elements.kind.value;
  const value = form.elements.value;
  const needsValue = kind !== "global";
  value.disabled = !needsValue || !publisher();
  value.required = needsValue;
  const label = byId("scope-value-label");
  label.hidden = !needsValue;
  byId("scope-value-field").hidden = !needsValue;
  if (needsValue) label.replaceChildren(SCOPE_VALUES[kind].label + " ", el("span", { class: "hint", text: SCOPE_VALUES[kind].hint }));
  else value.value = "";
  const suggestions = byId("scope-values");
  suggestions.replaceChildren();
  const known = kind === "region" ? stores.map((s) => s.region) : kind === "country" ? stores.map((s) => s.country)
    : kind === "store" ? stores.map((s) => s.site_id)
      : kind === "promo" && variant ? variant.layers.filter((l) => l.scope.startsWith("promo:")).map((l) => l.scope.slice(6)) : [];
  for (const v of [...new Set(known)].sort()) suggestions.append(el("option", { value: v }));
  byId("window").hidden = kind !== "promo";
  windowChanged();
}

function windowChanged() {
  const form = byId("layer-form");
  const from = instantOf(form.elements.active_from.value);
  const until = instantOf(form.elements.active_until.value);
  byId("window-utc").textContent = from || until
    ? "In UTC: " + (from ? formatUtc(from) : "…") + " until " + (until ? formatUtc(until) : "…") + "."
    : "Times are in your zone; the relay stores them as UTC instants.";
}

function clearEditorErrors() {
  const form = byId("layer-form");
  fieldOk(form.elements.value, byId("scope-error"));
  fieldOk(form.elements.active_from, byId("window-error"));
  fieldOk(form.elements.active_until, null);
  fieldOk(form.elements.document, byId("layer-error"));
  fieldOk(form.elements.reason, null);
}

/** The JSON text as an object, or a message saying where it stops being JSON. */
function parseDocument(text) {
  if (!text.trim()) return { error: "Enter the layer's JSON, or upload a file." };
  try {
    const document = JSON.parse(text);
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      return { error: "A layer is a JSON object ({ … }), not " + (Array.isArray(document) ? "an array" : JSON.stringify(document)) + "." };
    }
    return { document };
  } catch (e) {
    return { error: "Not valid JSON: " + e.message + "." };
  }
}

async function saveLayer(event) {
  event.preventDefault();
  const form = event.target;
  const status = byId("layer-status");
  clearEditorErrors();
  say(status, "", "");
  const kind = form.elements.kind.value;
  let value = form.elements.value.value.trim();
  if (kind === "country") value = value.toUpperCase();
  if (kind !== "global" && !value) {
    return fieldError(form.elements.value, byId("scope-error"), "Enter the " + SCOPE_VALUES[kind].label.toLowerCase() + " this layer is for.");
  }
  const scope = kind === "global" ? "global" : kind + ":" + value;
  const body = {};
  if (kind === "promo") {
    body.active_from = instantOf(form.elements.active_from.value);
    body.active_until = instantOf(form.elements.active_until.value);
    if (!body.active_from) return fieldError(form.elements.active_from, byId("window-error"), "A promo needs the time its window opens.");
    if (!body.active_until) return fieldError(form.elements.active_until, byId("window-error"), "A promo needs the time its window closes.");
  }
  const parsed = parseDocument(form.elements.document.value);
  if (parsed.error) return fieldError(form.elements.document, byId("layer-error"), parsed.error);
  body.document = parsed.document;
  const reason = reasonOf(form.elements.reason, status);
  if (reason === null) return;
  say(status, "Saving " + scope + "…", "busy");
  const response = await OutpostSession.send("PUT", variantPath() + "/layers/" + encodeURIComponent(scope), body, reason);
  if (!response.ok) {
    const problem = await problemOf(response);
    const text = "Refused by the relay: " + problem;
    say(status, "Not saved: see the message at the field.", "error");
    // the relay names what it refuses: the scope, the promo window, or (else) the document itself
    if (/^layer scope/.test(problem)) return fieldError(form.elements.value, byId("scope-error"), text);
    if (/active_(from|until)|only a promo layer/.test(problem)) return fieldError(form.elements.active_from, byId("window-error"), text);
    return fieldError(form.elements.document, byId("layer-error"), text);
  }
  const saved = await response.json();
  form.elements.reason.value = "";
  say(status, "Saved layer " + saved.scope + " as revision " + saved.revision + ". Simulate for a store to see the merged menu.", "ok");
  showAuditRecord(byId("layer-audit"), "Layer " + saved.scope + " saved",
    await latestAudit("menu.layer.saved", "variant:" + variant.id + "/" + saved.scope).catch(() => null));
  await reloadVariant();
}

function loadFile() {
  const input = byId("layer-file");
  const file = input.files[0];
  if (!file) return;
  file.text().then((text) => {
    const form = byId("layer-form");
    form.elements.document.value = text;
    clearEditorErrors();
    const parsed = parseDocument(text);
    if (parsed.error) fieldError(form.elements.document, byId("layer-error"), file.name + ": " + parsed.error);
    else say(byId("layer-status"), "Loaded " + file.name + " (" + text.length.toLocaleString() + " characters); check it and save.", "ok");
  });
}

// ---- simulate and diff ----

function storeOf(siteId) {
  return stores.find((s) => s.site_id === siteId);
}

function atChanged() {
  const store = storeOf(byId("sim-store").value);
  const at = instantOf(byId("sim-at").value);
  byId("sim-at-store").textContent = store && at ? "That is " + formatTimeIn(at, store.zone) + " at " + store.site_id + "." : "";
}

async function simulate(event) {
  event.preventDefault();
  const status = byId("sim-status");
  const problems = byId("sim-problems");
  const result = byId("sim-result");
  const site = byId("sim-store").value;
  if (!site) return say(status, "Add a store to the directory first (Stores page).", "error");
  problems.replaceChildren();
  result.replaceChildren();
  const params = new URLSearchParams({ store: site });
  const at = instantOf(byId("sim-at").value);
  if (at) params.set("at", at);
  say(status, "Simulating for " + site + "…", "busy");
  const response = await OutpostSession.send("POST", variantPath() + "/simulate?" + params);
  if (response.status === 422) {
    const body = await response.json();
    say(status, body.error, "error");
    problems.append(el("h3", { text: body.problems.length + (body.problems.length === 1 ? " problem" : " problems") + ", each at its path" }),
      problemList(body.problems));
    return;
  }
  if (!response.ok) return say(status, "Cannot simulate: " + await problemOf(response), "error");
  const sim = await response.json();
  const store = storeOf(site);
  const locales = Object.keys(sim.menus);
  say(status, site + " at " + formatTime(sim.at) + (store ? " (" + formatTimeIn(sim.at, store.zone) + ")" : "") + ": "
    + locales.length + (locales.length === 1 ? " locale" : " locales") + " (" + locales.join(", ") + ").", "ok");
  result.append(promosOpen(sim, store));
  const published = latestPublished();
  for (const locale of locales) {
    const section = el("section", { class: "menu-locale", "data-locale": locale, "aria-labelledby": "menu-" + locale },
      el("h3", { id: "menu-" + locale, text: "Menu in " + locale }));
    section.append(menuTables(sim.menus[locale], locale));
    const diff = el("div", { class: "diff", "data-locale": locale, "aria-live": "polite" }, el("p", { class: "hint", text: "Comparing…" }));
    section.append(diff);
    result.append(section);
    renderDiff(diff, sim, locale, published).catch((e) => diff.replaceChildren(el("p", { class: "error", text: "Cannot compare: " + e.message })));
  }
}

function promosOpen(sim, store) {
  if (!sim.promos.length) return el("p", { class: "hint", text: "No promo is open at that moment." });
  const list = el("ul", { class: "promos" });
  for (const scope of sim.promos) {
    const layer = variant.layers.find((l) => l.scope === scope);
    list.append(el("li", {}, el("code", { text: scope }), layer ? ": open " + formatTime(layer.active_from) + " until "
      + formatTime(layer.active_until) + (store ? "; at the store " + formatTimeIn(layer.active_from, store.zone) + " until "
        + formatTimeIn(layer.active_until, store.zone) : "") : ""));
  }
  return el("div", { class: "promos-open" }, el("p", { text: "Promos open then:" }), list);
}

/** A resolved menu, by category in their sort order: each item's price, allergens, calories and dayparts. */
function menuTables(menu, locale) {
  const box = el("div");
  const categories = Object.entries(menu.categories).sort(([a, x], [b, y]) => x.sort - y.sort || a.localeCompare(b));
  for (const [categoryId, category] of categories) {
    const items = Object.entries(menu.items).filter(([, item]) => item.category === categoryId);
    if (!items.length) continue;
    const caption = el("caption", { text: category.name + " (" + items.length + (items.length === 1 ? " item)" : " items)") });
    const rows = el("tbody");
    for (const [itemId, item] of items.sort(([, a], [, b]) => a.name.localeCompare(b.name, locale))) {
      rows.append(el("tr", { "data-item": itemId },
        el("th", { scope: "row" }, item.name, item.description ? el("span", { class: "hint block", text: item.description }) : null),
        el("td", { class: "number price", text: formatPrice(item.price, locale) }),
        el("td", { text: allergenText(item.allergens) }),
        el("td", { class: "number", text: Number(item.calories).toLocaleString(locale) + " kcal" }),
        el("td", { text: item.dayparts ? item.dayparts.map((d) => daypart(menu, d)).join(", ") : "all day" })));
    }
    box.append(el("div", { class: "scroll" }, el("table", { class: "menu", "data-category": categoryId }, caption,
      el("thead", {}, el("tr", {}, ...["Item", "Price", "Allergens", "Energy", "Served"].map((h) => el("th", { scope: "col", text: h })))),
      rows)));
  }
  return box;
}

function daypart(menu, id) {
  const d = menu.dayparts && menu.dayparts[id];
  return d ? id + " " + d.from + "–" + d.until : id;
}

function latestPublished() {
  return variant.versions.filter((v) => v.state === "PUBLISHED").reduce((a, b) => (!a || b.number > a.number ? b : a), null);
}

async function publishedVersion(n) {
  const key = variant.id + "/" + n;
  if (!versions.has(key)) versions.set(key, await getJson(variantPath() + "/versions/" + n));
  return versions.get(key);
}

/** The blob the published version gives `site` in `locale` at instant `at`, or null. */
async function shownAt(version, site, locale, at) {
  const t = Date.parse(at);
  const row = version.resolved.find((r) => r.site_id === site && r.locale === locale
    && (r.valid_from === null || Date.parse(r.valid_from) <= t) && (r.valid_until === null || t < Date.parse(r.valid_until)));
  if (!row) return null;
  const response = await fetch("/blobs/sha256/" + row.sha256);
  if (!response.ok) throw new Error("blob " + row.sha256 + ": HTTP " + response.status);
  return response.json();
}

async function renderDiff(box, sim, locale, published) {
  const title = el("h4", { text: "Against what " + sim.site_id + " shows now" });
  if (!published) {
    box.replaceChildren(title, el("p", { class: "hint", text: "Nothing of this variant is published yet: every item above would be new." }));
    return;
  }
  const before = await shownAt(await publishedVersion(published.number), sim.site_id, locale, sim.at);
  title.textContent = "Against v" + published.number + ", what " + sim.site_id + " shows in " + locale + " at that moment";
  if (!before) {
    box.replaceChildren(title, el("p", { class: "hint", text: "v" + published.number + " has no " + locale + " menu for this store: every item above would be new." }));
    return;
  }
  const after = sim.menus[locale];
  const name = (menu, id) => menu.items[id].name + " (" + id + ")";
  const added = Object.keys(after.items).filter((id) => !(id in before.items)).map((id) => name(after, id));
  const removed = Object.keys(before.items).filter((id) => !(id in after.items)).map((id) => name(before, id));
  const prices = [];
  const allergens = [];
  for (const id of Object.keys(after.items).filter((i) => i in before.items)) {
    const [was, now] = [before.items[id], after.items[id]];
    if (was.price.amount_minor !== now.price.amount_minor || was.price.currency !== now.price.currency) {
      prices.push(name(after, id) + ": " + formatPrice(was.price, locale) + " → " + formatPrice(now.price, locale));
    }
    if (allergenText(was.allergens) !== allergenText(now.allergens)) {
      allergens.push(name(after, id) + ": " + allergenText(was.allergens) + " → " + allergenText(now.allergens));
    }
  }
  const groups = [["added", "Added", added], ["removed", "Removed", removed], ["price", "Price changed", prices],
    ["allergens", "Allergens changed", allergens]].filter(([, , list]) => list.length);
  if (!groups.length) {
    box.replaceChildren(title, el("p", { class: "same", text: "No change: no item added or removed, no price or allergen changed." }));
    return;
  }
  const dl = el("dl", { class: "changes" });
  for (const [kind, label, list] of groups) {
    dl.append(el("dt", { class: kind, text: label + " (" + list.length + ")" }),
      el("dd", { "data-change": kind }, el("ul", {}, ...list.map((line) => el("li", { text: line })))));
  }
  box.replaceChildren(title, dl);
}

// ---- publish ----

async function publish(event) {
  event.preventDefault();
  const form = event.target;
  const status = byId("publish-status");
  const outcome = byId("publish-outcome");
  const reason = reasonOf(form.elements.reason, status);
  if (reason === null) return;
  outcome.replaceChildren();
  byId("publish-audit").replaceChildren();
  say(status, "Publishing " + variant.id + " for every store…", "busy");
  const response = await OutpostSession.send("POST", variantPath() + "/publish", {}, reason);
  let record = null;
  if (response.status === 422) {
    const body = await response.json();
    say(status, "Refused: " + body.error, "error");
    outcome.append(el("div", { class: "result", "data-kind": "error", "data-state": "REFUSED" },
      el("p", { text: "Refused: nothing was published. Fix these in the layers, then simulate and publish again." })),
    problemList(body.problems));
    record = ["Publish refused", await latestAudit("menu.publish.refused", "variant:" + variant.id).catch(() => null)];
  } else if (!response.ok) {
    say(status, "Refused: " + await problemOf(response), "error");
    return;
  } else {
    const version = await response.json();
    form.elements.reason.value = "";
    const words = {
      PUBLISHED: "Published as v" + version.number + ": every store's menu is ready for a plan.",
      HELD: "v" + version.number + " is held: a price is outside its sibling baseline. An approver must release it (Approvals page).",
      AWAITING_SECOND: "v" + version.number + " awaits a second person: a high-risk change. An approver other than you must release it (Approvals page).",
    }[version.state];
    say(status, words, "ok");
    outcome.append(el("div", { class: "result", "data-kind": version.state === "PUBLISHED" ? "ok" : "", "data-state": version.state },
      el("p", {}, el("strong", { text: version.state }), " — " + STATE_WORDS[version.state] + "."),
      version.state === "PUBLISHED" ? null : el("p", {}, el("a", { href: "/approvals.html", text: "Open Approvals" }))),
    gateFindings(version));
    record = ["v" + version.number + " " + STATE_WORDS[version.state],
      await latestAudit(PUBLISH_ACTIONS[version.state], "variant:" + variant.id + "/v" + version.number).catch(() => null)];
  }
  showAuditRecord(byId("publish-audit"), ...record);
  await reloadVariant();
}

function renderVersions() {
  const rows = byId("versions");
  rows.replaceChildren();
  for (const v of variant.versions) {
    const waiting = v.state === "HELD" || v.state === "AWAITING_SECOND";
    rows.append(el("tr", { "data-version": String(v.number) }, el("th", { scope: "row", text: "v" + v.number }),
      el("td", {}, el("span", { class: "state", "data-state": v.state, text: v.state }),
        waiting ? el("a", { href: "/approvals.html", class: "block", text: "waiting: Approvals" }) : null),
      el("td", { text: v.published_by }), el("td", { text: formatTime(v.published_at) }),
      el("td", { text: v.decided_by || "—" }), el("td", { text: formatTime(v.decided_at) })));
  }
  if (!variant.versions.length) rows.append(el("tr", {}, el("td", { colspan: "6", text: "Not published yet." })));
}

// ---- start ----

function lockForNonPublishers() {
  if (publisher()) return;
  for (const [form, why] of [["create-variant", "create-why"], ["layer-form", "editor-why"], ["publish-form", "publish-why"]]) {
    for (const control of byId(form).elements) control.disabled = true;
    byId(why).textContent = notPublisher();
  }
}

async function loadStores() {
  const select = byId("sim-store");
  try {
    stores = (await getJson("/v1/stores")).stores;
  } catch (e) {
    say(byId("sim-status"), "Cannot list stores: " + e.message, "error");
    return;
  }
  select.replaceChildren(...stores.map((s) => el("option", { value: s.site_id,
    text: s.site_id + " — " + s.region + " / " + s.country + ", " + s.zone })));
  if (!stores.length) say(byId("sim-status"), "The store directory is empty: an admin adds stores on the Stores page.", "");
}

startPage("menus").then(async (who) => {
  if (!who) return;
  me = who;
  for (const node of document.querySelectorAll(".zone-name")) node.textContent = zone;
  lockForNonPublishers();
  byId("create-variant").addEventListener("submit", (e) => createVariant(e).catch((x) => say(byId("create-status"), "Failed: " + x.message, "error")));
  byId("layer-form").addEventListener("submit", (e) => saveLayer(e).catch((x) => say(byId("layer-status"), "Failed: " + x.message, "error")));
  byId("layer-clear").addEventListener("click", () => {
    byId("layer-form").reset();
    clearEditorErrors();
    scopeChanged();
  });
  byId("scope-kind").addEventListener("change", scopeChanged);
  for (const id of ["active-from", "active-until"]) byId(id).addEventListener("input", windowChanged);
  byId("layer-file").addEventListener("change", loadFile);
  byId("simulate-form").addEventListener("submit", (e) => simulate(e).catch((x) => say(byId("sim-status"), "Failed: " + x.message, "error")));
  byId("sim-store").addEventListener("change", atChanged);
  byId("sim-at").addEventListener("input", atChanged);
  byId("publish-form").addEventListener("submit", (e) => publish(e).catch((x) => say(byId("publish-status"), "Failed: " + x.message, "error")));
  await loadStores();
  scopeChanged();
  const list = await loadVariants();
  const wanted = new URLSearchParams(location.search).get("variant");
  if (wanted && list.some((v) => v.id === wanted)) await openVariant(wanted);
  else if (list.length === 1) await openVariant(list[0].id);
});
