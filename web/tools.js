// The « Outils » after a check (issue 15): compare two exports, the report for the assistance
// (pseudonymised), one class's file. Python renders the panel and every answer (browser.tools,
// browser.page_tool, on the last check's files); this module only sends the buttons' choices and
// swaps the fragments in, and turns the downloads into files.
//
// Hooks for automation: #outils[data-ready] once the panel is in; document.body.dataset.tools counts
// the tool answers shown (a result or an error); the last download's name is announced in #live.

import { call } from "./engine.js";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const done = () => { document.body.dataset.tools = String(Number(document.body.dataset.tools || 0) + 1); };

/** Offer bytes made by Python as a file (the worker moved them here). */
export function download(name, mime, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name, hidden: true });
  document.body.append(link);          // Firefox downloads from a link in the document
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

let panelSeq = 0;

async function showPanel() {
  const seq = ++panelSeq;
  const section = $("#outils");
  try {
    const { html } = await call("tools");
    if (seq !== panelSeq || document.body.dataset.state !== "done") return;
    $("#tools-host").innerHTML = html;   // made by Python with Jinja2, autoescape on
    section.hidden = !html;
    section.dataset.ready = "1";
  } catch (_) {
    section.hidden = true;               // the report stays usable without its tools
  }
}

function hidePanel() {
  panelSeq++;
  const section = $("#outils");
  section.hidden = true;
  delete section.dataset.ready;
  $("#tools-host").replaceChildren();
}

/** What each button asks Python, read from the panel's own controls. */
function argsOf(button) {
  const tool = button.dataset.tool;
  if (tool === "compare") return { tool, avant: Number($("#comparer-avant").value), apres: Number($("#comparer-apres").value) };
  if (tool === "extract_file") {
    return { tool, sans_rejetes: !!button.dataset.sansRejetes, fichier: Number($("#classe-divisions").dataset.file),
      divisions: $$("#classe-divisions input[name=division]:checked").map((box) => box.value) };
  }
  return { tool };
}

/** Another LSU file to cut a class from: Python gives its divisions to choose. */
async function chooseFile(select) {
  const host = $("#classe-divisions");
  try {
    const { html } = await call("tool", { tool: "divisions", fichier: Number(select.value) });
    host.innerHTML = html;               // made by Python with Jinja2, autoescape on
    host.dataset.file = select.value;
  } catch (err) {
    const alert = Object.assign(document.createElement("p"), { className: "alert", textContent: err.message || String(err) });
    alert.setAttribute("role", "alert");
    host.replaceChildren(alert);
  } finally {
    done();
  }
}

async function runTool(button) {
  const host = $(".tool-result", button.closest(".tool"));
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  host.replaceChildren();
  try {
    const result = await call("tool", argsOf(button));
    if (result.bytes) {
      download(result.name, result.mime, result.bytes);
      $("#live").textContent = `Fichier ${result.name} téléchargé.`;
    }
    host.innerHTML = result.html || "";  // made by Python with Jinja2, autoescape on
    const target = $("[tabindex='-1']", host);
    if (target) target.focus();
  } catch (err) {
    const alert = Object.assign(document.createElement("p"), { className: "alert", textContent: err.message || String(err) });
    alert.setAttribute("role", "alert");
    host.replaceChildren(alert);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    done();
  }
}

// The panel follows the page's state: shown after a check, gone while the next one runs.
new MutationObserver(() => {
  const state = document.body.dataset.state;
  if (state === "done") showPanel();
  else if (state === "checking") hidePanel();
}).observe(document.body, { attributes: true, attributeFilter: ["data-state", "data-checks"] });

$("#outils").addEventListener("change", (event) => {
  if (event.target.id === "classe-fichier") chooseFile(event.target);
});
$("#outils").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-tool]");
  if (button && !button.disabled) runTool(button);
});
$("#again").addEventListener("click", hidePanel);
