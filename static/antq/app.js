// antq page behaviour. No inline scripts: this file is the only JavaScript we ship
// besides htmx.
(function () {
  "use strict";

  // Session expiry warning: the server ends an idle session after N seconds;
  // warn two minutes before, offer to extend, and go to the login page at the end.
  // The server restarts its idle clock at most once a minute, so the page and
  // htmx answers say how many seconds are left (data-session-left,
  // X-Session-Seconds); "keep working" restarts it at once.
  function sessionWatch() {
    var body = document.body;
    var seconds = parseInt(body.dataset.sessionSeconds || "0", 10);
    if (!seconds) return;
    var warnBefore = Math.min(120, Math.floor(seconds / 4));
    var banner = document.getElementById("session-warning");
    var countdown = document.getElementById("session-countdown");
    var deadline;
    var timer;

    function reset(left) {
      deadline = Date.now() + (isNaN(left) ? seconds : left) * 1000;
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
        // an ended session answers with the login page (a redirect): go there
        if (response.ok && !response.redirected) { reset(seconds); }
        else { window.location.href = body.dataset.loginUrl; }
      });
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      reset(parseInt(xhr ? xhr.getResponseHeader("X-Session-Seconds") : "", 10));
    });
    reset(parseInt(body.dataset.sessionLeft, 10));
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

  // Narrative text areas: buttons for the two marks the text knows, **bold**
  // and "- " bullets, so nobody has to remember them.
  function richTextToolbars() {
    document.querySelectorAll("textarea[data-richtext]").forEach(function (area) {
      var bar = document.createElement("div");
      bar.className = "richtext-bar";
      bar.setAttribute("role", "toolbar");
      bar.setAttribute("aria-label", area.dataset.toolbarLabel || "");
      function button(label, apply) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "secondary small";
        b.textContent = label;
        b.addEventListener("click", function () {
          var start = area.selectionStart, end = area.selectionEnd, text = area.value;
          var result = apply(text.slice(0, start), text.slice(start, end), text.slice(end));
          area.value = result.text;
          area.focus();
          area.setSelectionRange(result.start, result.end);
        });
        bar.appendChild(b);
      }
      button(area.dataset.boldLabel || "B", function (before, chosen, after) {
        var inner = chosen || area.dataset.boldSample || "…";
        return { text: before + "**" + inner + "**" + after,
                 start: before.length + 2, end: before.length + 2 + inner.length };
      });
      button(area.dataset.listLabel || "-", function (before, chosen, after) {
        var lineStart = before.lastIndexOf("\n") + 1;
        var head = before.slice(0, lineStart);
        var lines = (before.slice(lineStart) + chosen).split("\n").map(function (line) {
          return /^\s*[-*•]\s+/.test(line) ? line : "- " + line;
        }).join("\n");
        return { text: head + lines + after, start: head.length + lines.length,
                 end: head.length + lines.length };
      });
      area.parentNode.insertBefore(bar, area);
    });
  }

  // On a phone the menu folds behind one button (CSS shows the button only on
  // narrow screens); every item stays one tap away.
  function foldingMenu() {
    var button = document.getElementById("menu-button");
    if (!button) return;
    var bar = button.closest(".topbar");
    bar.classList.add("foldable", "folded");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var folded = bar.classList.toggle("folded");
      button.setAttribute("aria-expanded", folded ? "false" : "true");
    });
  }

  // A formset grows by ten rows at a time: each new row is the <template>'s
  // row with its number, the formset's TOTAL_FORMS told how many there are.
  function formsetRows() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-add-rows]");
      if (!button) return;
      var body = document.getElementById(button.dataset.addRows).tBodies[0];
      var total = document.getElementById("id_" + button.dataset.prefix + "-TOTAL_FORMS");
      var template = document.getElementById(button.dataset.template).innerHTML;
      var count = parseInt(total.value, 10);
      for (var i = 0; i < 10; i++, count++) {
        body.insertAdjacentHTML("beforeend", template.replace(/__prefix__/g, String(count))
          .replace(/__number__/g, String(count + 1)));
      }
      total.value = String(count);
    });
  }

  // A figure broken down (crimes by kind) shows its total as it is typed:
  // each part read the Vietnamese way ("1.480", "7,5"), the total written so.
  function vietnameseNumber(text) {
    var clean = String(text || "").replace(/\s+/g, "");
    if (clean === "") return 0;
    if (/^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(clean)) clean = clean.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d+,\d+$/.test(clean)) clean = clean.replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? parseFloat(clean) : NaN;
  }
  function vietnameseText(value) {
    var parts = (Math.round(value * 100) / 100).toString().split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.join(",");
  }
  function breakdownTotals() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-breakdown]"), function (cell) {
      var shown = cell.querySelector("[data-breakdown-total]");
      var inputs = cell.querySelectorAll("input");
      if (!shown || !inputs.length) return;
      function update() {
        var total = 0, any = false;
        for (var i = 0; i < inputs.length; i++) {
          if (inputs[i].value.trim() === "") continue;
          var part = vietnameseNumber(inputs[i].value);
          if (isNaN(part)) { shown.textContent = "?"; return; }
          total += part;
          any = true;
        }
        shown.textContent = any ? vietnameseText(total) : "—";
      }
      cell.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    breakdownTotals();
    foldingMenu();
    sessionWatch();
    treeToggles();
    richTextToolbars();
    formsetRows();
  });
})();
