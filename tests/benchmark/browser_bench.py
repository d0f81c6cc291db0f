#!/usr/bin/env python3
"""Measure the web app in headless Chromium and print a table (issue 5's closing numbers).

    python3 tests/benchmark/browser_bench.py [--runs 3] [--site DIR] [--size-mb 15]
    python3 tests/benchmark/browser_bench.py --startup [--runs 5]   issue 13's start-up table (warm: median of --runs)

* cold start   fresh browser context (empty HTTP cache, no service worker): navigation → Python
               ready (all packages installed and imported)
* warm start   reload of the same context, the service worker and the HTTP cache in place
* sample       "Essayer avec un exemple": click → report shown (the page's own clock)
* school       a generated collège of ≈ --size-mb Mo (lsucheck.generator) given to the file
               picker → report shown
* filter       on a collège with ≈ 10,000 occurrences (every appréciation removed): a filter
               change (division, per-pupil view, « Tous ») → Python's view swapped in and painted
               (target ≤ 100 ms; issue 9 item 3)

Everything is served from 127.0.0.1 by build.py's server, so no download time is included.
The figures are medians of --runs runs (min–max in brackets). The machine's load matters: say
what else was running when you quote them.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT))
from tests.browser.pageutil import wait_for  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_build():
    spec = importlib.util.spec_from_file_location("lsucheck_build", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def poll(page, expression: str, timeout: float = 180):
    """The browser tests' CSP-safe wait (tests/browser/pageutil.py), with the benchmark's long default."""
    return wait_for(page, expression, timeout=timeout)


def wait_ready(page) -> float:
    poll(page, "['ready', 'error'].includes(document.body.dataset.state)")
    assert page.evaluate("() => document.body.dataset.state") == "ready", page.inner_text("#message")
    return float(page.evaluate("() => document.documentElement.dataset.bootMs"))


def run_check(page, action, python: list | None = None) -> float:
    before = int(page.evaluate("() => document.body.dataset.checks || '0'"))
    action()
    poll(page, f"Number(document.body.dataset.checks || 0) > {before}")
    assert page.evaluate("() => document.body.dataset.state") == "done"
    if python is not None:
        python.append(page.evaluate("() => JSON.parse(document.documentElement.dataset.pythonTimings)"))
    return float(page.evaluate("() => document.documentElement.dataset.checkMs"))


def school_file(size_mb: float, folder: pathlib.Path) -> pathlib.Path:
    from lsucheck.generator import generate_school

    # ≈ 0.42 Mo per division of 27 pupils over three trimestres (+ bilans de cycle)
    per_level = max(1, round(size_mb / (4 * 0.42)))
    school = generate_school(seed=15, annee=2025, nb_divisions_par_niveau=per_level, eleves_par_division=27)
    path = folder / school.file_name
    path.write_bytes(school.lsu_xml())
    return path


def tenk_file(folder: pathlib.Path) -> pathlib.Path:
    """The browser tests' 10,000-occurrence collège (tests/browser/conftest.py, "tenk")."""
    import re
    from lsucheck.generator import generate_school

    school = generate_school(seed=4, annee=2025, nb_divisions_par_niveau=4, eleves_par_division=20)
    path = folder / "import_lsu_10000_alertes.xml"
    path.write_bytes(re.sub(rb"<appreciation>[^<]*</appreciation>", b"", school.lsu_xml()))
    return path


#: One filter change, timed in the page: the event → the view swapped in → the next frame.
FILTER_CHANGE = """async (what) => {
    const views = () => Number(document.body.dataset.views || 0);
    const before = views();
    const t0 = performance.now();
    if (what === "division") {
        const el = document.querySelector("#report-filtre-division");
        el.value = el.options[2].value; el.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (what === "eleves") {
        const el = document.querySelector("#report-vue-eleves");
        el.checked = true; el.dispatchEvent(new Event("change", {bubbles: true}));
    } else {
        document.querySelector("#report .filter-all").click();
    }
    while (views() === before || Number(document.body.dataset.viewsPending || 0)) {
        await new Promise((ok) => setTimeout(ok, 1));
    }
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    return performance.now() - t0;
}"""


def fmt_ms(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.0f} ms [{min(values):.0f}–{max(values):.0f}]"


def fmt(values: list[float]) -> str:
    if not values:
        return "–"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med / 1000:.2f} s"
    return f"{med / 1000:.2f} s [{min(values) / 1000:.2f}–{max(values) / 1000:.2f}]"


