// Fleet: every site's last heartbeat (age on the relay's clock), devices, menu tier, and for a store in the directory
// whether its menus are where its plans put them (behind, half-flipped); a heat map of regions by freshness state whose
// cells filter the table; refreshed every 5 s.
import { el, formatBytes, formatSeconds, formatTime, formatTimeIn, getJson, say } from "./ui.js";
import { startPage } from "./shell.js";

const REFRESH_MS = 5000;
const FRESH_SECONDS = 30;
const NO_REGION = "not in the store directory";
// the heat map's columns, calmest first; a store counts in every column whose condition it meets
const STATES = [
  { id: "planned", label: "as planned", severity: "ok" },
  { id: "behind", label: "behind", severity: "warn" },
  { id: "half-flipped", label: "half-flipped", severity: "warn" },
  { id: "stale", label: "stale", severity: "warn" },
  { id: "expired", label: "expired", severity: "bad" },
  { id: "offline", label: "offline", severity: "bad" },
];
let filter = null; // { region, state } or null: every store
let last = null; // the latest reads, to re-render at once when the filter changes

function freshness(site) {
  if (site.stale) return { kind: "stale", label: "stale" };
  return site.age_seconds <= FRESH_SECONDS ? { kind: "fresh", label: "fresh" } : { kind: "ageing", label: "ageing" };
}

/** The heat map states a store is in: its menu tier, its menus against its plans, its heartbeat. */
function statesOf(site, store) {
  const states = new Set();
  const tier = store && store.tier ? store.tier.tier : null;
  if (tier === "STALE") states.add("stale");
  if (tier === "EXPIRED" || tier === "EXPIRED_OVERRIDDEN") states.add("expired");
  if (store ? store.offline : site.stale) states.add("offline");
  if (store && store.disagreeing.length) states.add("half-flipped");
  if (store && store.behind.length) states.add("behind");
  if (store && !states.size) states.add("planned");
  return states;
}

/** A store's menu tier in words, with its times in the viewer's zone and the store's. */
function tierWords(store) {
  if (!store || !store.tier) return { text: "not reported", kind: "" };
  const t = store.tier;
  const at = (iso) => formatTime(iso) + (store.zone ? "; at the store " + formatTimeIn(iso, store.zone) : "");
  switch (t.tier) {
    case "FRESH": return { text: "fresh since " + at(t.since), kind: "" };
    case "STALE": return { text: "stale since " + at(t.since) + " (banner shown, alarm raised)", kind: "warn" };
    case "EXPIRED_OVERRIDDEN":
      return { text: "expired since " + at(t.since) + "; manager override"
        + (t.override_until ? " until " + at(t.override_until) : ""), kind: "bad" };
    default: return { text: "expired since " + at(t.since) + " (fail-safe menu shown)", kind: "bad" };
  }
}

/** A store's menus against its plans, from GET /v1/freshness, in words: what is behind, what is half-flipped. */
function menuWords(store) {
  if (!store) return { text: NO_REGION, trouble: false };
  const words = [];
  if (store.behind.length) {
    words.push("behind: " + store.behind.map((slot) => {
      const planned = store.planned.find((p) => p.variant_id + "/" + p.locale === slot);
      return slot + (planned ? " should show " + planned.version_id : "");
    }).join("; "));
  }
  if (store.disagreeing.length) words.push("half-flipped: " + store.disagreeing.join(", ") + " on another version");
  if (store.autonomous_commits) words.push(store.autonomous_commits + " screen commit(s) on their own");
  if (words.length) return { text: words.join(" · "), trouble: true };
  return { text: store.planned.length ? "as planned: " + store.planned.map((p) => p.version_id).join(", ") : "nothing planned",
    trouble: false };
}

/** Every site the relay knows (heartbeats and directory), with its region and states, by region then id. */
function entriesOf(fleet, menus) {
  const sites = new Map(fleet.sites.map((s) => [s.site_id, s]));
  const ids = new Set([...sites.keys(), ...menus.keys()]);
  return [...ids].map((id) => {
    const site = sites.get(id) || null;
    const store = menus.get(id) || null;
    return { id, site, store, region: store ? store.region : NO_REGION, states: statesOf(site, store) };
  }).sort((a, b) => (a.region === NO_REGION) - (b.region === NO_REGION) || a.region.localeCompare(b.region)
    || a.id.localeCompare(b.id));
}

