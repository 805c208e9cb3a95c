/* Koers live feed: new posts, comments, reaction counts and the notification bell over /ws/feed/.
   Pages work without this script; it only adds live updates and a few shortcuts. */
(function () {
  "use strict";
  if (window.koersFeed) return;
  // cursor: the highest "seq" handled (docs/realtime.md); seen: recent event ids,
  // to drop the frames a replay and the live stream both deliver.
  var koersFeed = (window.koersFeed = { cursor: null, seen: [], pending: [], socket: null });
  var SEEN_KEEP = 500;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Live fragments are rendered once for everyone, without a CSRF token: add ours.
  function addTokens(root) {
    var token = csrfToken();
    if (!token) return;
    root.querySelectorAll("form[method=post]").forEach(function (form) {
      if (!form.querySelector("input[name=csrfmiddlewaretoken]")) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "csrfmiddlewaretoken";
        input.value = token;
        form.prepend(input);
      }
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    addTokens(template.content);
    return template.content;
  }

  function feedRoot() { return document.querySelector("[data-feed]"); }
  function feedList() { return document.querySelector("[data-feed-list]"); }

  function announce(text) {
    var status = document.querySelector("[data-live-status]");
    if (status) status.textContent = text;
  }

  function newPostsBar() {
    var bar = document.querySelector("[data-new-posts-bar]");
    if (!bar) return;
    var n = koersFeed.pending.length;
    if (!n) { bar.hidden = true; return; }
    bar.textContent = n === 1 ? "1 new post" : n + " new posts";
    if (document.documentElement.lang === "nl") bar.textContent = n === 1 ? "1 nieuw bericht" : n + " nieuwe berichten";
    bar.hidden = false;
    announce(bar.textContent);
  }

  function showPending() {
    var list = feedList();
    if (!list) return;
    koersFeed.pending.slice().reverse().forEach(function (envelope) {
      if (!document.getElementById("post-" + envelope.post_id)) {
        var empty = list.querySelector(".empty");
        if (empty) empty.remove();
        list.prepend(fragment(envelope.html));
      }
    });
    koersFeed.pending = [];
    newPostsBar();
  }

  function wantsPost(envelope) {
    var root = feedRoot();
    if (!root || !feedList()) return false;
    var network = root.getAttribute("data-live-network");
    if (network) return String(envelope.network_id) === network;
    var kind = root.getAttribute("data-live-kind") || "";
    if (kind === "none") return false;
    return !kind || kind === envelope.kind;
  }

  function setCounts(card, counts) {
    card.querySelectorAll("[data-reaction-count]").forEach(function (el) {
      el.textContent = counts[el.getAttribute("data-reaction-count")] || 0;
    });
  }

  var handlers = {
    post_created: function (e) {
      if (!wantsPost(e) || document.getElementById("post-" + e.post_id)) return;
      if (koersFeed.pending.some(function (p) { return p.post_id === e.post_id; })) return;
      koersFeed.pending.push(e);
      newPostsBar();
    },
    post_updated: function (e) {
      var card = document.getElementById("post-" + e.post_id);
      if (!card) return;
      var body = fragment(e.html).querySelector(".post-card__body");
      var old = card.querySelector(".post-card__body");
      if (body && old) old.replaceWith(body);
    },
    comment_deleted: function (e) {
      var comment = document.getElementById("comment-" + e.comment_id);
      if (comment) comment.remove();
      if (typeof e.comment_count === "number") {
        document.querySelectorAll("#post-" + e.post_id + " [data-comment-count], [data-comment-count-for='" + e.post_id + "']").forEach(function (el) {
          el.textContent = e.comment_count;
        });
      }
    },
    post_deleted: function (e) {
      var card = document.getElementById("post-" + e.post_id);
      if (card) card.remove();
      koersFeed.pending = koersFeed.pending.filter(function (p) { return p.post_id !== e.post_id; });
      newPostsBar();
    },
    comment_created: function (e) {
      document.querySelectorAll("#post-" + e.post_id + " [data-comment-count], [data-comment-count-for='" + e.post_id + "']").forEach(function (el) {
        el.textContent = e.comment_count;
      });
      var container = e.parent_id
        ? document.querySelector("[data-replies-for='" + e.parent_id + "']")
        : document.querySelector("[data-comments-for='" + e.post_id + "']");
      if (container && !document.getElementById("comment-" + e.comment_id)) {
        var none = container.querySelector("[data-no-comments]");
        if (none) none.remove();
        container.append(fragment(e.html));
      }
    },
    reactions_changed: function (e) {
      var card = document.getElementById("post-" + e.post_id);
      if (card) setCounts(card, e.reaction_counts);
    },
    notification: function (e) {
      document.querySelectorAll("[data-unread-count]").forEach(function (el) {
        el.textContent = e.unread;
        el.hidden = !e.unread;
      });
      if (e.text && !e.replay) announce(e.text);
    },
    reload: function () {
      var bar = document.querySelector("[data-new-posts-bar]");
      if (bar) {
        bar.textContent = document.documentElement.lang === "nl" ? "Er is veel nieuws: herlaad de pagina" : "A lot happened: reload the page";
        bar.hidden = false;
        bar.onclick = function () { window.location.reload(); };
      }
    }
  };

  function connect(attempt) {
    if (!("WebSocket" in window)) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/feed/");
    koersFeed.socket = socket;
    socket.addEventListener("open", function () { attempt = 0; });
    socket.addEventListener("message", function (message) {
      var envelope;
      try { envelope = JSON.parse(message.data); } catch (err) { return; }
      if (envelope.type === "hello") {
        // A page knows the cursor it was rendered at; without one, start now.
        if (koersFeed.cursor === null) koersFeed.cursor = envelope.cursor || 0;
        else socket.send(JSON.stringify({ type: "resume", cursor: koersFeed.cursor }));
        // Pages that follow a private topic (intervision.js) subscribe on every (re)connect.
        document.dispatchEvent(new CustomEvent("koers:feed-open", { detail: { socket: socket } }));
        return;
      }
      if (envelope.type === "resumed" && typeof envelope.cursor === "number") {
        koersFeed.cursor = Math.max(koersFeed.cursor || 0, envelope.cursor);
      }
      if (typeof envelope.id === "number") {
        if (koersFeed.seen.indexOf(envelope.id) !== -1) return;  // already handled
        koersFeed.seen.push(envelope.id);
        if (koersFeed.seen.length > SEEN_KEEP) koersFeed.seen.shift();
      }
      if (typeof envelope.seq === "number" && envelope.seq > (koersFeed.cursor || 0)) {
        koersFeed.cursor = envelope.seq;
      }
      var handler = handlers[envelope.type];
      if (handler) handler(envelope);
      document.dispatchEvent(new CustomEvent("koers:feed-event", { detail: envelope }));
    });
    socket.addEventListener("close", function (event) {
      // 1003, 1008, 1009: this client sent something wrong; retrying would repeat it.
      if (event.code === 1003 || event.code === 1008 || event.code === 1009) {
        if (window.console) console.warn("koers feed: closed with " + event.code + " " + event.reason);
        return;
      }
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt || 0));
      // 1001: the server is restarting; spread the reconnections out.
      if (event.code === 1001) delay = 500 + Math.random() * 2500;
      setTimeout(function () { connect((attempt || 0) + 1); }, delay);
    });
  }

  // Reactions without leaving the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-reaction-form]")) return;
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.redirected || !response.ok) { form.submit(); return null; }
      return response.json();
    }).then(function (data) {
      if (!data) return;
      var button = form.querySelector("button");
      button.classList.toggle("reaction--mine", data.given);
      button.setAttribute("aria-pressed", data.given ? "true" : "false");
      var card = form.closest(".post-card");
      if (card) setCounts(card, data.reaction_counts);
    });
  });

  // "Load more" appends the next page in place.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-load-more]");
    if (link) {
      event.preventDefault();
      var url = link.getAttribute("href") + "&fragment=1";
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var wrap = link.closest("[data-load-more-wrap]");
        var list = feedList();
        if (wrap) wrap.remove();
        if (list) list.append(fragment(html));
      });
      return;
    }
    if (event.target.matches && event.target.matches("[data-new-posts-bar]") && koersFeed.pending.length) {
      showPending();
    }
  });

  // The composer shows result and kudos fields only for those kinds.
  function syncComposer() {
    var kind = document.querySelector("[data-composer] select[name=kind]");
    if (!kind) return;
    document.querySelectorAll("[data-composer] .field--result").forEach(function (el) { el.hidden = kind.value !== "result"; });
    document.querySelectorAll("[data-composer] .field--kudos").forEach(function (el) { el.hidden = kind.value !== "kudos"; });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-composer] select[name=kind]")) syncComposer();
  });

  // @mention suggestions, after the ARIA APG combobox pattern (list autocomplete):
  // focus stays in the text area, which points at the active option with
  // aria-activedescendant; arrows move, Enter or Tab chooses, Escape closes; a polite
  // live region says how many people were found. Clicking an option works too.
  // The suggestions of a person combobox (ARIA listbox after the field), for @mentions
  // and the kudos picker alike. People are picked by name; the handle is only what a
  // mention's text stores.
  function peopleListbox(field, suffix, label, people, choose) {
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = field.id + suffix;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label);
    var options = people.map(function (person, i) {
      var item = document.createElement("li");
      item.id = list.id + "-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.className = "mention-list__option";
      item.textContent = person.name || person.username;
      item.person = person;
      item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.append(item);
      return item;
    });
    field.after(list);
    field.setAttribute("aria-controls", list.id);
    field.setAttribute("aria-expanded", "true");
    return { list: list, options: options };
  }

  var mention = null;  // {area, list, options, active, match}
  var mentionAsked = 0;  // answers to older keystrokes are ignored
  function mentionStatus(area) {
    var id = area.id + "-mention-status";
    var status = document.getElementById(id);
    if (!status) {
      status = document.createElement("div");
      status.id = id;
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      area.after(status);
    }
    return status;
  }
  function closeMentions() {
    if (!mention) return;
    mention.list.remove();
    mention.area.setAttribute("aria-expanded", "false");
    mention.area.removeAttribute("aria-activedescendant");
    mention = null;
  }
  function chooseMention(index) {
    var m = mention, person = m.options[index].person;
    var area = m.area, start = area.selectionStart - m.match.length;
    area.value = area.value.slice(0, start) + person.username + " " + area.value.slice(area.selectionStart);
    var caret = start + person.username.length + 1;
    area.setSelectionRange(caret, caret);
    closeMentions();
    area.focus();
  }
  function highlightMention(index) {
    mention.active = index;
    mention.options.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === index)); });
    mention.area.setAttribute("aria-activedescendant", mention.options[index].id);
  }
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("[data-mention-autocomplete]")) return;
    var before = area.value.slice(0, area.selectionStart);
    var match = before.match(/@([\w.+-]{1,50})$/);
    closeMentions();
    if (!match) { mentionAsked++; return; }
    if (!area.id) area.id = "mention-area-" + Math.random().toString(36).slice(2);
    area.setAttribute("aria-autocomplete", "list");
    var asked = ++mentionAsked;
    fetch("/feed/mentions/?q=" + encodeURIComponent(match[1]), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (asked !== mentionAsked) return;
        var status = mentionStatus(area);
        // Texts translated by the server (base.html's body data attributes).
        var texts = document.body.dataset;
        status.textContent = data.results.length
          ? (texts.tSuggestions || "%s").replace("%s", data.results.length)
          : texts.tNoSuggestions || "";
        if (!data.results.length) return;
        closeMentions();
        var shown = peopleListbox(area, "-mentions", document.body.dataset.tMentionList || "@",
                                  data.results, chooseMention);
        mention = { area: area, list: shown.list, options: shown.options, active: -1, match: match[1] };
      });
  });
  document.addEventListener("keydown", function (event) {
    if (!mention || event.target !== mention.area) return;
    var n = mention.options.length;
    if (event.key === "ArrowDown") { event.preventDefault(); highlightMention((mention.active + 1) % n); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlightMention((mention.active - 1 + n) % n); }
    else if ((event.key === "Enter" || event.key === "Tab") && mention.active >= 0) { event.preventDefault(); chooseMention(mention.active); }
    else if (event.key === "Escape") { event.preventDefault(); closeMentions(); }
  });
  document.addEventListener("focusout", function (event) {
    if (mention && event.target === mention.area) setTimeout(closeMentions, 150);
  });

  // Kudos to a person picked by name (same combobox pattern as @mentions): the
  // field shows the name, a hidden field keeps who was picked.
  var picker = null;  // {input, list, options, active}
  var pickerAsked = 0;
  function closePicker() {
    if (!picker) return;
    picker.list.remove();
    picker.input.setAttribute("aria-expanded", "false");
    picker.input.removeAttribute("aria-activedescendant");
    picker = null;
  }
  function pickedField(input) {
    return input.form && input.form.querySelector("input[name=" + input.name + "_person]");
  }
  function choosePerson(index) {
    var input = picker.input, person = picker.options[index].person;
    input.value = person.name;
    var hidden = pickedField(input);
    if (hidden) hidden.value = person.id;
    closePicker();
    input.focus();
  }
  function highlightPerson(index) {
    picker.active = index;
    picker.options.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === index)); });
    picker.input.setAttribute("aria-activedescendant", picker.options[index].id);
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-person-autocomplete]")) return;
    var hidden = pickedField(input);
    if (hidden) hidden.value = "";
    closePicker();
    var q = input.value.trim();
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var asked = ++pickerAsked;
    if (q.length < 2) return;
    fetch("/feed/mentions/?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (asked !== pickerAsked) return;
        var status = mentionStatus(input);
        var texts = document.body.dataset;
        status.textContent = data.results.length
          ? (texts.tSuggestions || "%s").replace("%s", data.results.length)
          : texts.tNoSuggestions || "";
        if (!data.results.length) return;
        closePicker();
        var label = input.labels && input.labels[0] ? input.labels[0].textContent : "";
        var shown = peopleListbox(input, "-people", label, data.results, choosePerson);
        picker = { input: input, list: shown.list, options: shown.options, active: -1 };
      });
  });
  document.addEventListener("keydown", function (event) {
    if (!picker || event.target !== picker.input) return;
    var n = picker.options.length;
    if (event.key === "ArrowDown") { event.preventDefault(); highlightPerson((picker.active + 1) % n); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlightPerson((picker.active - 1 + n) % n); }
    else if (event.key === "Enter" && picker.active >= 0) { event.preventDefault(); choosePerson(picker.active); }
    else if (event.key === "Escape") { event.preventDefault(); closePicker(); }
  });
  document.addEventListener("focusout", function (event) {
    if (picker && event.target === picker.input) setTimeout(closePicker, 150);
  });

  function start() {
    var marker = document.querySelector("[data-feed-cursor]");
    if (marker) koersFeed.cursor = parseInt(marker.getAttribute("data-feed-cursor"), 10) || 0;
    syncComposer();
    if (feedRoot() || document.querySelector("[data-notification-bell]")) connect(0);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
