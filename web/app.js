// The page: DOM events, focus and fragment swapping only. Python (in worker.js) decides everything
// about LSU and renders every view: the report, its filtered views, the print block, the tabs.
//
// Hooks for automation: document.body.dataset.state ∈ booting | ready | checking | done | error;
// document.body.dataset.checks counts the checks finished (with a report or an error);
// document.body.dataset.views counts the views swapped in (viewsPending: those on their way);
// the report's root is #report[data-verdict]; the first input[type=file] takes every file.

/** The worker protocol's types live beside the worker client (engine.js).
 * @typedef {import("./engine.js").ViewFilters} ViewFilters @typedef {import("./engine.js").CheckResult} CheckResult
 * @typedef {import("./engine.js").Download} Download */

import { engine, call, bootMessage, startWorker, serviceWorkerControl } from "./engine.js";
import { download } from "./tools.js";

const MAX_BYTES = 100 * 1024 * 1024;     // refused before anything is read (issue 5 item 3)
const PHASES = ["chargement", "lecture", "schema", "controles", "rapport"];   // the #status steps
const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const bump = (key, by = 1) => { document.body.dataset[key] = String(Number(document.body.dataset[key] || 0) + by); };
const fail = (err) => showMessage(err.message || String(err));
/** @param {"booting"|"ready"|"checking"|"done"|"error"} state */
const setState = (state) => { document.body.dataset.state = state; };
// ---- Messages and progress
const showEngineState = (text) => Object.assign($("#engine"), { textContent: text, hidden: !text });
const showMessage = (text, kind = "error") => Object.assign($("#message"), { textContent: text, className: "alert alert--" + kind, hidden: !text });
const announce = (text) => { $("#live").textContent = text; };
const progressState = { timer: 0, started: 0, phase: "" };

function startProgress() {
  $("#status").hidden = false;
  showEngineState("");
  progressState.started = performance.now();
  progressState.phase = "";
  for (const li of $$("#status li")) { li.className = ""; li.removeAttribute("aria-current"); }
  clearInterval(progressState.timer);
  progressState.timer = setInterval(tickElapsed, 100);
  tickElapsed();
  setPhase(engine.ready ? "lecture" : "chargement");
}

const tickElapsed = () => { $("#elapsed").textContent = formatSeconds(performance.now() - progressState.started); };
function setPhase(phase) {
  const index = PHASES.indexOf(phase);
  if (index < 0 || index < PHASES.indexOf(progressState.phase) || phase === progressState.phase) return;
  progressState.phase = phase;
  $$("#status li").forEach((li, i) => {
    li.className = i < index ? "done" : i === index ? "current" : "";
    if (i === index) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
  });
  announce($$("#status li")[index].textContent + "…");
}

function stopProgress() {
  clearInterval(progressState.timer);
  tickElapsed();
  $$("#status li").forEach((li) => { if (li.className === "current") li.className = "done"; });
}

const formatSeconds = (ms) => (ms / 1000).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " s";
// ---- Checking files
let busy = false;
/** The SIECLE/STS-web exports of the last check, given again with the next one (issue 10 item 5).
 * @type {{file: File, kind: string}[]} */
let kept = [];

function showKept() {
  $("#kept-list").replaceChildren(...kept.map(({ file, kind }, i) => {
    const li = document.createElement("li");
    const remove = Object.assign(document.createElement("button"),
      { type: "button", className: "button button--small button--quiet", textContent: "Retirer" });
    remove.setAttribute("aria-label", `Retirer ${file.name}`);
    remove.addEventListener("click", () => {
      kept.splice(i, 1);
      showKept();
      ($("#kept-list button") || $("#files")).focus();
    });
    li.append(kind ? `${kind} : ${file.name} ` : `${file.name} `, remove);
    return li;
  }));
  $("#kept").hidden = kept.length === 0;
}

