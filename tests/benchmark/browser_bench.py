#!/usr/bin/env python3
"""Measure the web app in headless Chromium and print a table (issue 5's closing numbers).

    python3 tests/benchmark/browser_bench.py [--runs 3] [--site DIR] [--size-mb 15]

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

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_build():
    spec = importlib.util.spec_from_file_location("lsucheck_build", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def poll(page, expression: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"() => ({expression})")
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.05)


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "dist",
                        help="a built site (default dist/, built if stale)")
    parser.add_argument("--size-mb", type=float, default=15)
    parser.add_argument("--cpython-one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
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
