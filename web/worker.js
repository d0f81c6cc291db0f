// The only place Pyodide runs (a module worker, so the page never freezes).
//
// Protocol (issue 9 item 3; the JSDoc types are in app.js, Python's side in lsucheck/browser.py):
//   page → worker  {id, cmd: "check", args: {files: [File…], annee?}}   → result {html, reference_files, timings}
//                  {id, cmd: "view", args: {report, filters, print?}}  → result {html}
//                  {id, cmd: "export", args: {format: "csv" | "json" | "html", scope: "all" | "view"}}
//                                                                      → result {name, mime, bytes}
//                  {id, cmd: "regles"}                                 → result {html}
//                  {id, cmd: "tools"}                  → result {html}: the « Outils » panel (issue 15)
//                  {id, cmd: "tool", args: {tool: "compare" | "pseudonymised" | "extract_file" | "divisions",
//                   avant?, apres?, fichier?, divisions?, sans_rejetes?}} → result {html, …, name?, mime?, bytes?}
//                  (both about the last check's files, mounted again: browser.tools, browser.page_tool)
//   worker → page  {id, ok: true, result} | {id, ok: false, error: {name, message}}
//                  {type: "progress", phase, detail}
//                  {type: "download", received, total, done?}  first visit: bytes of the engine so far
//                  {type: "ready", version, timings} | {type: "fatal", error: {name, message}}
//
// The File objects are mounted with WORKERFS (no copy); Python reads them by path. Only strings
// and paths cross into Python, plus one progress callable; Python proxies are destroyed in finally.
import { loadPyodide } from "../../pyodide/314.0.7/pyodide.mjs";

const PYODIDE_URL = new URL("../../pyodide/314.0.7/", import.meta.url).href;
const LOCK_URL = new URL("py/lock.json", import.meta.url).href;
// the standard library trimmed to what the engine loads (build.py trim_stdlib)
const STDLIB_URL = new URL("py/python_stdlib.zip", import.meta.url).href;
const WASM_URL = new URL("pyodide.asm.wasm", PYODIDE_URL).href;

let pyodide = null;
let failed = null;       // set when Pyodide cannot be used any more
let mountCount = 0;
let lastFiles = [];      // the File objects of the last check: the « Outils » work on them (issue 15)

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

function progress(phase, detail) {
  post({ type: "progress", phase, detail: detail || "" });
}

function errorOf(err) {
  return { name: (err && err.name) || "Error", message: String((err && err.message) || err) };
}

// A tiny valid module: compiling it tells at once whether WebAssembly is allowed here (a CSP
// without 'wasm-unsafe-eval' blocks it, and then loadPyodide would hang without a word).
const EMPTY_WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

// What a first visit downloads, for the progress the page shows (issue 12 item 5): build.py
// writes {files: {URL relative to this file: [bytes on the wire, bytes decoded]}} here.
const DOWNLOAD = /*DOWNLOAD*/null;
const SIZES = new Map(Object.entries((DOWNLOAD || { files: {} }).files)
  .map(([rel, size]) => [new URL(rel, import.meta.url).href, size]));
const WIRE_TOTAL = [...SIZES.values()].reduce((sum, [wire]) => sum + wire, 0);
const received = new Map();         // URL → bytes on the wire so far (estimated from the decoded ones)
const arrived = new Map();          // URL → resolves once the whole file is here
let counting = false, lastPost = 0;

function whenArrived(url) {
  if (!arrived.has(url)) { let done; arrived.set(url, Object.assign(new Promise((ok) => { done = ok; }), { done })); }
  return arrived.get(url);
}

function note(url, wire, complete) {
  if (!counting) return;
  received.set(url, Math.max(received.get(url) || 0, wire));
  if (complete) whenArrived(url).done();
  const now = performance.now();
  if (!complete && now - lastPost < 100) return;
  lastPost = now;
  let sum = 0;
  for (const n of received.values()) sum += n;
  post({ type: "download", received: Math.min(sum, WIRE_TOTAL), total: WIRE_TOTAL });
}