/** @param {File[]} files @param {boolean} withKept give the kept reference files too */
async function submit(files, withKept = true) {
  if (!files.length) return;
  if (withKept) files = files.concat(kept.map((k) => k.file).filter((f) => !files.some((g) => g.name === f.name)));
  if (busy) return showMessage("Une vérification est déjà en cours : attendez sa fin pour en lancer une autre.", "info");
  const tooBig = files.filter((f) => f.size > MAX_BYTES).map((f) => `« ${f.name} » (${formatSize(f.size)})`);
  if (tooBig.length) {
    $("#files").value = "";
    return showMessage(`Fichier trop volumineux : ${tooBig.join(", ")}. Au-delà de 100 Mo, lsucheck ne peut pas `
      + "vérifier un fichier dans le navigateur. Exportez les bilans par niveau ou par classe pour obtenir des fichiers plus petits.");
  }
  if (engine.failed) return showMessage(bootMessage(engine.failed));
  busy = true;
  $("#sample").disabled = true;
  showMessage("");
  setState("checking");
  $("#resultats").hidden = true;
  startProgress();
  engine.onProgress = (phase) => setPhase(phase);
  const annee = $("#annee").value.trim();
  try {
    /** @type {CheckResult} */
    const result = await call("check", { files, annee: annee || null });
    setPhase("rapport");
    stopProgress();
    showMessage("");
    showResults(result, performance.now() - progressState.started);
    // the example's exports are another school's: the user's own kept files stay as they were
    if (withKept) kept = (result.reference_files || []).filter((r) => files[r.index]).map((r) => ({ file: files[r.index], kind: r.kind }));
    showKept();
    setState("done");
  } catch (err) {
    stopProgress();
    $("#status").hidden = true;
    fail(err);
    setState(engine.failed ? "error" : engine.ready && err.name !== "WorkerRestarted" ? "ready" : "booting");
  } finally {
    engine.onProgress = null;
    busy = false;
    $("#sample").disabled = !(document.body.dataset.sample || "").trim();
    bump("checks");
    $("#files").value = "";
  }
}