def cpython_check(path: pathlib.Path) -> dict:
    """The same check and HTML report in native CPython, in a fresh process (issue 4: the browser
    should take at most 2x the CPython time once Python is ready)."""
    out = subprocess.run([sys.executable, __file__, "--cpython-one", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def cpython_one(path: str) -> dict:
    from lsucheck import browser, engine, render
    browser.prepare()  # imports, rules, templates and the fast validator, as the worker does
    t0 = time.perf_counter()
    reports = engine.check_inputs([path])
    t1 = time.perf_counter()
    render.fragment(reports)
    return {"check": t1 - t0, "render": time.perf_counter() - t1}


# ---------------------------------------------------------------------------------------------
# Start-up on a school's line (issue 13): first visit throttled / unthrottled, warm start against
# a bare Pyodide, peak memory of the tab. Kept apart from the rows above.
#: CDP Network.emulateNetworkConditions profiles: (name, download bit/s, upload bit/s, latency ms)
LINES = (("4 Mbit/s ↓, 1 Mbit/s ↑, 40 ms", 4e6, 1e6, 40), ("unthrottled", None, None, 0))

BARE_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="bare.js"></script></head><body></body></html>"""
BARE_JS = """const t0 = performance.now();
const w = new Worker(new URL("bare_worker.js", import.meta.url), { type: "module" });
w.onmessage = (e) => { document.documentElement.dataset.bareMs = String(Math.round(performance.now() - t0)); };"""
BARE_WORKER = """import { loadPyodide } from "../pyodide/%(version)s/pyodide.mjs";
await loadPyodide({ indexURL: new URL("../pyodide/%(version)s/", import.meta.url).href,
  lockFileURL: new URL("../%(lock)s", import.meta.url).href,
  stdLibURL: new URL("../%(stdlib)s", import.meta.url).href, stdout: () => {}, stderr: () => {} });
self.postMessage("ready");"""


def bench_site(site: pathlib.Path, build) -> pathlib.Path:
    """The site, plus bench/: a page that runs loadPyodide() alone in a module worker, on the same
    Pyodide files and the same (trimmed) standard library as the app."""
    out = pathlib.Path(tempfile.mkdtemp(prefix="lsucheck-startup-"))
    for entry in site.iterdir():
        (out / entry.name).symlink_to(entry)
    (stdlib,) = [p for p in build.precache_files(site) if p.endswith("python_stdlib.zip")]
    bench = out / "bench"
    bench.mkdir()
    (bench / "index.html").write_text(BARE_HTML)
    (bench / "bare.js").write_text(BARE_JS)
    lock = stdlib.replace("python_stdlib.zip", "lock.json")
    (bench / "bare_worker.js").write_text(BARE_WORKER % {"version": build.PYODIDE["version"], "stdlib": stdlib,
                                                         "lock": lock})
    return out


def throttle(context, page, down, up, latency):
    """CDP network emulation of the page. Measured: it does not slow what the service worker
    fetches for the page (every engine file, since the page waits for the service worker), so
    the line is also emulated at the server (ThrottledServer): both are on for throttled rows."""
    if down is None:
        return
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency, "downloadThroughput": down / 8, "uploadThroughput": up / 8})


class Line:
    """One shared downlink: bodies leave the server at `down` bit/s in total, each response
    after `latency` ms (the request's round trip). None: as fast as the machine goes."""

    def __init__(self):
        self.down, self.latency, self.last_byte = None, 0, 0.0
        self._lock = threading.Lock()
        self._free = 0.0

    def set(self, down, latency):
        self.down, self.latency, self._free = down, latency, 0.0

    def send(self, out, data: bytes):
        if self.down is None:
            out.write(data)
            return
        time.sleep(self.latency / 1000)
        for i in range(0, len(data), 16384):
            chunk = data[i:i + 16384]
            with self._lock:
                start = max(time.monotonic(), self._free)
                self._free = start + len(chunk) * 8 / self.down
                until = self._free
            time.sleep(max(0.0, until - time.monotonic()))
            out.write(chunk)


def throttled_server(build, site: pathlib.Path, line: Line):
    import functools

    class Handler(build.SiteHandler):
        def copyfile(self, source, outputfile):
            data = source.read()
            self._sent = getattr(self, "_sent", 0) + len(data)
            line.send(outputfile, data)
            line.last_byte = time.monotonic()

    return build.SiteServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))


class PeakMemory:
    """Peak resident memory (MB) of the bench browser's renderer processes, read from /proc: the
    browser is found by a marker in its command line, its renderers by parentage."""

    def __init__(self, marker: str):
        self.marker, self.peak, self._stop = marker, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _procs():
        out = {}
        for d in pathlib.Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    status = (d / "status").read_text()
                    cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                rss = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
                out[int(d.name)] = (int(fields.get("PPid", "0")), cmd, rss)
        return out

    def sample(self) -> float:
        procs = self._procs()
        roots = {pid for pid, (_, cmd, _) in procs.items() if self.marker in cmd}
        family, grew = set(roots), True
        while grew:
            grew = False
            for pid, (ppid, _, _) in procs.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    grew = True
        renderers = [procs[p][2] for p in family if "--type=renderer" in procs[p][1]]
        return max(renderers, default=0.0)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def first_visit(browser, url, server, line, wire: Line) -> dict:
    """A fresh profile opens the page on `line`, clicks « Essayer avec un exemple »: bytes the
    server sent (bodies) and time from navigation to the example's report."""
    _, down, up, latency = line
    wire.set(down, latency)
    context = browser.new_context()
    try:
        page = context.new_page()
        throttle(context, page, down, up, latency)
        start = len(server.requests)
        t0 = time.monotonic()
        page.goto(url)
        ready = wait_ready(page)
        engine_last = (wire.last_byte - t0) * 1000
        page.click("#sample")
        poll(page, "document.querySelector('#report')?.dataset.file === 'import_lsu_exemple.xml'", timeout=600)
        report = float(page.evaluate("() => performance.now()"))
        sent = sum(n for _, status, n in server.requests[start:] if status == 200)
        engine = page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings)")
        poll(page, "document.documentElement.dataset.offline === 'ready'", timeout=600)
        return {"bytes": sent, "ready": ready, "report": report, "engine": engine, "last_byte": engine_last}
    finally:
        wire.set(None, 0)
        context.close()


