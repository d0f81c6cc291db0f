// The page: DOM only. Python (in worker.js) decides everything about LSU; this file moves files
// to the worker, shows progress, inserts the report HTML Python made, and filters it on screen.
//
// Hooks for automation: document.body.dataset.state ∈ booting | ready | checking | done | error;
// document.body.dataset.checks counts the checks finished (with a report or an error); the
// report's root is #report[data-verdict]; the first input[type=file] takes every file.

const MAX_BYTES = 100 * 1024 * 1024;     // refused before anything is read (issue 5 item 3)
const BOOT_TIMEOUT_MS = 90_000;          // loadPyodide hangs silently when wasm is blocked
const PAGE = 200;                        // occurrence rows rendered per table, per page
const GROUP_PAGE = 100;                  // pupils or classes listed per page in the grouped views

const PHASES = ["chargement", "lecture", "schema", "controles", "rapport"];
const PHASE_LABELS = {
  chargement: "Chargement de Python",
  lecture: "Lecture des fichiers",
  schema: "Contrôle de la structure (schéma)",
  controles: "Contrôles des bilans",
  rapport: "Préparation du rapport",
};

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

/** @param {File[]} files */
async function submit(files) {
  if (!files.length) return;
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
    await submit(files);
  } catch (err) {
    showMessage("L'exemple n'a pas pu être chargé (" + err.message + ").");
  }
}

// ---------------------------------------------------------------------------------------------
// The report
let currentReports = [];

function showResults(result, elapsedMs) {
  currentReports = result.reports || [];
  const host = $("#report-host");
  host.innerHTML = result.html;        // made by Python with Jinja2, autoescape on
  showReferences(result.references || []);
  const sections = $$("section.lsu-report", host);
  sections.forEach(setupReport);
  if (sections.length > 1) buildTabs(host, sections);
  $("#resultats").hidden = false;
  $("#status").hidden = true;
  const root = $("#report", host);
  const verdict = root ? root.dataset.verdict : "";
  announce(`Vérification terminée en ${formatSeconds(elapsedMs)}. `
    + (sections.length > 1 ? `${sections.length} rapports.` : ""));
  document.documentElement.dataset.checkMs = String(Math.round(elapsedMs));
  document.documentElement.dataset.pythonTimings = JSON.stringify(result.timings || {});
  focusSummary(sections[0]);
  return verdict;
}

