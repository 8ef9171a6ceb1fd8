// Shared building blocks of the console pages: elements, formats (units, the viewer's time zone), the reason
// dialog every change goes through, and the audit record a change leaves behind.

export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const TIME_PARTS = {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
};
const timeFormat = new Intl.DateTimeFormat(undefined, TIME_PARTS);

/** el("td", {class: "x"}, "text", child...) */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

/** An instant in the viewer's zone, with the zone's short name: "21 Nov 2026, 07:01:02 UTC". */
export function formatTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : "—";
}

const otherZones = new Map();

/** An ISO instant as UTC wall-clock time: "2026-11-21 07:01:02 UTC". */
export function formatUtc(iso) {
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, "") + " UTC";
}

/** An instant in another IANA zone (a store's), with that zone's name: "21 Nov 2026, 08:01:02 CET (Europe/Paris)". */
export function formatTimeIn(iso, timeZone) {
  if (!iso) return "—";
  if (!otherZones.has(timeZone)) {
    otherZones.set(timeZone, new Intl.DateTimeFormat(undefined, { ...TIME_PARTS, timeZone }));
  }
  return otherZones.get(timeZone).format(new Date(iso)) + " (" + timeZone + ")";
}

/** A datetime-local input's value (wall time in the viewer's zone) as an ISO instant; null when blank or invalid. */
export function instantOf(value) {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** An ISO instant as a datetime-local input's value, in the viewer's zone. */
export function localInputOf(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + "T" + two(d.getHours()) + ":"
    + two(d.getMinutes()) + ":" + two(d.getSeconds());
}

export function formatBytes(bytes) {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
}

export function formatSeconds(seconds) {
  return Number(seconds).toLocaleString() + " s";
}

/** Sets a status line's text and kind (ok, error, busy), for an aria-live region. */
export function say(node, text, kind) {
  node.textContent = text;
  node.dataset.kind = kind || "";
}

/** The relay's {"error": ...} text, or the HTTP status when the body has none. */
export async function problemOf(response) {
  const body = await response.json().catch(() => ({}));
  return body.error || "the relay answered HTTP " + response.status;
}

/** Reads JSON from a GET, or throws with the relay's error text. */
export async function getJson(url) {
  const response = await OutpostSession.get(url);
  if (!response.ok) throw new Error(await problemOf(response));
  return response.json();
}

/**
 * The newest audit record with this action and subject: what a change just wrote. The log pages oldest first, so
 * this follows next_after to the end (exact filters keep that to a page or two).
 */
export async function latestAudit(action, subject) {
  let after = 0;
  let last = null;
  for (;;) {
    const params = new URLSearchParams({ action, subject, after: String(after), limit: "1000" });
    const page = await getJson("/v1/audit?" + params);
    if (page.records.length) last = page.records[page.records.length - 1];
    if (page.next_after === null || page.next_after === undefined) return last;
    after = page.next_after;
  }
}

/** Shows one audit record in `container` (an aria-live region), headed by what was done. */
export function showAuditRecord(container, title, record) {
  container.replaceChildren();
  if (!record) {
    container.append(el("p", { class: "error", text: title + " — done, but its audit record was not found." }));
    return;
  }
  const dl = el("dl", { class: "record" });
  for (const [label, value] of [["Record", "#" + record.seq], ["Action", record.action], ["Actor", record.actor],
    ["Subject", record.subject], ["Reason", record.reason], ["Time", formatTime(record.at)]]) {
    dl.append(el("dt", { text: label }), el("dd", { text: value ?? "—" }));
  }
  container.append(el("section", { class: "audit-record", "aria-label": "Audit record" },
    el("h3", { text: title + " — audit record #" + record.seq }), dl));
}

let dialogCount = 0;

/**
 * Asks for a reason (and any extra fields) in a modal dialog, then runs `act(values, reason)`. A blank reason is
 * refused here; an error `act` throws (the relay's 400, say) is shown in the dialog, which stays open. Resolves to
 * what `act` returned, or null when cancelled.
 */
export function askReason({ title, description, confirm, fields = [], act }) {
  const n = ++dialogCount;
  return new Promise((resolve) => {
    const error = el("p", { class: "error", id: "dialog-error-" + n, role: "alert", hidden: true });
    const form = el("form", { method: "dialog", novalidate: true });
    const inputs = {};
    for (const field of fields) {
      const id = "dialog-" + n + "-" + field.name;
      inputs[field.name] = el("input", { id, name: field.name, type: field.type || "text", autocomplete: field.autocomplete || "off" });
      form.append(el("label", { for: id, text: field.label }), inputs[field.name]);
    }
    const reasonId = "dialog-reason-" + n;
    const reason = el("textarea", { id: reasonId, name: "reason", rows: "3", required: true, "aria-describedby": "dialog-error-" + n });
    form.append(el("label", { for: reasonId, text: "Reason (required, recorded in the audit log)" }), reason);
    const ok = el("button", { type: "submit", class: "primary", text: confirm });
    const cancel = el("button", { type: "button", text: "Cancel" });
    form.append(error, el("div", { class: "buttons" }, ok, cancel));
    const dialog = el("dialog", { "aria-labelledby": "dialog-title-" + n, class: "reason-dialog" },
      el("h2", { id: "dialog-title-" + n, text: title }), description ? el("p", { text: description }) : null, form);
    document.body.append(dialog);

    const finish = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const fail = (message, field) => {
      error.textContent = message;
      error.hidden = false;
      (field || reason).setAttribute("aria-invalid", "true");
      (field || reason).focus();
    };
    cancel.addEventListener("click", () => finish(null));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      finish(null);
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = {};
      for (const field of fields) {
        values[field.name] = inputs[field.name].value;
        if (field.required && !values[field.name]) return fail(field.label + " is required.", inputs[field.name]);
      }
      if (!reason.value.trim()) return fail("A reason is required: say why you are doing this.");
      ok.disabled = true;
      try {
        finish(await act(values, reason.value.trim()));
      } catch (e) {
        fail(e.message, null);
      } finally {
        ok.disabled = false;
      }
    });
    dialog.showModal();
    (fields.length ? inputs[fields[0].name] : reason).focus();
  });
}

/** Marks a field invalid, says why in `errorNode` (next to it, named by its aria-describedby) and focuses it. */
export function fieldError(input, errorNode, message) {
  input.setAttribute("aria-invalid", "true");
  say(errorNode, message, "error");
  input.focus();
}

/** Clears what fieldError set. */
export function fieldOk(input, errorNode) {
  input.removeAttribute("aria-invalid");
  if (errorNode) say(errorNode, "", "");
}

/** Shows the relay's refusal at the field it names (the first [pattern, input, error node] that matches), or in `status`. */
export function refusal(problem, status, fields) {
  const text = "Refused by the relay: " + problem;
  const hit = fields.find(([pattern]) => pattern.test(problem));
  if (!hit) return say(status, text, "error");
  say(status, "Not saved: see the message at the field.", "error");
  return fieldError(hit[1], hit[2], text);
}

/** Requires a non-blank reason field in an inline form; shows the problem next to it and focuses it otherwise. */
export function reasonOf(input, errorNode) {
  const value = input.value.trim();
  if (!value) {
    fieldError(input, errorNode, "A reason is required: say why you are doing this.");
    return null;
  }
  input.removeAttribute("aria-invalid");
  return value;
}
