// The page: DOM only. Python (in worker.js) decides everything about LSU; this file moves files
// to the worker, shows progress, inserts the report HTML Python made, and filters it on screen.
//
// Hooks for automation: document.body.dataset.state ∈ booting | ready | checking | done | error;
// document.body.dataset.checks counts the checks finished (with a report or an error); the
// report's root is #report[data-verdict]; the first input[type=file] takes every file.

const MAX_BYTES = 100 * 1024 * 1024;     // refused before anything is read (issue 5 item 3)
const BOOT_TIMEOUT_MS = 90_000;          // loadPyodide hangs silently when wasm is blocked

const PHASES = ["chargement", "lecture", "schema", "controles", "rapport"];
const PHASE_LABELS = {
  chargement: "Chargement de Python",
  lecture: "Lecture des fichiers",
  schema: "Contrôle de la structure (schéma)",
  controles: "Contrôles des bilans",
  rapport: "Préparation du rapport",
};

/**
 * The worker protocol (web/worker.js; Python's side is py/lsucheck/browser.py).
 * @typedef {{level?: string, bilan?: string, division?: string, periode?: string, discipline?: string,
 *   group?: string, eleve?: string, vue?: "messages"|"eleves"|"classes", open: string[],
 *   pages: Object<string, number>, gpage: number}} ViewFilters
 * @typedef {{cmd: "check", args: {files: File[], annee: string|null}}
 *   | {cmd: "view", args: {report: number, filters: ViewFilters, print?: boolean}}
 *   | {cmd: "export", args: {format: "csv"|"json"|"html", scope: "all"|"view"}}
 *   | {cmd: "regles"}} Command  sent as {id, cmd, args}
 * @typedef {{html: string, reference_files: number[], timings: Object<string, number>}} CheckResult
 * @typedef {{html: string}} ViewResult  also the answer to "regles"
 * @typedef {{name: string, mime: string, bytes: Uint8Array}} Download  the answer to "export"
 * @typedef {{id: number, ok: true, result: CheckResult|ViewResult|Download}
 *   | {id: number, ok: false, error: {name: string, message: string}, fatal?: boolean}
 *   | {type: "progress", phase: string, detail: string}
 *   | {type: "ready", version: string, timings: Object<string, number>}
 *   | {type: "fatal", error: {name: string, message: string}}} WorkerMessage
 */

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** @param {"booting"|"ready"|"checking"|"done"|"error"} state */
function setState(state) {
  document.body.dataset.state = state;
}

// ---------------------------------------------------------------------------------------------
// The worker: one at a time, restarted if it crashes.
const engine = {
  worker: null,
  ready: false,
  failed: null,
  nextId: 1,
  pending: new Map(),
  bootTimer: 0,
  bootStarted: 0,
  onProgress: null,
};

function startWorker() {
  engine.ready = false;
  engine.failed = null;
  engine.bootStarted = performance.now();
  engine.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  engine.worker.addEventListener("message", onWorkerMessage);
  engine.worker.addEventListener("error", (event) => {
    event.preventDefault();
    restartWorker("Le moteur de vérification s'est arrêté de façon inattendue ; il vient d'être relancé.");
  });
  clearTimeout(engine.bootTimer);
  engine.bootTimer = setTimeout(() => {
    if (!engine.ready && !engine.failed) {
      bootFailed({ name: "Timeout", message: "" });
    }
  }, BOOT_TIMEOUT_MS);
  showEngineState("Préparation du moteur de vérification… Vous pouvez déjà choisir un fichier : "
    + "il sera vérifié dès que le moteur sera prêt.");
}

function restartWorker(reason) {
  const old = engine.worker;
  engine.worker = null;
  if (old) old.terminate();
  for (const { reject } of engine.pending.values()) {
    reject(Object.assign(new Error(reason), { name: "WorkerRestarted" }));
  }
  engine.pending.clear();
  startWorker();
  if (document.body.dataset.state !== "checking") setState("booting");
}

