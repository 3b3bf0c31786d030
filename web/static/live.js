// kui's live updates, for the big screen of a meeting (and the print
// views' print button). Pages work without this file: the screen has a
// reload link.
//
// An element with data-live-src and data-live-events is kept current: an
// EventSource listens on the meeting's event stream, and on every "change"
// (something in the meeting changed) or "resync" (changes may have been
// missed, and at every (re)connect) the element's content is fetched again
// from data-live-src and swapped in. Events carry no content, only that
// something changed; the fetch goes through the server's access check.
// EventSource reconnects by itself after a network or server blip.
(function () {
  "use strict";

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function live() {
    var targets = Array.prototype.slice.call(document.querySelectorAll("[data-live-src][data-live-events]"));
    if (targets.length === 0 || !window.EventSource || !window.fetch) { return; }
    var first = targets[0];
    var status = document.querySelector("[data-live-status]");
    var reload = document.querySelector("[data-live-reload]");
    var running = false;
    var again = false;

    function show(online) {
      if (status) {
        status.hidden = false;
        status.textContent = online ? first.getAttribute("data-live-online") : first.getAttribute("data-live-offline");
        status.classList.toggle("is-offline", !online);
      }
      if (reload) { reload.hidden = online; }
    }

    function fetchInto(el) {
      return fetch(el.getAttribute("data-live-src"), { credentials: "same-origin", cache: "no-store", headers: { "Accept": "text/html" } })
        .then(function (response) {
          // Signed out meanwhile: the whole page goes to the login.
          if (response.redirected) { window.location.reload(); return null; }
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          if (html !== null && el.innerHTML !== html) { el.innerHTML = html; }
          // The meeting ended (or was cancelled): nothing more is written.
          if (el.querySelector("[data-live-closed]")) {
            document.querySelectorAll("[data-live-edit]").forEach(function (e) { e.remove(); });
          }
        });
    }

    // One refresh at a time; changes that come in meanwhile cause one more.
    function refresh() {
      if (running) { again = true; return; }
      running = true;
      Promise.all(targets.map(fetchInto))
        .catch(function () { show(false); })
        .then(function () {
          running = false;
          if (again) { again = false; refresh(); }
        });
    }

    var source = new EventSource(first.getAttribute("data-live-events"));
    source.addEventListener("change", refresh);
    source.addEventListener("resync", refresh);
    source.addEventListener("open", function () { show(true); });
    source.addEventListener("error", function () { show(false); });
  }

  function init() { printButtons(); live(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
