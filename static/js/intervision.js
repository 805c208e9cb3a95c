/* Koers intervision: a session page follows its private live topic over the feed socket
   (feed.js opens it; docs/realtime.md "Private topics"). Phase changes and contributions
   appear without a reload; on every (re)connect the page subscribes with the last "position"
   it handled and the server replays what it missed. Without this script the page works
   as plain forms. */
(function () {
  "use strict";
  var root = document.querySelector("[data-intervision-session]");
  if (!root) return;
  var key = parseInt(root.getAttribute("data-intervision-session"), 10);
  var state = { cursor: parseInt(root.getAttribute("data-cursor"), 10) || 0, seen: {} };
  window.koersIntervision = state;
  var TOPIC = "intervision.session";

  function announce(text) {
    var status = root.querySelector("[data-intervision-status]");
    if (status) status.textContent = text;
  }

  function steps() { return Array.prototype.slice.call(root.querySelectorAll("[data-phase-step]")); }

  function setPhase(phase, quiet) {
    if (root.getAttribute("data-phase") === phase) return;
    root.setAttribute("data-phase", phase);
    var list = steps(), label = phase, hint = "", next = null;
    list.forEach(function (step, index) {
      if (step.getAttribute("data-phase-step") === phase) {
        step.setAttribute("aria-current", "step");
        label = step.getAttribute("data-label");
        hint = step.getAttribute("data-hint");
        next = list[index + 1] || null;
      } else {
        step.removeAttribute("aria-current");
      }
    });
    root.querySelectorAll("[data-current-phase], [data-form-phase]").forEach(function (el) { el.textContent = label; });
    var hintEl = root.querySelector("[data-phase-hint]");
    if (hintEl) hintEl.textContent = hint;
    var writable = (root.getAttribute("data-writable") || "").split(" ");
    var form = root.querySelector("[data-contribution-form]");
    if (form) {
      form.hidden = writable.indexOf(phase) === -1;
      // A text begun in the previous phase keeps that phase: the server then says the
      // session moved on instead of filing it under a phase it was not written for.
      var input = form.querySelector("[data-phase-input]");
      var body = form.querySelector("textarea");
      if (input && !(body && body.value.trim())) input.value = phase;
    }
    var move = root.querySelector("[data-move-form]");
    if (move) {
      move.hidden = !next;
      move.querySelector("[data-move-from]").value = phase;
      move.querySelector("[data-move-to]").value = next ? next.getAttribute("data-phase-step") : "";
      move.querySelector("[data-move-label]").textContent = next ? next.getAttribute("data-label") : "";
    }
    var publish = root.querySelector("[data-publish-link]");
    if (publish) publish.hidden = phase !== "closed";
    if (!quiet) announce(root.getAttribute("data-t-phase-now").replace("%s", label));
  }

  function addContribution(e) {
    if (document.getElementById("contribution-" + e.contribution_id)) return;
    var list = root.querySelector("[data-contributions-for='" + e.phase + "']");
    if (!list) return;
    var none = list.querySelector("[data-no-contributions]");
    if (none) none.remove();
    var item = document.createElement("li");
    item.className = "contribution";
    item.id = "contribution-" + e.contribution_id;
    var meta = document.createElement("p");
    meta.className = "contribution__meta";
    var name = document.createElement("strong");
    name.textContent = e.author;
    var time = document.createElement("time");
    time.className = "muted small";
    time.setAttribute("datetime", e.created_at);
    var when = new Date(e.created_at);
    time.textContent = isNaN(when) ? "" : when.toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
    meta.append(name, " ", time);
    var body = document.createElement("p");
    body.className = "contribution__body";
    body.textContent = e.body;
    item.append(meta, body);
    list.append(item);
    if (!e.replay) announce(root.getAttribute("data-t-new-contribution").replace("%s", e.author));
  }

  var handlers = {
    intervision_phase: function (e) { setPhase(e.phase, false); },
    intervision_contribution: addContribution,
    intervision_contribution_removed: function (e) {
      var item = document.getElementById("contribution-" + e.contribution_id);
      if (item) item.remove();
    }
  };

  function subscribe(socket) {
    if (!socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify({ type: "subscribe", topic: TOPIC, key: key, cursor: state.cursor }));
  }

  document.addEventListener("koers:feed-open", function (event) { subscribe(event.detail.socket); });
  // feed.js may have opened its socket before this script ran.
  if (window.koersFeed && window.koersFeed.socket && window.koersFeed.cursor !== null) subscribe(window.koersFeed.socket);

  document.addEventListener("koers:feed-event", function (event) {
    var e = event.detail;
    if (!e || e.topic !== TOPIC || e.key !== key) return;
    if (e.type === "subscribed") {
      state.subscribed = true;
      state.cursor = Math.max(state.cursor, e.cursor || 0);
      root.setAttribute("data-live", "on");
      return;
    }
    if (e.type === "topic_reload") { announce(root.getAttribute("data-t-reload")); return; }
    // "position", not "seq": the feed's own cursor must not move with a topic's.
    if (typeof e.position !== "number" || state.seen[e.position]) return;  // replay and live may overlap
    state.seen[e.position] = true;
    state.cursor = Math.max(state.cursor, e.position);
    var handler = handlers[e.type];
    if (handler) handler(e);
  });
})();