function onWorkerMessage(event) {
  const msg = event.data || {};
  if (msg.type === "progress") {
    if (engine.onProgress) engine.onProgress(msg.phase, msg.detail);
    return;
  }
  if (msg.type === "ready") {
    engine.ready = true;
    clearTimeout(engine.bootTimer);
    document.documentElement.dataset.bootMs = String(Math.round(performance.now()));
    document.documentElement.dataset.engineTimings = JSON.stringify(msg.timings || {});
    showEngineState("");
    if (document.body.dataset.state === "booting") setState("ready");
    if (engine.onProgress) engine.onProgress("lecture", "");
    loadRegles();
    registerServiceWorker();
    return;
  }
  if (msg.type === "fatal") {
    bootFailed(msg.error);
    return;
  }
  const waiter = engine.pending.get(msg.id);
  if (!waiter) return;
  engine.pending.delete(msg.id);
  if (msg.ok) {
    waiter.resolve(msg.result);
  } else {
    waiter.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name, fatal: !!msg.fatal }));
    if (msg.fatal && engine.ready) {
      restartWorker("Le moteur de vérification s'est arrêté ; il vient d'être relancé.");
    }
  }
}

function bootFailed(error) {
  engine.failed = error;
  clearTimeout(engine.bootTimer);
  const text = bootMessage(error);
  showEngineState("");
  for (const { reject } of engine.pending.values()) {
    reject(Object.assign(new Error(text), { name: "BootFailed" }));
  }
  engine.pending.clear();
  stopProgress();
  showMessage(text, "error");
  setState("error");
}

