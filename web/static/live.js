// kui's live updates, for the big screen of a meeting (and the print
// views' print button). Pages work without this file: the screen has a
// reload link.
//
// An element with data-live-src and data-live-events is kept current: an
// EventSource listens on the meeting's event stream, and on every "change"
// (something in the meeting changed) or "resync" (changes may have been
// missed, and at every (re)connect) the element's content is fetched again
// from data-live-src and swapped in. Those events carry no content, only
// that something changed; the fetch goes through the server's access check.
// EventSource reconnects by itself after a network or server blip.
//
// With data-live-content (the view-only big screen) the stream carries the
// content itself: its first event, and one after every change, is
// "content", whose data is swapped in; the server renders it once for
// every screen of the meeting. There a "resync" means the screen may no
// longer show the meeting (signed out, off the team): the page is loaded
// again, and goes where the server sends it. So does a stream the server
// refuses (404, 403, 503: EventSource gives up on those).
//
// While the screen cannot reach kui, or kui cannot reach its database (the
// stream's "offline" event), the status says so (data-live-offline), and
// once the meeting is back on the screen that it is live again
// (data-live-back). The 503 page of a page that could not be read tries
// again by itself (data-retry).
(function () {
  "use strict";

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    // With the button there, the Ctrl+P hint is for browsers without scripts.
    if (document.querySelector("[data-print]")) {
      document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
    }
  }

  function live() {
    var targets = Array.prototype.slice.call(document.querySelectorAll("[data-live-src][data-live-events]"));
    if (targets.length === 0 || !window.EventSource || !window.fetch) { return; }
    var first = targets[0];
    var carriesContent = first.hasAttribute("data-live-content");
    var status = document.querySelector("[data-live-status]");
    var reload = document.querySelector("[data-live-reload]");
    var running = false;
    var again = false;
    // The screen is live when its stream is open, the server has not said
    // that the database is out of reach, and the last fetch succeeded.
    var connected = false;
    var serverOffline = false;
    var fresh = true;
    var wasOffline = false;
    var shown = null;
    var retryTimer = null;
    var source = null;

    function update() {
      var online = connected && !serverOffline && fresh;
      if (online === shown) { return; }
      shown = online;
      if (!online) { wasOffline = true; }
      if (status) {
        status.hidden = false;
        status.textContent = first.getAttribute(online ? (wasOffline ? "data-live-back" : "data-live-online") : "data-live-offline");
        status.classList.toggle("is-offline", !online);
      }
      if (reload) { reload.hidden = online; }
    }

    // The meeting ended (or was cancelled): nothing more is written.
    function closedCheck(el) {
      if (el.querySelector("[data-live-closed]")) {
        document.querySelectorAll("[data-live-edit]").forEach(function (e) { e.remove(); });
      }
    }

    // A screen is in use while its meeting changes: as the fetch after each
    // change did, a ping (data-live-keep, at most every five minutes) keeps
    // its session from running out in the middle of a meeting; a session
    // that has ended sends the page to the login.
    var lastUse = Date.now();
    function keepSession() {
      var ping = first.getAttribute("data-live-keep");
      if (!ping || Date.now() - lastUse < 5 * 60 * 1000) { return; }
      lastUse = Date.now();
      fetch(ping, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 401) { window.location.reload(); }
        }, function () {});
    }

    // A "content" event of a stream that carries the content.
    function swapIn(event) {
      keepSession();
      if (first.innerHTML !== event.data) { first.innerHTML = event.data; }
      closedCheck(first);
      serverOffline = false;
      fresh = true;
      update();
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
          closedCheck(el);
        });
    }

    // A failed fetch is tried again every few seconds until the meeting is
    // back on the screen (while the server says the database is out of
    // reach, its resync starts the next try instead).
    function retryLater() {
      if (retryTimer !== null) { return; }
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        if (!serverOffline) { refresh(); }
      }, 3000);
    }

    // One refresh at a time; changes that come in meanwhile cause one more.
    function refresh() {
      if (running) { again = true; return; }
      running = true;
      Promise.all(targets.map(fetchInto))
        .then(function () { fresh = true; }, function () { fresh = false; retryLater(); })
        .then(function () {
          update();
          running = false;
          if (again) { again = false; refresh(); }
        });
    }

    // EventSource reconnects by itself after a network blip, but gives up
    // for good on an answer that is not a stream (a 503 while the database
    // is out of reach): then a new one is opened a little later.
    // A stream that carries the content and is refused, or told to resync,
    // loads the page again: the server says where the screen stands now.
    function connect() {
      source = new EventSource(first.getAttribute("data-live-events"));
      source.addEventListener("open", function () { connected = true; update(); });
      if (carriesContent) {
        source.addEventListener("content", swapIn);
        source.addEventListener("resync", function () {
          source.close();
          window.location.reload();
        });
      } else {
        source.addEventListener("change", refresh);
        source.addEventListener("resync", function () { serverOffline = false; refresh(); });
      }
      source.addEventListener("offline", function () { serverOffline = true; update(); });
      source.addEventListener("error", function () {
        connected = false;
        update();
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          window.setTimeout(carriesContent ? function () { window.location.reload(); } : connect, 3000);
        }
      });
    }
    connect();
  }

  // A page that could not be shown because kui could not reach its
  // database (data-retry names a probe that answers 200 once it can) loads
  // itself again as soon as the probe answers.
  function retry() {
    var el = document.querySelector("[data-retry]");
    if (!el || !window.fetch) { return; }
    var probe = el.getAttribute("data-retry");
    function later() { window.setTimeout(tryAgain, 3000); }
    function tryAgain() {
      fetch(probe, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.ok) { window.location.reload(); } else { later(); }
        }, later);
    }
    later();
  }

  function init() { printButtons(); live(); retry(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
