// Service worker: keeps what the page loads, so the app works offline after the first visit.
// build.py replaces the placeholder below with {version, files}: the version is a hash of the
// site's content, so every change of content gives a new cache. Same-origin GETs are served
// cache-first; nothing else is ever fetched (the CSP forbids other origins anyway).
//
// Each byte is downloaded once: the page waits until this worker controls it before it starts
// the engine, so every file the engine loads passes through here and is kept on the way
// (cache-on-fetch). Once the engine is ready, the page asks for the rest ("complete"): only the
// files not yet in the cache are fetched. The demo school and xmlschema ("onDemand") are fetched
// only when the page asks for them (the example button, an XSD given), and kept then.
const PRECACHE = /*PRECACHE*/null;
const CACHE = "lsucheck-" + PRECACHE.version;
// Folders whose URLs change when their content changes: safe to copy from an older cache.
const IMMUTABLE = /^(app|pyodide)\//;

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    // no network here: only what an older version already holds under the same immutable URL
    const cache = await caches.open(CACHE);
    const older = (await caches.keys()).filter((k) => k.startsWith("lsucheck-") && k !== CACHE);
    const all = PRECACHE.files.concat(PRECACHE.onDemand || []);
    await Promise.all(all.filter((p) => IMMUTABLE.test(p)).map(async (path) => {
      for (const key of older) {
        const hit = await (await caches.open(key)).match(scoped(path));
        if (hit) { await cache.put(scoped(path), hit); return; }
      }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

const KNOWN = new Set(PRECACHE.files.concat(PRECACHE.onDemand || []).map(scoped));

async function fromOlderCaches(key) {
  for (const name of await caches.keys()) {
    if (!name.startsWith("lsucheck-") || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(key, { ignoreSearch: true });
    if (hit) return hit;
  }
  return null;
}

// A file asked for twice while its first download is still under way (the engine prefetches
// its wheels while Pyodide boots, then installs them) is downloaded once: the second request
// waits for the first and is answered from the cache.
const inflight = new Map();

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const isPage = request.mode === "navigate" && /\/(index\.html)?$/.test(url.pathname);
    const key = isPage ? scoped("./") : new URL(url.pathname, url.origin).href;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    if (inflight.has(key)) {
      await inflight.get(key).catch(() => {});
      const kept = await cache.match(key, { ignoreSearch: true });
      if (kept) return kept;
    }
    let response;
    try {
      response = await fetch(request);
    } catch (err) {
      const old = await fromOlderCaches(key);
      if (old) return old;
      throw err;
    }
    // keep a full, successful answer for one of the site's files (cache-on-fetch)
    if (response.ok && response.status === 200 && KNOWN.has(key)) {
      const put = cache.put(key, response.clone()).catch(() => {});
      inflight.set(key, put);
      put.finally(() => { if (inflight.get(key) === put) inflight.delete(key); });
      event.waitUntil(put);
    }
    return response;
  })());
});

// The page, once the engine is ready: fetch what is not cached yet, then drop older versions.
let completing = null;
async function complete() {
  const cache = await caches.open(CACHE);
  const firstVisit = (await caches.keys()).every((k) => !k.startsWith("lsucheck-") || k === CACHE);
  await Promise.all(PRECACHE.files.map(async (path) => {
    const url = scoped(path);
    if (await cache.match(url)) return;
    // the page itself came before this worker controlled it: on a first visit it is the one
    // just loaded, in the HTTP cache (no second download)
    const mode = path === "./" && firstVisit ? "force-cache" : IMMUTABLE.test(path) ? "default" : "no-cache";
    const response = await fetch(url, { cache: mode });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await cache.put(url, response);
  }));
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith("lsucheck-") && k !== CACHE).map((k) => caches.delete(k)));
}

self.addEventListener("message", (event) => {
  if (!event.data || event.data.cmd !== "complete") return;
  if (!completing) completing = complete().catch((err) => { completing = null; throw err; });
  const reply = (ok) => { if (event.source) event.source.postMessage({ type: "offline", ok }); };
  event.waitUntil(completing.then(() => reply(true), () => reply(false)));
});
