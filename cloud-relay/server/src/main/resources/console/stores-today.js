// The Stores page's "Today": each store's sales so far on its own business day (in its time zone), its outbox backlog
// and how long the oldest waiting event has waited, when the relay last heard from it, and whether it is offline;
// from GET /v1/stores/overview, refreshed every 5 s. Money in each currency's own units, times in the viewer's zone.
import { el, formatSeconds, formatTime, formatTimeIn, getJson, say } from "./ui.js";
import { formatPrice } from "./menu-parts.js";

const REFRESH_MS = 5000;
const money = (minor, currency) => formatPrice({ amount_minor: minor, currency }, undefined);

/** Per currency: "€12.34 net (5 sales)"; "no sales yet" when the day has none. */
function salesText(today) {
  const currencies = Object.keys(today);
  if (!currencies.length) return { sales: "no sales yet", net: "—", returns: "—" };
  return {
    sales: currencies.map((c) => today[c].sales + (today[c].sales === 1 ? " sale" : " sales")
      + " · " + money(today[c].total_minor, c) + " taken").join("; "),
    net: currencies.map((c) => money(today[c].net_minor, c)).join("; "),
    returns: currencies.map((c) => today[c].voids + " voided (" + money(today[c].voided_minor, c) + ") · "
      + today[c].refunds + " refunded (" + money(today[c].refunded_minor, c) + ")").join("; "),
  };
}

function backlogText(outbox) {
  if (!outbox) return { waiting: "not reported", oldest: "—", parked: "" };
  return {
    waiting: outbox.pending.toLocaleString() + (outbox.pending === 1 ? " event" : " events") + " waiting",
    oldest: outbox.pending ? formatSeconds(outbox.oldest_age_seconds) + " (since " + formatTime(outbox.oldest_since) + ")" : "—",
    parked: outbox.parked ? outbox.parked.toLocaleString() + " parked (refused by the relay)" : "",
  };
}

function render(overview, offlineOnly) {
  const rows = document.getElementById("today");
  const shown = overview.stores.filter((s) => !offlineOnly || s.offline);
  rows.replaceChildren(...shown.map((s) => {
    const sales = salesText(s.today);
    const backlog = backlogText(s.outbox);
    return el("tr", { "data-site": s.site_id, class: s.offline ? "stale" : "" },
      el("th", { scope: "row", text: s.site_id }),
      el("td", { text: s.business_day + " (" + s.zone + ")" }),
      el("td", { class: "sales", text: sales.sales }),
      el("td", { class: "number net", text: sales.net }),
      el("td", { class: "returns", text: sales.returns }),
      el("td", { class: "backlog" + (s.outbox && s.outbox.parked ? " warn" : "") },
        backlog.waiting, backlog.parked ? el("br") : null, backlog.parked || null),
      el("td", { class: "number oldest", text: backlog.oldest }),
      el("td", { class: "heard", text: s.last_heard
        ? formatTime(s.last_heard) + " · " + formatSeconds(s.last_heard_seconds) + " ago; store time "
          + formatTimeIn(overview.server_time, s.zone)
        : "never" }),
      el("td", { class: "state" + (s.offline ? " error" : ""), text: s.offline ? "OFFLINE" : "online" }));
  }));
  if (!shown.length) {
    rows.append(el("tr", {}, el("td", { colspan: "9", text: offlineOnly ? "No store is offline." : "No stores yet." })));
  }
  const offline = overview.stores.filter((s) => s.offline).length;
  const waiting = overview.stores.reduce((n, s) => n + (s.outbox ? s.outbox.pending : 0), 0);
  say(document.getElementById("today-status"), overview.stores.length + " stores, " + offline + " offline, "
    + waiting.toLocaleString() + " events waiting in outboxes; updated " + formatTime(overview.server_time)
    + ", refreshes every " + REFRESH_MS / 1000 + " s.", offline ? "error" : "ok");
}

/** Shows the overview now and keeps it fresh. */
export function startToday() {
  const offlineOnly = document.getElementById("today-offline-only");
  let last = null;
  const refresh = async () => {
    try {
      last = await getJson("/v1/stores/overview");
      render(last, offlineOnly.checked);
    } catch (e) {
      say(document.getElementById("today-status"), "Cannot read the stores overview: " + e.message, "error");
    }
  };
  offlineOnly.addEventListener("change", () => last && render(last, offlineOnly.checked));
  refresh();
  setInterval(refresh, REFRESH_MS);
}
