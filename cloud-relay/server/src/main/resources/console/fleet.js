// Fleet: every site's last heartbeat (age on the relay's clock), a freshness heat map, devices, and for a store in the
// directory whether its menus are where its plans put them (behind, half-flipped); refreshed every 5 s.
import { el, formatBytes, formatSeconds, formatTime, getJson, say } from "./ui.js";
import { startPage } from "./shell.js";

const REFRESH_MS = 5000;
const FRESH_SECONDS = 30;

function freshness(site) {
  if (site.stale) return { kind: "stale", label: "stale" };
  return site.age_seconds <= FRESH_SECONDS ? { kind: "fresh", label: "fresh" } : { kind: "ageing", label: "ageing" };
}

/** A store's menus against its plans, from GET /v1/freshness, in words: what is behind, what is half-flipped. */
function menuWords(store) {
  if (!store) return { text: "not in the store directory", trouble: false };
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

function render(fleet, menus) {
  const heatmap = document.getElementById("heatmap");
  const rows = document.getElementById("sites");
  heatmap.replaceChildren();
  rows.replaceChildren();
  for (const site of fleet.sites) {
    const f = freshness(site);
    const m = menuWords(menus.get(site.site_id));
    heatmap.append(el("li", { class: "tile " + f.kind, "data-site": site.site_id },
      el("span", { class: "tile-site", text: site.site_id }),
      el("span", { class: "tile-state", text: f.label + " · " + formatSeconds(site.age_seconds) })));
    const devices = el("ul", { class: "devices" });
    for (const d of site.devices) {
      const state = d.state.toLowerCase();
      devices.append(el("li", { class: "device " + (state === "offline" ? "offline" : "") },
        d.device_id + " (" + d.role + ") · v" + d.version + " · " + d.state));
    }
    rows.append(el("tr", { class: f.kind, "data-site": site.site_id },
      el("th", { scope: "row", text: site.site_id }),
      el("td", { text: formatTime(site.last_heartbeat) }),
      el("td", { class: "age " + f.kind, text: formatSeconds(site.age_seconds) + (site.stale ? " — stale" : "") }),
      el("td", { text: site.appliance_version }),
      el("td", { class: "number", text: formatBytes(site.cache_bytes) }),
      el("td", {}, site.devices.length ? devices : "none reported"),
      el("td", { text: site.anomalies.length ? site.anomalies.join(", ") : "none" }),
      el("td", { class: "menus" + (m.trouble ? " warn" : ""), text: m.text })));
  }
  if (!fleet.sites.length) {
    rows.append(el("tr", {}, el("td", { colspan: "8", text: "No site has sent a heartbeat yet." })));
  }
  const stale = fleet.sites.filter((s) => s.stale).length;
  const devices = fleet.sites.reduce((n, s) => n + s.devices.length, 0);
  const troubled = [...menus.values()].filter((s) => menuWords(s).trouble).length;
  say(document.getElementById("fleet-status"), fleet.sites.length + " sites (" + stale + " stale), " + devices
    + " devices; " + troubled + " stores with menus behind their plans or half-flipped; updated "
    + formatTime(fleet.server_time) + ", refreshes every " + REFRESH_MS / 1000 + " s.", stale || troubled ? "error" : "ok");
}

async function refresh() {
  try {
    const [fleet, menus] = await Promise.all([getJson("/v1/fleet/freshness"), getJson("/v1/freshness")]);
    render(fleet, new Map(menus.stores.map((s) => [s.site_id, s])));
  } catch (e) {
    say(document.getElementById("fleet-status"), "Cannot read the fleet: " + e.message, "error");
  }
}

startPage("fleet").then((me) => {
  if (!me) return;
  refresh();
  setInterval(refresh, REFRESH_MS);
});
