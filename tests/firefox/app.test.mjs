// The web app in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi (issue 12 item 6).
// Run: cd tests/firefox && npm ci && node --test   (needs dist/: python3 build.py)
// The page's CSP forbids eval: waits poll with page.evaluate (a BiDi script call, not page script).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");
const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
const BOOT_TIMEOUT = 120_000;
const CHECK_TIMEOUT = 120_000;

let server, browser, page, origin, work, inputs, downloads;
const requests = [];

function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once("error", ko);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function waitFor(fn, what, timeout = CHECK_TIMEOUT, ...args) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, ...args);
    if (value) return value;
    if (Date.now() > deadline) {
      const message = await page.evaluate(() => document.querySelector("#message")?.textContent);
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}; message: ${message}`);
    }
    await sleep(100);
  }
}

const state = () => page.evaluate(() => document.body.dataset.state);
const checksDone = () => page.evaluate(() => Number(document.body.dataset.checks || 0));
const attr = (sel, name) => page.evaluate((s, n) => document.querySelector(s)?.getAttribute(n), sel, name);
const text = (sel) => page.evaluate((s) => document.querySelector(s)?.textContent.trim(), sel);

async function waitState(states, timeout = CHECK_TIMEOUT) {
  await waitFor((list) => list.includes(document.body.dataset.state), `state in ${states}`, timeout, states);
  return state();
}

async function checkFiles(names) {
  const before = await checksDone();
  const input = await page.$("input[type=file]");
  await input.uploadFile(...names.map((n) => join(inputs, n)));
  await waitFor((n) => Number(document.body.dataset.checks || 0) > n, "the check to finish", CHECK_TIMEOUT, before);
  return state();
}

before(async () => {
  assert.ok(existsSync(join(ROOT, "dist", "index.html")), "dist/ is missing: run python3 build.py first");
  work = mkdtempSync(join(tmpdir(), "lsucheck-firefox-"));
  inputs = join(work, "inputs");
  downloads = join(work, "downloads");
  execFileSync("python3", [join(HERE, "make_inputs.py"), inputs], { stdio: "inherit" });
  execFileSync("mkdir", ["-p", downloads]);

  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn("python3", [join(ROOT, "build.py"), "serve", "--port", String(port)],
                 { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try { if ((await fetch(`${origin}/`)).ok) break; } catch { /* not listening yet */ }
    assert.ok(Date.now() < deadline, "build.py serve did not answer within 60 s");
    await sleep(200);
  }

  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    protocol: "webDriverBiDi",
    headless: true,
    userDataDir: join(work, "profile"),   // a fresh temporary profile
    extraPrefsFirefox: {
      "browser.download.folderList": 2,
      "browser.download.dir": downloads,
      "browser.download.useDownloadDir": true,
      "browser.download.always_ask_before_handling_new_types": false,
      "browser.download.manager.showWhenStarting": false,
      "browser.helperApps.neverAsk.saveToDisk": "text/csv,application/json,text/html",
    },
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("boot: the page loads and the Python engine becomes ready", async () => {
  await page.goto(`${origin}/`);
  assert.equal(await waitState(["ready", "error"], BOOT_TIMEOUT), "ready");
  const sample = await page.evaluate(() => document.body.dataset.sample);
  assert.equal(sample.split(" ")[0], "exemple/import_lsu_exemple.xml");
});

test("the built-in example is checked and its report shown", async () => {
  await page.click("#sample");
  assert.equal(await waitState(["done", "error"]), "done");
  assert.equal(await attr("#report", "data-file"), "import_lsu_exemple.xml");
  assert.ok(["succes", "alertes", "rejets_partiels", "rejete"].includes(await attr("#report", "data-verdict")));
  for (const bilan of ["periodique", "cycle"]) {
    const cell = (c) => page.evaluate((b, c) =>
      Number(document.querySelector(`#report td[data-bilan=${b}][data-counter=${c}]`).textContent), bilan, c);
    assert.equal(await cell("traites"), (await cell("importes")) + (await cell("rejetes")));
  }
  assert.ok(Number(await text("#report td[data-bilan=periodique][data-counter=traites]")) > 0);
  assert.match(await text("#report .notice"), /Non opposable/);
});

