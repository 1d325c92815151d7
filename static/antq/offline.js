// Offline entry: a form marked data-offline (the monthly report, the
// self-assessment) keeps working without a connection. Typed figures are kept
// on the device with the version they were based on and a key, and sent when
// the connection returns: once (the server remembers the key), never over a
// newer version (the server answers "conflict" and antq shows both).
(function () {
  "use strict";

  var PREFIX = "antq-draft:";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "k-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function storageKey(form) {
    return PREFIX + (form.dataset.offline || window.location.pathname);
  }

  function readDraft(form) {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey(form)) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeDraft(form, draft) {
    window.localStorage.setItem(storageKey(form), JSON.stringify(draft));
  }

  function dropDraft(form) {
    window.localStorage.removeItem(storageKey(form));
  }

  function banner(form, text, kind) {
    var box = document.getElementById("offline-banner");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-banner";
      box.setAttribute("role", "status");
      form.parentNode.insertBefore(box, form);
    }
    box.className = "msg " + (kind || "warning");
    box.textContent = text;
    box.hidden = !text;
  }

  function fields(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "client_key") pairs.push([name, value]);
    });
    return pairs;
  }

  function fill(form, pairs) {
    pairs.forEach(function (pair) {
      var input = form.elements.namedItem(pair[0]);
      if (input && "value" in input && input.type !== "hidden") input.value = pair[1];
    });
  }

  // Figures are typed the Vietnamese way: 1.480 and 12,5; a point that does
  // not group thousands is a decimal point ("12.5"), as the server reads it
  // (core.vietnamese.parse_number).
  function number(text) {
    var clean = String(text || "").replace(/\s+/g, "");
    if (clean === "") return null;
    if (/^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(clean)) clean = clean.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d+,\d+$/.test(clean)) clean = clean.replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? parseFloat(clean) : NaN;
  }

  // The form's own rules (kept in the page): required figures, numbers that
  // are not negative, and comparisons such as "khám phá <= số vụ".
  function problems(form, submitting) {
    var rulesNode = document.getElementById(form.dataset.rules || "");
    var rules = rulesNode ? JSON.parse(rulesNode.textContent) : { required: [], rules: [] };
    var found = [];
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name^='v__']"), function (input) {
      var value = number(input.value);
      if (Number.isNaN(value) || (value !== null && value < 0)) {
        found.push((input.dataset.label || input.name) + ": " + rules.notNumber);
      }
      var code = input.name.split("__")[1];
      if (value !== null && !Number.isNaN(value)) values[code] = (values[code] || 0) + value;
    });
    if (submitting) {
      rules.required.forEach(function (item) {
        if (!(item.code in values)) found.push(item.message);
      });
    }
    rules.rules.forEach(function (rule) {
      var left = evaluate(rule.left, values);
      var right = evaluate(rule.right, values);
      if (left === null || right === null) return;
      var ok = { "<=": left <= right, ">=": left >= right, "<": left < right, ">": left > right,
                 "==": left === right, "!=": left !== right }[rule.operator];
      if (ok === false) found.push(rule.message);
    });
    return found;
  }

  // "A + B - 2": indicator codes and numbers joined by + and -.
  function evaluate(expression, values) {
    var total = 0;
    var parts = String(expression).replace(/\s+/g, "").split(/(?=[+-])/);
    for (var i = 0; i < parts.length; i++) {
      var sign = parts[i].charAt(0) === "-" ? -1 : 1;
      var term = parts[i].replace(/^[+-]/, "");
      if (/^\d+(\.\d+)?$/.test(term)) total += sign * parseFloat(term);
      else if (/^[A-Z][A-Z0-9_]*$/.test(term)) {
        if (!(term in values)) return null;
        total += sign * values[term];
      } else return null;
    }
    return total;
  }

  // The names of the fields that differ from the page as it came from the
  // server: only these are the person's when the draft meets a newer version.
  function changedSince(original, now, before) {
    var was = {};
    original.forEach(function (pair) { was[pair[0]] = pair[1]; });
    var changed = (before || []).slice();
    var present = {};
    now.forEach(function (pair) {
      present[pair[0]] = true;
      if (was[pair[0]] !== pair[1] && changed.indexOf(pair[0]) < 0) changed.push(pair[0]);
    });
    // a box unticked offline is no longer sent at all: it changed too
    original.forEach(function (pair) {
      if (!present[pair[0]] && changed.indexOf(pair[0]) < 0) changed.push(pair[0]);
    });
    return changed;
  }

  function keepOffline(form, submitter) {
    var text = form.dataset;
    var found = problems(form, submitter === "submit");
    if (found.length) {
      banner(form, text.msgInvalid + " " + found.join(" "), "error");
      return;
    }
    var version = form.elements.namedItem("version");
    var earlier = readDraft(form);
    var now = fields(form);
    var changed = changedSince(form.antqOriginal || [], now, earlier && earlier.changed);
    // what each changed field showed before the person typed: the server
    // merges a field changed on one side only without asking
    var was = (earlier && earlier.was) || {};
    (form.antqOriginal || []).forEach(function (pair) {
      if (changed.indexOf(pair[0]) >= 0 && !(pair[0] in was)) was[pair[0]] = pair[1];
    });
    writeDraft(form, {
      changed: changed,
      was: was,
      fields: now,
      submitter: submitter,
      version: version ? version.value : "",
      key: newKey(),
      saved: new Date().toISOString(),
    });
    banner(form, text.msgKept);
  }

  function goConflict(form, draft, url) {
    // A real navigation (POST) so the server shows both versions side by side.
    var post = document.createElement("form");
    post.method = "post";
    post.action = url;
    post.hidden = true;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var pairs = draft.fields.concat([["csrfmiddlewaretoken", token ? token.value : ""],
                                     ["draft_version", draft.version]]);
    if (draft.changed) pairs.push(["changed_offline", draft.changed.join(",")]);
    pairs.forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      post.appendChild(input);
    });
    document.body.appendChild(post);
    post.submit();
  }

  var sending = false;

  function send(form) {
    var draft = readDraft(form);
    if (!draft || sending || !navigator.onLine) return;
    sending = true;
    banner(form, form.dataset.msgSending);
    var body = new FormData();
    draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    body.append("client_key", draft.key);
    if (draft.changed && draft.was) {
      body.append("changed_offline", draft.changed.join(","));
      body.append("was_offline", JSON.stringify(draft.was));
    }
    if (draft.submitter) body.append(draft.submitter, "1");
    fetch(form.action || window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Antq-Offline": "1", "Accept": "application/json" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        var wait = parseInt(response.headers.get("Retry-After") || "", 10);
        if (response.status === 503 || response.status === 429) {
          // the server is switching over or busy: nothing was written; the
          // draft stays on the device and is sent again when it says
          throw new Error("retry:" + (wait > 0 ? Math.min(wait, 60) : 5));
        }
        if (!json) throw new Error("signed-out");
        return response.json().then(function (answer) { return [response.status, answer]; });
      })
      .then(function (result) {
        var status = result[0], answer = result[1];
        sending = false;
        if (status === 200) {
          dropDraft(form);
          banner(form, answer.merged && form.dataset.msgMerged ? form.dataset.msgMerged : form.dataset.msgSent, "success");
          window.location.reload();
        } else if (status === 409) {
          goConflict(form, draft, answer.conflict_url);
        } else {
          banner(form, form.dataset.msgInvalid + " " + (answer.errors || []).join(" "), "error");
        }
      })
      .catch(function (error) {
        sending = false;
        if (error.message.indexOf("retry:") === 0) {
          banner(form, form.dataset.msgKept);
          window.setTimeout(function () { send(form); }, parseInt(error.message.slice(6), 10) * 1000);
          return;
        }
        if (error.message === "signed-out") {
          banner(form, form.dataset.msgSignIn);
          return;
        }
        banner(form, form.dataset.msgKept);
        // a weak connection can fail while the phone still says it is online,
        // and then no "online" event comes: try again in a while
        // (data-retry-seconds on the form changes the wait; tests shorten it)
        var wait = parseInt(form.dataset.retrySeconds || "30", 10) * 1000;
        if (navigator.onLine) window.setTimeout(function () { send(form); }, wait);
      });
  }

  function setUp(form) {
    form.antqOriginal = fields(form);  // the page as the server sent it
    var draft = readDraft(form);
    if (new URLSearchParams(window.location.search).has("bo-ban-nhap")) {
      dropDraft(form);
      draft = null;
    }
    if (draft) {
      fill(form, draft.fields);
      banner(form, form.dataset.msgKept);
    }
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter && event.submitter.name;
      if (!navigator.onLine) {
        event.preventDefault();
        keepOffline(form, submitter || "save");
        return;
      }
      var key = form.elements.namedItem("client_key");
      if (key && !key.value) key.value = newKey();  // a double click is applied once
    });
    window.addEventListener("online", function () { send(form); });
    if (draft && navigator.onLine) send(form);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-offline]"), setUp);
    // A conflict resolved here (either way) ends the draft kept on the device.
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-clear]"), function (node) {
      var clear = function () { window.localStorage.removeItem(PREFIX + node.dataset.offlineClear); };
      node.addEventListener(node.tagName === "FORM" ? "submit" : "click", clear);
    });
    var logout = document.querySelector("form[action$='/dang-xuat/']");
    if (logout && navigator.serviceWorker && navigator.serviceWorker.controller) {
      logout.addEventListener("submit", function () {
        navigator.serviceWorker.controller.postMessage("forget-pages");
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
