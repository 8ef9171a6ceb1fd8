// Devices (admin): enrollment tokens for new sites, the device certificates, and revoking one. Every change asks for
// a reason and shows the audit record it left.
import { askReason, el, formatTime, getJson, latestAudit, problemOf, reasonOf, say, showAuditRecord } from "./ui.js";
import { startPage } from "./shell.js";

const issueForm = document.getElementById("issue");
const issueStatus = document.getElementById("issue-status");

async function issue(event) {
  event.preventDefault();
  const issued = document.getElementById("issued");
  const site = issueForm.elements.site.value.trim();
  if (!site) {
    say(issueStatus, "Enter the site ID the token is for.", "error");
    issueForm.elements.site.focus();
    return;
  }
  const reason = reasonOf(issueForm.elements.reason, issueStatus);
  if (reason === null) return;
  say(issueStatus, "Issuing…", "busy");
  issued.replaceChildren();
  const response = await OutpostSession.send("POST", "/v1/enrollment-tokens",
    { site_id: site, ttl: issueForm.elements.ttl.value }, reason);
  if (!response.ok) {
    say(issueStatus, "Refused: " + await problemOf(response), "error");
    return;
  }
  const token = await response.json();
  say(issueStatus, "Token issued for " + token.site_id + "; it is shown only once.", "ok");
  issueForm.elements.reason.value = "";
  const field = el("input", { id: "token", readonly: true, value: token.token, class: "token", spellcheck: "false" });
  const copied = el("span", { class: "status", role: "status", "aria-live": "polite" });
  const copy = el("button", {
    type: "button", id: "copy-token", text: "Copy token", onclick: async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(token.token);
        copied.textContent = "Copied.";
      } catch (e) {
        copied.textContent = "Press Ctrl+C to copy the selected token.";
      }
    },
  });
  issued.append(el("section", { class: "token-panel", "aria-labelledby": "token-label" },
    el("h3", { id: "token-label", text: "Enrollment token for " + token.site_id }),
    el("label", { for: "token", text: "Token (single use, valid until " + formatTime(token.expires_at) + ")" }),
    el("div", { class: "inline" }, field, copy, copied),
    el("p", {}, "Put it in the appliance's config as ", el("code", { text: "relay.enrollment-token = <token>" }),
      " and start the appliance: it enrolls over HTTPS once and then needs the token no more. Not shown again: issue a new one if it is lost.")));
  const record = await latestAudit("device.enrollment-token.issued", "site:" + token.site_id).catch(() => null);
  const audit = el("div", { id: "issue-audit" });
  issued.append(audit);
  showAuditRecord(audit, "Enrollment token issued", record);
}

async function loadCertificates(me) {
  const status = document.getElementById("certs-status");
  const site = document.getElementById("cert-site").value.trim();
  try {
    const body = await getJson("/v1/device-certificates" + (site ? "?site=" + encodeURIComponent(site) : ""));
    const rows = document.getElementById("certs");
    rows.replaceChildren();
    for (const c of body.certificates) {
      const action = c.state === "revoked" ? el("span", { text: "revoked " + formatTime(c.revoked_at) })
        : el("button", { type: "button", class: "danger", "data-serial": c.serial, text: "Revoke…", "aria-label": "Revoke certificate " + c.serial + " of " + c.site_id,
          onclick: () => revoke(me, c) });
      rows.append(el("tr", { "data-serial": c.serial },
        el("td", {}, el("code", { text: c.serial })), el("td", { text: c.site_id }), el("td", { text: c.state }),
        el("td", { text: formatTime(c.not_after) }), el("td", { text: formatTime(c.issued_at) }), el("td", { text: c.issued_via }),
        el("td", {}, action)));
    }
    if (!body.certificates.length) rows.append(el("tr", {}, el("td", { colspan: "7", text: "No certificates" + (site ? " for " + site : "") + "." })));
    say(status, body.certificates.length + " certificates" + (site ? " for " + site : "") + ".", "ok");
  } catch (e) {
    say(status, "Cannot list certificates: " + e.message, "error");
  }
}

async function revoke(me, cert) {
  const done = await askReason({
    title: "Revoke certificate of " + cert.site_id,
    description: "Serial " + cert.serial + ". The site can no longer call the relay with it; this cannot be undone.",
    confirm: "Revoke certificate",
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", "/v1/device-certificates/" + encodeURIComponent(cert.serial) + "/revoke", {}, reason);
      if (!response.ok) throw new Error("Refused: " + await problemOf(response));
      return response.json();
    },
  });
  if (!done) return;
  const record = await latestAudit("device.certificate.revoked", "site:" + cert.site_id).catch(() => null);
  showAuditRecord(document.getElementById("revoked"), "Certificate " + cert.serial + " revoked", record);
  await loadCertificates(me);
}

startPage("devices").then((me) => {
  if (!me) return;
  issueForm.addEventListener("submit", (event) => issue(event).catch((e) => say(issueStatus, "Failed: " + e.message, "error")));
  document.getElementById("cert-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    loadCertificates(me);
  });
  loadCertificates(me);
});