// Every fetch of this worker (Pyodide's wasm and standard library, micropip's wheels) passes
// here: the body of a known file is counted as it streams in, and handed on untouched (same
// status and headers, so application/wasm still compiles while it downloads).
const networkFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const response = await networkFetch(input, init);
  const url = new URL(response.url || String(input && input.url || input), self.location.href).href;
  const size = SIZES.get(url);
  if (!counting || !size || !response.body || !response.ok) return response;
  const [wire, decoded] = size;
  let got = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      got += chunk.byteLength;
      note(url, Math.floor(wire * Math.min(1, got / decoded)), false);
      controller.enqueue(chunk);
    },
    flush() { note(url, wire, true); },
  });
  return new Response(response.body.pipeThrough(counter),
    { status: response.status, statusText: response.statusText, headers: response.headers });
};
// pyodide.asm.mjs comes by import(), not fetch: counted when it has arrived
if (typeof PerformanceObserver === "function") {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (SIZES.has(entry.name)) note(entry.name, SIZES.get(entry.name)[0], true);
  }).observe({ type: "resource", buffered: true });
}

// The wheels installed at start, from the lock: lsucheck and what it depends on (not xmlschema,
// installed on demand), and micropip.
function bootWheels(lock) {
  const names = new Set(["micropip"]);
  const todo = ["lsucheck"];
  while (todo.length) {
    const name = todo.pop();
    if (names.has(name) && name !== "micropip") continue;
    names.add(name);
    todo.push(...((lock.packages[name] || {}).depends || []));
  }
  return [...names].filter((n) => lock.packages[n]).map((n) => new URL(lock.packages[n].file_name, LOCK_URL).href);
}

// First visit: download the wheels while Python starts, instead of after it (the service worker
// keeps them; micropip's request made meanwhile waits for it). They are asked for once the wasm
// and the standard library (which loadPyodide fetches first) have arrived, so that they do not
// share the line with what Python needs first, and while Python starts, so that the line is
// never idle (or as soon as Python is up, whichever comes first).
async function prefetch(pythonUp) {
  const lock = await (await fetch(LOCK_URL)).json();
  await Promise.race([pythonUp, Promise.all([WASM_URL, STDLIB_URL].map(whenArrived))]);
  await Promise.all(bootWheels(lock).map((url) => fetch(url).then((r) => r.arrayBuffer()).catch(() => {})));
}

// The memory snapshot (Pyodide's private _makeSnapshot / _loadSnapshot, measured in the README):
// made on a visit that started Python, kept in this browser's Cache Storage under a URL of this
// version of the app (a new version makes a new one), used by the next visits.
const SNAPSHOT_CACHE = "lsucheck.snapshot";
const SNAPSHOT_URL = new URL("py/engine.snapshot", import.meta.url).href;

async function readSnapshot() {
  try {
    const hit = await (await caches.open(SNAPSHOT_CACHE)).match(SNAPSHOT_URL);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch (_) {
    return null;
  }
}

function takeSnapshot(py) {
  // Pyodide refuses a snapshot once packages are listed as loaded (its check compares that
  // list with an empty one): hide the list while the memory is copied
  const loaded = py.loadedPackages;
  const saved = { ...loaded };
  for (const name of Object.keys(loaded)) delete loaded[name];
  try {
    return py.makeMemorySnapshot();
  } catch (_) {
    return null;          // the next visit starts Python, as this one did
  } finally {
    Object.assign(loaded, saved);
  }
}

async function keepSnapshot(bytes) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(SNAPSHOT_URL, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch (_) { /* no room: the next visit starts Python */ }
}

// Restoring writes the whole memory back, but Pyodide 314 does not grow the new instance's memory
// first (RangeError when it grew past its initial 30 MB before the snapshot): grow it as soon as
// the wasm is instantiated. null when the snapshot cannot be used (then forgotten).
async function restore(options, snapshot) {
  const originals = { instantiateStreaming: WebAssembly.instantiateStreaming, instantiate: WebAssembly.instantiate };
  for (const [name, original] of Object.entries(originals)) {
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const memory = result && result.instance && result.instance.exports.memory;
      if (memory && memory.buffer.byteLength < snapshot.length) {
        memory.grow(Math.ceil((snapshot.length - memory.buffer.byteLength) / 65536));
      }
      return result;
    };
  }
  try {
    return await loadPyodide({ ...options, _loadSnapshot: snapshot });
  } catch (_) {
    await caches.delete(SNAPSHOT_CACHE).catch(() => {});
    return null;
  } finally {
    Object.assign(WebAssembly, originals);
  }
}

