// antq page behaviour. No inline scripts: this file is the only JavaScript we ship
// besides htmx.
(function () {
  "use strict";

  // Session expiry warning: the server ends an idle session after N seconds;
  // warn two minutes before, offer to extend, and go to the login page at the end.
  function sessionWatch() {
    var body = document.body;
    var seconds = parseInt(body.dataset.sessionSeconds || "0", 10);
    if (!seconds) return;
    var warnBefore = Math.min(120, Math.floor(seconds / 4));
    var banner = document.getElementById("session-warning");
    var countdown = document.getElementById("session-countdown");
    var deadline;
    var timer;

    function reset() {
      deadline = Date.now() + seconds * 1000;
      banner.hidden = true;
    }
    function tick() {
      var left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        window.location.href = body.dataset.loginUrl;
        return;
      }
      if (left <= warnBefore) {
        banner.hidden = false;
        countdown.textContent = "(" + left + " " + (body.dataset.secondsLabel || "s") + ")";
      }
    }
    document.getElementById("session-extend").addEventListener("click", function () {
      var token = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      fetch(body.dataset.keepaliveUrl, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }
      }).then(function (response) {
        if (response.ok) { reset(); } else { window.location.href = body.dataset.loginUrl; }
      });
    });
    document.body.addEventListener("htmx:afterRequest", reset);
    reset();
    timer = setInterval(tick, 1000);
  }

  // Tree: a second click on ▾ folds the branch instead of reloading it.
  function treeToggles() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-toggle-tree]");
      if (!button) return;
      var children = button.parentElement.querySelector(".children");
      if (button.dataset.open === "1") {
        event.preventDefault();
        event.stopImmediatePropagation();
        children.innerHTML = "";
        button.dataset.open = "0";
        button.textContent = "▸";
      } else {
        button.dataset.open = "1";
        button.textContent = "▾";
      }
    }, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    sessionWatch();
    treeToggles();
  });
})();
