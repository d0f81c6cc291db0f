// The worker client: starts web/worker.js (Pyodide runs there), routes its replies to the calls
// waiting for them, restarts it if it crashes, words a failed start (Python cannot: it is not
// running); and the service worker that keeps the app for offline use. No DOM here: the page
// (app.js) gives its side effects to startWorker.

/**
 * The worker protocol (web/worker.js; Python's side is py/lsucheck/browser.py).
 * @typedef {{level?: string, bilan?: string, division?: string, periode?: string, discipline?: string,
 *   enseignant?: string, group?: string, eleve?: string, vue?: "messages"|"eleves"|"classes", open: string[],
 *   pages: Object<string, number>, gpage: number}} ViewFilters
 * @typedef {{cmd: "check", args: {files: File[], annee: string|null}}
 *   | {cmd: "view", args: {report: number, filters: ViewFilters, print?: boolean}}
 *   | {cmd: "export", args: {format: "csv"|"json"|"html", scope: "all"|"view"}}
 *   | {cmd: "regles"}
 *   | {cmd: "tools"}
 *   | {cmd: "tool", args: {tool: "compare", avant: number, apres: number}
 *       | {tool: "pseudonymised"} | {tool: "divisions", fichier?: number}
 *       | {tool: "extract_file", fichier?: number, divisions: string[], sans_rejetes: boolean}}} Command  sent as {id, cmd, args};
 *   "tools" and "tool" are about the files of the last "check" (the worker mounts them again)
 * @typedef {{index: number, kind: string}} ReferenceFile  a SIECLE/STS-web export among the files
 * @typedef {{html: string, reference_files: ReferenceFile[], timings: Object<string, number>}} CheckResult
 * @typedef {{html: string}} ViewResult  also the answer to "regles", "tools" and the tools that show a page
 * @typedef {{name: string, mime: string, bytes: Uint8Array}} Download  the answer to "export" and to
 *   the tools that give a file (pseudonymised report, a class's LSU file)
 * @typedef {{id: number, ok: true, result: CheckResult|ViewResult|Download}
 *   | {id: number, ok: false, error: {name: string, message: string}, fatal?: boolean}
 *   | {type: "progress", phase: string, detail: string}
 *   | {type: "download", received: number, total: number, done?: boolean}
 *   | {type: "ready", version: string, timings: Object<string, number>}
 *   | {type: "fatal", error: {name: string, message: string}}} WorkerMessage
 */

const BOOT_TIMEOUT_MS = 90_000;          // loadPyodide hangs silently when wasm is blocked

export const engine = { worker: null, ready: false, failed: null, nextId: 1, pending: new Map(), bootTimer: 0, onProgress: null,
  waiting: [] };   // commands sent before the worker exists (the page waits for its service worker first)

/** The page's side effects, given once by startWorker. */
let page = { engineState() {}, ready() {}, failed() {}, restarted() {} };

export function startWorker(hooks = page) {
  page = hooks;
  engine.ready = false;
  engine.failed = null;
  engine.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  engine.worker.addEventListener("message", onWorkerMessage);
  for (const message of engine.waiting.splice(0)) engine.worker.postMessage(message);
  engine.worker.addEventListener("error", (event) => {
    event.preventDefault();
    restartWorker("Le moteur de vérification s'est arrêté de façon inattendue ; il vient d'être relancé.");
  });
  clearTimeout(engine.bootTimer);
  engine.bootTimer = setTimeout(() => {
    if (!engine.ready && !engine.failed) bootFailed({ name: "Timeout", message: "" });
  }, BOOT_TIMEOUT_MS);
  page.engineState("Préparation du moteur de vérification… Vous pouvez déjà choisir un fichier : "
    + "il sera vérifié dès que le moteur sera prêt.");
}

function rejectPending(message, name) {
  for (const { reject } of engine.pending.values()) reject(Object.assign(new Error(message), { name }));
  engine.pending.clear();
}

function restartWorker(reason) {
  const old = engine.worker;
  engine.worker = null;
  if (old) old.terminate();
  rejectPending(reason, "WorkerRestarted");
  startWorker();
  page.restarted();
}