async function boot() {
  const t0 = performance.now();
  // a second visit finds the wheels in the service worker's copy
  const warm = typeof caches === "object" && !!(await caches.match(LOCK_URL).catch(() => null));
  let pythonUp;
  const up = new Promise((ok) => { pythonUp = ok; });
  counting = !warm && WIRE_TOTAL > 0;
  if (!warm) prefetch(up).catch(() => {});
  progress("chargement", "démarrage de Python");
  if (typeof WebAssembly !== "object") {
    throw Object.assign(new Error("WebAssembly absent"), { name: "NoWebAssembly" });
  }
  try {
    await WebAssembly.compile(EMPTY_WASM);
  } catch (err) {
    throw Object.assign(new Error(String(err && err.message)), { name: "WebAssemblyBlocked" });
  }
  const options = { indexURL: PYODIDE_URL, lockFileURL: LOCK_URL, stdLibURL: STDLIB_URL, stdout: () => {}, stderr: () => {} };
  // a later visit: Python's memory as it was once the engine was ready (imports done, rules and
  // templates loaded), instead of starting Python and importing everything again
  let py = null;
  const snapshot = warm ? await readSnapshot() : null;
  if (snapshot) py = await restore(options, snapshot);
  const restored = !!py;
  if (!py) py = await loadPyodide({ ...options, packages: warm ? [] : ["micropip"], _makeSnapshot: true });
  const tLoaded = performance.now();
  pythonUp();
  progress("chargement", "installation des modules Python");
  if (warm) {
    // a later visit (after a restored snapshot too: Python's memory holds the modules, not their
    // files, which the templates and rules are read from): the same lock, the same sha256 check, without importing micropip and running
    // its resolver at every visit (RECIPE §3.2: micropip costs ≈0.5 s); micropip still installs
    // xmlschema when an XSD is given
    await py.loadPackage(["lsucheck"], { messageCallback: () => {}, errorCallback: () => {} });
  } else {
    // micropip installs the app from the same-origin lock: Pyodide checks each wheel's sha256.
    const micropip = py.pyimport("micropip");
    try {
      await micropip.install("lsucheck");
    } finally {
      micropip.destroy();
    }
    // micropip's module holds JS objects a snapshot cannot keep: forget it (it is imported again
    // when an XSD asks for xmlschema)
    py.runPython("import sys, gc\nfor _m in [m for m in sys.modules if m == 'micropip' or m.startswith('micropip.')]: del sys.modules[_m]\ngc.collect()");
  }
  const tInstalled = performance.now();
  counting = false;
  post({ type: "download", received: WIRE_TOTAL, total: WIRE_TOTAL, done: true });
  progress("chargement", "préparation des contrôles");
  let browser;
  try {
    browser = py.pyimport("lsucheck.browser");
  } catch (err) {
    // micropip does not raise when a download fails its integrity check: the import does
    throw Object.assign(new Error("lsucheck"), { name: "InstallFailed" });
  }
  let answer;
  try {
    answer = JSON.parse(browser.prepare());
  } finally {
    browser.destroy();
  }
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { name: answer.error.name });
  const info = answer.result;
  // taken before any file is checked; written to the cache once the engine is ready
  let keep = null;
  const tPrepared = performance.now();
  if (!restored) {
    // the JS functions micropip's downloads left to Python are let go after one turn of the
    // event loop and a collection; a snapshot cannot hold them
    await new Promise((ok) => setTimeout(ok, 0));
    py.runPython("import gc; gc.collect()");
    keep = takeSnapshot(py);
  }
  const tReady = performance.now();
  pyodide = py;
  if (keep) keepSnapshot(keep);
  post({
    type: "ready",
    version: info.version,
    timings: {
      loadPyodide: Math.round(tLoaded - t0),
      install: Math.round(tInstalled - tLoaded),
      warm,
      snapshot: restored,
      snapshotTaken: Math.round(tReady - tPrepared),
      imports: Math.round(tReady - tInstalled),
      total: Math.round(tReady - t0),
    },
  });
}

const booting = boot().catch((err) => {
  failed = errorOf(err);
  post({ type: "fatal", error: failed });
});

