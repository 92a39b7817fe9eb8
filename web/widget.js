/*
 * Upper back pain FAQ chat widget. Embed with one script tag and one element:
 *
 *   <div id="upper-back-chat"></div>
 *   <script src="http://127.0.0.1:5005/webhooks/widget/widget.js" defer></script>
 *
 * Talks to the assistant's socket.io channel on the server the script came from (or the
 * element's data-server attribute). Keeps the conversation across reloads (session id and
 * history in localStorage), shows buttons as quick replies, renders every message as text
 * (links only for http/https), and reconnects on its own.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/widget\.js(\?.*)?$/, "") : "/webhooks/widget/";
  var root = document.getElementById("upper-back-chat");
  if (!root) return;
  var server = root.getAttribute("data-server") || new URL(base, location.href).origin;
  var KEY = "upper-back-chat:" + server;
  var MAX_HISTORY = 200;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  var saved = load();
  var state = { sessionId: saved.sessionId || null, history: Array.isArray(saved.history) ? saved.history : [] };
  function save() {
    state.history = state.history.slice(-MAX_HISTORY);
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
  }

  var css = [
    ".ubc{font:15px/1.4 system-ui,sans-serif;color:#1b1b1b;background:#fff;border:1px solid #c9ced6;border-radius:10px;",
    "display:flex;flex-direction:column;width:100%;max-width:420px;height:560px;max-height:90vh;box-sizing:border-box;overflow:hidden}",
    ".ubc *{box-sizing:border-box}",
    ".ubc-head{background:#1f5f8b;color:#fff;padding:10px 14px;font-weight:600}",
    ".ubc-status{font-weight:400;font-size:12px;opacity:.9;margin-left:6px}",
    ".ubc-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}",
    ".ubc-msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".ubc-bot{background:#eef2f6;align-self:flex-start}",
    ".ubc-user{background:#1f5f8b;color:#fff;align-self:flex-end}",
    ".ubc-user a{color:#fff}",
    ".ubc-replies{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}",
    ".ubc-reply{border:1px solid #1f5f8b;background:#fff;color:#1f5f8b;border-radius:14px;padding:5px 10px;font:inherit;font-size:13px;cursor:pointer;text-align:left}",
    ".ubc-reply:hover,.ubc-reply:focus{background:#1f5f8b;color:#fff;outline:2px solid #f0a500;outline-offset:1px}",
    ".ubc-form{display:flex;border-top:1px solid #c9ced6}",
    ".ubc-input{flex:1;min-width:0;border:0;padding:12px;font:inherit}",
    ".ubc-input:focus{outline:2px solid #f0a500;outline-offset:-2px}",
    ".ubc-send{border:0;background:#1f5f8b;color:#fff;padding:0 16px;font:inherit;cursor:pointer}",
    ".ubc-send:focus{outline:2px solid #f0a500;outline-offset:-2px}",
    ".ubc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    "@media (max-width:480px){.ubc{max-width:100%;height:100vh;max-height:100vh;border-radius:0}}"
  ].join("");
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  function el(tag, cls, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    return node;
  }

  var box = el("section", "ubc", { "aria-label": "Upper back pain FAQ chat" });
  var head = el("div", "ubc-head");
  head.textContent = "Upper back pain FAQ";
  var status = el("span", "ubc-status", { "aria-live": "polite" });
  head.appendChild(status);
  var log = el("div", "ubc-log", { role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
  var form = el("form", "ubc-form");
  var label = el("label", "ubc-sr", { for: "ubc-input" });
  label.textContent = "Your question";
  var input = el("input", "ubc-input", { id: "ubc-input", type: "text", autocomplete: "off", maxlength: "2000",
                                         placeholder: "Ask about your upper back…" });
  var send = el("button", "ubc-send", { type: "submit" });
  send.textContent = "Send";
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  box.appendChild(head); box.appendChild(log); box.appendChild(form);
  root.appendChild(box);

  // Text only: message content is never parsed as HTML; http(s) URLs become links.
  function renderText(node, text) {
    var parts = String(text).split(/(https?:\/\/[^\s<>"']+)/g);
    parts.forEach(function (part, i) {
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

  function clearReplies() {
    var old = log.querySelectorAll(".ubc-replies");
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  function show(entry) {
    var bubble = el("div", "ubc-msg " + (entry.from === "user" ? "ubc-user" : "ubc-bot"));
    var who = el("span", "ubc-sr");
    who.textContent = entry.from === "user" ? "You said: " : "Assistant: ";
    bubble.appendChild(who);
    renderText(bubble, entry.text || "");
    log.appendChild(bubble);
    if (entry.replies && entry.replies.length) {
      var group = el("div", "ubc-replies", { role: "group", "aria-label": "Suggested questions" });
      entry.replies.forEach(function (reply) {
        var b = el("button", "ubc-reply", { type: "button" });
        b.textContent = reply.title;
        b.addEventListener("click", function () { ask(reply.title, reply.payload); });
        group.appendChild(b);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    if (entry.from === "user") clearReplies();
    state.history.push(entry);
    save();
    show(entry);
  }

  state.history.forEach(function (entry, i) {
    if (entry.replies && i !== state.history.length - 1) entry = { from: entry.from, text: entry.text };
    show(entry);
  });

  var socket = null;
  function ask(title, payload) {
    add({ from: "user", text: title });
    if (socket && state.sessionId) {
      socket.emit("user_uttered", { message: payload || title, session_id: state.sessionId });
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    ask(text);
  });

  function connect() {
    status.textContent = "connecting…";
    socket = window.io(server, { path: "/socket.io", transports: ["websocket", "polling"],
                                 reconnection: true, reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id) || state.sessionId;
      save();
      status.textContent = "online";
      if (!state.history.length) {
        socket.emit("user_uttered", { message: "/greet", session_id: state.sessionId });
      }
    });
    socket.on("bot_uttered", function (message) {
      if (!message || typeof message !== "object") return;
      var replies = (message.quick_replies || message.buttons || []).filter(function (r) {
        return r && typeof r.title === "string" && typeof r.payload === "string";
      });
      add({ from: "bot", text: typeof message.text === "string" ? message.text : "", replies: replies });
    });
    socket.on("disconnect", function () { status.textContent = "reconnecting…"; });
    socket.io.on("reconnect_attempt", function () { status.textContent = "reconnecting…"; });
  }

  if (window.io) {
    connect();
  } else {
    var loader = document.createElement("script");
    loader.src = base + "vendor/socket.io.min.js";
    loader.onload = connect;
    loader.onerror = function () { status.textContent = "offline"; };
    document.head.appendChild(loader);
  }
})();
