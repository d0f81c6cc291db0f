// Service worker: precaches what the page loads, so the app works offline after the first visit.
// build.py replaces the placeholder below with {version, files}: the version is a hash of the
// site's content, so every change of content gives a new cache. Same-origin GETs are served
// cache-first; nothing else is ever fetched (the CSP forbids other origins anyway).
const PRECACHE = /*PRECACHE*/null;
const CACHE = "lsucheck-" + PRECACHE.version;
// Folders whose URLs change when their content changes: safe to copy from an older cache.
const IMMUTABLE = /^(app|pyodide)\//;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const older = (await caches.keys()).filter((k) => k.startsWith("lsucheck-") && k !== CACHE);
    await Promise.all(PRECACHE.files.map(async (path) => {
      const url = new URL(path, self.registration.scope).href;
      if (IMMUTABLE.test(path)) {
        for (const key of older) {
          const hit = await (await caches.open(key)).match(url);
          if (hit) { await cache.put(url, hit); return; }
        }
      }
      // immutable files are most likely in the HTTP cache already (the page just loaded them)
      const response = await fetch(url, { cache: IMMUTABLE.test(path) ? "default" : "no-cache" });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith("lsucheck-") && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const isPage = request.mode === "navigate" && /\/(index\.html)?$/.test(url.pathname);
    const key = isPage ? new URL("./", self.registration.scope).href : request;
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