SNAPSHOT_KEPT = "caches.open('lsucheck.snapshot').then((c) => c.keys()).then((k) => k.length > 0)"


def warm_starts(browser, url, runs: int, snapshot: bool = True) -> list[float]:
    """Later visits: the page reloaded in a profile that has the service worker's copy and (unless
    snapshot is False: deleted before each reload) the memory snapshot the first visit kept."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        wait_ready(page)
        poll(page, "document.documentElement.dataset.offline === 'ready'", timeout=600)
        poll(page, SNAPSHOT_KEPT, timeout=60)
        out = []
        for _ in range(runs):
            if not snapshot:
                page.evaluate("() => caches.delete('lsucheck.snapshot')")
            page.goto(url)
            out.append(wait_ready(page))
            used = page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings).snapshot")
            assert used is snapshot, f"snapshot used: {used}"
            poll(page, SNAPSHOT_KEPT, timeout=60)
        return out
    finally:
        context.close()


def bare_warm(browser, url, runs: int) -> list[float]:
    """loadPyodide() alone in a module worker, same files, warm HTTP cache (after one visit)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        out = []
        for i in range(runs + 1):
            page.goto(url + "bench/")
            out.append(float(poll(page, "document.documentElement.dataset.bareMs", timeout=300)))
        return out[1:]
    finally:
        context.close()


