/* homecare patient FAQ widget: add <script src="https://YOUR-HOST/widget.js" defer></script> to a page.
   Optional attributes: data-title="Questions?" data-inline="#element-id" (render inside an element). */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? new URL(script.src, location.href).origin : location.origin;
  var title = (script && script.getAttribute("data-title")) || "Questions about your care at home?";
  var inlineTarget = script && script.getAttribute("data-inline");
  var storeKey = "homecare-chat-conversation";

  var css =
    ".hc-chat{font:15px/1.45 system-ui,sans-serif;color:#1d2530;box-sizing:border-box}" +
    ".hc-chat *{box-sizing:border-box}" +
    ".hc-float{position:fixed;right:20px;bottom:20px;z-index:2147483000}" +
    ".hc-toggle{background:#0b6e4f;color:#fff;border:0;border-radius:24px;padding:12px 18px;cursor:pointer;font:inherit}" +
    ".hc-panel{width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 100px));background:#fff;" +
    "border:1px solid #cfd8dc;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.18);display:flex;flex-direction:column}" +
    ".hc-float .hc-panel{position:absolute;right:0;bottom:56px}" +
    ".hc-head{padding:12px 14px;background:#0b6e4f;color:#fff;border-radius:12px 12px 0 0;font-weight:600}" +
    ".hc-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}" +
    ".hc-msg{padding:8px 12px;border-radius:10px;max-width:88%;white-space:pre-wrap}" +
    ".hc-user{align-self:flex-end;background:#e3f2ec}" +
    ".hc-bot{align-self:flex-start;background:#f3f5f7}" +
    ".hc-escalation{background:#fdecea;border:2px solid #c62828;font-weight:600}" +
    ".hc-call{color:#b71c1c;font-weight:700;white-space:nowrap}" +
    ".hc-refusal{background:#fff8e1}" +
    ".hc-cites{margin-top:6px;font-size:13px;font-weight:400}" +
    ".hc-cites a{color:#0b6e4f}" +
    ".hc-form{display:flex;gap:6px;padding:10px;border-top:1px solid #e0e0e0}" +
    ".hc-form input{flex:1;padding:9px;border:1px solid #b0bec5;border-radius:8px;font:inherit}" +
    ".hc-form button{background:#0b6e4f;color:#fff;border:0;border-radius:8px;padding:0 14px;font:inherit;cursor:pointer}" +
    ".hc-note{font-size:12px;color:#546e7a;padding:0 12px 8px}";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    var style = el("style");
    style.textContent = css;
    document.head.appendChild(style);

    var root = el("div", "hc-chat");
    var panel = el("div", "hc-panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", title);
    var log = el("div", "hc-log");
    log.setAttribute("aria-live", "polite");
    var form = el("form", "hc-form");
    var input = el("input");
    input.type = "text";
    input.maxLength = 2000;
    input.placeholder = "Type your question";
    input.setAttribute("aria-label", "Your question");
    var send = el("button", null, "Send");
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(el("div", "hc-head", title));
    panel.appendChild(log);
    panel.appendChild(form);
    panel.appendChild(el("div", "hc-note", "Not for emergencies: call 911. Answers come from our guides, not your records."));

    var host = inlineTarget && document.querySelector(inlineTarget);
    if (host) {
      root.appendChild(panel);
      host.appendChild(root);
    } else {
      root.classList.add("hc-float");
      var toggle = el("button", "hc-toggle", "Ask a question");
      toggle.setAttribute("aria-expanded", "false");
      panel.hidden = true;
      toggle.addEventListener("click", function () {
        panel.hidden = !panel.hidden;
        toggle.setAttribute("aria-expanded", String(!panel.hidden));
        if (!panel.hidden) input.focus();
      });
      root.appendChild(panel);
      root.appendChild(toggle);
      document.body.appendChild(root);
    }

    function add(cls, text) {
      var msg = el("div", "hc-msg " + cls, text);
      log.appendChild(msg);
      log.scrollTop = log.scrollHeight;
      return msg;
    }

    // Phone numbers in a reply (911, 988, the nurse line, Poison Control) become tap-to-call links.
    // Built node by node, never as HTML: the reply is text.
    var PHONE = /(\b911\b|\b988\b|\b1-\d{3}-\d{3}-\d{4}\b|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b)/;

    function withCallLinks(node, text) {
      text.split(PHONE).forEach(function (part, i) {
        if (i % 2 === 0) {
          if (part) node.appendChild(document.createTextNode(part));
          return;
        }
        var call = el("a", "hc-call", part);
        call.href = "tel:" + part.replace(/[^0-9+]/g, "");
        node.appendChild(call);
      });
    }

    function showReply(data) {
      var msg = add("hc-bot hc-" + data.kind, "");
      withCallLinks(msg, data.reply);
      // an escalation is announced at once by screen readers, not after what they are reading
      if (data.kind === "escalation") msg.setAttribute("role", "alert");
      if (data.citations && data.citations.length) {
        var cites = el("div", "hc-cites", "Sources: ");
        var seen = {};
        // several passages often come from one guide: name each guide once
        data.citations.filter(function (c) {
          var key = c.title + "|" + c.source;
          if (seen[key]) return false;
          seen[key] = true;
          return true;
        }).forEach(function (c, i) {
          var link = el("a", null, c.title);
          if (/^https?:/.test(c.source)) {
            link.href = c.source;
            link.target = "_blank";
            link.rel = "noopener";
          }
          link.title = c.snippet;
          if (i) cites.appendChild(document.createTextNode(" · "));
          cites.appendChild(link);
        });
        msg.appendChild(cites);
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      add("hc-user", text);
      send.disabled = true;
      fetch(base + "/assistant/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: text, conversation_id: sessionStorage.getItem(storeKey) }),
      })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          sessionStorage.setItem(storeKey, data.conversation_id);
          showReply(data);
        })
        .catch(function () {
          add("hc-bot hc-refusal", "Sorry, something went wrong. Please try again, or call your care team.");
        })
        .finally(function () {
          send.disabled = false;
          input.focus();
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
