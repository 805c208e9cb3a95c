// Header search autocomplete: people and competences as you type (a combobox).
// Without JavaScript the box still submits to /search/; this only adds suggestions.
(function () {
  "use strict";
  var input = document.querySelector("input[data-search-autocomplete]");
  if (!input || !window.fetch) return;
  var endpoint = input.getAttribute("data-search-autocomplete") || "/search/autocomplete/";
  var list = document.createElement("ul");
  var listId = "search-suggestions";
  var items = [];
  var active = -1;
  var timer = null;
  var controller = null;

  list.id = listId;
  list.setAttribute("role", "listbox");
  list.className = "search-suggest";
  list.hidden = true;
  Object.assign(list.style, {
    position: "absolute", zIndex: "50", listStyle: "none", margin: ".25rem 0 0", padding: ".25rem",
    background: "#fff", border: "1px solid #d8dee4", borderRadius: "8px", minWidth: "18rem",
    boxShadow: "0 8px 24px rgba(0,0,0,.12)", color: "#1f2a2e"
  });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  var holder = input.parentNode;
  if (getComputedStyle(holder).position === "static") holder.style.position = "relative";
  holder.appendChild(list);

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    items.forEach(function (li, i) {
      var on = i === index;
      li.setAttribute("aria-selected", on ? "true" : "false");
      li.style.background = on ? "#e6f2ee" : "";
    });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
  }

  function render(results) {
    list.textContent = "";
    items = results.map(function (r, i) {
      var li = document.createElement("li");
      li.id = listId + "-" + i;
      li.setAttribute("role", "option");
      li.dataset.url = r.url;
      Object.assign(li.style, { padding: ".4rem .6rem", borderRadius: "6px", cursor: "pointer" });
      var label = document.createElement("strong");
      label.textContent = r.label;
      li.appendChild(label);
      if (r.detail) {
        var detail = document.createElement("span");
        detail.textContent = " · " + r.detail;
        detail.style.color = "#5b6b70";
        li.appendChild(detail);
      }
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        window.location.assign(r.url);
      });
      list.appendChild(li);
      return li;
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
  }

  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === q) render(data.results || []); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.assign(items[active].dataset.url); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