def startup_table(runs: int) -> int:
    """Issue 13's table: first visit per line, warm start, bare Pyodide warm, ratio, peak memory."""
    import uuid

    from playwright.sync_api import sync_playwright

    build = load_build()
    site = (ROOT / "dist").resolve()
    if build.is_stale(site):
        build.build(site)
    served = bench_site(site, build)
    wire = Line()
    server = throttled_server(build, served, wire)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    marker = f"--lsucheck-bench={uuid.uuid4().hex}"
    rows = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS + [marker])
        for line in LINES:
            with PeakMemory(marker) as mem:
                rows[line[0]] = first_visit(browser, url, server, line, wire)
            rows[line[0]]["peak"] = mem.peak
            print(f"first visit {line[0]}: {rows[line[0]]}", file=sys.stderr)
        # interleaved, so that the machine's load weighs on both alike
        warm, cold_python, bare = [], [], []
        for _ in range(runs):
            warm += warm_starts(browser, url, 1)
            cold_python += warm_starts(browser, url, 1, snapshot=False)
            bare += bare_warm(browser, url, 1)
        browser.close()
    server.shutdown()
    print()
    print(f"lsucheck first visit and warm start, headless Chromium, {site.name}/ served by build.py "
          f"(Brotli/gzip negotiated); the line emulated by CDP and at the server (one shared downlink, "
          f"latency per response); warm: median of {runs}")
    print()
    print("| measure | bytes transferred | engine's last byte | engine ready | example's report | peak renderer RSS |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| first visit, {name} | {r['bytes']:,} | {r['last_byte'] / 1000:.2f} s | {r['ready'] / 1000:.2f} s | "
              f"{r['report'] / 1000:.2f} s | {r['peak']:.0f} MB |")
    for name, r in rows.items():
        e = r["engine"]
        print(f"|   of which in the worker: loadPyodide {e['loadPyodide'] / 1000:.2f} s, install "
              f"{e['install'] / 1000:.2f} s, imports {e['imports'] / 1000:.2f} s ({name}) | | | | | |")
    print(f"| warm start (later visit: service worker + memory snapshot) | 0 | | {fmt(warm)} | | |")
    print(f"| warm start without the snapshot (Python started, wheels from the cache) | 0 | | {fmt(cold_python)} | | |")
    print(f"| bare Pyodide warm (loadPyodide() alone, same files) | 0 | | {fmt(bare)} | | |")
    print(f"| ratio warm start / bare Pyodide | | | {statistics.median(warm) / statistics.median(bare):.2f}× "
          f"(target ≤ 1.2×; without the snapshot {statistics.median(cold_python) / statistics.median(bare):.2f}×) | | |")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "dist",
                        help="a built site (default dist/, built if stale)")
    parser.add_argument("--size-mb", type=float, default=15)
    parser.add_argument("--cpython-one", help=argparse.SUPPRESS)
    parser.add_argument("--startup", action="store_true",
                        help="only issue 13's start-up table (first visit per line, warm start, bare Pyodide)")
    args = parser.parse_args(argv)
    if args.startup:
        return startup_table(max(args.runs, 1))
    if args.cpython_one:
        print(json.dumps(cpython_one(args.cpython_one)))
        return 0

    from playwright.sync_api import sync_playwright

    build = load_build()
    site = args.site.resolve()
    if site == (ROOT / "dist").resolve() and build.is_stale(site):
        build.build(site)
    server = build.make_server(0, site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="lsucheck-bench-"))
    big = school_file(args.size_mb, tmp)
    size = big.stat().st_size / (1024 * 1024)

    tenk = tenk_file(tmp)
    rows = {"cold": [], "warm": [], "sample": [], "school": []}
    filters = {"division": [], "eleves": [], "tous": []}
    engine = []
    school_python = []
    cpython = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for run in range(args.runs):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            rows["cold"].append(wait_ready(page))
            engine.append(page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings)"))
            rows["sample"].append(run_check(page, lambda: page.click("#sample")))
            rows["school"].append(run_check(page, lambda: page.set_input_files("input[type=file]", str(big)),
                                            python=school_python))
            run_check(page, lambda: page.set_input_files("input[type=file]", str(tenk)))
            for _ in range(3):
                for what in ("division", "tous", "eleves", "tous"):
                    filters["tous" if what == "tous" else what].append(page.evaluate(FILTER_CHANGE, what))
            poll(page, "navigator.serviceWorker.controller !== null")
            page.reload()
            rows["warm"].append(wait_ready(page))
            context.close()
            cpython.append(cpython_check(big))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        browser.close()
    server.shutdown()

    print()
    print(f"lsucheck web app, headless Chromium, served from 127.0.0.1 ({site.name}/), {args.runs} runs")
    print()
    print("| measure | median [min–max] |")
    print("|---|---|")
    print(f"| cold start (navigation → Python ready) | {fmt(rows['cold'])} |")
    for key in ("loadPyodide", "install", "imports"):
        print(f"|   of which {key} | {fmt([e[key] for e in engine])} |")
    print(f"| warm start (reload, service worker) | {fmt(rows['warm'])} |")
    print(f"| check the example school | {fmt(rows['sample'])} |")
    print(f"| check a generated collège ({size:.1f} Mo) | {fmt(rows['school'])} |")
    print(f"|   of which Python check (read, schema, rules) | {fmt([t['check'] * 1000 for t in school_python])} |")
    print(f"|   of which Python HTML report | {fmt([t['render'] * 1000 for t in school_python])} |")
    native = [(t["check"] + t["render"]) * 1000 for t in cpython]
    in_browser = [(t["check"] + t["render"]) * 1000 for t in school_python]
    print(f"| same check + HTML report in native CPython | {fmt(native)} |")
    print(f"| filter change, 10,000 occurrences: one division | {fmt_ms(filters['division'])} (target ≤ 100 ms) |")
    print(f"| filter change, 10,000 occurrences: per-pupil view | {fmt_ms(filters['eleves'])} (target ≤ 100 ms) |")
    print(f"| filter change, 10,000 occurrences: « Tous » | {fmt_ms(filters['tous'])} (target ≤ 100 ms) |")
    print(f"| ratio browser (Python in the worker) / CPython | "
          f"{statistics.median(in_browser) / statistics.median(native):.2f}× (target ≤ 2×) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
