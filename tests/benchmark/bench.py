"""How fast lsucheck checks a school's year, against ``xmllint --schema`` (issue 4).

    python tests/benchmark/bench.py                      # petit, college, grand; 3 runs each
    python tests/benchmark/bench.py --sizes college --repeat 5
    python tests/benchmark/bench.py --xmlschema-grand    # also the (slow) xmlschema row at 50 Mo

It prints a table; it is not a test and asserts nothing. Files come from
``lsucheck.generator.generate_school(seed, annee, taille=…)`` (petit ≈ 0.1–0.3 Mo, college ≈ 11 Mo,
grand ≈ 43–50 Mo), generated once into ``--dir`` (kept) or a temporary folder. Every measurement
runs in a fresh Python process (``--one``), so the peak RSS is that run's alone (VmHWM; see
``_peak_rss_kb``); the row shown is the run with the median total. Phase columns use CPU time by
default (``--clock wall`` for wall clock). Columns (seconds unless said):

    startup    imports and the compiled schema, once per process (not in total)
    read       read_source: the bytes and their sha256
    parse      parse + recognise: defusedxml, the element tree with lines and parents
    model      the document's indexes, catalogue, target year (engine work outside any rule)
    structure  the F rules (the structural validation: fast path or xmlschema)
    rules      the B/S/T/C rules
    report     stamping findings and building the report data
    render     render.fragment(report): the HTML the web app inserts
    total      read → render, wall clock;   cpu  the same span in CPU time (process_time)
    Mo/s       file size / total;   RSS  the process's peak resident set (Mo), and × file size
    xmllint    ``xmllint --noout --schema <package XSD> file`` in the same run, in its own process
               (so including its start and schema parsing): wall clock and CPU (user + sys)
    ratio      total / xmllint, wall clock and CPU. The machine is shared: under load, wall clocks
               swing by ±30 % and more while CPU times stay put, so the CPU ratio is the one to read
    refs       (chemin) the same check with the school's four reference exports (SIECLE élèves,
               Nomenclature, Communs, STS-web: generator/references.py) read, parsed and modelled in
               the parse column, cross-checked in rules — issue 6 wants ≤ +20 % over fast

xmllint does not resolve IDREFs, so it is a floor, not an equal.

``--pyodide`` adds a row per file: the same run inside Pyodide under Node (the WebAssembly engine
of Chromium, without a browser; needs ``node`` and the built site ``dist/`` for Pyodide and the
dependency wheels; lsucheck itself comes from the source tree). Its phases are wall clock (Pyodide
has no CPU clock) and its RSS column is the wasm heap (it starts at ≈229 Mo and only grows). ``--browser`` runs the web app's own timing
script instead (headless Chromium, tests/benchmark/browser_bench.py: start-up, the example, a
15 Mo collège, and the browser / CPython ratio).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = os.path.join(ROOT, "py")
SIZES = ("petit", "college", "grand")
PHASES = ("read", "parse", "model", "structure", "rules", "report", "render")


# ---------------------------------------------------------------------------------------------
# one measured run (in its own process)
def _peak_rss_kb() -> int:
    """This process image's peak RSS: VmHWM on Linux. ``getrusage``'s ru_maxrss is kept across
    exec(), so in a child it would count the parent it was forked from."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource  # absent in Pyodide
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(path: str, mode: str, clock: str = "cpu") -> dict:
    t_start = time.perf_counter()
    from lsucheck import catalogue, engine, recognise, render, rules
    from lsucheck.parsing import parse, read_source
    if mode in ("fast", "refs"):
        from lsucheck.xsd import fast as fastschema
        fastschema.compiled()
    else:
        from lsucheck import xsd as schema
        schema.load_schema("10.0")
    rules.all_rules()   # imports every rule module (once per process)
    catalogue.load({})
    if hasattr(render, "environment"):  # as the web app's prepare() does while the page waits
        render.environment().get_template("report.html")
    options = engine.Options(fast=(mode in ("fast", "refs")))
    if clock == "cpu":
        # the engine times its phases with time.perf_counter: make it read CPU time instead
        import types
        engine.time = types.SimpleNamespace(perf_counter=time.process_time)
    tick = time.process_time if clock == "cpu" else time.perf_counter
    startup = time.perf_counter() - t_start

    c0 = time.process_time()
    w0 = time.perf_counter()
    t0 = tick()
    source = read_source(path)
    t1 = tick()
    tree = parse(source)
    kind = recognise.recognise(tree.root)
    t2 = tick()
    inp = engine.Input(source=source, tree=tree, kind=kind)
    refs = []
    if mode == "refs":  # the school's SIECLE/STS exports (issue 6): read + parse + models
        folder = refs_dir(path)
        for name in sorted(os.listdir(folder)):
            loaded = engine.load_inputs(os.path.join(folder, name), options=options, progress=engine._noop)
            for ref in loaded:
                engine.load_reference(ref, options)
            refs += loaded
        t2 = tick()             # reading, parsing and modelling them count in the parse column
    inp.timings["parse"] = t2 - t1
    report = engine.check_loaded(inp, refs, options=options, progress=engine._noop)
    t3 = tick()
    html = render.fragment(report) if hasattr(render, "fragment") else None
    t4 = tick()
    cpu = time.process_time() - c0
    wall = time.perf_counter() - w0

    timings = report.data.get("timings", {})
    structure = timings.get("schema", 0.0)
    rules = timings.get("controles", 0.0)
    rep = timings.get("report", 0.0)
    check_wall = t3 - t2
    used = structure + rules + rep
    out = {
        "mode": mode, "size": source.size, "startup": startup, "read": t1 - t0, "parse": t2 - t1,
        "model": max(0.0, check_wall - used), "structure": structure, "rules": rules, "report": rep,
        "render": (t4 - t3) if html is not None else None, "total": wall, "cpu": cpu,
        "rss_kb": _peak_rss_kb(), "clock": clock,
        "verdict": report.verdict, "codes": [m["code"] for m in report.messages],
        "html_chars": len(html) if html is not None else None,
    }
    return out


