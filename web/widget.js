/*
 * Upper back pain FAQ chat widget. One script tag adds a round launcher button to any page,
 * which opens the chat panel:
 *
 *   <script src="https://example.org/webhooks/widget/widget.js" async defer
 *           data-title="Upper back pain FAQ" data-accent="#1f5f8b"
 *           data-position="bottom-right" data-open="false"
 *           data-questions='["Which stretches help?", "How do I foam roll?"]'></script>
 *
 * Settings (all optional), as data- attributes of the script tag:
 *   data-server-url   the assistant's origin (default: where the script came from)
 *   data-title        the panel's title
 *   data-accent       accent colour (any CSS colour)
 *   data-position     bottom-right (default) or bottom-left
 *   data-open         "true" opens the panel when the page loads
 *   data-questions    JSON list of questions offered as buttons before the first question
 *   data-mode         launcher (default) or inline: the panel inside the element
 *                     #upper-back-chat (or data-target="<CSS selector>") instead of a launcher
 *   data-history-days how long the conversation is kept in this browser (default 7)
 *
 * The widget lives in its own shadow root (open, so tests can reach it) on an
 * <upper-back-chat> element whose styles are reset with all:initial: the host page's CSS does
 * not reach it and its CSS does not leak out. It loads its socket.io client from the same
 * folder (no CDN) without touching the page's own `io` or AMD loader. Messages are rendered
 * as text (links only for http/https). The session id the server confirms and the history
 * are kept in localStorage for `data-history-days` after the last message; "Clear" forgets
 * them and starts a new conversation. Messages typed before the server confirms the session
 * are queued, marked as waiting, and sent once it does. Buttons whose payload starts with
 * /rate_answer become a thumbs up / down pair under their answer.
 */