function focusSummary(section) {
  if (!section) return;
  const target = $(".verdict", section) || section;
  target.setAttribute("tabindex", "-1");
  $("#resultats").scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

function showReferences(refs) {
  const panel = $("#references");
  const body = $("#references-body");
  body.replaceChildren();
  for (const ref of refs) {
    const tr = document.createElement("tr");
    for (const value of [ref.kind_label, ref.name, ref.uai, ref.annee_label, ref.date_label, ref.summary]) {
      const td = document.createElement("td");
      td.textContent = value == null ? "" : String(value);
      tr.append(td);
    }
    body.append(tr);
  }
  panel.hidden = refs.length === 0;
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
      let next = Number.isFinite(move) ? (i + move + tabs.length) % tabs.length : move < 0 ? 0 : tabs.length - 1;
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
// Client-side filtering (issue 5 item 4): no Python, no business rule: it only selects rows.
const COLUMN_LABELS = ["Élève", "Division", "Période", "Discipline", "Enseignant", "Détail", "Ligne"];
// The "Hors bilan" facet's value is "" (no bilan), which a <select> would read as "Tous les bilans".
const NO_BILAN = "hors-bilan";

function fold(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function setupReport(section) {
  const dataEl = $("script.report-data", section);
  const box = $("[data-filters]", section);
  if (!dataEl || !box) return;
  const data = JSON.parse(dataEl.textContent);
  const col = Object.fromEntries(data.columns.map((name, i) => [name, i]));
  const model = {
    section, data, col, box,
    messages: data.messages.map((m) => ({
      ...m,
      details: document.getElementById(m.group),
      codeSection: document.getElementById(`${data.id}-${m.code}`),
      tableEl: document.getElementById(m.table),
      folded: null,
      page: 1,
      matches: m.rows,
    })),
    filters: { level: "", bilan: "", division: "", periode: "", discipline: "", group: "", eleve: "" },
    view: "messages",
    groupPage: 1,
  };
  if (data.total < 2) return;         // nothing to filter
  buildFilterBar(model);
  for (const m of model.messages) {
    if (!m.tableEl) continue;
    const serverMore = $(`p.more[data-code="${m.code}"]`, m.codeSection);
    if (serverMore) serverMore.hidden = true;
    m.pager = document.createElement("p");
    m.pager.className = "pager no-print";
    m.tableEl.closest(".table-wrap").after(m.pager);
    updatePager(model, m);
  }
  for (const details of new Set(model.messages.map((m) => m.details).filter(Boolean))) {
    details.addEventListener("toggle", () => {
      if (!details.open) return;
      for (const m of model.messages) if (m.details === details && m.dirty) renderTable(model, m);
    });
  }
}

function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

function buildFilterBar(model) {
  const { box, data } = model;
  const rid = data.id;
  const facets = data.facets;
  box.replaceChildren();
  const form = document.createElement("form");
  form.className = "filter-bar";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filtrer les messages");
  form.addEventListener("submit", (e) => e.preventDefault());

  const all = document.createElement("button");
  all.type = "button";
  all.className = "button button--small filter-all";
  all.textContent = `Tous (${data.total})`;
  all.setAttribute("aria-pressed", "true");
  all.addEventListener("click", () => {
    form.reset();
    Object.keys(model.filters).forEach((k) => { model.filters[k] = ""; });
    model.view = "messages";
    apply(model);
  });
  model.allButton = all;

  const selects = [
    ["level", "Niveau", "Tous les niveaux", facets.levels.map((f) => [f.value, `${f.label} (${f.count})`])],
    ["bilan", "Type de bilan", "Tous les bilans", facets.bilans.map((f) => [f.value || NO_BILAN, `${f.label} (${f.count})`])],
    ["division", "Division", "Toutes", facets.divisions.map((f) => [f.value, `${f.value} (${f.count})`])],
    ["periode", "Période", "Toutes", facets.periodes.map((f) => [f.value, `${f.value} (${f.count})`])],
    ["discipline", "Discipline", "Toutes", facets.disciplines.map((f) => [f.value, `${f.value} (${f.count})`])],
    ["group", "Message", "Tous les messages", facets.labels.map((f) => [f.group, `${f.value} (${f.count})`])],
  ];
  const fields = document.createElement("div");
  fields.className = "filter-fields";
  for (const [key, label, allText, options] of selects) {
    if (!options.length) continue;
    const wrap = document.createElement("div");
    wrap.className = "filter-field";
    const id = `${rid}-filtre-${key}`;
    const lab = document.createElement("label");
    lab.htmlFor = id;
    lab.textContent = label;
    const select = document.createElement("select");
    select.id = id;
    select.name = key;
    select.append(option("", allText), ...options.map(([v, t]) => option(v, t)));
    select.addEventListener("change", () => { model.filters[key] = select.value; apply(model); });
    wrap.append(lab, select);
    fields.append(wrap);
  }
  const searchWrap = document.createElement("div");
  searchWrap.className = "filter-field filter-field--search";
  const searchId = `${rid}-filtre-eleve`;
  const searchLabel = document.createElement("label");
  searchLabel.htmlFor = searchId;
  searchLabel.textContent = "Élève";
  const search = document.createElement("input");
  search.type = "search";
  search.id = searchId;
  search.name = "eleve";
  search.placeholder = "Nom ou prénom";
  search.autocomplete = "off";
  let debounce = 0;
  search.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { model.filters.eleve = fold(search.value.trim()); apply(model); }, 150);
  });
  searchWrap.append(searchLabel, search);
  fields.append(searchWrap);

  const views = document.createElement("fieldset");
  views.className = "filter-views";
  const legend = document.createElement("legend");
  legend.textContent = "Présenter";
  views.append(legend);
  for (const [value, text] of [["messages", "par message"], ["eleves", "par élève"], ["classes", "par classe"]]) {
    const id = `${rid}-vue-${value}`;
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "vue";
    input.id = id;
    input.value = value;
    input.checked = input.defaultChecked = value === "messages";
    input.addEventListener("change", () => { if (input.checked) { model.view = value; model.groupPage = 1; apply(model); } });
    const lab = document.createElement("label");
    lab.htmlFor = id;
    lab.textContent = text;
    const span = document.createElement("span");
    span.className = "radio";
    span.append(input, lab);
    views.append(span);
  }

  const count = document.createElement("p");
  count.className = "filter-count";
  count.setAttribute("aria-live", "polite");
  model.countEl = count;

  const head = document.createElement("div");
  head.className = "filter-head";
  head.append(all, count);
  form.append(head, fields, views);
  box.append(form);

  const grouped = document.createElement("div");
  grouped.className = "grouped-view";
  grouped.hidden = true;
  box.after(grouped);
  model.groupedEl = grouped;
  model.form = form;
  updateCount(model, data.total);
}

