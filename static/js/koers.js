// Koers: small progressive enhancements shared by every page. Pages work without it.
(function () {
  "use strict";
  const toggle = document.querySelector("[data-nav-toggle]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      const nav = document.getElementById(toggle.getAttribute("aria-controls"));
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }
  // The sticky header's height, for scroll-padding-top in koers.css: focus moved by Tab
  // or Shift+Tab is scrolled clear of the header, whatever its height (menu open, zoom).
  const header = document.querySelector(".site-header");
  function keepHeaderHeight() {
    const sticky = getComputedStyle(header).position === "sticky";
    document.documentElement.style.setProperty(
      "--header-h", sticky ? header.offsetHeight + "px" : "0px");
  }
  if (header) {
    keepHeaderHeight();
    window.addEventListener("resize", keepHeaderHeight);
    if (window.ResizeObserver) new ResizeObserver(keepHeaderHeight).observe(header);
  }
  // Print buttons (no inline handlers: the Content-Security-Policy forbids them).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", function () { window.print(); });
  }
  // A wide table scrolls inside itself (koers.css); while it does, it takes focus so a
  // keyboard can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable).
  const tables = document.querySelectorAll(".site-main table");
  function focusableWhenScrolling() {
    for (const table of tables) {
      const scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.dataset.scrollFocus = "";
      } else if (!scrolls && "scrollFocus" in table.dataset) {
        table.removeAttribute("tabindex");
        delete table.dataset.scrollFocus;
      }
    }
  }
  if (tables.length) {
    focusableWhenScrolling();
    window.addEventListener("resize", focusableWhenScrolling);
  }
})();

// The e-mail confirmation page sends its form itself (allauth's advice instead of
// confirming on GET): opening the link is the one step; a mail scanner confirms nothing.
(function () {
  "use strict";
  const form = document.querySelector("form[data-auto-submit]");
  if (form) form.requestSubmit();
})();

// In-place actions (htmx): a refused action keeps the page as it was and says why in
// the live region; nothing jumps. A fragment's own message arrives through hx-select-oob.
(function () {
  "use strict";
  function say(text) {
    const region = document.getElementById("messages");
    if (!region) return;
    const p = document.createElement("p");
    p.className = "message message--error";
    p.textContent = text;
    region.replaceChildren(p);
  }
  document.addEventListener("htmx:responseError", function (event) {
    const html = event.detail.xhr.responseText || "";
    const doc = new DOMParser().parseFromString(html, "text/html");
    const found = doc.querySelector(".problem__message, [role=alert], .message--error");
    say(found ? found.textContent.trim() : document.documentElement.dataset.errorText || "That did not work.");
  });
  document.addEventListener("htmx:sendError", function () {
    say(document.documentElement.dataset.offlineText || "Koers could not be reached. Please try again.");
  });
})();

// Disclosures that stay open on a wide screen (People's filters): folded on a phone.
(function () {
  "use strict";
  const wide = window.matchMedia("(min-width: 60.01rem)");
  function sync() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) {
      d.open = wide.matches;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();

// After an in-place swap, focus stays where it was: htmx refocuses an element with the
// same id; when the pressed button is gone (volunteered, hidden), the part itself takes
// focus instead of the page's start.
(function () {
  "use strict";
  let swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    swappedId = event.detail.target && event.detail.target.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!swappedId) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const part = document.getElementById(swappedId);
    if (part) {
      if (!part.hasAttribute("tabindex")) part.setAttribute("tabindex", "-1");
      part.focus({ preventScroll: true });
    }
    swappedId = null;
  });
})();
