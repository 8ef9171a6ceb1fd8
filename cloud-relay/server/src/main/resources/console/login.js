"use strict";
(function () {
  const form = document.getElementById("login");
  const error = document.getElementById("login-error");
  const button = form.querySelector("button");

  function showError(message, field) {
    error.textContent = message;
    error.hidden = false;
    (field || document.getElementById("username")).focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username) return showError("Enter your username.", form.username);
    if (!password) return showError("Enter your password.", form.password);
    button.disabled = true;
    try {
      const response = await fetch("/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username, password }),
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        form.password.value = "";
        return showError(body.error || "Login failed (HTTP " + response.status + ").", form.password);
      }
      OutpostSession.remember(body);
      location.assign(OutpostSession.nextPage());
    } catch (e) {
      showError("Cannot reach the relay: " + e.message);
    } finally {
      button.disabled = false;
    }
  });
})();