function predicate(model) {
  const f = model.filters;
  const c = model.col;
  const tests = [];
  if (f.bilan) tests.push((r) => (r[c.bilan] || NO_BILAN) === f.bilan);
  if (f.division) tests.push((r) => r[c.division] === f.division);
  if (f.periode) tests.push((r) => r[c.periode] === f.periode);
  if (f.discipline) tests.push((r) => r[c.discipline] === f.discipline);
  return tests;
}

function apply(model) {
  const f = model.filters;
  const tests = predicate(model);
  const c = model.col;
  let shown = 0;
  const groupCounts = new Map();
  for (const m of model.messages) {
    const messageOut = (f.level && m.level !== f.level) || (f.group && m.group !== f.group);
    if (messageOut) {
      m.matches = [];
    } else if (!tests.length && !f.eleve) {
      m.matches = m.rows;
    } else {
      if (f.eleve && !m.folded) m.folded = m.rows.map((r) => fold(r[c.eleve]));
      m.matches = m.rows.filter((r, i) => tests.every((t) => t(r)) && (!f.eleve || m.folded[i].includes(f.eleve)));
    }
    m.page = 1;
    shown += m.matches.length;
    groupCounts.set(m.group, (groupCounts.get(m.group) || 0) + m.matches.length);
  }
  const filtered = Object.values(f).some(Boolean);
  model.allButton.setAttribute("aria-pressed", String(!filtered && model.view === "messages"));
  updateCount(model, shown);
  const byMessage = model.view === "messages";
  for (const details of $$("details.msg", model.section)) {
    const n = groupCounts.get(details.id) || 0;
    details.hidden = !byMessage || n === 0;
    const countEl = $("summary .count", details);
    if (countEl) {
      const total = Number(details.dataset.count);
      countEl.textContent = n === total ? `(${total})` : `(${n} sur ${total})`;
    }
  }
  for (const m of model.messages) {
    if (m.codeSection) {
      m.codeSection.hidden = m.matches.length === 0;
      const countEl = $(".msg-code-title .count", m.codeSection);
      if (countEl) countEl.textContent = m.matches.length === m.count ? `(${m.count})` : `(${m.matches.length} sur ${m.count})`;
    }
    if (!m.tableEl) continue;
    if (m.details && m.details.open) renderTable(model, m);
    else m.dirty = true;
  }
  model.groupedEl.hidden = byMessage;
  if (!byMessage) renderGrouped(model);
}

function updateCount(model, shown) {
  const total = model.data.total;
  model.countEl.textContent = shown === total
    ? `${total} occurrence${total > 1 ? "s" : ""} affichée${total > 1 ? "s" : ""}`
    : `${shown} occurrence${shown > 1 ? "s" : ""} sur ${total} correspond${shown > 1 ? "ent" : ""} aux filtres`;
  model.section.dataset.shown = String(shown);
}

