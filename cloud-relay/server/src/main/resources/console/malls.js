// Malls: live occupancy over server-sent events (figures, a chart with its text alternative, the blocks sites hold,
// each gate's last minute), mode changes with confirmation, the recount FIRE requires, and capacity with its
// history. Safety officers change things; everyone else sees why the buttons are off. Every change asks for a reason
// and shows its audit record.
import { askReason, el, formatTime, getJson, latestAudit, problemOf, reasonOf, say, showAuditRecord } from "./ui.js";
import { hasRole, startPage } from "./shell.js";

const MODES = {
  NORMAL: { description: "Admissions resume: sites may lease places again.", confirm: "Set NORMAL" },
  EVACUATE: { description: "No entries: every place leased to a site is taken back at its next renew.", confirm: "Set EVACUATE" },
  LOCKDOWN: { description: "No entries, exits stay open: every place leased to a site is taken back at its next renew.", confirm: "Set LOCKDOWN" },
  FIRE: {
    description: "Everything opens and passages are not counted: the count becomes UNKNOWN. Admissions stay suspended"
      + " until someone recounts the people inside, even after the alarm ends; NORMAL is refused until then.",
    confirm: "Set FIRE",
  },
};
const CHART_POINTS = 600;
const SOURCES = [["central", "central"], ["gate_lease", "gate lease"], ["site_block", "site block"], ["fallback", "fallback"]];

let me = null;
let mallId = null;
let source = null;
let view = null;
let points = [];

const people = (n) => Number(n).toLocaleString() + (Number(n) === 1 ? " person" : " people");
const places = (n) => Number(n).toLocaleString() + (Number(n) === 1 ? " place" : " places");
const mallPath = () => "/v1/malls/" + encodeURIComponent(mallId);
const officer = () => hasRole(me, "safety-officer");
const notOfficer = () => "Changes need the safety-officer role; you have " + me.roles.join(", ") + ".";

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function setLive(kind, words) {
  const node = document.getElementById("live-state");
  node.dataset.kind = kind;
  node.textContent = words;
}

function connect() {
  if (source) source.close();
  setLive("busy", "connecting…");
  source = new EventSource(mallPath() + "/occupancy/stream");
  source.addEventListener("open", () => setLive("ok", "● live"));
  source.addEventListener("occupancy", (event) => {
    setLive("ok", "● live");
    render(JSON.parse(event.data));
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) {
      setLive("error", "disconnected: reload the page");
    } else {
      setLive("error", "reconnecting…");
    }
  });
}

function render(v) {
  const first = view === null;
  const stateChanged = first || view.state !== v.state || view.mode !== v.mode;
  const capacityChanged = first || view.capacity !== v.capacity || view.pending_capacity.length !== v.pending_capacity.length;
  view = v;
  text("count", v.state === "KNOWN" ? people(v.count) : "UNKNOWN");
  text("capacity", people(v.capacity));
  text("free", places(v.free));
  text("leased", places(v.leased_out));
  text("mode", v.mode);
  text("state", v.state === "KNOWN" ? "KNOWN" : "UNKNOWN — recount required");
  text("updated", formatTime(v.updated_at));
  document.getElementById("mode").dataset.mode = v.mode;
  document.getElementById("state").dataset.state = v.state;
  const unknown = document.getElementById("unknown");
  unknown.hidden = v.state === "KNOWN";
  unknown.replaceChildren();
  if (v.state !== "KNOWN") {
    unknown.append(el("strong", { text: "Occupancy UNKNOWN — recount required." }),
      " " + v.state_reason.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, (iso) => formatTime(iso))
        + ". The last known count was " + people(v.count) + "; admissions stay suspended until a recount. ",
      el("a", { href: "#recount-count", text: "Recount now" }));
  }
  const over = document.getElementById("over-bound");
  over.hidden = v.over_admission_bound <= 0;
  over.textContent = v.over_admission_bound > 0
    ? "Capacity was cut below what is inside and leased out: up to " + people(v.over_admission_bound)
      + " above capacity may still be admitted until the sites hand back their places at their next renew."
    : "";
  const blocks = document.getElementById("blocks");
  blocks.replaceChildren();
  for (const b of v.blocks) {
    blocks.append(el("tr", { "data-site": b.site_id }, el("th", { scope: "row", text: b.site_id }),
      el("td", { class: "number", text: places(b.tokens) }), el("td", { class: "number", text: people(b.used) }),
      el("td", { class: "number", text: people(b.exited) }), el("td", { text: formatTime(b.expires_at) }),
      el("td", { class: b.behind_recount ? "warn" : "", text: (b.reported_at ? formatTime(b.reported_at) : "never")
        + (b.behind_recount ? " — not since the last recount: until it reports, people it let out and back in are"
          + " not in the count" : "") })));
  }
  if (!v.blocks.length) {
    blocks.append(el("tr", {}, el("td", { colspan: "6", text: "No site holds a block now (sites: " + (v.sites.join(", ") || "none") + ")." })));
  }
  renderGates(v.gates);
  points.push({ t: Date.now(), count: v.count, capacity: v.capacity, known: v.state === "KNOWN" });
  if (points.length > CHART_POINTS) points = points.slice(-CHART_POINTS);
  drawChart();
  if (stateChanged) renderActions();
  renderPending();
  if (capacityChanged) loadHistory();
}

