"use strict";
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function render(fleet) {
  const body = document.getElementById("sites");
  body.replaceChildren();
  for (const site of fleet.sites) {
    const tr = document.createElement("tr");
    tr.append(cell(site.site_id));
    tr.append(cell(new Date(site.last_heartbeat).toLocaleString() + " (" + zone + ")"));
    tr.append(cell(site.age_seconds + " s" + (site.stale ? " — stale" : ""), site.stale ? "stale" : ""));
    tr.append(cell(site.appliance_version));
    const devices = cell("");
    for (const d of site.devices) {
      const span = document.createElement("span");
      span.className = "device" + (d.state === "OFFLINE" ? " offline" : "");
      span.textContent = d.device_id + " · " + d.role + " · " + d.state;
      devices.append(span);
    }
    tr.append(devices);
    body.append(tr);
  }
  const deviceCount = fleet.sites.reduce((n, s) => n + s.devices.length, 0);
  document.getElementById("summary").textContent =
    fleet.sites.length + " sites, " + deviceCount + " devices; updated " + new Date(fleet.server_time).toLocaleTimeString();
}

async function refresh() {
  try {
    const response = await OutpostSession.get("/v1/fleet/freshness");
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
  } catch (e) {
    document.getElementById("summary").textContent = "Cannot reach the relay: " + e.message;
  }
}

OutpostSession.require().then((me) => {
  document.getElementById("user").textContent = me.username + " (" + me.roles.join(", ") + ")";
  document.getElementById("logout").addEventListener("click", () => OutpostSession.logout());
  refresh();
  setInterval(refresh, 2000);
}).catch((e) => {
  document.getElementById("summary").textContent = "Cannot reach the relay: " + e.message;
});