function rowElement(model, m, r) {
  const c = model.col;
  const tr = document.createElement("tr");
  tr.className = "occ";
  tr.dataset.level = m.level;
  tr.dataset.code = m.code;
  tr.dataset.label = m.label;
  tr.dataset.bilan = r[c.bilan];
  tr.dataset.division = r[c.division];
  tr.dataset.periode = r[c.periode];
  tr.dataset.discipline = r[c.discipline];
  tr.dataset.eleve = r[c.eleve];
  for (const key of ["eleve", "division", "periode", "discipline", "enseignant"]) {
    const td = document.createElement("td");
    td.textContent = r[c[key]];
    tr.append(td);
  }
  const detail = document.createElement("td");
  detail.textContent = r[c.detail];
  if (r[c.path]) {
    const path = document.createElement("span");
    path.className = "path";
    path.textContent = r[c.path];
    detail.append(path);
  }
  const line = document.createElement("td");
  line.className = "line";
  line.textContent = r[c.line];
  tr.append(detail, line);
  return tr;
}

function renderTable(model, m) {
  m.dirty = false;
  const body = m.tableEl.tBodies[0];
  const rows = m.matches.slice(0, m.page * PAGE);
  const frag = document.createDocumentFragment();
  for (const r of rows) frag.append(rowElement(model, m, r));
  body.replaceChildren(frag);
  m.tableEl.dataset.shown = String(rows.length);
  updatePager(model, m);
}

function updatePager(model, m) {
  if (!m.pager) return;
  const shown = Math.min(m.matches.length, m.page * PAGE);
  const rest = m.matches.length - shown;
  m.pager.replaceChildren();
  m.pager.hidden = rest <= 0;
  if (rest <= 0) return;
  const text = document.createElement("span");
  text.textContent = `${shown} occurrences affichées sur ${m.matches.length}. `;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "button button--small";
  more.textContent = `Afficher ${Math.min(PAGE, rest)} de plus`;
  more.addEventListener("click", () => {
    m.page += 1;
    renderTable(model, m);
    const rowsNow = m.tableEl.tBodies[0].rows;
    const first = rowsNow[(m.page - 1) * PAGE];
    if (first) { first.tabIndex = -1; first.focus(); }
  });
  m.pager.append(text, more);
}

// Per-pupil and per-class views, built from the filtered rows.
function renderGrouped(model) {
  const c = model.col;
  const byPupil = model.view === "eleves";
  const key = byPupil ? c.eleve : c.division;
  const groups = new Map();
  for (const m of model.messages) {
    for (const r of m.matches) {
      // two pupils with the same name in different divisions are two pupils
      const k = r[key] ? (byPupil ? `${r[key]}\u0000${r[c.division]}` : r[key]) : "";
      if (!groups.has(k)) groups.set(k, { name: r[key] || "", division: r[c.division], items: [] });
      groups.get(k).items.push([m, r]);
    }
  }
  const list = Array.from(groups.values()).sort((a, b) => {
    if (!a.name) return 1;
    if (!b.name) return -1;
    return a.name.localeCompare(b.name, "fr", { numeric: true });
  });
  const host = model.groupedEl;
  host.replaceChildren();
  const title = document.createElement("p");
  title.className = "grouped-title";
  // the "Sans élève précis" / "Sans division" entry is listed but is not a pupil or a class
  const named = list.filter((g) => g.name).length;
  title.textContent = byPupil
    ? `${named} élève${named > 1 ? "s" : ""} concerné${named > 1 ? "s" : ""}`
    : `${named} classe${named > 1 ? "s" : ""} concernée${named > 1 ? "s" : ""}`;
  host.append(title);
  const visible = list.slice(0, model.groupPage * GROUP_PAGE);
  for (const g of visible) {
    const details = document.createElement("details");
    details.className = "group";
    const summary = document.createElement("summary");
    const name = document.createElement("span");
    name.className = "group-name";
    name.textContent = g.name || (byPupil ? "Sans élève précis (fichier, EPI, enseignant…)" : "Sans division");
    summary.append(name);
    if (byPupil && g.name && g.division) {
      const div = document.createElement("span");
      div.className = "group-division";
      div.textContent = ` — ${g.division}`;
      summary.append(div);
    }
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = ` (${g.items.length} message${g.items.length > 1 ? "s" : ""})`;
    summary.append(count);
    details.append(summary);
    details.addEventListener("toggle", () => {
      if (details.open && details.childElementCount === 1) details.append(groupTable(model, g, byPupil));
    }, { once: false });
    host.append(details);
  }
  if (list.length > visible.length) {
    const more = document.createElement("p");
    more.className = "pager";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small";
    button.textContent = `Afficher ${Math.min(GROUP_PAGE, list.length - visible.length)} de plus (sur ${list.length})`;
    button.addEventListener("click", () => { model.groupPage += 1; renderGrouped(model); });
    more.append(button);
    host.append(more);
  }
}

