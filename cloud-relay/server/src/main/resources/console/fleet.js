// Fleet: every site's last heartbeat (age on the relay's clock), a freshness heat map, devices; refreshed every 5 s.
import { el, formatBytes, formatSeconds, formatTime, getJson, say } from "./ui.js";
import { startPage } from "./shell.js";

const REFRESH_MS = 5000;
const FRESH_SECONDS = 30;

function freshness(site) {
  if (site.stale) return { kind: "stale", label: "stale" };
  return site.age_seconds <= FRESH_SECONDS ? { kind: "fresh", label: "fresh" } : { kind: "ageing", label: "ageing" };
}

function render(fleet) {
  const heatmap = document.getElementById("heatmap");
  const rows = document.getElementById("sites");
  heatmap.replaceChildren();
  rows.replaceChildren();
  for (const site of fleet.sites) {
    const f = freshness(site);
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
      el("td", { text: site.anomalies.length ? site.anomalies.join(", ") : "none" })));
  }
  if (!fleet.sites.length) {
    rows.append(el("tr", {}, el("td", { colspan: "7", text: "No site has sent a heartbeat yet." })));
  }
  const stale = fleet.sites.filter((s) => s.stale).length;
  const devices = fleet.sites.reduce((n, s) => n + s.devices.length, 0);
  say(document.getElementById("fleet-status"), fleet.sites.length + " sites (" + stale + " stale), " + devices
    + " devices; updated " + formatTime(fleet.server_time) + ", refreshes every " + REFRESH_MS / 1000 + " s.", stale ? "error" : "ok");
}

async function refresh() {
  try {
    render(await getJson("/v1/fleet/freshness"));
  } catch (e) {
    say(document.getElementById("fleet-status"), "Cannot read the fleet: " + e.message, "error");
  }
}

startPage("fleet").then((me) => {
  if (!me) return;
  refresh();
  setInterval(refresh, REFRESH_MS);
});