function renderHeatmap(entries) {
  const body = document.getElementById("heatmap-rows");
  // the cells are rebuilt on every refresh: keep keyboard focus on the cell it was on
  const focused = body.contains(document.activeElement) ? document.activeElement.dataset : null;
  body.replaceChildren();
  const regions = [...new Set(entries.map((e) => e.region))];
  for (const region of regions) {
    const mine = entries.filter((e) => e.region === region);
    const row = el("tr", { "data-region": region }, el("th", { scope: "row", text: region }));
    for (const state of STATES) {
      const n = mine.filter((e) => e.states.has(state.id)).length;
      const pressed = filter && filter.region === region && filter.state === state.id;
      row.append(el("td", { class: "heat " + (n ? state.severity : "none") },
        el("button", { type: "button", class: "heat-cell", "data-region": region, "data-state": state.id,
          "aria-pressed": pressed ? "true" : "false",
          "aria-label": region + ": " + n + (n === 1 ? " store " : " stores ") + state.label + "; show only these",
          text: n + " " + state.label,
          onclick: () => { filter = pressed ? null : { region, state: state.id }; rerender(); } })));
    }
    row.append(el("td", { class: "number", text: mine.length + (mine.length === 1 ? " store" : " stores") }));
    body.append(row);
  }
  if (focused) {
    const again = [...body.querySelectorAll("button.heat-cell")]
      .find((b) => b.dataset.region === focused.region && b.dataset.state === focused.state);
    if (again) again.focus();
  }
  if (!regions.length) {
    body.append(el("tr", {}, el("td", { colspan: String(STATES.length + 2), text: "No store yet." })));
  }
  const shown = document.getElementById("filter-status");
  const clear = document.getElementById("filter-clear");
  if (filter) {
    const label = STATES.find((s) => s.id === filter.state).label;
    shown.textContent = "Showing the stores of " + filter.region + " that are " + label + ".";
    clear.hidden = false;
  } else {
    shown.textContent = "Showing every store. Pick a cell of the heat map to show only its stores.";
    clear.hidden = true;
  }
}

function renderRows(entries) {
  const rows = document.getElementById("sites");
  rows.replaceChildren();
  const shown = filter ? entries.filter((e) => e.region === filter.region && e.states.has(filter.state)) : entries;
  for (const { id, site, store, region } of shown) {
    const f = site ? freshness(site) : { kind: "stale", label: "never" };
    const m = menuWords(store);
    const tier = tierWords(store);
    const devices = el("ul", { class: "devices" });
    for (const d of site ? site.devices : []) {
      const state = d.state.toLowerCase();
      devices.append(el("li", { class: "device " + (state === "offline" ? "offline" : "") },
        d.device_id + " (" + d.role + ") · v" + d.version + " · " + d.state));
    }
    rows.append(el("tr", { class: f.kind, "data-site": id },
      el("th", { scope: "row", text: id }),
      el("td", { text: region }),
      el("td", { text: site ? formatTime(site.last_heartbeat) : "never" }),
      el("td", { class: "age " + f.kind, text: site ? formatSeconds(site.age_seconds) + (site.stale ? " — stale" : "") : "—" }),
      el("td", { text: site ? site.appliance_version : "—" }),
      el("td", { class: "number", text: site ? formatBytes(site.cache_bytes) : "—" }),
      el("td", {}, site && site.devices.length ? devices : "none reported"),
      el("td", { text: site && site.anomalies.length ? site.anomalies.join(", ") : "none" }),
      el("td", { class: "tier" + (tier.kind ? " " + tier.kind : ""), text: tier.text }),
      el("td", { class: "menus" + (m.trouble ? " warn" : ""), text: m.text })));
  }
  if (!shown.length) {
    rows.append(el("tr", {}, el("td", { colspan: "10",
      text: filter ? "No store in this cell any more." : "No site has sent a heartbeat yet." })));
  }
}

function render(fleet, menus) {
  const entries = entriesOf(fleet, menus);
  renderHeatmap(entries);
  renderRows(entries);
  const stale = fleet.sites.filter((s) => s.stale).length;
  const devices = fleet.sites.reduce((n, s) => n + s.devices.length, 0);
  const troubled = [...menus.values()].filter((s) => menuWords(s).trouble).length;
  const expired = entries.filter((e) => e.states.has("expired")).length;
  say(document.getElementById("fleet-status"), fleet.sites.length + " sites (" + stale + " stale), " + devices
    + " devices; " + troubled + " stores with menus behind their plans or half-flipped; " + expired
    + " stores on an expired menu; updated " + formatTime(fleet.server_time) + ", refreshes every " + REFRESH_MS / 1000
    + " s.", stale || troubled || expired ? "error" : "ok");
}

function rerender() {
  if (last) render(last.fleet, last.menus);
}

async function refresh() {
  try {
    const [fleet, menus] = await Promise.all([getJson("/v1/fleet/freshness"), getJson("/v1/freshness")]);
    last = { fleet, menus: new Map(menus.stores.map((s) => [s.site_id, s])) };
    render(last.fleet, last.menus);
  } catch (e) {
    say(document.getElementById("fleet-status"), "Cannot read the fleet: " + e.message, "error");
  }
}

startPage("fleet").then((me) => {
  if (!me) return;
  document.getElementById("filter-clear").addEventListener("click", () => { filter = null; rerender(); });
  refresh();
  setInterval(refresh, REFRESH_MS);
});
