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
