// Competence autocomplete: suggests names from the shared vocabulary as you type.
(() => {
  "use strict";
  const ENDPOINT = "/people/competences/autocomplete/";

  function attach(input) {
    const wrap = document.createElement("div");
    wrap.className = "autocomplete";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const list = document.createElement("ul");
    list.className = "autocomplete__list";
    list.id = `${input.id || "competence"}-suggestions`;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    // A polite live region says how many suggestions there are (texts from base.html).
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrap.appendChild(status);
    const texts = document.body.dataset;
    const useSlug = input.dataset.autocompleteValue === "slug";
    let active = -1;
    let timer = null;
    let controller = null;

    const close = () => {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const choose = (option) => {
      input.value = useSlug ? option.dataset.slug : option.dataset.name;
      close();
      input.focus();
    };
    const highlight = (index) => {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === index)));
      active = index;
      // Combobox pattern (ARIA APG): focus stays in the input, the active option is
      // pointed at, so screen readers read it out as the arrow keys move.
      input.setAttribute("aria-activedescendant", options[index].id);
    };

    async function load() {
      const q = input.value.trim();
      if (q.length < 1) return close();
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${ENDPOINT}?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return close();
        const data = await response.json();
        list.replaceChildren();
        data.results.forEach((item, i) => {
          const li = document.createElement("li");
          li.className = "autocomplete__option";
          li.id = `${list.id}-${i}`;
          li.setAttribute("role", "option");
          li.dataset.name = item.name;
          li.dataset.slug = item.slug;
          li.textContent = item.name;
          li.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(li);
          });
          list.appendChild(li);
        });
        list.hidden = data.results.length === 0;
        status.textContent = data.results.length
          ? (texts.tSuggestions || "%s").replace("%s", data.results.length)
          : texts.tNoSuggestions || "";
        input.setAttribute("aria-expanded", String(!list.hidden));
        active = -1;
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    input.addEventListener("keydown", (event) => {
      const options = list.querySelectorAll("[role=option]");
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + options.length) % options.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  document.querySelectorAll("[data-competence-autocomplete]").forEach(attach);
})();
