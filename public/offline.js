/* The page side of the service worker (issue 40; the worker is built by
 * scripts/lib/service-worker.ts): registered once the page has loaded, on every page,
 * those with React and those without. The volunteer's pages are kept by the worker as
 * they are opened; the first page of all came before the worker, so it is kept here.
 * Signed out, the kept pages go: a shared phone keeps nobody's. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !("caches" in window)) return;
  var VOLUNTEER_PAGE = /^\/(?:live|report|me|verify)(?:\/|$)/;
  var CACHES = ["volunteer-pages", "volunteer-data"];
  /** Keeps the page shown now for a day without signal (a volunteer's page, signed in). The
   *  worker keeps pages opened as documents; a page reached inside the app (React's own
   *  navigation) is kept by this, called by the app on each navigation. */
  function keep() {
    var signedIn = document.body.getAttribute("data-signed-in") === "true";
    if (!signedIn || !VOLUNTEER_PAGE.test(location.pathname) || !navigator.onLine) return Promise.resolve();
    return navigator.serviceWorker.ready.then(function () {
      return caches.open("volunteer-pages").then(function (cache) {
        // With it, the volunteer's two home pages (their units, their role), kept even if
        // the first visit went straight on to a count.
        var pages = [location.href];
        ["/report", "/me"].forEach(function (home) {
          if (location.pathname !== home) pages.push(home);
        });
        return Promise.all(
          pages.map(function (page) {
            return cache.add(page);
          }),
        );
      });
    });
  }
  window.__keepVolunteerPage = function () {
    keep().catch(function () {
      /* no signal after all: the worker keeps what it can */
    });
  };
  function run() {
    var signedIn = document.body.getAttribute("data-signed-in") === "true";
    var forget = signedIn
      ? Promise.resolve()
      : Promise.all(
          CACHES.map(function (name) {
            return caches.delete(name);
          }),
        );
    forget
      .then(function () {
        return navigator.serviceWorker.register("/sw.js", { scope: "/" });
      })
      .then(keep)
      .catch(function () {
        /* No worker (development, a private window, an old browser): online as before. */
      });
  }
  if (document.readyState === "complete") run();
  else window.addEventListener("load", run, { once: true });
})();