test("an LSU file with a SIECLE export, given through the file input: report and reference panel", async () => {
  assert.equal(await checkFiles(["import_lsu_petit.xml", "ElevesSansAdresses.xml"]), "done");
  assert.equal(await attr("#report", "data-file"), "import_lsu_petit.xml");
  assert.ok(["succes", "alertes"].includes(await attr("#report", "data-verdict")));
  const cells = await page.evaluate(() =>
    [...document.querySelector("#report-references tbody tr").querySelectorAll("td")].map((td) => td.innerText.trim()));
  assert.match(cells[0], /SIECLE/);
  assert.equal(cells[1], "ElevesSansAdresses.xml");
  assert.equal(cells[2], "0999001W");
  assert.equal(cells[3], "2025-2026");
  const exportDate = /<DATE_EXPORT>([^<]+)<\/DATE_EXPORT>/.exec(readFileSync(join(inputs, "ElevesSansAdresses.xml"), "utf8"))[1];
  // the report's own references section (issue 12 item 4), its dates in words: « 15 décembre 2025 »
  const [d, m, y] = exportDate.split("/");
  const months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  assert.ok(cells[4].startsWith(`${d} ${months[Number(m) - 1]} ${y}`), cells[4]);
  assert.equal(await page.evaluate(() => document.querySelectorAll("[role=tab]").length), 0);
});

let many;
test("a division filter shows only that division's rows", async () => {
  assert.equal(await checkFiles(["import_lsu_sans_appreciations.xml"]), "done");
  // the page holds the facets, not the rows (issue 9 item 3)
  many = await page.evaluate(() => JSON.parse(document.getElementById("report-data").textContent));
  assert.ok(many.total > 1000);
  assert.ok(!("rows" in many.messages[0]));
  const shown = () => page.evaluate(() => Number(document.querySelector("#report").dataset.shown));
  assert.equal(await shown(), many.total);
  assert.equal(await text("#report .filter-count"), `${many.total} occurrences affichées`);
  const division = many.facets.divisions[1];
  await page.select("#report-filtre-division", division.value);
  await waitFor((t) => Number(document.querySelector("#report").dataset.shown) < t, "the filter", 30_000, many.total);
  assert.equal(await shown(), division.count);
  assert.ok(division.count < many.total);
  assert.equal(await text("#report .filter-count"),
               `${division.count} occurrences sur ${many.total} correspondent aux filtres`);
  await page.click("#report .filter-all");
  await waitFor((t) => Number(document.querySelector("#report").dataset.shown) === t, "Tous", 30_000, many.total);
});

test("the CSV export is downloaded: French Excel, one row per occurrence", async () => {
  const name = "rapport_lsucheck_import_lsu_sans_appreciations.csv";
  await page.click("[data-export=csv]");
  const path = join(downloads, name);
  const deadline = Date.now() + 60_000;
  while (!(existsSync(path) && !readdirSync(downloads).some((f) => f.endsWith(".part")))) {
    assert.ok(Date.now() < deadline, `no ${name} in the download folder after 60 s: ${readdirSync(downloads)}`);
    await sleep(200);
  }
  let data = readFileSync(path);
  for (let i = 0; i < 50 && data.length === 0; i++) { await sleep(100); data = readFileSync(path); }
  assert.deepEqual([...data.subarray(0, 3)], [0xef, 0xbb, 0xbf]);        // UTF-8 BOM: Excel reads accents
  const lines = data.toString("utf8").slice(1).split(/\r?\n/).filter((l) => l !== "");
  assert.deepEqual(lines[0].split(";").slice(0, 5), ["Fichier", "Verdict", "Niveau", "Code", "Message"]);
  assert.equal(lines.length - 1, many.total);
});

test("privacy: every request the page and its worker made stayed on the app's origin", async () => {
  if (process.env.LSUCHECK_DUMP_REQUESTS) console.log(requests.join("\n"));
  assert.ok(requests.length > 10, `only ${requests.length} requests recorded`);
  // the worker's own requests are seen too (Pyodide's wasm, the wheel lock), or this would prove little
  assert.ok(requests.some((u) => u.endsWith("/pyodide.asm.wasm")),
            "the worker's requests were not recorded");
  assert.ok(requests.some((u) => u.endsWith("/py/lock.json")), "the worker's lock.json request was not recorded");
  const foreign = requests.filter((u) => !(u.startsWith(`${origin}/`) || u.startsWith(`blob:${origin}/`)
                                           || u.startsWith("data:")));
  assert.deepEqual(foreign, []);
});

test("offline: with the server stopped, the app reloads from its service worker and checks a file", async () => {
  await waitFor(() => navigator.serviceWorker.controller !== null, "the service worker", 60_000);
  const exited = new Promise((ok) => server.once("exit", ok));
  server.kill();
  await exited;
  await assert.rejects(fetch(`${origin}/`));                              // the network is really gone
  await page.reload();
  assert.equal(await waitState(["ready", "error"], BOOT_TIMEOUT), "ready");
  assert.equal(await checkFiles(["import_lsu_petit.xml"]), "done");
  assert.equal(await attr("#report", "data-file"), "import_lsu_petit.xml");
  assert.ok(["succes", "alertes"].includes(await attr("#report", "data-verdict")));
});