/** @param {MessageEvent<WorkerMessage>} event */
function onWorkerMessage(event) {
  const msg = event.data || {};
  if (msg.type === "progress") {
    // Python names the file it reads: « Vérification de import_lsu_….xml… »
    if (msg.phase === "lecture" && msg.detail) page.engineState(`Vérification de ${msg.detail}…`);
    if (engine.onProgress) engine.onProgress(msg.phase, msg.detail);
  } else if (msg.type === "download") {
    if (!engine.ready) page.engineState(downloadText(msg));
  } else if (msg.type === "ready") {
    engine.ready = true;
    clearTimeout(engine.bootTimer);
    page.engineState("");
    page.ready(msg);
    if (engine.onProgress) engine.onProgress("lecture", "");
    registerServiceWorker();
  } else if (msg.type === "fatal") {
    bootFailed(msg.error);
  } else if (engine.pending.has(msg.id)) {
    const waiter = engine.pending.get(msg.id);
    engine.pending.delete(msg.id);
    if (waiter.cmd === "check") page.engineState("");
    if (msg.ok) return waiter.resolve(msg.result);
    waiter.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name, fatal: !!msg.fatal }));
    if (msg.fatal && engine.ready) restartWorker("Le moteur de vérification s'est arrêté ; il vient d'être relancé.");
  }
}

const megabytes = (n) => (n / 1e6).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " Mo";

/** What the first visit downloads, and that it happens once. */
function downloadText({ received, total, done }) {
  if (done || received >= total) return "Préparation du moteur de vérification…";
  return `Téléchargement du moteur : ${megabytes(received)} sur ${megabytes(total)} `
    + "(une seule fois ; ensuite l'application démarre depuis ce poste)";
}

function bootFailed(error) {
  engine.failed = error;
  clearTimeout(engine.bootTimer);
  const text = bootMessage(error);
  page.engineState("");
  rejectPending(text, "BootFailed");
  page.failed(text);
}

// Python cannot word these: it is not running.
export function bootMessage(error) {
  if (error.name === "NoWebAssembly" || error.name === "WebAssemblyBlocked") {
    return "Le moteur de vérification ne peut pas démarrer : ce navigateur ne permet pas d'exécuter "
      + "WebAssembly (navigateur trop ancien, ou bloqué par une règle de sécurité de votre établissement). "
      + "Essayez avec une version récente de Firefox, Chrome ou Edge, ou demandez à votre référent numérique.";
  }
  if (error.name === "Timeout") {
    return "Le moteur de vérification n'a pas démarré en " + Math.round(BOOT_TIMEOUT_MS / 1000)
      + " secondes. Votre navigateur est peut-être trop ancien, ou le chargement a été bloqué. "
      + "Rechargez la page ; si cela se reproduit, essayez avec une version récente de Firefox, Chrome ou Edge.";
  }
  if (error.name === "InstallFailed") {
    return "Le moteur de vérification n'a pas pu démarrer : le module « " + error.message + " » n'a pas été "
      + "installé, car le fichier reçu était incomplet ou différent de celui publié (contrôle d'intégrité). "
      + "Rechargez la page ; si cela se reproduit, le réseau de votre établissement modifie peut-être les "
      + "fichiers téléchargés : parlez-en à votre référent numérique.";
  }
  console.error("lsucheck:", error.name, error.message);
  return "Le moteur de vérification n'a pas pu démarrer (erreur " + error.name + "). "
    + "Rechargez la page ; si cela se reproduit, essayez avec un autre navigateur.";
}

/** Send a command; resolves with the worker's result. The worker queues it until Python is up.
 * @param {Command["cmd"]} cmd @param {object} [args] */
export function call(cmd, args) {
  if (engine.failed) {
    return Promise.reject(Object.assign(new Error(bootMessage(engine.failed)), { name: "BootFailed" }));
  }
  const id = engine.nextId++;
  return new Promise((resolve, reject) => {
    engine.pending.set(id, { resolve, reject, cmd });
    // a file chosen while the page still waits for its service worker: sent once the worker starts
    if (engine.worker) engine.worker.postMessage({ id, cmd, args });
    else engine.waiting.push({ id, cmd, args });
  });
}

// The service worker keeps every file as the page loads it (cache-on-fetch): the engine starts
// only once the worker controls this page, so nothing is downloaded twice. Without a service
// worker (or if it does not take control within a few seconds) the app starts all the same,
// only not offline.
const SW_CONTROL_TIMEOUT_MS = 5000;

/** @param {() => void} onOffline called once every file is kept for offline use */
export function serviceWorkerControl(onOffline) {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "offline" && event.data.ok) onOffline();
  });
  const registered = navigator.serviceWorker.register("sw.js").catch(() => null);
  if (navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true });
    registered.then((reg) => { if (!reg) resolve(); });
    setTimeout(resolve, SW_CONTROL_TIMEOUT_MS);
  });
}

// Once the engine is ready: the service worker fetches what it does not hold yet.
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || registerServiceWorker.done) return;
  registerServiceWorker.done = true;
  navigator.serviceWorker.ready.then((reg) => {
    const target = navigator.serviceWorker.controller || reg.active;
    if (target) target.postMessage({ cmd: "complete" });
  }).catch(() => { /* the app works without it, only not offline */ });
}

