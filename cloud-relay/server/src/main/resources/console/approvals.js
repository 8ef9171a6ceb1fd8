// Approvals: the menu versions every variant holds back (HELD, AWAITING_SECOND), what the gates found and why they
// were published, and one click with a reason to approve or reject. The relay decides who may: a refusal (another
// country, the two-person rule) is shown as it says it, in the dialog and on the version.
import { askReason, el, formatTime, getJson, latestAudit, problemOf, say, showAuditRecord } from "./ui.js";
import { hasRole, startPage } from "./shell.js";
import { PUBLISH_ACTIONS, STATE_WORDS, gateFindings } from "./menu-parts.js";

let me = null;

const approver = () => hasRole(me, "approver");
const versionPath = (p) => "/v1/variants/" + encodeURIComponent(p.variant_id) + "/versions/" + p.number;
const label = (p) => p.variant_id + " v" + p.number;

/** What the viewer should know before pressing: whether the relay will let them decide, and why not. */
function standing(p) {
  if (!approver()) return "Deciding needs the approver role; you have " + me.roles.join(", ") + ".";
  if (p.published_by === "user:" + me.username) {
    return "You published this version: another approver must decide (two-person rule).";
  }
  const countries = (p.gates && p.gates.countries) || [];
  const outside = countries.filter((c) => !me.jurisdictions.includes(c));
  if (outside.length) {
    return "It affects " + countries.join(", ") + "; you approve for " + (me.jurisdictions.join(", ") || "no country")
      + ", so the relay will refuse.";
  }
  return null;
}

function card(p, name, publishReason) {
  const id = "v-" + p.variant_id + "-" + p.number;
  const status = el("p", { id: id + "-status", class: "status", role: "status", "aria-live": "polite" });
  const note = standing(p);
  const noteNode = note ? el("p", { id: id + "-note", class: "warning", text: note }) : null;
  const button = (approve) => el("button", {
    type: "button", class: approve ? "primary" : "danger", text: approve ? "Approve…" : "Reject…",
    "aria-label": (approve ? "Approve " : "Reject ") + label(p), disabled: !approver(),
    "aria-describedby": note ? id + "-note" : null, onclick: () => decide(p, approve, status),
  });
  return el("article", { class: "pending-version", "data-version": p.variant_id + "/" + p.number, "aria-labelledby": id + "-title" },
    el("h3", { id: id + "-title" }, name + " (" + p.variant_id + ") v" + p.number + " — ",
      el("span", { class: "state", "data-state": p.state, text: p.state })),
    el("p", { text: STATE_WORDS[p.state] + "." }),
    el("p", { text: "Published by " + p.published_by + " at " + formatTime(p.published_at)
      + (publishReason ? ": “" + publishReason + "”" : "") + "." }),
    gateFindings(p), noteNode,
    el("div", { class: "buttons" }, button(true), button(false),
      el("a", { href: "/menus.html?variant=" + encodeURIComponent(p.variant_id), text: "Open the variant" })),
    status);
}

async function decide(p, approve, status) {
  const verb = approve ? "Approve" : "Reject";
  const done = await askReason({
    title: verb + " " + label(p),
    description: approve ? "It is published as it stands: every store's menu of this version becomes current for plans."
      : "It is never published; the publisher fixes the layers and publishes again.",
    confirm: approve ? "Approve and publish" : "Reject",
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", versionPath(p) + (approve ? "/approve" : "/reject"), {}, reason);
      if (!response.ok) {
        const message = "Refused by the relay: " + await problemOf(response);
        say(status, message, "error");
        throw new Error(message);
      }
      return response.json();
    },
  });
  if (!done) return;
  say(document.getElementById("decided-status"), label(p) + " is " + done.state + ".", "ok");
  showAuditRecord(document.getElementById("decided"), label(p) + (approve ? " approved" : " rejected"),
    await latestAudit(approve ? "menu.approved" : "menu.rejected", "variant:" + p.variant_id + "/v" + p.number).catch(() => null));
  await load();
}

async function load() {
  const status = document.getElementById("pending-status");
  const box = document.getElementById("pending");
  try {
    const [pending, variants] = await Promise.all([getJson("/v1/approvals"), getJson("/v1/variants")]);
    const names = new Map(variants.variants.map((v) => [v.id, v.name]));
    const reasons = await Promise.all(pending.pending.map((p) => latestAudit(PUBLISH_ACTIONS[p.state],
      "variant:" + p.variant_id + "/v" + p.number).then((r) => r && r.reason).catch(() => null)));
    box.replaceChildren(...pending.pending.map((p, i) => card(p, names.get(p.variant_id) || p.variant_id, reasons[i])));
    const n = pending.pending.length;
    say(status, n ? n + (n === 1 ? " version waits" : " versions wait") + " for an approver." : "Nothing waits for an approver.", "");
  } catch (e) {
    say(status, "Cannot list what waits: " + e.message, "error");
  }
}

startPage("approvals").then((who) => {
  if (!who) return;
  me = who;
  document.getElementById("me-standing").textContent = approver()
    ? "You approve for " + (me.jurisdictions.join(", ") || "no country yet (an admin sets your jurisdictions)") + "."
    : "You can see what waits; deciding needs the approver role.";
  load();
});