function renderGates(list) {
  const rows = document.getElementById("gates");
  rows.replaceChildren();
  for (const g of list) {
    const sources = SOURCES.filter(([key]) => g.sources[key] > 0).map(([key, label]) => label + " " + g.sources[key]);
    rows.append(el("tr", { "data-gate": g.site_id + "/" + g.gate_id }, el("td", { text: g.site_id }),
      el("th", { scope: "row", text: g.gate_id }), el("td", { class: "number", text: String(g.admits_per_minute) }),
      el("td", { class: "number", text: String(g.rejects_per_minute) }), el("td", { class: "number", text: String(g.exits_per_minute) }),
      el("td", { text: sources.join(", ") || "—" }), el("td", { text: formatTime(g.last_event_at) })));
  }
  if (!list.length) {
    rows.append(el("tr", {}, el("td", { colspan: "7", text: "No gate has sent an event through its site yet." })));
  }
}

function drawChart() {
  const svg = document.getElementById("chart");
  const ns = "http://www.w3.org/2000/svg";
  const W = 600, H = 200, PAD = 8;
  if (!points.length) return;
  // the last 10 minutes at most; the first minute fills from the left as it passes
  const now = Date.now();
  const start = Math.max(points[0].t, now - 10 * 60000);
  const end = Math.max(now, start + 60000);
  const top = Math.max(1, ...points.map((p) => Math.max(p.count, p.capacity)));
  const x = (t) => PAD + (W - 2 * PAD) * (Math.max(t, start) - start) / (end - start);
  const y = (n) => H - PAD - (H - 2 * PAD) * n / top;
  const shape = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  let line = "";
  let cap = "";
  points.forEach((p, i) => {
    const next = i + 1 < points.length ? points[i + 1].t : now;
    line += (i ? " L" : "M") + x(p.t).toFixed(1) + "," + y(p.count).toFixed(1) + " L" + x(next).toFixed(1) + "," + y(p.count).toFixed(1);
    cap += (i ? " L" : "M") + x(p.t).toFixed(1) + "," + y(p.capacity).toFixed(1) + " L" + x(next).toFixed(1) + "," + y(p.capacity).toFixed(1);
  });
  svg.replaceChildren(
    shape("rect", { x: 0, y: 0, width: W, height: H, class: "chart-bg" }),
    shape("line", { x1: PAD, x2: W - PAD, y1: y(0), y2: y(0), class: "chart-axis", "vector-effect": "non-scaling-stroke" }),
    shape("path", { d: cap, class: "chart-capacity", "vector-effect": "non-scaling-stroke" }),
    shape("path", { d: line, class: "chart-count", "vector-effect": "non-scaling-stroke" }));
  const counts = points.filter((p) => p.t >= start).map((p) => p.count);
  if (!counts.length) counts.push(points[points.length - 1].count);
  const last = points[points.length - 1];
  const minutes = Math.max(1, Math.round((now - start) / 60000));
  document.getElementById("chart-text").textContent = "Solid line: people inside; dashed: capacity. Over the last "
    + minutes + (minutes === 1 ? " minute" : " minutes") + " (since you opened this page): now "
    + (last.known ? people(last.count) : "UNKNOWN") + " of " + people(last.capacity) + ", lowest " + people(Math.min(...counts))
    + ", highest " + people(Math.max(...counts)) + ".";
}

