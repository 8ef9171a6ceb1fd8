"use strict";
// The console's session: who is logged in, the CSRF token every change must send, and a reason for every change.
const OutpostSession = (function () {
  let me = null;

  function loginPage() {
    return "/login.html?next=" + encodeURIComponent(location.pathname + location.search);
  }

  return {
    remember(body) {
      me = body;
    },
    // Where to go after logging in: only a path on this relay.
    nextPage() {
      const next = new URLSearchParams(location.search).get("next") || "/";
      return next.startsWith("/") && !next.startsWith("//") ? next : "/";
    },
    // Resolves to the logged-in user, or sends the browser to the login page.
    async require() {
      const response = await fetch("/v1/auth/me", { credentials: "same-origin" });
      if (response.status === 401) {
        location.assign(loginPage());
        return new Promise(() => {});
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      me = await response.json();
      return me;
    },
    // GET as the logged-in user; a 401 (session over) goes back to the login page.
    async get(url) {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.status === 401) {
        location.assign(loginPage());
        return new Promise(() => {});
      }
      return response;
    },
    // A change: JSON body with its reason, and the session's CSRF token.
    async send(method, url, body, reason) {
      return fetch(url, {
        method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": me ? me.csrf_token : "" },
        body: JSON.stringify(Object.assign({}, body || {}, reason === undefined ? {} : { reason })),
      });
    },
    async logout() {
      await this.send("POST", "/v1/auth/logout");
      location.assign("/login.html");
    },
  };
})();
