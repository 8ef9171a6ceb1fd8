// Audit: search by subject, actor, action and time (paged oldest first, as the log is chained), and verify the chain.
import { el, formatTime, getJson, instantOf, say, zone } from "./ui.js";
import { startPage } from "./shell.js";

const form = document.getElementById("search");
const status = document.getElementById("search-status");
const next = document.getElementById("next-page");
const first = document.getElementById("first-page");
let nextAfter = null;

function query(after) {
  const params = new URLSearchParams();
  for (const name of ["subject", "actor", "action"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  for (const name of ["from", "to"]) {
    const value = instantOf(form.elements[name].value);
    if (value) params.set(name, value);
  }
  params.set("limit", form.elements.limit.value);
  if (after) params.set("after", String(after));
  return params;
}

async function search(after) {
  say(status, "Searching…", "busy");
  try {
    const page = await getJson("/v1/audit?" + query(after));
    const rows = document.getElementById("records");
    rows.replaceChildren();
    for (const r of page.records) {
      rows.append(el("tr", { "data-seq": String(r.seq) },
        el("td", { class: "number", text: String(r.seq) }), el("td", { text: formatTime(r.at) }),
        el("td", { text: r.actor }), el("td", { text: r.action }), el("td", { text: r.subject }),
        el("td", { text: r.reason ?? "" })));
    }
    nextAfter = page.next_after;
    next.disabled = nextAfter === null || nextAfter === undefined;
    first.disabled = !after;
    const range = page.records.length ? " (#" + page.records[0].seq + " to #" + page.records[page.records.length - 1].seq + ")" : "";
    say(status, page.records.length + " records" + range + (next.disabled ? "; no more pages." : "; more on the next page."), "ok");
  } catch (e) {
    say(status, "Search failed: " + e.message, "error");
  }
}

async function verify() {
  const result = document.getElementById("verify-result");
  const button = document.getElementById("verify");
  button.disabled = true;
  say(result, "Verifying the chain…", "busy");
  try {
    const v = await getJson("/v1/audit/verify");
    if (v.ok) {
      say(result, "✔ Chain intact: " + v.checked.toLocaleString() + " records checked.", "ok");
    } else {
      say(result, "✖ Chain broken: " + v.problem + " (" + v.checked.toLocaleString() + " records checked).", "error");
    }
  } catch (e) {
    say(result, "Verification failed: " + e.message, "error");
  } finally {
    button.disabled = false;
  }
}

startPage("audit").then((me) => {
  if (!me) return;
  for (const hint of document.querySelectorAll(".zone-hint")) hint.textContent = "your time, " + zone;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(0);
  });
  next.addEventListener("click", () => search(nextAfter));
  first.addEventListener("click", () => search(0));
  document.getElementById("verify").addEventListener("click", verify);
  const params = new URLSearchParams(location.search);
  for (const name of ["subject", "actor", "action"]) {
    if (params.get(name)) form.elements[name].value = params.get(name);
  }
  search(0);
});