# ---------------------------------------------------------------------------------------------
# the driver
def _child(path: str, mode: str, clock: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = PY + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", path, "--mode", mode,
                           "--clock", clock], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"run failed ({mode}, {path}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _xmllint(xsd: str, path: str) -> dict | None:
    """xmllint's wall clock, CPU time and peak RSS. Through /usr/bin/time when present: the
    rusage of a child forked from Python would count the Python image it was forked from."""
    exe = shutil.which("xmllint")
    if exe is None:
        return None
    timer = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    cmd = [exe, "--noout", "--schema", xsd, path]
    if timer:
        cmd = [timer, "-f", "@@ %U %S %M"] + cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.stderr.close()
    lines = err.strip().splitlines()
    cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    if timer and lines and lines[-1].startswith("@@ "):
        _at, user, system, rss_text = lines.pop().split()
        cpu, rss = float(user) + float(system), int(rss_text)
    code = os.waitstatus_to_exitcode(status)
    return {"total": wall, "cpu": cpu, "rss_kb": rss, "valid": code == 0,
            "message": lines[-1] if lines else ""}


def _pyodide_paths() -> tuple[str, str] | None:
    """(Pyodide folder, wheels folder) of the built site, or None."""
    import glob
    pyodide = sorted(glob.glob(os.path.join(ROOT, "dist", "pyodide", "*", "pyodide.mjs")))
    wheels = sorted(glob.glob(os.path.join(ROOT, "dist", "app", "*", "py", "lock.json")))
    if not pyodide or not wheels or not shutil.which("node"):
        return None
    return os.path.dirname(pyodide[-1]), os.path.dirname(wheels[-1])


