// Users (admin): list, create with roles and jurisdictions, reset a password, disable and enable. Every change asks
// for a reason and shows the audit record it left.
import { askReason, el, formatTime, getJson, latestAudit, problemOf, reasonOf, say, showAuditRecord } from "./ui.js";
import { startPage } from "./shell.js";

const ROLES = ["viewer", "publisher", "approver", "safety-officer", "admin"];
const form = document.getElementById("create");
const createStatus = document.getElementById("create-status");

function jurisdictions(text) {
  return text.split(",").map((j) => j.trim().toUpperCase()).filter((j) => j);
}

async function create(event) {
  event.preventDefault();
  const created = document.getElementById("created");
  const username = form.elements.username.value.trim();
  const roles = ROLES.filter((r) => form.elements["role-" + r].checked);
  if (!username) {
    say(createStatus, "Enter a username.", "error");
    return form.elements.username.focus();
  }
  if (!roles.length) {
    say(createStatus, "Choose at least one role.", "error");
    return form.elements["role-viewer"].focus();
  }
  const reason = reasonOf(form.elements.reason, createStatus);
  if (reason === null) return;
  say(createStatus, "Creating…", "busy");
  created.replaceChildren();
  const response = await OutpostSession.send("POST", "/v1/users", {
    username, password: form.elements.password.value, roles, jurisdictions: jurisdictions(form.elements.jurisdictions.value),
  }, reason);
  if (!response.ok) {
    say(createStatus, "Refused: " + await problemOf(response), "error");
    return;
  }
  const user = await response.json();
  say(createStatus, "User " + user.username + " created with roles " + user.roles.join(", ") + ".", "ok");
  form.reset();
  showAuditRecord(created, "User " + user.username + " created",
    await latestAudit("staff.user.created", "user:" + user.username).catch(() => null));
  await load();
}

async function change(user, { title, description, confirm, path, action, fields = [], body = () => ({}) }) {
  const done = await askReason({
    title, description, confirm, fields,
    act: async (values, reason) => {
      const response = await OutpostSession.send("POST", "/v1/users/" + encodeURIComponent(user.username) + path, body(values), reason);
      if (!response.ok) throw new Error("Refused: " + await problemOf(response));
      return response.json();
    },
  });
  if (!done) return;
  showAuditRecord(document.getElementById("changed"), title,
    await latestAudit(action, "user:" + user.username).catch(() => null));
  await load();
}

async function load() {
  const status = document.getElementById("users-status");
  try {
    const users = await getJson("/v1/users");
    const rows = document.getElementById("users");
    rows.replaceChildren();
    for (const u of users) {
      const reset = el("button", {
        type: "button", text: "Reset password…", "aria-label": "Reset password of " + u.username,
        onclick: () => change(u, {
          title: "Reset password of " + u.username, description: "Ends their sessions and lifts a lockout.",
          confirm: "Reset password", path: "/password", action: "staff.user.password-reset",
          fields: [{ name: "password", label: "New password (12 to 72 bytes)", type: "password", autocomplete: "new-password", required: true }],
          body: (values) => ({ password: values.password }),
        }),
      });
      const toggle = u.disabled
        ? el("button", {
          type: "button", text: "Enable…", "aria-label": "Enable " + u.username,
          onclick: () => change(u, { title: "Enable " + u.username, confirm: "Enable", path: "/enable", action: "staff.user.enabled" }),
        })
        : el("button", {
          type: "button", class: "danger", text: "Disable…", "aria-label": "Disable " + u.username,
          onclick: () => change(u, {
            title: "Disable " + u.username, description: "Ends their sessions; their tokens stop working.",
            confirm: "Disable", path: "/disable", action: "staff.user.disabled",
          }),
        });
      rows.append(el("tr", { "data-user": u.username },
        el("th", { scope: "row", text: u.username }), el("td", { text: u.roles.join(", ") }),
        el("td", { text: u.jurisdictions.join(", ") || "—" }), el("td", { text: u.disabled ? "disabled" : "active" }),
        el("td", { text: formatTime(u.created_at) }), el("td", { text: formatTime(u.password_changed_at) }),
        el("td", { class: "actions" }, reset, toggle)));
    }
    say(status, users.length + " users.", "ok");
  } catch (e) {
    say(status, "Cannot list users: " + e.message, "error");
  }
}

startPage("users").then((me) => {
  if (!me) return;
  const roles = document.getElementById("new-roles");
  for (const role of ROLES) {
    const id = "role-" + role;
    roles.append(el("span", { class: "check" }, el("input", { type: "checkbox", id, name: id, checked: role === "viewer" }),
      el("label", { for: id, text: role })));
  }
  form.addEventListener("submit", (event) => create(event).catch((e) => say(createStatus, "Failed: " + e.message, "error")));
  load();
});