function renderActions() {
  const why = document.getElementById("mode-why");
  for (const button of document.querySelectorAll("button[data-mode]")) {
    const mode = button.dataset.mode;
    button.setAttribute("aria-pressed", String(view.mode === mode));
    let off = null;
    if (!officer()) off = notOfficer();
    else if (mode === "NORMAL" && view.state !== "KNOWN") off = "NORMAL needs a recount first: the count is UNKNOWN.";
    button.disabled = off !== null;
    button.title = off || "";
    if (off) button.setAttribute("aria-describedby", "mode-why");
    else button.removeAttribute("aria-describedby");
  }
  why.textContent = !officer() ? notOfficer()
    : view.state !== "KNOWN" ? "NORMAL needs a recount first: the count is UNKNOWN." : "";
  // while the count is UNKNOWN the recount form sits right under the alarm, where nobody can miss it
  const recount = document.getElementById("recount-panel");
  recount.classList.toggle("urgent", view.state !== "KNOWN");
  const home = view.state !== "KNOWN" ? document.getElementById("unknown") : document.getElementById("mode-audit");
  if (recount.previousElementSibling !== home) home.after(recount);
  document.getElementById("recount-title").textContent = view.state !== "KNOWN" ? "Recount required" : "Recount";
  for (const form of [document.getElementById("recount"), document.getElementById("capacity-form")]) {
    for (const control of form.elements) control.disabled = !officer();
  }
  document.getElementById("capacity-why").textContent = officer() ? "" : notOfficer();
}

function renderPending() {
  const pending = document.getElementById("pending");
  pending.replaceChildren();
  for (const change of view.pending_capacity) {
    const mine = change.requested_by === "user:" + me.username;
    let action;
    if (officer() && !mine) {
      action = el("button", { type: "button", class: "primary", id: "approve-" + change.seq, text: "Approve…",
        "aria-label": "Approve capacity change " + change.seq + " to " + people(change.capacity),
        onclick: () => approve(change) });
    } else {
      action = el("span", { class: "hint", text: mine ? "You asked for it: another safety officer must approve."
        : "Only another safety officer can approve it." });
    }
    pending.append(el("div", { class: "pending", "data-seq": String(change.seq) },
      el("p", {}, el("strong", { text: "Awaiting a second safety officer: " }),
        "capacity " + people(change.previous ?? view.capacity) + " → " + people(change.capacity) + ", asked by "
        + change.requested_by + " at " + formatTime(change.requested_at) + " (" + change.reason + ")."), action));
  }
}

async function loadHistory() {
  const rows = document.getElementById("history");
  try {
    const history = await getJson(mallPath() + "/capacity");
    rows.replaceChildren();
    for (const c of history.slice().reverse()) {
      rows.append(el("tr", { "data-seq": String(c.seq) }, el("td", { text: String(c.seq) }), el("td", { text: c.status }),
        el("td", { text: formatTime(c.effective_from) }),
        el("td", { class: "number", text: (c.previous === null ? "" : people(c.previous) + " → ") + people(c.capacity)
          + (c.over_admission_bound > 0 ? " (over-admission bound " + people(c.over_admission_bound) + ")" : "") }),
        el("td", { text: c.requested_by }), el("td", { text: c.approved_by || "—" }), el("td", { text: c.reason })));
    }
  } catch (e) {
    rows.replaceChildren(el("tr", {}, el("td", { colspan: "7", class: "error", text: "Cannot read the history: " + e.message })));
  }
}

async function post(path, body, reason) {
  const response = await OutpostSession.send("POST", mallPath() + path, body, reason);
  if (!response.ok) throw new Error("Refused: " + await problemOf(response));
  return { status: response.status, body: await response.json() };
}

async function setMode(mode) {
  const done = await askReason({
    title: "Set " + mallId + " to " + mode, description: MODES[mode].description, confirm: MODES[mode].confirm,
    act: (values, reason) => post("/mode", { mode }, reason),
  });
  if (!done) return;
  showAuditRecord(document.getElementById("mode-audit"), "Mode set to " + mode,
    await latestAudit("occupancy.mode.changed", "mall:" + mallId).catch(() => null));
  render(done.body);
  if (mode === "FIRE") document.getElementById("recount-count").focus();
}