function groupTable(model, g, byPupil) {
  const c = model.col;
  const levelLabels = Object.fromEntries(model.data.facets.levels.map((f) => [f.value, f.label]));
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "occurrences grouped";
  const caption = document.createElement("caption");
  caption.textContent = `Messages : ${g.name || "sans élève précis"}`;
  const head = ["Niveau", "Message", byPupil ? "Division" : "Élève", "Période", "Discipline", "Détail", "Ligne"];
  const thead = table.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    thead.append(th);
  }
  table.prepend(caption);
  const body = table.createTBody();
  for (const [m, r] of g.items.slice(0, 500)) {
    const tr = body.insertRow();
    tr.className = "occ";
    tr.dataset.level = m.level;
    tr.dataset.code = m.code;
    const cells = [levelLabels[m.level] || m.level, m.label, byPupil ? r[c.division] : r[c.eleve],
      r[c.periode], r[c.discipline], r[c.detail], r[c.line]];
    cells.forEach((value, i) => {
      const td = tr.insertCell();
      if (i === 0) {
        const level = document.createElement("span");
        level.className = `level level--${m.level.toLowerCase()}`;
        level.textContent = value;
        td.append(level);
      } else {
        td.textContent = value;
      }
    });
  }
  wrap.append(table);
  if (g.items.length > 500) {
    const p = document.createElement("p");
    p.className = "more";
    p.textContent = `… et ${g.items.length - 500} autres : filtrez ou utilisez l'export CSV.`;
    wrap.append(p);
  }
  return wrap;
}

// ---------------------------------------------------------------------------------------------
// Exports: made by Python, downloaded from a same-origin Blob URL.
async function exportReport(format, button) {
  button.disabled = true;
  try {
    const { filename, mime, text } = await call("export", { format });
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(`Fichier ${filename} téléchargé.`);
  } catch (err) {
    showMessage(err.message || String(err));
  } finally {
    button.disabled = false;
  }
}

// Print: open every message group for the A4 report, then put them back as they were.
let printState = null;

function beforePrint() {
  printState = $$("#report-host details").map((d) => [d, d.open]);
  for (const [d] of printState) d.open = true;
}

function afterPrint() {
  if (printState) for (const [d, open] of printState) d.open = open;
  printState = null;
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
    button.addEventListener("click", () => exportReport(button.dataset.export, button));
  }
  $("#print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  $("#again").addEventListener("click", () => {
    $("#resultats").hidden = true;
    $("#report-host").replaceChildren();
    $("#titre").scrollIntoView();
    input.focus();
  });
  document.addEventListener("click", followRuleLink);
}

// Issue 14: the LSU's rapport d'exécution pasted as text, checked with the files given just before
// (kept apart from wire(): Python reads the text and renders the side by side)
function wireRapportPaste() {
  const box = $("#rapport-colle");
  const button = $("#rapport-colle-comparer");
  if (!box || !button) return;
  let last = [];
  const keep = (files) => { last = files.filter((f) => f.name !== "rapport_lsu_colle.txt"); };
  $("#files").addEventListener("change", (e) => keep(Array.from(e.target.files || [])));
  document.addEventListener("drop", (e) => keep(Array.from((e.dataTransfer && e.dataTransfer.files) || [])));
  button.addEventListener("click", () => {
    if (!box.value.trim()) {
      showMessage("Collez d'abord le rapport d'exécution du LSU.", "info");
      return;
    }
    submit([...last, new File([box.value], "rapport_lsu_colle.txt", { type: "text/plain" })]);
  });
}

wire();
wireRapportPaste();
serviceWorkerControl().then(() => startWorker());
