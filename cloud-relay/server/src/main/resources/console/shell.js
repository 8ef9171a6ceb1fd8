// The layout every page shares: product name, who is logged in and their roles, the time zone, log out, and the
// navigation, which lists only the pages the user's roles can use.
import { el, zone } from "./ui.js";

// roles: null = every member of staff (all roles may read)
const PAGES = [
  { id: "fleet", href: "/", label: "Fleet", roles: null },
  { id: "menus", href: "/menus.html", label: "Menus", roles: null },
  { id: "plans", href: "/plans.html", label: "Plans", roles: null },
  { id: "approvals", href: "/approvals.html", label: "Approvals", roles: null },
  { id: "channels", href: "/channels.html", label: "Channels", roles: null },
  { id: "malls", href: "/malls.html", label: "Malls", roles: null },
  { id: "stores", href: "/stores.html", label: "Stores", roles: null },
  { id: "audit", href: "/audit.html", label: "Audit", roles: null },
  { id: "devices", href: "/devices.html", label: "Devices", roles: ["admin"] },
  { id: "users", href: "/users.html", label: "Users", roles: ["admin"] },
];

export function hasRole(me, role) {
  return me.roles.includes(role);
}

function allowed(me, page) {
  return page.roles === null || page.roles.some((role) => hasRole(me, role));
}

/**
 * Fills the header for page `id` and resolves to the logged-in user (or goes to the login page). When the user's
 * roles cannot use this page, says so in <main> and resolves to null.
 */
export async function startPage(id) {
  const header = document.getElementById("top");
  let me;
  try {
    me = await OutpostSession.require();
  } catch (e) {
    header.replaceChildren(el("span", { class: "brand", text: "Outpost HQ" }));
    document.getElementById("main").replaceChildren(el("p", { class: "error", role: "alert", text: "Cannot reach the relay: " + e.message }));
    return null;
  }
  const list = el("ul");
  for (const page of PAGES.filter((p) => allowed(me, p))) {
    list.append(el("li", {}, el("a", { href: page.href, "aria-current": page.id === id ? "page" : null, text: page.label })));
  }
  const logout = el("button", { type: "button", id: "logout", text: "Log out", onclick: () => OutpostSession.logout() });
  header.replaceChildren(
    el("span", { class: "brand", text: "Outpost HQ" }),
    el("nav", { "aria-label": "Main" }, list),
    el("div", { class: "who" },
      el("span", { id: "user" }, "Signed in as ", el("strong", { text: me.username }), " · ",
        el("span", { id: "roles", text: me.roles.join(", ") })),
      el("span", { class: "zone", text: "Times in " + zone }),
      logout));
  const page = PAGES.find((p) => p.id === id);
  if (!allowed(me, page)) {
    document.getElementById("main").replaceChildren(el("h1", { text: page.label }),
      el("p", { class: "error", role: "alert", text: "This page needs the " + page.roles.join(" or ") + " role; you have "
        + me.roles.join(", ") + "." }));
    return null;
  }
  return me;
}
