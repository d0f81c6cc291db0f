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
//                   avant?, apres?, divisions?, sans_rejetes?}} → result {html, …, name?, mime?, bytes?}
//                  (both about the last check's files, mounted again: browser.tools, browser.page_tool)
//   worker → page  {id, ok: true, result} | {id, ok: false, error: {name, message}}
//                  {type: "progress", phase, detail}
//                  {type: "ready", version, timings} | {type: "fatal", error: {name, message}}
//
// The File objects are mounted with WORKERFS (no copy); Python reads them by path. Only strings
// and paths cross into Python, plus one progress callable; Python proxies are destroyed in finally.
import { loadPyodide } from "../../pyodide/314.0.7/pyodide.mjs";

const PYODIDE_URL = new URL("../../pyodide/314.0.7/", import.meta.url).href;
const LOCK_URL = new URL("py/lock.json", import.meta.url).href;
// the standard library trimmed to what the engine loads (build.py trim_stdlib)
const STDLIB_URL = new URL("py/python_stdlib.zip", import.meta.url).href;

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
// keeps them; a request made meanwhile waits for it). They are asked for once the standard
// library (which loadPyodide fetches beside the wasm) has arrived, so that they do not share the
// line with what Python needs first.
async function prefetch() {
  const lock = await (await fetch(LOCK_URL)).json();
  await fetch(STDLIB_URL).then((r) => r.arrayBuffer()).catch(() => {});
  await Promise.all(bootWheels(lock).map((url) => fetch(url).then((r) => r.arrayBuffer()).catch(() => {})));
}

async function boot() {
  const t0 = performance.now();
  // a second visit finds the wheels in the service worker's copy
  const warm = typeof caches === "object" && !!(await caches.match(LOCK_URL).catch(() => null));
  if (!warm) prefetch().catch(() => {});
  progress("chargement", "démarrage de Python");
  if (typeof WebAssembly !== "object") {
    throw Object.assign(new Error("WebAssembly absent"), { name: "NoWebAssembly" });
  }
  try {
    await WebAssembly.compile(EMPTY_WASM);
  } catch (err) {
    throw Object.assign(new Error(String(err && err.message)), { name: "WebAssemblyBlocked" });
  }
  const py = await loadPyodide({
    indexURL: PYODIDE_URL,
    lockFileURL: LOCK_URL,
    stdLibURL: STDLIB_URL,
    packages: warm ? [] : ["micropip"],
    stdout: () => {},
    stderr: () => {},
  });
  const tLoaded = performance.now();
  progress("chargement", "installation des modules Python");
  if (warm) {
    // second visit: the same lock, the same sha256 check, without importing micropip and running
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
  }
  const tInstalled = performance.now();
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
  const tReady = performance.now();
  pyodide = py;
  post({
    type: "ready",
    version: info.version,
    timings: {
      loadPyodide: Math.round(tLoaded - t0),
      install: Math.round(tInstalled - tLoaded),
      warm,
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
      if (answer.ok && typeof answer.result.bytes === "string") {
        // a download: base64 from Python, bytes moved (not copied) to the page
        const bin = atob(answer.result.bytes);
        const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
        post({ id, ok: true, result: { ...answer.result, bytes } }, [bytes.buffer]);
        return;
      }
    } else if (cmd === "view") {
      answer = callPython("view", JSON.stringify(args || {}));
    } else if (cmd === "export") {
      answer = callPython("export", JSON.stringify(args || {}));
      if (answer.ok) {
        // a download is bytes: encoded once here, moved (not copied) to the page
        const { name, mime, text } = answer.result;
        const bytes = new TextEncoder().encode(text);
        post({ id, ok: true, result: { name, mime, bytes } }, [bytes.buffer]);
        return;
      }
    } else if (cmd === "regles") {
      answer = callPython("regles");
    } else {
      answer = { ok: false, error: { name: "UnknownCommand", message: `Commande inconnue : ${cmd}` } };
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