// Mount each File in its own folder (two files may share a name); → [{path, name}]
function mountFiles(files) {
  const FS = pyodide.FS;
  const base = `/lsucheck-input-${++mountCount}`;
  FS.mkdir(base);
  const mounts = [];
  files.forEach((file, i) => {
    const dir = `${base}/${i}`;
    FS.mkdir(dir);
    FS.mount(FS.filesystems.WORKERFS, { files: [file] }, dir);
    mounts.push({ dir, path: `${dir}/${file.name}`, name: file.name });
  });
  return { base, mounts };
}

function unmountFiles({ base, mounts }) {
  const FS = pyodide.FS;
  for (const m of mounts) {
    try { FS.unmount(m.dir); FS.rmdir(m.dir); } catch (_) { /* already gone */ }
  }
  try { FS.rmdir(base); } catch (_) { /* already gone */ }
}

// xmlschema (and elementpath) only validate with an XSD the user gives: micropip installs them
// then, from the same lock (sha256 checked), once per session.
let xmlschemaInstall = null;
function installXmlschema() {
  if (!xmlschemaInstall) {
    xmlschemaInstall = (async () => {
      progress("chargement", "installation du module de lecture des schémas");
      await pyodide.loadPackage(["micropip"], { messageCallback: () => {}, errorCallback: () => {} });
      const micropip = pyodide.pyimport("micropip");
      try {
        await micropip.install("xmlschema");
      } finally {
        micropip.destroy();
      }
    })().catch((err) => { xmlschemaInstall = null; throw err; });
  }
  return xmlschemaInstall;
}

function callPython(name, ...args) {
  const browser = pyodide.pyimport("lsucheck.browser");
  const fn = browser[name];
  try {
    return JSON.parse(fn(...args));
  } finally {
    fn.destroy();
    browser.destroy();
  }
}

// The « Outils » (issue 15): the last check's files mounted again, Python picks what each tool needs.
function toolCall(cmd, args) {
  const mounted = mountFiles(lastFiles);
  try {
    const files = mounted.mounts.map(({ path, name }) => ({ path, name }));
    if (cmd === "tools") {
      return callPython("tools", JSON.stringify({ files, modified: lastFiles.map((f) => f.lastModified || 0) }));
    }
    return callPython("page_tool", JSON.stringify({ ...args, files }));
  } finally {
    unmountFiles(mounted);
  }
}

async function handle({ id, cmd, args }) {
  await booting;
  if (failed) {
    post({ id, ok: false, error: failed, fatal: true });
    return;
  }
  try {
    let answer;
    if (cmd === "check") {
      if (Array.from(args.files || []).some((f) => /\.xsd$/i.test(f.name))) {
        // a failed install leaves xmlschema missing: Python then names the XSD as unusable
        await installXmlschema().catch(() => {});
      }
      lastFiles = Array.from(args.files || []);
      const mounted = mountFiles(lastFiles);
      try {
        const request = JSON.stringify({
          files: mounted.mounts.map(({ path, name }) => ({ path, name })),
          annee: args.annee || null,
        });
        answer = callPython("check", request, progress);
      } finally {
        unmountFiles(mounted);
      }
    } else if (cmd === "tools" || cmd === "tool") {
      answer = toolCall(cmd, args || {});
    } else if (cmd === "view") {
      answer = callPython("view", JSON.stringify(args || {}));
    } else if (cmd === "export") {
      answer = callPython("export", JSON.stringify(args || {}));
    } else if (cmd === "regles") {
      answer = callPython("regles");
    } else {
      answer = { ok: false, error: { name: "UnknownCommand", message: `Commande inconnue : ${cmd}` } };
    }
    if (answer.ok && typeof answer.result.bytes === "string") {
      // a download (export or tool): base64 from Python, bytes moved (not copied) to the page
      const bytes = Uint8Array.from(atob(answer.result.bytes), (c) => c.charCodeAt(0));
      post({ id, ok: true, result: { ...answer.result, bytes } }, [bytes.buffer]);
      return;
    }
    post({ id, ...answer });
  } catch (err) {
    // Python answers every expected failure itself; reaching here means the runtime is broken
    // (out of memory, fatal error): the page restarts the worker.
    failed = errorOf(err);
    post({ id, ok: false, error: failed, fatal: true });
  }
}

self.addEventListener("message", (event) => {
  handle(event.data);
});