def _pyodide_child(path: str, mode: str) -> dict:
    found = _pyodide_paths()
    if found is None:
        raise RuntimeError("Pyodide: il faut node et le site construit (python build.py → dist/).")
    pyodide_dir, wheels = found
    here = os.path.dirname(os.path.abspath(__file__))
    proc = subprocess.run(["node", os.path.join(here, "pyodide_run.mjs"), pyodide_dir, wheels, PY, path,
                           here, mode], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"Pyodide run failed ({path}):\n{proc.stderr[-1500:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["mode"] = "pyodide"
    result["rss_kb"] = int(result.pop("heap_mb") * 1024)
    result["cpu"] = None
    return result


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["total"])
    return ordered[len(ordered) // 2]


def refs_dir(path: str) -> str:
    """Where the school's reference exports (ElevesSansAdresses, Nomenclature, Communs, sts_emp) are."""
    return path[:-4] + "_references"


def generate_one(path: str, taille: str, seed: int, annee: int) -> None:
    from lsucheck.generator import generate_school
    from lsucheck.generator import references as gref
    school = generate_school(seed=seed, annee=annee, taille=taille)
    with open(path, "wb") as fh:
        fh.write(school.lsu_xml())
    os.makedirs(refs_dir(path), exist_ok=True)
    for name, data in gref.reference_files(school).items():
        with open(os.path.join(refs_dir(path), name), "wb") as fh:
            fh.write(data)


def generate(directory: str, sizes, seed: int, annee: int) -> dict:
    """The files, each generated in its own process (the driver stays small)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = PY + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    files = {}
    for taille in sizes:
        path = os.path.join(directory, f"import_lsu_{taille}_{seed}_{annee}.xml")
        t0 = time.perf_counter()
        if not os.path.exists(path) or not os.path.isdir(refs_dir(path)):
            subprocess.run([sys.executable, os.path.abspath(__file__), "--generate", path,
                            "--taille", taille, "--seed", str(seed), "--annee", str(annee)],
                           env=env, check=True)
        print(f"  {taille:8} {os.path.getsize(path) / 1e6:6.2f} Mo ({time.perf_counter() - t0:.1f} s)",
              file=sys.stderr)
        files[taille] = path
    return files


def _fmt(v, width=6, digits=3) -> str:
    if v is None:
        return "–".rjust(width)
    return f"{v:{width}.{digits}f}"


def table(rows: list[dict]) -> str:
    head = (f"{'fichier':8} {'Mo':>5} {'chemin':9} {'startup':>7} "
            + " ".join(f"{p:>9}" for p in PHASES)
            + f" {'total':>6} {'cpu':>6} {'Mo/s':>5} {'RSS Mo':>6} {'×taille':>7}"
              f" {'xmllint':>7} {'(cpu)':>6} {'ratio':>5} {'(cpu)':>5}  verdict")
    lines = [head, "-" * len(head)]
    for r in rows:
        mb = r["size"] / 1e6
        if r["mode"] == "xmllint":
            lines.append(f"{r['file']:8} {mb:5.2f} {'xmllint':9} {'':>7} "
                         + " ".join(f"{'':>9}" for _ in PHASES)
                         + f" {_fmt(r['total'], 6)} {_fmt(r['cpu'], 6)} {mb / r['total']:5.1f}"
                           f" {r['rss_kb'] / 1024:6.1f} {r['rss_kb'] * 1024 / r['size']:7.1f}"
                           f" {'':>7} {'':>6} {'':>5} {'':>5}  "
                           f"{'valide' if r['valid'] else 'invalide: ' + r['message'][:40]}")
            continue
        lint = r.get("xmllint") or {}
        ratio = r["total"] / lint["total"] if lint else None
        ratio_cpu = r["cpu"] / lint["cpu"] if lint and lint.get("cpu") and r.get("cpu") else None
        lines.append(f"{r['file']:8} {mb:5.2f} {r['mode']:9} {_fmt(r['startup'], 7)} "
                     + " ".join(_fmt(r[p], 9) for p in PHASES)
                     + f" {_fmt(r['total'], 6)} {_fmt(r['cpu'], 6)} {mb / r['total']:5.1f}"
                       f" {r['rss_kb'] / 1024:6.1f} {r['rss_kb'] * 1024 / r['size']:7.1f}"
                       f" {_fmt(lint.get('total'), 7)} {_fmt(lint.get('cpu'), 6)}"
                       f" {_fmt(ratio, 5, 2)} {_fmt(ratio_cpu, 5, 2)}  "
                       f"{r['verdict']} {','.join(r['codes'])}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# the worst cases (issue 16 item 2): hostile shapes at growing sizes
def _worst_base() -> bytes:
    with open(os.path.join(ROOT, "tests", "fixtures", "valid", "college_propre_2025.xml"), "rb") as fh:
        return fh.read()


def _acquis(base: bytes) -> bytes:
    import re
    return re.search(rb"<acquis [^>]*enseignant-refs=\"ENS_1\"[^>]*>.*?</acquis>", base, re.S).group(0)


#: shape → (what it is, function n → bytes, the three values of n)
WORST_SHAPES = {
    "eleves_vides": ("n élèves vides <eleve/> (3 messages chacun)",
                     lambda b, n: b.replace(b"<eleves>", b"<eleves>" + b"<eleve/>" * n, 1), (50_000, 100_000, 200_000)),
    "acquis_1000_refs": ("n acquis citant chacun 1 000 enseignants inconnus",
                         lambda b, n: b.replace(_acquis(b), _acquis(b) + _acquis(b).replace(
                             b'enseignant-refs="ENS_1"', b'enseignant-refs="' + b" ".join(
                                 b"X%d" % i for i in range(1000)) + b'"') * n, 1), (50, 100, 200)),
    "attributs_longs": ("n acquis dont un attribut fait 9 999 caractères",
                        lambda b, n: b.replace(_acquis(b), _acquis(b) + _acquis(b).replace(
                            b'enseignant-refs="ENS_1"', b'enseignant-refs="ENS_1" x="' + b"x" * 9999 + b'"') * n, 1),
                        (250, 500, 1000)),
    "attributs_100": ("n élèves de 100 attributs",
                      lambda b, n: b.replace(b"<eleves>", b"<eleves>" + (b"<eleve " + b" ".join(
                          b'a%d="%d"' % (i, i) for i in range(100)) + b"/>") * n, 1), (2_000, 4_000, 8_000)),
    "profondeur_99": ("n blocs de 99 éléments imbriqués",
                      lambda b, n: b.replace(b"<entete>", b"<entete>" + (b"<x>" * 95 + b"</x>" * 95) * n, 1),
                      (1_000, 2_000, 4_000)),
    "ids_dupliques": ("n élèves de même id",
                      lambda b, n: b.replace(b"<eleves>", b"<eleves>" + b'<eleve id="EL_X" id-be="1" nom="A" '
                                             b'prenom="B" code-division="6 A"/>' * n, 1), (10_000, 20_000, 40_000)),
    "textes_longs": ("n appréciations de 900 000 caractères",
                     lambda b, n: b.replace(b"<editeur>", b"<editeur>" + (b"texte " * 150_000 + b"<x/>") * n, 1),
                     (2, 4, 8)),
}


def meets_target(size: int, cpu: float, grow: int) -> bool:
    """The fuzz campaign's own targets (tests/fuzz/campaign.py): CPU ≤ max(2 s, 0.2 s per Mo) and peak
    memory growth ≤ 8 × the file + 64 Mo."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from tests.fuzz.campaign import over_memory, over_time
    res = {"size": size, "cpu": cpu, "mem": grow}
    return not over_time(res) and not over_memory(res)


def worst_cases(repeat: int = 1, directory: str | None = None) -> list[dict]:
    """Each hostile shape at three sizes, each run in its own process: CPU, peak RSS, and the growth
    exponent between the smallest and the largest (1 = linear, 2 = quadratic)."""
    import math
    base = _worst_base()
    directory = directory or tempfile.mkdtemp(prefix="lsucheck-worst-")
    os.makedirs(directory, exist_ok=True)
    tiny = os.path.join(directory, "tiny.xml")
    with open(tiny, "wb") as fh:
        fh.write(base)
    floor_kb = _child(tiny, "fast", "cpu")["rss_kb"]     # the interpreter, the imports, the schema
    rows = []
    for shape, (what, build, sizes) in WORST_SHAPES.items():
        points = []
        for n in sizes:
            path = os.path.join(directory, f"{shape}_{n}.xml")
            with open(path, "wb") as fh:
                fh.write(build(base, n))
            runs = [_child(path, "fast", "cpu") for _ in range(repeat)]
            r = sorted(runs, key=lambda x: x["cpu"])[len(runs) // 2]
            points.append(r)
            grow = max(0, r["rss_kb"] - floor_kb) * 1024
            rows.append({"shape": shape, "what": what, "n": n, "size": r["size"], "cpu": r["cpu"],
                         "per10": r["cpu"] / (r["size"] / (10 * 1024 * 1024)), "rss": r["rss_kb"] * 1024,
                         "grow": grow, "ratio": grow / r["size"], "verdict": r["verdict"], "exponent": None,
                         "target": meets_target(r["size"], r["cpu"], grow)})
            print(f"  {shape} n={n}: {r['cpu']:.2f} s CPU, {r['size'] / 1e6:.2f} Mo", file=sys.stderr)
        a, b = points[0], points[-1]
        if a["cpu"] > 0.02 and b["size"] > a["size"]:
            rows[-1]["exponent"] = math.log(b["cpu"] / a["cpu"]) / math.log(b["size"] / a["size"])
    return rows


def worst_table(rows: list[dict]) -> str:
    head = ("forme", "n", "Mo", "CPU s", "s/10 Mo", "RSS Mo", "+RSS ×fichier", "verdict", "exposant", "cible")
    lines = [" | ".join(head), " | ".join("-" * len(h) for h in head)]
    for r in rows:
        lines.append(" | ".join([r["shape"], str(r["n"]), f"{r['size'] / 1048576:.2f}", f"{r['cpu']:.2f}",
                                 f"{r['per10']:.2f}", f"{r['rss'] / 1048576:.0f}", f"{r['ratio']:.1f}",
                                 r["verdict"], "" if r["exponent"] is None else f"{r['exponent']:.2f}",
                                 "oui" if r["target"] else "NON"]))
    over = sum(1 for r in rows if not r["target"])
    lines.append(f"{over} ligne{'s' if over > 1 else ''} sur {len(rows)} au-delà de la cible (CPU ≤ max(2 s, "
                 "0,2 s par Mo), croissance de la mémoire ≤ 8 × le fichier + 64 Mo)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=SIZES)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--annee", type=int, default=2025)
    parser.add_argument("--dir", help="keep the generated files here (default: a temporary folder)")
    parser.add_argument("--xmlschema-grand", action="store_true",
                        help="also run the xmlschema path on the grand file (≈1 min per run)")
    parser.add_argument("--no-xmlschema", action="store_true", help="skip the xmlschema rows")
    parser.add_argument("--json", help="also write the raw runs to this file")
    parser.add_argument("--pyodide", action="store_true",
                        help="also run each file in Pyodide under Node (needs node and dist/)")
    parser.add_argument("--browser", action="store_true",
                        help="time the web app in headless Chromium (tests/benchmark/browser_bench.py)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="clock of the phase columns (default cpu: stable on a shared machine)")
    parser.add_argument("--worst", action="store_true",
                        help="the worst cases instead (issue 16): hostile shapes at growing sizes")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="fast", help=argparse.SUPPRESS)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--taille", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        print(json.dumps(run_one(args.one, args.mode, args.clock)))
        return 0
    if args.generate:
        generate_one(args.generate, args.taille, args.seed, args.annee)
        return 0
    if args.worst:
        rows = worst_cases(args.repeat if args.repeat != 3 else 1, args.dir)
        print("Pires cas : temps CPU (hors démarrage), RSS de pointe, croissance au-delà d'un petit fichier "
              "rapportée à la taille ; exposant = log(CPU) / log(taille) du plus petit au plus grand ; cible : "
              "la ligne tient-elle les limites de la campagne de fuzz (tests/fuzz/campaign.py) ?")
        print(worst_table(rows))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump(rows, fh, indent=1)
        return 0
    if args.browser:
        script = os.path.join(ROOT, "tests", "benchmark", "browser_bench.py")
        return subprocess.call([sys.executable, script, f"--runs={args.repeat}"])

    xsd = os.path.join(PY, "lsucheck", "data", "xsd", "10.0", "lsun-bilans.xsd")
    directory = args.dir or tempfile.mkdtemp(prefix="lsucheck-bench-")
    os.makedirs(directory, exist_ok=True)
    print(f"Fichiers dans {directory} ; {os.cpu_count()} cœurs ; Python {sys.version.split()[0]}",
          file=sys.stderr)
    files = generate(directory, args.sizes, args.seed, args.annee)
    rows, raw = [], []
    for taille in args.sizes:
        path = files[taille]
        lint_runs = [r for r in (_xmllint(xsd, path) for _ in range(args.repeat)) if r]
        lint = _median_run(lint_runs) if lint_runs else None
        modes = ["fast", "refs"]    # refs: the same check with the school's SIECLE/STS exports
        if not args.no_xmlschema and (taille != "grand" or args.xmlschema_grand):
            modes.append("xmlschema")
        for mode in modes:
            runs = []
            for i in range(args.repeat if mode in ("fast", "refs") else max(1, min(args.repeat, 2))):
                runs.append(_child(path, mode, args.clock))
                print(f"  {taille} {mode} run {i + 1}: {runs[-1]['total']:.3f} s", file=sys.stderr)
            r = dict(_median_run(runs), file=taille, xmllint=lint)
            rows.append(r)
            raw.append({"file": taille, "mode": mode, "runs": runs})
        if args.pyodide:
            runs = []
            for i in range(args.repeat):
                runs.append(_pyodide_child(path, "fast"))
                print(f"  {taille} pyodide run {i + 1}: {runs[-1]['total']:.3f} s", file=sys.stderr)
            rows.append(dict(_median_run(runs), file=taille, xmllint=lint))
            raw.append({"file": taille, "mode": "pyodide", "runs": runs})
        if lint:
            rows.append(dict(lint, mode="xmllint", file=taille, size=os.path.getsize(path)))
            raw.append({"file": taille, "mode": "xmllint", "runs": lint_runs})
    print(f"Phases en temps {'CPU' if args.clock == 'cpu' else 'réel'} ; total = temps réel, "
          "cpu = temps CPU ; ratio = lsucheck / xmllint.")
    print(table(rows))
    for taille in args.sizes:
        fast = next((r for r in rows if r["file"] == taille and r["mode"] == "fast"), None)
        pyo = next((r for r in rows if r["file"] == taille and r["mode"] == "pyodide"), None)
        if fast and pyo:
            print(f"{taille}: Pyodide/CPython {pyo['total'] / fast['total']:.2f}× (temps réel ; "
                  f"démarrage de Pyodide {pyo['boot']:.1f} s non compté)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(raw, fh, indent=1)
    if not args.dir:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
