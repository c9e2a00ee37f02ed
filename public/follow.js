/* The public results pages and embeds follow the count without React (issue 38, ADR 0041):
 * they are served as HTML only (route handle { hydrate: false }), light on a slow phone.
 * This script listens to /results/stream; on each `version` event it asks for the page
 * again (a conditional request: the page cache or a proxy answers 304 while nothing moved)
 * and puts the new sections of <main> in place of the old — all but the one holding the
 * focus (someone typing in the search box). Without the stream it asks every 5 s. In a
 * frame (an outlet's widget) it tells the page around it its height. */
(function () {
  "use strict";
  var main = document.querySelector("main");
  if (!main) return;
  var busy = false;
  var owed = false;
  var streaming = false;
  var lastAsked = Date.now();
  var embedded = window.parent !== window;

  function tellHeight() {
    if (embedded) window.parent.postMessage({ type: "election-embed:height", height: document.body.scrollHeight }, "*");
  }

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
    if (!next) return;
    var focused = document.activeElement;
    var old = main.children;
    var fresh = next.children;
    if (old.length !== fresh.length || !focused || !main.contains(focused)) {
      main.replaceChildren.apply(main, Array.prototype.slice.call(fresh));
    } else {
      // Kept in place: the section holding the focus; every other one replaced.
      var pairs = [];
      for (var i = 0; i < old.length; i++) if (!old[i].contains(focused)) pairs.push([old[i], fresh[i]]);
      pairs.forEach(function (p) {
        p[0].replaceWith(p[1]);
      });
    }
    tellHeight();
  }

  function ask() {
    if (busy || document.visibilityState !== "visible") {
      owed = true;
      return;
    }
    owed = false;
    busy = true;
    lastAsked = Date.now();
    fetch(location.href, { cache: "no-cache", credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html) swap(html);
      })
      .catch(function () {
        /* offline a moment: the figures stay, with their time */
      })
      .then(function () {
        busy = false;
      });
  }

  if (typeof EventSource === "function") {
    var stream = new EventSource("/results/stream");
    stream.addEventListener("version", function () {
      streaming = true;
      ask();
    });
    stream.addEventListener("error", function () {
      streaming = false;
    });
  }
  setInterval(function () {
    if (owed || Date.now() - lastAsked >= (streaming ? 60000 : 5000)) ask();
  }, 500);
  document.addEventListener("visibilitychange", function () {
    if (owed) ask();
  });
  tellHeight();
  if (embedded && typeof ResizeObserver === "function") new ResizeObserver(tellHeight).observe(document.body);
})();