const formatSize = (bytes) => (bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " Mo";

async function checkSample() {
  const urls = (document.body.dataset.sample || "").split(" ").filter(Boolean);
  if (!urls.length) return;
  try {
    const files = await Promise.all(urls.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url} : ${response.status}`);
      return new File([await response.blob()], url.split("/").pop(), { type: "application/xml" });
    }));
    await submit(files, false);        // the example is another school: not with the kept files
  } catch (err) {
    showMessage("L'exemple n'a pas pu être chargé (" + err.message + ").");
  }
}

// ---- The report and its views: Python renders them; the page swaps the fragments in.
/** @param {CheckResult} result @param {number} elapsedMs */
function showResults(result, elapsedMs) {
  const host = $("#report-host");
  host.before($("#toolbar"));          // out of the last report before it goes (a second drop)
  host.innerHTML = result.html;        // made by Python with Jinja2, autoescape on
  const sections = $$("section.lsu-report", host);
  $("#resultats").hidden = false;
  $("#status").hidden = true;
  announce(`Vérification terminée en ${formatSeconds(elapsedMs)}. ` + (sections.length > 1 ? `${sections.length} rapports.` : ""));
  document.documentElement.dataset.checkMs = String(Math.round(elapsedMs));
  document.documentElement.dataset.pythonTimings = JSON.stringify(result.timings || {});
  const target = sections[0] && ($(".verdict", sections[0]) || sections[0]);
  placeToolbar(sections[0]);
  if (target) focusOn(target, $("#resultats"));
}

// the exports right after the verdict: Tab from the verdict reaches them (issue 12 item 5)
const placeToolbar = (section) => { const v = section && $(".verdict", section); if (v) v.after($("#toolbar")); };
/** The form's filters and the view's state (open groups, pages), for Python.
 * @param {HTMLElement} section @param {Partial<ViewFilters>} extra @returns {ViewFilters} */
function filtersOf(section, extra = {}) {
  const form = $("form.filter-bar", section);
  const open = $$("details[open]", $(".browse", section) || section).map((d) => d.id).filter(Boolean);
  return { ...(form ? Object.fromEntries(new FormData(form)) : {}), open, pages: { ...(section._pages || {}) },
    gpage: section._gpage || 1, ...extra };
}

/** Ask Python for the view and swap it in; the focus stays on the control that asked.
 * @param {HTMLElement} section @param {Partial<ViewFilters>} extra */
async function refresh(section, extra = {}) {
  const seq = (section._seq = (section._seq || 0) + 1);
  const t0 = performance.now();
  bump("viewsPending");
  let answer;
  try {
    answer = await call("view", { report: Number(section.dataset.index || 0), filters: filtersOf(section, extra) });
  } finally {
    bump("viewsPending", -1);
  }
  if (seq !== section._seq) return;    // a newer request is on its way
  const old = $(".browse", section);
  // the focus, if it was in the old view: back on the same control (found by its id, or its tag
  // inside the nearest element with an id: a group's summary, a pager's button)
  const active = old.contains(document.activeElement) ? document.activeElement : null;
  const anchor = active && active.closest("[id]");
  old.outerHTML = answer.html;         // made by Python with Jinja2, autoescape on
  const now = $(".browse", section);
  $$(".print-view", section).forEach((el) => el.remove());      // made for other filters
  const back = anchor && document.getElementById(anchor.id);
  section.dataset.shown = now.dataset.shown;
  const all = $(".filter-all", section);
  if (all) all.setAttribute("aria-pressed", String(now.dataset.filtered === "0"));
  const same = back && (active === anchor ? back : $(active.tagName, back));
  const focus = $("[data-focus]", now) || same;
  if (focus) focus.focus();
  announce($(".filter-count", now).textContent);
  document.documentElement.dataset.viewMs = String(Math.round(performance.now() - t0));
  bump("views");
}

// One listener per kind of event for every report: filters, views, pagers, lazy tables, tabs.
function wireReports(host) {
  let debounce = 0;
  const sectionOf = (el) => el.closest("section.lsu-report");
  const again = (section, extra) => refresh(section, extra).catch(fail);
  // a new filter starts from the first page of everything
  const fresh = (section, extra) => { Object.assign(section, { _pages: {}, _gpage: 1 }); again(section, extra); };
  host.addEventListener("change", (event) => {
    const section = sectionOf(event.target);
    if (section && event.target.closest("form.filter-bar") && event.target.type !== "search") fresh(section);
  });
  host.addEventListener("input", (event) => {
    if (event.target.type !== "search") return;
    clearTimeout(debounce);
    debounce = setTimeout(() => fresh(sectionOf(event.target)), 150);
  });
  host.addEventListener("submit", (event) => event.preventDefault());
  host.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const section = button && sectionOf(button);
    if (button && button.getAttribute("role") === "tab") return selectTab(button);
    const link = event.target.closest("a[href^='#report-']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target && sectionOf(target) && sectionOf(target).hidden) selectTab(document.getElementById(`${sectionOf(target).id}-tab`));
    if (target && target.closest("details")) target.closest("details").open = true;  // a summary link opens its group
    if (!section) return;
    if (button.classList.contains("filter-all")) {
      $("form.filter-bar", section).reset();
      fresh(section, { open: [] });
    } else if (button.dataset.more) {
      section._pages = { ...(section._pages || {}), [button.dataset.more]: Number(button.dataset.page) };
      again(section);
    } else if (button.dataset.moreGroups) {
      section._gpage = Number(button.dataset.moreGroups);
      again(section);
    }
  });
  // a pupil's or a class's table is rendered when it is opened
  host.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details.matches && details.matches("details.group") && details.open && !$("table", details)) again(sectionOf(details));
  }, true);
  // tabs (WAI-ARIA pattern; Python rendered them): arrows, Home and End move the selection
  host.addEventListener("keydown", (event) => {
    const tab = event.target.closest("[role=tab]");
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
    if (!tab || !(event.key in moves)) return;
    event.preventDefault();
    const tabs = $$("[role=tab]", tab.parentElement);
    const i = tabs.indexOf(tab);
    const move = moves[event.key];
    const next = tabs[Number.isFinite(move) ? (i + move + tabs.length) % tabs.length : move < 0 ? 0 : tabs.length - 1];
    selectTab(next);
    next.focus();
  });
}

function selectTab(tab) {
  for (const other of $$("[role=tab]", tab.parentElement)) {
    const on = other === tab;
    Object.assign(other, { tabIndex: on ? 0 : -1 }).setAttribute("aria-selected", String(on));
    const panel = document.getElementById(other.getAttribute("aria-controls"));
    if (!(panel.hidden = !on)) placeToolbar(panel);
  }
}

// ---- Exports: made by Python (the whole report, or what is shown), downloaded from a Blob URL.
async function exportReport(format, scope, button) {
  button.disabled = true;
  try {
    /** @type {Download} */
    const { name, mime, bytes } = await call("export", { format, scope });
    download(name, mime, bytes);
    announce(`Fichier ${name} téléchargé.`);
  } catch (err) {
    fail(err);
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

// ---- The Règles page
async function loadRegles() {
  try {
    $("#regles-host").innerHTML = (await call("regles")).html;       // made by Python, autoescape on
  } catch (_) {
    $("#regles-host").textContent = "La liste des règles n'a pas pu être affichée.";
  }
}

// "Voir la règle B6" links: open the rules section and go to the rule.
function followRuleLink(event) {
  if (event.target.closest("a[href='#regles-verifiees']")) return void ($("#regles-details").open = true);
  const link = event.target.closest("a[href^='#regle-']");
  const target = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  $("#regles-details").open = true;
  for (let el = target.parentElement; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
  focusOn(target, target);
}

function focusOn(target, scrolled) {
  target.setAttribute("tabindex", "-1");
  scrolled.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

// ---- Wiring
function wire() {
  const input = $("#files");
  input.addEventListener("change", () => submit(Array.from(input.files || [])));
  const zone = $("#form");
  let depth = 0;
  const over = (n) => { depth = n; zone.classList.toggle("dropzone--over", depth > 0); };
  document.addEventListener("dragenter", (e) => {
    if (e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files")) over(depth + 1);
  });
  document.addEventListener("dragleave", () => over(Math.max(0, depth - 1)));
  document.addEventListener("dragover", (e) => { e.preventDefault(); });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    over(0);
    submit(Array.from((e.dataTransfer && e.dataTransfer.files) || []));
  });
  const sample = $("#sample");
  sample.disabled = !(document.body.dataset.sample || "").trim();
  sample.addEventListener("click", checkSample);
  for (const button of $$("[data-export]")) {
    button.addEventListener("click", () => exportReport(button.dataset.export, button.dataset.scope || "all", button));
  }
  $("#print").addEventListener("click", () => printReport().catch(fail));
  wireReports($("#report-host"));
  $("#again").addEventListener("click", () => {
    $("#resultats").hidden = true;
    $("#report-host").before($("#toolbar"));     // out of the report before it goes
    $("#report-host").replaceChildren();
    $("#titre").scrollIntoView();
    input.focus();
  });
  document.addEventListener("click", followRuleLink);
}

// Issue 14: the LSU's rapport d'exécution pasted as text, checked with the files dropped just before
function wireRapportPaste() {
  const box = $("#rapport-colle"), paste = "rapport_lsu_colle.txt";
  if (!box) return;
  let last = [];
  const keep = (list) => { last = Array.from(list || []).filter((f) => f.name !== paste); };
  $("#files").addEventListener("change", (e) => keep(e.target.files));
  document.addEventListener("drop", (e) => keep(e.dataTransfer && e.dataTransfer.files));
  $("#rapport-colle-comparer").addEventListener("click", () => box.value.trim()
    ? submit([...last, new File([box.value], paste, { type: "text/plain" })])
    : showMessage("Collez d'abord le rapport d'exécution du LSU.", "info"));
}

wire();
wireRapportPaste();
serviceWorkerControl(() => {
  document.documentElement.dataset.offline = "ready";
  $("#offline-state").textContent = "Disponible hors connexion sur cet ordinateur.";
}).then(() => startWorker({
  engineState: showEngineState,
  ready(msg) {
    document.documentElement.dataset.bootMs = String(Math.round(performance.now()));
    document.documentElement.dataset.engineTimings = JSON.stringify(msg.timings || {});
    if (document.body.dataset.state === "booting") setState("ready");
    loadRegles();
  },
  failed(text) {
    stopProgress();
    showMessage(text, "error");
    setState("error");
  },
  restarted() {
    if (document.body.dataset.state !== "checking") setState("booting");
  },
}));