function bootMessage(error) {
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

/** Send a command; resolves with the worker's result. The worker queues it until Python is up. */
function call(cmd, args) {
  if (engine.failed) {
    return Promise.reject(Object.assign(new Error(bootMessage(engine.failed)), { name: "BootFailed" }));
  }
  const id = engine.nextId++;
  return new Promise((resolve, reject) => {
    engine.pending.set(id, { resolve, reject });
    engine.worker.postMessage({ id, cmd, args });
  });
}

function showEngineState(text) {
  const el = $("#engine");
  el.textContent = text;
  el.hidden = !text;
}

// ---------------------------------------------------------------------------------------------
// Messages and progress
function showMessage(text, kind = "error") {
  const box = $("#message");
  box.textContent = text;
  box.className = "alert alert--" + kind;
  box.hidden = !text;
}

function announce(text) {
  $("#live").textContent = text;
}

const progressState = { timer: 0, started: 0, phase: "" };

function startProgress() {
  const status = $("#status");
  status.hidden = false;
  showEngineState("");
  progressState.started = performance.now();
  progressState.phase = "";
  for (const li of $$("li", status)) {
    li.className = "";
    li.removeAttribute("aria-current");
  }
  clearInterval(progressState.timer);
  progressState.timer = setInterval(tickElapsed, 100);
  tickElapsed();
  setPhase(engine.ready ? "lecture" : "chargement");
}

function tickElapsed() {
  const seconds = (performance.now() - progressState.started) / 1000;
  $("#elapsed").textContent = seconds.toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " s";
}

function setPhase(phase) {
  const index = PHASES.indexOf(phase);
  if (index < 0 || index < PHASES.indexOf(progressState.phase)) return;
  if (phase === progressState.phase) return;
  progressState.phase = phase;
  $$("#status li").forEach((li, i) => {
    li.className = i < index ? "done" : i === index ? "current" : "";
    if (i === index) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  });
  announce(PHASE_LABELS[phase] + "…");
}

function stopProgress() {
  clearInterval(progressState.timer);
  tickElapsed();
  $$("#status li").forEach((li) => { if (li.className === "current") li.className = "done"; });
}

function formatSeconds(ms) {
  return (ms / 1000).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " s";
}

// ---------------------------------------------------------------------------------------------
// Checking files
let busy = false;

/** The SIECLE/STS-web exports of the last check, given again with the next one (issue 10 item 5).
 * @type {File[]} */
let keptReferences = [];

function showKeptReferences() {
  const box = $("#kept");
  const list = $("#kept-list");
  list.replaceChildren(...keptReferences.map((file, i) => {
    const li = document.createElement("li");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button--small button--quiet";
    remove.textContent = "Retirer";
    remove.setAttribute("aria-label", `Retirer ${file.name}`);
    remove.addEventListener("click", () => {
      keptReferences.splice(i, 1);
      showKeptReferences();
      ($("#kept-list button") || $("#files")).focus();
    });
    li.append(`${file.name} `, remove);
    return li;
  }));
  box.hidden = keptReferences.length === 0;
}

/** @param {File[]} files @param {boolean} withKept */
async function submit(files, withKept = true) {
  if (!files.length) return;
  if (withKept) {
    const names = new Set(files.map((f) => f.name));
    files = files.concat(keptReferences.filter((f) => !names.has(f.name)));
  }
  if (busy) {
    showMessage("Une vérification est déjà en cours : attendez sa fin pour en lancer une autre.", "info");
    return;
  }
  const tooBig = files.filter((f) => f.size > MAX_BYTES);
  if (tooBig.length) {
    const names = tooBig.map((f) => `« ${f.name} » (${formatSize(f.size)})`).join(", ");
    showMessage(`Fichier trop volumineux : ${names}. Au-delà de 100 Mo, lsucheck ne peut pas vérifier un fichier `
      + "dans le navigateur. Exportez les bilans par niveau ou par classe pour obtenir des fichiers plus petits.");
    $("#files").value = "";
    return;
  }
  if (engine.failed) {
    showMessage(bootMessage(engine.failed));
    return;
  }
  busy = true;
  $("#sample").disabled = true;
  showMessage("");
  setState("checking");
  $("#resultats").hidden = true;
  startProgress();
  engine.onProgress = (phase) => setPhase(phase);
  const annee = $("#annee").value.trim();
  try {
    const result = await call("check", { files, annee: annee || null });
    setPhase("rapport");
    stopProgress();
    showMessage("");
    showResults(result, performance.now() - progressState.started);
    keptReferences = (result.reference_files || []).map((i) => files[i]).filter(Boolean);
    showKeptReferences();
    setState("done");
  } catch (err) {
    stopProgress();
    $("#status").hidden = true;
    showMessage(err.message || String(err));
    setState(engine.failed ? "error" : engine.ready ? "ready" : "booting");
    if (err.name === "WorkerRestarted") setState("booting");
  } finally {
    engine.onProgress = null;
    busy = false;
    $("#sample").disabled = !(document.body.dataset.sample || "").trim();
    document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
    $("#files").value = "";
  }
}

function formatSize(bytes) {
  return (bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " Mo";
}

async function checkSample() {
  const urls = (document.body.dataset.sample || "").split(" ").filter(Boolean);
  if (!urls.length) return;
  try {
    const files = await Promise.all(urls.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url} : ${response.status}`);
      const blob = await response.blob();
      return new File([blob], url.split("/").pop(), { type: "application/xml" });
    }));
    await submit(files, false);
  } catch (err) {
    showMessage("L'exemple n'a pas pu être chargé (" + err.message + ").");
  }
}

// ---------------------------------------------------------------------------------------------
// The report: Python renders it, and every view of it; the page swaps the fragments.
/** @param {CheckResult} result @param {number} elapsedMs */
function showResults(result, elapsedMs) {
  const host = $("#report-host");
  host.innerHTML = result.html;        // made by Python with Jinja2, autoescape on
  const sections = $$("section.lsu-report", host);
  if (sections.length > 1) buildTabs(host, sections);
  $("#resultats").hidden = false;
  $("#status").hidden = true;
  for (const s of sections) s.dataset.shown = $(".browse", s) ? $(".browse", s).dataset.shown : s.dataset.total;
  const root = $("#report", host);
  announce(`Vérification terminée en ${formatSeconds(elapsedMs)}. `
    + (sections.length > 1 ? `${sections.length} rapports.` : ""));
  document.documentElement.dataset.checkMs = String(Math.round(elapsedMs));
  document.documentElement.dataset.pythonTimings = JSON.stringify(result.timings || {});
  focusSummary(sections[0]);
  return root ? root.dataset.verdict : "";
}

function focusSummary(section) {
  if (!section) return;
  const target = $(".verdict", section) || section;
  target.setAttribute("tabindex", "-1");
  $("#resultats").scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

/** The filters of a report's form, and the view's state (open groups, pages), for Python.
 * @param {HTMLElement} section @param {Partial<ViewFilters>} extra @returns {ViewFilters} */
function filtersOf(section, extra = {}) {
  const form = $("form.filter-bar", section);
  const data = form ? Object.fromEntries(new FormData(form)) : {};
  const open = $$("details[open]", $(".browse", section) || section).map((d) => d.id).filter(Boolean);
  const pages = { ...(section._pages || {}) };
  return { ...data, open, pages, gpage: section._gpage || 1, ...extra };
}

/** Ask Python for the view and swap it in; keeps focus on the control that asked.
 * @param {HTMLElement} section @param {Partial<ViewFilters>} extra */
async function refresh(section, extra = {}) {
  const seq = (section._seq = (section._seq || 0) + 1);
  const t0 = performance.now();
  const filters = filtersOf(section, extra);
  const body = document.body.dataset;
  body.viewsPending = String(Number(body.viewsPending || 0) + 1);
  let html;
  try {
    ({ html } = await call("view", { report: Number(section.dataset.index || 0), filters }));
  } finally {
    body.viewsPending = String(Number(body.viewsPending) - 1);
  }
  if (seq !== section._seq) return;    // a newer request is on its way
  const old = $(".browse", section);
  const active = document.activeElement && old.contains(document.activeElement) ? document.activeElement.id : "";
  old.outerHTML = html;                // made by Python with Jinja2, autoescape on
  const now = $(".browse", section);
  section.dataset.shown = now.dataset.shown;
  const all = $(".filter-all", section);
  if (all) all.setAttribute("aria-pressed", String(now.dataset.filtered === "0"));
  const focus = $("[data-focus]", now) || (active && document.getElementById(active));
  if (focus) focus.focus();
  announce($(".filter-count", now).textContent);
  document.documentElement.dataset.viewMs = String(Math.round(performance.now() - t0));
  body.views = String(Number(body.views || 0) + 1);
}

// One listener for every report: filters, views, pagers, lazy group tables.
function wireReports(host) {
  let debounce = 0;
  const sectionOf = (el) => el.closest("section.lsu-report");
  host.addEventListener("change", (event) => {
    const section = sectionOf(event.target);
    if (!section || !event.target.closest("form.filter-bar")) return;
    section._pages = {};
    section._gpage = 1;
    refresh(section).catch((err) => showMessage(err.message || String(err)));
  });
  host.addEventListener("input", (event) => {
    if (event.target.type !== "search") return;
    const section = sectionOf(event.target);
    clearTimeout(debounce);
    debounce = setTimeout(() => { section._pages = {}; refresh(section).catch(() => {}); }, 150);
  });
  host.addEventListener("submit", (event) => event.preventDefault());
  host.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const section = button && sectionOf(button);
    if (!section) return;
    if (button.classList.contains("filter-all")) {
      $("form.filter-bar", section).reset();
      section._pages = {};
      section._gpage = 1;
      refresh(section, { open: [] }).catch((err) => showMessage(err.message || String(err)));
    } else if (button.dataset.more) {
      section._pages = { ...(section._pages || {}), [button.dataset.more]: Number(button.dataset.page) };
      refresh(section).catch((err) => showMessage(err.message || String(err)));
    } else if (button.dataset.moreGroups) {
      section._gpage = Number(button.dataset.moreGroups);
      refresh(section).catch((err) => showMessage(err.message || String(err)));
    }
  });
  // a pupil's or a class's table is rendered when it is opened
  host.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.matches || !details.matches("details.group") || !details.open || $("table", details)) return;
    refresh(sectionOf(details)).catch((err) => showMessage(err.message || String(err)));
  }, true);
}

// Tabs (WAI-ARIA pattern) over the reports of several LSU files.
function buildTabs(host, sections) {
  const root = $("#report", host);
  const index = $(".reports-index", root);
  if (index) index.hidden = true;
  const list = document.createElement("div");
  list.className = "tabs no-print";
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", "Rapports par fichier");
  const tabs = sections.map((section, i) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `${section.id}-tab`;
    tab.className = `tab verdict--${section.dataset.verdict}`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", section.id);
    const icon = $(".verdict .icon", section);
    const iconSpan = document.createElement("span");
    iconSpan.className = "icon";
    iconSpan.setAttribute("aria-hidden", "true");
    iconSpan.textContent = icon ? icon.textContent : "";
    const label = $(".verdict-title strong", section);
    tab.append(iconSpan, " ", section.dataset.file || `Fichier ${i + 1}`);
    const sr = document.createElement("span");
    sr.className = "visually-hidden";
    sr.textContent = label ? ` : ${label.textContent}` : "";
    tab.append(sr);
    section.setAttribute("role", "tabpanel");
    section.setAttribute("aria-labelledby", tab.id);
    tab.addEventListener("click", () => selectTab(i));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const move = moves[event.key];
      const next = Number.isFinite(move) ? (i + move + tabs.length) % tabs.length : move < 0 ? 0 : tabs.length - 1;
      selectTab(next);
      tabs[next].focus();
    });
    list.append(tab);
    return tab;
  });
  root.insertBefore(list, sections[0]);
  function selectTab(n) {
    tabs.forEach((tab, i) => {
      const on = i === n;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      sections[i].hidden = !on;
    });
  }
  selectTab(0);
  // links of the summary (and the hidden index) switch to the right tab first
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#report-']");
    if (!link) return;
    const id = link.getAttribute("href").slice(1);
    const n = sections.findIndex((s) => s.id === id || s.contains(document.getElementById(id)));
    if (n >= 0 && sections[n].hidden) selectTab(n);
  });
}

// ---------------------------------------------------------------------------------------------
// Exports: made by Python (the whole report, or what is shown), downloaded from a Blob URL.
async function exportReport(format, scope, button) {
  button.disabled = true;
  try {
    const { name, mime, bytes } = await call("export", { format, scope });
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(`Fichier ${name} téléchargé.`);
  } catch (err) {
    showMessage(err.message || String(err));
  } finally {
    button.disabled = false;
  }
}

// Print: the one-page summary, then the occurrences of the groups shown (Python's print block).
async function printReport() {
  for (const section of $$("#report-host section.lsu-report")) {
    if (section.hidden || !$(".browse", section)) continue;
    const { html } = await call("view", { report: Number(section.dataset.index || 0), filters: filtersOf(section), print: true });
    const old = $(".print-view", section);
    if (old) old.remove();
    $(".messages", section).insertAdjacentHTML("beforeend", html);   // made by Python, autoescape on
  }
  window.print();
}

// ---------------------------------------------------------------------------------------------
async function loadRegles() {
  const host = $("#regles-host");
  try {
    const { html } = await call("regles");
    host.innerHTML = html;             // made by Python with Jinja2, autoescape on
  } catch (_) {
    host.textContent = "La liste des règles n'a pas pu être affichée.";
  }
}

// "Voir la règle B6" links: open the rules section and go to the rule.
function followRuleLink(event) {
  if (event.target.closest("a[href='#regles-verifiees']")) {
    $("#regles-details").open = true;
    return;
  }
  const link = event.target.closest("a[href^='#regle-']");
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  $("#regles-details").open = true;
  for (let el = target.parentElement; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
  target.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

// The service worker keeps every file as the page loads it (cache-on-fetch): the engine starts
// only once the worker controls this page, so nothing is downloaded twice. Without a service
// worker (or if it does not take control within a few seconds) the app starts all the same,
// only not offline.
const SW_CONTROL_TIMEOUT_MS = 5000;

function serviceWorkerControl() {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "offline" && event.data.ok) {
      document.documentElement.dataset.offline = "ready";
      $("#offline-state").textContent = "Disponible hors connexion sur cet ordinateur.";
    }
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

// ---------------------------------------------------------------------------------------------
function wire() {
  const input = $("#files");
  input.addEventListener("change", () => submit(Array.from(input.files || [])));

  const zone = $("#form");
  let depth = 0;
  document.addEventListener("dragenter", (e) => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types || []).includes("Files")) return;
    depth += 1;
    zone.classList.add("dropzone--over");
  });
  document.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove("dropzone--over");
  });
  document.addEventListener("dragover", (e) => { e.preventDefault(); });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove("dropzone--over");
    const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
    submit(files);
  });

  const sample = $("#sample");
  if (!(document.body.dataset.sample || "").trim()) sample.disabled = true;
  sample.addEventListener("click", checkSample);

  for (const button of $$("[data-export]")) {
    button.addEventListener("click", () => exportReport(button.dataset.export, button.dataset.scope || "all", button));
  }
  $("#print").addEventListener("click", () => printReport().catch((err) => showMessage(err.message || String(err))));
  wireReports($("#report-host"));
  $("#again").addEventListener("click", () => {
    $("#resultats").hidden = true;
    $("#report-host").replaceChildren();
    $("#titre").scrollIntoView();
    input.focus();
  });
  document.addEventListener("click", followRuleLink);
}

wire();
serviceWorkerControl().then(() => startWorker());
