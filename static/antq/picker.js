// Searchable pickers (antq.core.pickers.SearchPicker): a text box with the
// ARIA 1.2 combobox pattern over a listbox of matches asked from the server
// while the person types. The hidden input beside it carries the chosen id.
// Keys: ↓/↑ move, Enter chooses, Escape closes (and restores the choice),
// Home/End go to the first/last match. Our own file: no inline script (CSP).
(function () {
  "use strict";

  function setup(box) {
    var hidden = box.querySelector("input[type=hidden]");
    var input = box.querySelector("input[role=combobox]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector(".picker-status");
    var form = input.form;
    var chosenLabel = input.value;
    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function day() {
      var name = box.dataset.dateField;
      var field = name && form ? form.elements[name] : null;
      return field && field.value ? field.value : "";
    }

    function close() {
      // a search typed but not yet answered must not reopen the list later
      clearTimeout(timer);
      asked++;
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      hidden.value = String(item.id);
      input.value = item.label;
      chosenLabel = item.label;
      close();
      status.textContent = "";
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(data) {
      items = data.items || [];
      list.innerHTML = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = input.id + "_option_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        // mousedown, not click: the text box must not lose its value first
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
      if (!items.length) {
        status.textContent = box.dataset.none;
      } else {
        status.textContent = items.length + " " + box.dataset.some + "." +
          (data.more ? " " + box.dataset.more : "");
      }
    }

    function search() {
      var query = "q=" + encodeURIComponent(input.value === chosenLabel ? "" : input.value);
      var on = day();
      if (on) query += "&on=" + encodeURIComponent(on);
      var ticket = ++asked;
      fetch(box.dataset.url + "&" + query, {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { items: [] };
      }).then(function (data) {
        if (ticket === asked) show(data);  // an older answer arriving late is dropped
      }).catch(function () { /* offline: the page's own notice says so */ });
    }

    input.addEventListener("input", function () {
      if (input.value.trim() === "") hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("focus", function () {
      if (list.hidden) search();
    });
    input.addEventListener("blur", function () {
      // leaving without choosing keeps the previous choice (or none, if cleared)
      setTimeout(function () {
        if (hidden.value && input.value !== chosenLabel) input.value = chosenLabel;
        close();
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open) { search(); return; }
          mark(Math.min(active + 1, items.length - 1));
          break;
        case "ArrowUp":
          event.preventDefault();
          if (open) mark(Math.max(active - 1, 0));
          break;
        case "Home":
          if (open) { event.preventDefault(); mark(0); }
          break;
        case "End":
          if (open) { event.preventDefault(); mark(items.length - 1); }
          break;
        case "Enter":
          if (open) {
            event.preventDefault();  // choosing is not submitting the form
            choose(active >= 0 ? active : 0);
          }
          break;
        case "Escape":
          if (open) event.preventDefault();
          close();  // also when a search is still on its way
          if (open && hidden.value) input.value = chosenLabel;
          break;
        default:
          break;
      }
    });
    // another date may offer other units: ask again next time
    var name = box.dataset.dateField;
    var dateField = name && form ? form.elements[name] : null;
    if (dateField && dateField.addEventListener) {
      dateField.addEventListener("change", function () { items = []; list.innerHTML = ""; });
    }
  }

  function setupAll(root) {
    (root || document).querySelectorAll("[data-picker]").forEach(function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      setup(box);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  // forms loaded by htmx get their pickers too
  document.addEventListener("htmx:afterSwap", function (event) { setupAll(event.target); });
})();