async function recount(event) {
  event.preventDefault();
  const form = event.target;
  const status = document.getElementById("recount-status");
  const raw = form.elements.count.value.trim();
  if (!/^\d+$/.test(raw)) {
    form.elements.count.setAttribute("aria-invalid", "true");
    say(status, "Enter the number of people inside: a whole number, 0 or more.", "error");
    return form.elements.count.focus();
  }
  form.elements.count.removeAttribute("aria-invalid");
  const reason = reasonOf(form.elements.reason, status);
  if (reason === null) return;
  say(status, "Recording…", "busy");
  try {
    const done = await post("/occupancy/recount",
      form.elements.force.checked ? { count: Number(raw), force: true } : { count: Number(raw) }, reason);
    say(status, "Count set to " + people(done.body.count) + "; it is KNOWN again.", "ok");
    form.reset();
    showAuditRecord(document.getElementById("recount-audit"), "Recounted",
      await latestAudit("occupancy.recounted", "mall:" + mallId).catch(() => null));
    render(done.body);
  } catch (e) {
    say(status, e.message, "error");
  }
}

async function changeCapacity(event) {
  event.preventDefault();
  const form = event.target;
  const status = document.getElementById("capacity-status");
  const raw = form.elements.capacity.value.trim();
  if (!/^\d+$/.test(raw)) {
    form.elements.capacity.setAttribute("aria-invalid", "true");
    say(status, "Enter the new capacity: a whole number of people, 0 or more.", "error");
    return form.elements.capacity.focus();
  }
  form.elements.capacity.removeAttribute("aria-invalid");
  const reason = reasonOf(form.elements.reason, status);
  if (reason === null) return;
  say(status, "Changing…", "busy");
  try {
    const done = await post("/capacity", { capacity: Number(raw) }, reason);
    const change = done.body;
    const pending = change.status === "PENDING";
    say(status, pending
      ? "Capacity " + people(change.capacity) + " is awaiting a second safety officer (a rise of more than 20%)."
      : "Capacity is now " + people(change.capacity) + " (was " + people(change.previous) + ")."
        + (change.over_admission_bound > 0 ? " Over-admission bound: " + people(change.over_admission_bound) + "." : ""), "ok");
    form.reset();
    showAuditRecord(document.getElementById("capacity-audit"), pending ? "Capacity rise requested" : "Capacity changed",
      await latestAudit(pending ? "occupancy.capacity.requested" : "occupancy.capacity.changed", "mall:" + mallId).catch(() => null));
    loadHistory();
  } catch (e) {
    say(status, e.message, "error");
  }
}

async function approve(change) {
  const done = await askReason({
    title: "Approve capacity " + people(change.capacity),
    description: change.requested_by + " asked to raise " + mallId + " from " + people(change.previous ?? view.capacity) + " to "
      + people(change.capacity) + ": " + change.reason,
    confirm: "Approve",
    act: (values, reason) => post("/capacity/" + change.seq + "/approve", {}, reason),
  });
  if (!done) return;
  say(document.getElementById("capacity-status"), "Capacity is now " + people(done.body.capacity) + ".", "ok");
  showAuditRecord(document.getElementById("capacity-audit"), "Capacity rise approved",
    await latestAudit("occupancy.capacity.changed", "mall:" + mallId).catch(() => null));
  loadHistory();
}

function open(id) {
  mallId = id;
  view = null;
  points = [];
  document.getElementById("mall-page").hidden = false;
  history.replaceState(null, "", "?mall=" + encodeURIComponent(id));
  for (const node of ["mode-audit", "recount-audit", "capacity-audit"]) document.getElementById(node).replaceChildren();
  connect();
}

setInterval(drawChart, 1000); // the line runs on to "now" between updates

startPage("malls").then(async (who) => {
  if (!who) return;
  me = who;
  const status = document.getElementById("malls-status");
  const select = document.getElementById("mall");
  for (const button of document.querySelectorAll("button[data-mode]")) {
    button.addEventListener("click", () => setMode(button.dataset.mode));
  }
  document.getElementById("recount").addEventListener("submit", recount);
  document.getElementById("capacity-form").addEventListener("submit", changeCapacity);
  select.addEventListener("change", () => open(select.value));
  try {
    const malls = (await getJson("/v1/malls")).malls;
    if (!malls.length) {
      say(status, "No malls are registered yet; an admin registers one (POST /v1/malls).", "");
      return;
    }
    for (const m of malls) select.append(el("option", { value: m.id, text: m.id + " (" + m.sites.length + " sites)" }));
    const wanted = new URLSearchParams(location.search).get("mall");
    select.value = malls.some((m) => m.id === wanted) ? wanted : malls[0].id;
    say(status, "", "");
    open(select.value);
  } catch (e) {
    say(status, "Cannot list malls: " + e.message, "error");
  }
});