(function () {
  "use strict";

  // Settings -----------------------------------------------------------------------------
  var script = document.currentScript;
  if (!script) {
    var found = document.querySelectorAll("script[src*='widget.js']");
    script = found.length ? found[found.length - 1] : null;
  }
  function setting(name) {
    var value = script ? script.getAttribute("data-" + name) : null;
    return value == null || value.trim() === "" ? null : value.trim();
  }
  var base = script && script.src ? script.src.replace(/widget\.js([?#].*)?$/, "") : "/webhooks/widget/";
  var DEFAULT_TITLE = "Upper back pain FAQ";
  var DEFAULT_ACCENT = "#1f5f8b";
  var MAX_HISTORY = 200;
  var RATE_PREFIX = "/rate_answer";

  function origin(url) {
    try { return new URL(url, location.href).origin; } catch (e) { return null; }
  }

  function questions(raw) {
    var list;
    try { list = JSON.parse(raw || "[]"); } catch (e) { list = []; }
    if (!Array.isArray(list)) list = [];
    return list.filter(function (q) { return typeof q === "string" && q.trim(); })
      .map(function (q) { return q.trim().slice(0, 200); }).slice(0, 6);
  }

  function start(body) {
    var mode = setting("mode");
    var target = null;
    if (mode !== "launcher") {
      try { target = document.querySelector(setting("target") || "#upper-back-chat"); } catch (e) { target = null; }
      if (mode === "inline" && !target) return;
      mode = target ? "inline" : "launcher";
    }
    var days = Number(setting("history-days") || 7);
    if (!(days > 0 && days <= 365)) days = 7;
    var config = {
      mode: mode,
      server: origin(setting("server-url") || (target && target.getAttribute("data-server")) || base) || location.origin,
      title: (setting("title") || DEFAULT_TITLE).slice(0, 80),
      accent: setting("accent"),
      position: setting("position") === "bottom-left" ? "bottom-left" : "bottom-right",
      open: setting("open") === "true",
      questions: questions(setting("questions")),
      days: days
    };
    if (!config.accent || !(window.CSS && CSS.supports && CSS.supports("color", config.accent))) {
      config.accent = DEFAULT_ACCENT;
    }
    var host = target || document.querySelector("upper-back-chat[data-ubc-ready]");
    if (host && (host.shadowRoot || host.hasAttribute("data-ubc-ready"))) return;  // loaded twice
    if (!host) {
      host = document.createElement("upper-back-chat");
      body.appendChild(host);
    }
    host.setAttribute("data-ubc-ready", "");
    host.setAttribute("data-mode", config.mode);
    host.setAttribute("data-position", config.position);
    widget(host, host.attachShadow({ mode: "open" }), config);
  }

  // The socket.io client, loaded once per page and kept off the page's globals -----------
  function loadClient(done, failed) {
    var shared = window.UpperBackChat = window.UpperBackChat || {};
    if (shared.io) { done(shared.io); return; }
    if (shared.waiting) { shared.waiting.push([done, failed]); return; }
    shared.waiting = [[done, failed]];
    var hadIo = Object.prototype.hasOwnProperty.call(window, "io");
    var pageIo = window.io;
    var amd = typeof window.define === "function" && window.define.amd;
    if (amd) window.define.amd = undefined;  // the client is a UMD bundle: make it a global
    var loader = document.createElement("script");
    loader.src = base + "vendor/socket.io.min.js";
    loader.async = true;
    function finish(ok) {
      if (amd) window.define.amd = amd;
      var client = ok && typeof window.io === "function" ? window.io : null;
      if (hadIo) window.io = pageIo;
      else { try { delete window.io; } catch (e) { window.io = undefined; } }
      shared.io = client;
      var waiting = shared.waiting;
      shared.waiting = null;
      waiting.forEach(function (pair) { if (client) pair[0](client); else pair[1](); });
    }
    loader.onload = function () { finish(true); };
    loader.onerror = function () { finish(false); };
    (document.head || document.documentElement).appendChild(loader);
  }

  // Stored conversation: checked entry by entry, so a damaged one cannot stop the widget ----
  function text(value, limit) {
    return typeof value === "string" ? value.slice(0, limit) : null;
  }

  function cleanReply(reply) {
    if (!reply || typeof reply !== "object") return null;
    var title = text(reply.title, 300), payload = text(reply.payload, 2000);
    return title && payload ? { title: title, payload: payload } : null;
  }

  function cleanEntry(entry) {
    if (!entry || typeof entry !== "object" || (entry.from !== "user" && entry.from !== "bot")) return null;
    var clean = { id: typeof entry.id === "number" ? entry.id : 0, from: entry.from, text: text(entry.text, 10000) || "" };
    if (entry.from === "user" && entry.pending === true) clean.pending = true;
    if (entry.from === "user" && typeof entry.payload === "string") clean.payload = entry.payload.slice(0, 2000);
    if (Array.isArray(entry.replies)) {
      clean.replies = entry.replies.slice(0, 12).map(cleanReply).filter(Boolean);
    }
    var rate = entry.rate;
    if (rate && typeof rate === "object" && text(rate.up, 2000) && text(rate.down, 2000)) {
      clean.rate = { up: rate.up, down: rate.down, value: rate.value === true || rate.value === false ? rate.value : null };
    }
    return clean.text || (clean.replies && clean.replies.length) || clean.rate ? clean : null;
  }

  function blank() {
    return { sessionId: null, history: [], outbox: [], nextId: 1 };
  }

  function restore(key, days) {
    var raw = null, data = null;
    try { raw = localStorage.getItem(key); } catch (e) { return { state: blank() }; }
    if (raw == null) return { state: blank() };
    try { data = JSON.parse(raw); } catch (e) { data = null; }
    if (!data || typeof data !== "object" || Array.isArray(data)) return { state: blank(), damaged: true };
    var age = Date.now() - data.savedAt;
    if (typeof data.savedAt !== "number" || !(age >= 0) || age > days * 86400000) {
      return { state: blank(), expired: true };
    }
    var history = Array.isArray(data.history) ? data.history.slice(-MAX_HISTORY).map(cleanEntry).filter(Boolean) : [];
    var nextId = 1;
    history.forEach(function (entry) {
      if (!(entry.id >= nextId)) entry.id = nextId;
      nextId = entry.id + 1;
    });
    var outbox = (Array.isArray(data.outbox) ? data.outbox : []).filter(function (item) {
      return item && typeof item === "object" && typeof item.message === "string";
    }).map(function (item) {
      return { message: item.message.slice(0, 2000), entry: typeof item.entry === "number" ? item.entry : null };
    }).slice(0, 20);
    var sessionId = text(data.sessionId, 128);
    return { state: { sessionId: sessionId || null, history: history, outbox: outbox, nextId: nextId } };
  }

  // Look ----------------------------------------------------------------------------------
  var CSS_TEXT = [
    ":host{all:initial !important;display:block !important;visibility:visible !important;opacity:1 !important;",
    "transform:none !important;filter:none !important;contain:none !important}",
    ":host([data-mode=launcher]){position:fixed !important;width:0 !important;height:0 !important;bottom:0 !important;",
    "right:0 !important;left:auto !important;top:auto !important;z-index:2147483000 !important;margin:0 !important;padding:0 !important;border:0 !important}",
    ".ubc-root{--ubc-accent:" + DEFAULT_ACCENT + ";--ubc-on-accent:#fff;font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;",
    "color:#1b1b1b;text-align:left;direction:ltr;letter-spacing:normal;text-transform:none}",
    ".ubc-root *,.ubc-root *::before,.ubc-root *::after{box-sizing:border-box}",
    "button,input{font:inherit;letter-spacing:inherit;text-transform:none;margin:0}",
    "[hidden]{display:none !important}",
    ".ubc-launcher{position:fixed;bottom:20px;right:20px;width:60px;height:60px;border-radius:50%;border:0;padding:0;",
    "background:var(--ubc-accent);color:var(--ubc-on-accent);box-shadow:0 4px 14px rgba(0,0,0,.28);cursor:pointer;",
    "display:flex;align-items:center;justify-content:center;z-index:2147483001}",
    ".ubc-left .ubc-launcher{left:20px;right:auto}",
    ".ubc-launcher svg{width:28px;height:28px;fill:currentColor}",
    ".ubc-launcher:focus-visible,.ubc-btn:focus-visible,.ubc-reply:focus-visible,.ubc-rate:focus-visible{outline:3px solid #f0a500;outline-offset:2px}",
    ".ubc-badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;",
    "background:#c62828;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;border:2px solid #fff}",
    ".ubc-panel{display:flex;flex-direction:column;background:#fff;border:1px solid #c9ced6;overflow:hidden}",
    ".ubc-inline .ubc-panel{width:100%;max-width:420px;height:560px;max-height:90vh;border-radius:10px}",
    ".ubc-floating .ubc-panel{position:fixed;bottom:92px;right:20px;width:380px;height:600px;max-height:calc(100vh - 112px);",
    "border-radius:12px;box-shadow:0 10px 36px rgba(0,0,0,.25);z-index:2147483002;visibility:hidden;opacity:0;transform:translateY(16px)}",
    ".ubc-left.ubc-floating .ubc-panel{left:20px;right:auto}",
    ".ubc-floating.ubc-open .ubc-panel{visibility:visible;opacity:1;transform:none}",
    "@media (prefers-reduced-motion:no-preference){",
    ".ubc-floating .ubc-panel{transition:opacity .2s ease,transform .2s ease,visibility 0s linear .2s}",
    ".ubc-floating.ubc-open .ubc-panel{transition:opacity .2s ease,transform .2s ease,visibility 0s}",
    ".ubc-launcher{transition:transform .15s ease}.ubc-launcher:hover{transform:scale(1.06)}}",
    ".ubc-head{display:flex;align-items:center;gap:6px;background:var(--ubc-accent);color:var(--ubc-on-accent);padding:8px 8px 8px 14px}",
    ".ubc-title{flex:1;min-width:0;margin:0;font-size:16px;font-weight:600;line-height:1.3;color:inherit;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
    ".ubc-status{display:block;font-size:12px;font-weight:400;opacity:.9}",
    ".ubc-btn{border:1px solid currentColor;background:transparent;color:inherit;border-radius:6px;padding:4px 9px;font-size:13px;cursor:pointer}",
    ".ubc-close{border:0;font-size:22px;line-height:1;width:34px;height:34px;padding:0}",
    ".ubc-note{margin:0;padding:6px 14px;font-size:12px;color:#4a4f57;background:#f6f7f9;border-bottom:1px solid #e3e6ea}",
    ".ubc-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#fff}",
    ".ubc-log:focus-visible{outline:3px solid #f0a500;outline-offset:-3px}",
    ".ubc-msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;margin:0}",
    ".ubc-bot{background:#eef2f6;color:#1b1b1b;align-self:flex-start}",
    ".ubc-user{background:var(--ubc-accent);color:var(--ubc-on-accent);align-self:flex-end}",
    ".ubc-msg a{color:inherit;text-decoration:underline}",
    ".ubc-pending{opacity:.75;border:1px dashed var(--ubc-on-accent)}",
    ".ubc-wait{display:block;font-size:11px;font-style:italic}",
    ".ubc-replies{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}",
    ".ubc-reply{border:1px solid var(--ubc-accent);background:#fff;color:#1b1b1b;border-radius:14px;padding:5px 10px;",
    "font-size:13px;cursor:pointer;text-align:left}",
    ".ubc-reply:hover,.ubc-reply:focus{background:var(--ubc-accent);color:var(--ubc-on-accent)}",
    ".ubc-rating{display:flex;align-items:center;gap:6px;align-self:flex-start;font-size:12px;color:#4a4f57;margin-top:-4px}",
    ".ubc-rate{border:1px solid #c9ced6;background:#fff;border-radius:14px;padding:2px 9px;font-size:15px;cursor:pointer;line-height:1.4}",
    ".ubc-rate svg{width:16px;height:16px;fill:currentColor;vertical-align:-3px}.ubc-rate .ubc-down{transform:rotate(180deg)}",
    ".ubc-rate{color:#4a4f57}.ubc-rate:hover{border-color:var(--ubc-accent);color:#1b1b1b}",
    ".ubc-rate[aria-pressed=true]{background:var(--ubc-accent);border-color:var(--ubc-accent);color:var(--ubc-on-accent)}",
    ".ubc-form{display:flex;border-top:1px solid #c9ced6;background:#fff}",
    ".ubc-input{flex:1;min-width:0;border:0;padding:12px;font-size:16px;color:#1b1b1b;background:#fff}",
    ".ubc-input:focus{outline:2px solid #f0a500;outline-offset:-2px}",
    ".ubc-send{border:0;background:var(--ubc-accent);color:var(--ubc-on-accent);padding:0 16px;cursor:pointer;font-weight:600}",
    ".ubc-send:focus-visible{outline:3px solid #f0a500;outline-offset:-3px}",
    ".ubc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "@media (max-width:480px){",
    ".ubc-floating .ubc-panel{top:0;left:0;right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0;border:0}",
    ".ubc-left.ubc-floating .ubc-panel{left:0}",
    ".ubc-floating.ubc-open .ubc-launcher{display:none}",
    ".ubc-inline .ubc-panel{max-width:100%;height:100vh;max-height:100vh;border-radius:0}}"
  ].join("");

  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/></svg>';

  // Drawn, not emoji: not every reader's system has an emoji font.
  var THUMB = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"/></svg>';

  function el(tag, cls, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    return node;
  }

  // Text only: message content is never parsed as HTML; http(s) URLs become links.
  function renderText(node, value) {
    String(value).split(/(https?:\/\/[^\s<>"']+)/g).forEach(function (part, i) {
      if (i % 2 === 1) {
        var url;
        try { url = new URL(part); } catch (e) { url = null; }
        if (url && (url.protocol === "http:" || url.protocol === "https:")) {
          var a = el("a", null, { href: url.href, target: "_blank", rel: "noopener noreferrer" });
          a.textContent = part;
          node.appendChild(a);
          return;
        }
      }
      node.appendChild(document.createTextNode(part));
    });
  }

  // A /rate_answer{"ref":...,"helpful":true|false} pair, or null.
  function ratingOf(replies) {
    var rate = { up: null, down: null, value: null };
    replies.forEach(function (reply) {
      if (reply.payload.indexOf(RATE_PREFIX) !== 0) return;
      var data = null;
      try { data = JSON.parse(reply.payload.slice(RATE_PREFIX.length) || "null"); } catch (e) { data = null; }
      if (data && data.helpful === true) rate.up = reply.payload;
      if (data && data.helpful === false) rate.down = reply.payload;
    });
    return rate.up && rate.down ? rate : null;
  }

  // One widget --------------------------------------------------------------------------
  function widget(host, shadow, config) {
    var KEY = "upper-back-chat:" + config.server;
    var floating = config.mode === "launcher";
    var restored = restore(KEY, config.days);
    var state = restored.state;
    var socket = null, confirmed = false, connecting = false, isOpen = !floating, unread = 0;

    function save() {
      state.history = state.history.slice(-MAX_HISTORY);
      try {
        localStorage.setItem(KEY, JSON.stringify({
          savedAt: Date.now(), sessionId: state.sessionId, history: state.history,
          outbox: state.outbox, nextId: state.nextId
        }));
      } catch (e) { /* storage full or off: the conversation still works in this page */ }
    }
    if (restored.damaged || restored.expired) {
      try { localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
    }

    var style = el("style");
    style.textContent = CSS_TEXT;
    var root = el("div", "ubc-root " + (floating ? "ubc-floating" : "ubc-inline") +
                  (config.position === "bottom-left" ? " ubc-left" : ""));
    root.style.setProperty("--ubc-accent", config.accent);
    shadow.appendChild(style);
    shadow.appendChild(root);

    var launcher = null, badge = null;
    if (floating) {
      launcher = el("button", "ubc-launcher", { type: "button", "aria-expanded": "false", "aria-controls": "ubc-panel" });
      launcher.innerHTML = ICON;  // a constant, never message content
      badge = el("span", "ubc-badge", { "aria-hidden": "true" });
      badge.hidden = true;
      launcher.appendChild(badge);
      root.appendChild(launcher);
    }
    var panel = el(floating ? "div" : "section", "ubc-panel",
                   floating ? { id: "ubc-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "ubc-title" }
                            : { id: "ubc-panel", "aria-labelledby": "ubc-title" });
    var head = el("div", "ubc-head");
    var heading = el("div", "ubc-title", { id: "ubc-title", role: "heading", "aria-level": "2" });
    heading.textContent = config.title;
    var status = el("span", "ubc-status", { role: "status" });
    var titles = el("div", null, { style: "flex:1;min-width:0" });
    titles.appendChild(heading);
    titles.appendChild(status);
    var clear = el("button", "ubc-btn ubc-clear", { type: "button", title: "Forget this conversation and start a new one" });
    clear.textContent = "Clear";
    head.appendChild(titles);
    head.appendChild(clear);
    var close = null;
    if (floating) {
      close = el("button", "ubc-btn ubc-close", { type: "button", "aria-label": "Close chat" });
      close.textContent = "×";
      head.appendChild(close);
    }
    var note = el("p", "ubc-note");
    note.textContent = "Informational, not medical advice. This conversation is kept in this browser for " +
      config.days + (config.days === 1 ? " day" : " days") + " after your last message; Clear forgets it now.";
    var log = el("div", "ubc-log", { role: "log", "aria-live": "polite", "aria-relevant": "additions",
                                     "aria-label": "Conversation", tabindex: "0" });
    var form = el("form", "ubc-form");
    var label = el("label", "ubc-sr", { for: "ubc-input" });
    label.textContent = "Your question";
    var input = el("input", "ubc-input", { id: "ubc-input", type: "text", autocomplete: "off", maxlength: "2000",
                                           enterkeyhint: "send", placeholder: "Ask about your upper back…" });
    var send = el("button", "ubc-send", { type: "submit" });
    send.textContent = "Send";
    form.appendChild(label); form.appendChild(input); form.appendChild(send);
    panel.appendChild(head); panel.appendChild(note); panel.appendChild(log); panel.appendChild(form);
    root.appendChild(panel);

    // Readable text on the accent colour.
    var accent = getComputedStyle(heading.parentNode.parentNode).backgroundColor.match(/[\d.]+/g);
    if (accent && accent.length >= 3) {
      var lum = (0.2126 * accent[0] + 0.7152 * accent[1] + 0.0722 * accent[2]) / 255;
      if (lum > 0.6) root.style.setProperty("--ubc-on-accent", "#111");
    }

    function setStatus(value) { status.textContent = value; }

    function updateLauncher() {
      if (!launcher) return;
      badge.hidden = unread === 0;
      badge.textContent = unread > 9 ? "9+" : String(unread);
      launcher.setAttribute("aria-label", "Open chat: " + config.title +
        (unread ? " (" + unread + " unread " + (unread === 1 ? "message" : "messages") + ")" : ""));
    }

    // Drawing the log ------------------------------------------------------------------
    function replyGroup(replies) {
      var group = el("div", "ubc-replies", { role: "group", "aria-label": "Suggested questions" });
      replies.forEach(function (reply) {
        var b = el("button", "ubc-reply", { type: "button" });
        b.textContent = reply.title;
        b.addEventListener("click", function () { ask(reply.title, reply.payload); });
        group.appendChild(b);
      });
      return group;
    }

    function ratingGroup(entry) {
      var group = el("div", "ubc-rating", { role: "group", "aria-label": "Did this answer help?" });
      var question = el("span", null, { "aria-hidden": "true" });
      question.textContent = "Did this help?";
      group.appendChild(question);
      [[true, "Helpful"], [false, "Not helpful"]].forEach(function (kind) {
        var b = el("button", "ubc-rate", { type: "button", "aria-label": kind[1], title: kind[1],
                                           "aria-pressed": String(entry.rate.value === kind[0]) });
        b.innerHTML = kind[0] ? THUMB : THUMB.replace("<svg ", '<svg class="ubc-down" ');  // constants
        b.addEventListener("click", function () { rate(entry, kind[0], group); });
        group.appendChild(b);
      });
      return group;
    }

    function bubble(entry) {
      var node = el("div", "ubc-msg " + (entry.from === "user" ? "ubc-user" : "ubc-bot"), { "data-id": String(entry.id) });
      var who = el("span", "ubc-sr");
      who.textContent = entry.from === "user" ? "You said: " : "Assistant: ";
      node.appendChild(who);
      renderText(node, entry.text);
      if (entry.pending) {
        node.classList.add("ubc-pending");
        var wait = el("span", "ubc-wait");
        wait.textContent = "waiting to send…";
        node.appendChild(wait);
      }
      return node;
    }

    // The page's own starter questions, offered instead of the greeting's suggestions until
    // the reader asks something.
    function startersShown() {
      return config.questions.length > 0 && !state.history.some(function (entry) { return entry.from === "user"; });
    }

    function starters() {
      var old = log.querySelector(".ubc-starters");
      if (old) old.remove();
      if (!startersShown()) return;
      var group = replyGroup(config.questions.map(function (q) { return { title: q, payload: q }; }));
      group.classList.add("ubc-starters");
      log.appendChild(group);
    }

    function show(entry, withReplies) {
      if (entry.text || entry.from === "user") log.appendChild(bubble(entry));
      if (entry.rate) log.appendChild(ratingGroup(entry));
      if (withReplies && entry.replies && entry.replies.length && !startersShown()) log.appendChild(replyGroup(entry.replies));
    }

    // Only the latest suggestions are offered: those of the last message that has some,
    // until the reader says something.
    function latestReplies() {
      for (var i = state.history.length - 1; i >= 0; i--) {
        var entry = state.history[i];
        if (entry.from === "user") return -1;
        if (entry.replies && entry.replies.length) return i;
      }
      return -1;
    }

    function redraw() {
      log.textContent = "";
      var latest = latestReplies();
      state.history.forEach(function (entry, i) {
        try { show(entry, i === latest); } catch (e) { /* skip what cannot be drawn */ }
      });
      starters();
      log.scrollTop = log.scrollHeight;
    }

    function add(entry) {
      entry.id = state.nextId++;
      if (entry.from === "user" || (entry.replies && entry.replies.length)) {
        var active = shadow.activeElement;
        var picked = active && active.classList.contains("ubc-reply");
        var old = log.querySelectorAll(".ubc-replies:not(.ubc-starters)");
        for (var i = 0; i < old.length; i++) old[i].remove();
        if (picked && !active.isConnected) input.focus();  // the picked button is gone: focus stays in the panel
      }
      state.history.push(entry);
      save();
      show(entry, true);
      starters();
      log.scrollTop = log.scrollHeight;
      return entry;
    }

    // Sending: nothing leaves before the server has confirmed the session -----------------
    function emit(message) {
      socket.emit("user_uttered", { message: message, session_id: state.sessionId });
    }

    function flush() {
      if (!confirmed) return;
      var items = state.outbox;
      state.outbox = [];
      items.forEach(function (item) {
        emit(item.message);
        if (item.entry == null) return;
        state.history.forEach(function (entry) {
          if (entry.id === item.entry) delete entry.pending;
        });
        var node = log.querySelector('.ubc-msg[data-id="' + item.entry + '"]');
        if (node) {
          node.classList.remove("ubc-pending");
          var wait = node.querySelector(".ubc-wait");
          if (wait) wait.remove();
        }
      });
      save();
    }

    function queue(message, entry) {
      state.outbox.push({ message: message, entry: entry ? entry.id : null });
      save();
      if (confirmed) flush();
      else connect();
    }

    function ask(title, payload) {
      var entry = add({ from: "user", text: title, payload: payload || title, pending: true });
      queue(payload || title, entry);
    }

    function rate(entry, helpful, group) {
      if (entry.rate.value === helpful) return;
      entry.rate.value = helpful;
      var buttons = group.querySelectorAll(".ubc-rate");
      buttons[0].setAttribute("aria-pressed", String(helpful === true));
      buttons[1].setAttribute("aria-pressed", String(helpful === false));
      queue(helpful ? entry.rate.up : entry.rate.down, null);
    }

    function received(message) {
      if (!message || typeof message !== "object") return;
      var all = (Array.isArray(message.quick_replies) ? message.quick_replies
                 : Array.isArray(message.buttons) ? message.buttons : []).map(cleanReply).filter(Boolean);
      var rating = ratingOf(all);
      var replies = all.filter(function (r) { return r.payload.indexOf(RATE_PREFIX) !== 0; });
      var entry = { from: "bot", text: typeof message.text === "string" ? message.text : "", replies: replies };
      if (rating) entry.rate = rating;
      add(entry);
      if (floating && !isOpen) { unread += 1; updateLauncher(); }
    }

    // Connection ----------------------------------------------------------------------
    function connect() {
      if (socket || connecting) return;
      connecting = true;
      setStatus("connecting…");
      loadClient(function (io) {
        connecting = false;
        if (socket) return;
        socket = io(config.server, { path: "/socket.io", transports: ["websocket", "polling"],
                                     reconnection: true, reconnectionDelayMax: 5000, forceNew: true });
        var own = socket;
        socket.on("connect", function () {
          own.emit("session_request", { session_id: state.sessionId });
        });
        socket.on("session_confirm", function (sessionId) {
          if (own !== socket) return;
          state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id) || state.sessionId;
          confirmed = true;
          setStatus("online");
          if (!state.history.some(function (entry) { return entry.from === "bot"; })) {
            state.outbox.unshift({ message: "/greet", entry: null });
          }
          save();
          flush();
        });
        socket.on("bot_uttered", function (message) { if (own === socket) received(message); });
        socket.on("disconnect", function () { if (own === socket) { confirmed = false; setStatus("reconnecting…"); } });
        socket.io.on("reconnect_attempt", function () { if (own === socket) setStatus("reconnecting…"); });
      }, function () {
        connecting = false;
        setStatus("offline: the chat could not load");
      });
    }

    function clearConversation() {
      if (socket) { socket.disconnect(); socket = null; }
      confirmed = false;
      state = blank();
      try { localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
      redraw();
      connect();
      setStatus("conversation cleared; starting a new one…");
      input.focus();
    }

    // Opening and closing -------------------------------------------------------------
    function open(moveFocus) {
      if (!floating) return;
      isOpen = true;
      unread = 0;
      root.classList.add("ubc-open");
      launcher.setAttribute("aria-expanded", "true");
      updateLauncher();
      connect();
      log.scrollTop = log.scrollHeight;
      if (moveFocus !== false) input.focus();
    }

    function shut() {
      if (!floating || !isOpen) return;
      isOpen = false;
      root.classList.remove("ubc-open");
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    if (floating) {
      launcher.addEventListener("click", function () { if (isOpen) shut(); else open(true); });
      close.addEventListener("click", shut);
      var phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.stopPropagation(); shut(); return; }
        // Full screen on a phone, the page behind is out of sight: Tab stays in the panel.
        if (event.key !== "Tab" || !phone || !phone.matches) return;
        var items = panel.querySelectorAll("button, input, [tabindex='0']");
        var first = items[0], last = items[items.length - 1], active = shadow.activeElement;
        if (event.shiftKey && active === first) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
      });
    }
    clear.addEventListener("click", clearConversation);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      if (!value) return;
      input.value = "";
      ask(value);
    });

    redraw();
    updateLauncher();
    if (restored.expired) {
      note.textContent += " An earlier conversation here was older than that and has been forgotten.";
    }
    if (!floating || state.outbox.length) connect();
    if (floating && config.open) open(false);  // opened for the reader, without taking the page's focus
  }

  if (document.body) start(document.body);
  else document.addEventListener("DOMContentLoaded", function () { start(document.body); });
})();
