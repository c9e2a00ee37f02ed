// The page side of the service worker (issue 40; the worker is built by
// scripts/lib/service-worker.ts): registered once the page has loaded. The volunteer's
// pages are kept by the worker as they are opened; the first page of all came before the
// worker, so it is kept here. Signed out, the kept pages go: a shared phone keeps nobody's.
const VOLUNTEER_PAGE = /^\/(?:live|report|me|verify)(?:\/|$)/;
const CACHES = ["volunteer-pages", "volunteer-data"];

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
  const signedIn = document.body.dataset.signedIn === "true";
  const run = async () => {
    try {
      if (!signedIn && "caches" in window) await Promise.all(CACHES.map((name) => caches.delete(name)));
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      if (!signedIn || !VOLUNTEER_PAGE.test(location.pathname)) return;
      await navigator.serviceWorker.ready;
      const cache = await caches.open("volunteer-pages");
      if (!(await cache.match(location.href))) await cache.add(location.href);
    } catch {
      // No worker (a private window, an old browser): the page works as before, online.
    }
  };
  if (document.readyState === "complete") void run();
  else window.addEventListener("load", () => void run(), { once: true });
}
