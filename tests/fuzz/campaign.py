"""The fuzz campaign: seeded cases, run in forked processes (20 cases each; a case that crashes or hangs
its process runs again alone), and what they break.

    python3 -m tests.fuzz --cases 10000 --seed 1          # the full campaign, prints the table
    python3 -m tests.fuzz --cases 200 --seed 3 --show 20  # and the first 20 faulty cases
    python3 -m tests.fuzz --replay xml-17 --seed 3        # one case again (its report's problems)

For each case it records: a crash (an exception out of ``lsucheck``), a rule crash (« erreur
interne » in ``not_run``), the CPU time per Mo and the peak memory, the report's invariants
(counters add up, ``count`` = occurrences, the verdict follows from the levels), the report's JSON
Schema (``lsucheck/data/report.schema.json``), the four renderings (text, CSV, HTML, JSON), and
every user-visible text that is not French (expat's, the codecs', Python's or xmlschema's English;
``None``, « ? », Python reprs, tracebacks). Limits: ≤ 2 s of CPU for a file under 1 Mo, else
≤ 0.2 s per Mo; peak memory growth ≤ 8 × the file + 64 Mo (the interpreter's own pages do not count:
the parent checks each base once before forking, so the validator and its table are loaded already).

The CLI sample (family ``cli``): one case in ``cli_every`` also runs as ``python3 -m lsucheck
--format F`` in a subprocess, for each of json, html, csv and text: its exit code (0, 1 or 2 only),
its output and its messages in valid UTF-8 and in French, and (json) the reports against the JSON
Schema and the invariants. Its CPU time (the interpreter's start included) is held to the same target.
"""
from __future__ import annotations

import functools
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field

from . import mutators as M

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(os.environ.get("LSUCHECK_SHARED", "/work/shared"), "lsu", "samples")
MINISTRY_SAMPLE = "derived__sample-bilan-complet__schemaVersion-10.0.xml"
FAMILIES = ("octets", "xml", "semantique", "reference", "zip", "hostile")
CLI_FORMATS = ("json", "html", "csv", "text")
CLI_EVERY = 100        # one case in 100 also through the CLI, in the four formats
#: share of the cases per family (hostile files and zips are a fixed list: they repeat with seeds)
WEIGHTS = {"octets": 25, "xml": 30, "semantique": 20, "reference": 20, "zip": 3, "hostile": 2}
TIMEOUT = 60           # seconds of wall clock before a case is killed and counted as a hang
MEM_FACTOR, MEM_SLACK = 8, 64 * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# the corpus
@dataclass
class Base:
    name: str
    lsu: bytes
    references: dict = field(default_factory=dict)   # file name → bytes


def corpus() -> list[Base]:
    """Three small generated collèges (with their SIECLE/STS exports) and the ministry's sample."""
    from lsucheck.generator import generate_school
    schools = [
        ("ecole1", dict(seed=1, annee=2025, divisions=("6 A",), eleves_par_division=6, periodes=(1,))),
        ("ecole2", dict(seed=2, annee=2025, divisions=("3 B", "5 C"), eleves_par_division=4)),
        ("ecole3", dict(seed=3, annee=2024, divisions=("4 D",), eleves_par_division=5, nb_periodes=2,
                        faults=["B10", "F19"])),
    ]
    out = []
    for name, kw in schools:
        s = generate_school(**kw)
        out.append(Base(name, s.lsu_xml(), dict(s.reference_files())))
    path = os.path.join(SAMPLES, MINISTRY_SAMPLE)
    if os.path.exists(path):
        refs = {}
        for ref in ("constructed__ElevesSansAdresses_0382032C_2015.xml", "constructed__Nomenclature_0382032C_2015.xml",
                    "constructed__sts_emp_0382032C_2015.xml"):
            p = os.path.join(SAMPLES, ref)
            if os.path.exists(p):
                refs[ref.split("__", 1)[1]] = open(p, "rb").read()
        out.append(Base("ministere", open(path, "rb").read(), refs))
    return out


@dataclass
class Case:
    ident: str
    family: str
    kind: str
    base: str
    lsu: tuple            # (bytes, name)
    references: list      # [(bytes, name)]

    @property
    def size(self) -> int:
        return len(self.lsu[0]) + sum(len(d) for d, _ in self.references)


def make_case(i: int, seed: int, bases: list[Base]) -> Case:
    """Case number ``i`` of the campaign of ``seed``: the same pair always gives the same bytes."""
    rnd = random.Random(f"{seed}:{i}")
    family = rnd.choices(FAMILIES, weights=[WEIGHTS[f] for f in FAMILIES])[0]
    base = bases[i % len(bases)]
    lsu_name = "import_lsu_20260101120000.xml"
    ident = f"{family}-{i}"
    if family in ("octets", "xml", "semantique"):
        kind, data = M.mutate(family, rnd, base.lsu)
        refs = [(d, n) for n, d in base.references.items()] if rnd.random() < 0.3 else []
        return Case(ident, family, kind, base.name, (data, lsu_name), refs)
    if family == "reference":
        if not base.references:
            base = bases[0]
        ref_name = rnd.choice(sorted(base.references))
        kind, data = M.mutate_reference(rnd, base.references[ref_name])
        others = [(d, n) for n, d in base.references.items() if n != ref_name and rnd.random() < 0.5]
        return Case(ident, family, f"{ref_name.split('_')[0].split('.')[0]}:{kind}", base.name,
                    (base.lsu, lsu_name), [(data, ref_name)] + others)
    if family == "zip":
        kind = M.ZIP_KINDS[rnd.randrange(len(M.ZIP_KINDS))]
        xml = base.references.get("ElevesSansAdresses.xml") or next(iter(base.references.values()), base.lsu)
        data = M.zip_case(kind, rnd, xml, base.lsu)
        if kind == "lsu_inside" or rnd.random() < 0.2:
            return Case(ident, family, kind, base.name, (data, "import_lsu.zip"), [])
        return Case(ident, family, kind, base.name, (base.lsu, lsu_name), [(data, "ExportXML_ElevesSansAdresses.zip")])
    files = M.hostile_files(base.lsu)
    kind, data = files[rnd.randrange(len(files))]
    return Case(ident, family, kind, base.name, (data, lsu_name), [])


# ---------------------------------------------------------------------------------------------
# what a report must be
_SCHEMA = None


def schema_validator():
    global _SCHEMA
    if _SCHEMA is None:
        import jsonschema
        with open(os.path.join(ROOT, "py", "lsucheck", "data", "report.schema.json"), encoding="utf-8") as fh:
            schema = json.load(fh)
        _SCHEMA = jsonschema.Draft202012Validator(schema)
    return _SCHEMA


#: English of expat, Python's codecs and exceptions, xmlschema; words French does not use
_ENGLISH = re.compile(
    r"\b(not|the|of|is|are|at|error|errors|invalid|unknown|encoding|expected|literal|token|entity|"
    r"declaration|supported|unsupported|decode|codec|cannot|can't|unexpected|mismatched|malformed|"
    r"well-formed|junk|syntax|with base|must|should|failed|missing|required|allowed|found|character|"
    r"attribute|value|reason|instance|failed|Traceback|NoneType|object|Exception|Error|xmlschema|"
    r"XMLSchema|multi-byte|position|undefined|forbidden|Forbidden|int\(\)|str\(\)|self|True|False)\b")
_NONE = re.compile(r"\bNone\b|«\s*\?\s*»|\(\s*\?\s*\)|\s\?\s*[,)]|\s\?\s\d")
_PLACEHOLDER = re.compile(r"\bNone\b|(^|\s)\?(\s|$)|«\s*\?\s*»|\(\s*\?\s*\)")
_REPR = re.compile(r"<[\w.]+ object at 0x|\{'|\['|\('|\\x[0-9a-f]{2}|\{urn:|Element '|b'|File \"")
#: data the user wrote, shown between guillemets or as a snippet: not the report's own words
_QUOTED = re.compile(r"«[^»]*»|<[^>]*>|\"[^\"]*\"|“[^”]*”")


def _none_search(text: str):
    """``_NONE.search``, skipped where neither « None » nor « ? » occurs (every match holds one): the
    regex tries each blank of a rendering otherwise (0.3 ms for 7 KB of text)."""
    return _NONE.search(text) if "?" in text or "None" in text else None


#: occurrence fields that hold the user's data (names, codes, paths), not lsucheck's sentences
DATA_FIELDS = {"eleve", "division", "periode", "discipline", "enseignant", "path", "name", "sha256", "uai",
               "editeur", "application", "appli_version", "schema_version", "encoding", "checked_at",
               "date_export", "size_label", "file", "annee", "school_year"}


def user_texts(obj, key=None):
    """Every string a user can read in a report (depth first), with its key."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("timings",):
                continue
            yield from user_texts(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from user_texts(v, key)
    elif isinstance(obj, str):
        yield key, obj


def non_french(report_data: dict) -> list[str]:
    out = []
    for key, text in user_texts(report_data):
        problem = _not_french(key in DATA_FIELDS, text)
        if problem is not None:
            what, said = problem
            out.append(f"{what} [{key}] {said}")
    return out


@functools.lru_cache(maxsize=200_000)
def _not_french(data: bool, text: str) -> tuple[str, str] | None:
    """What is wrong with one text of a report, if anything: (kind, excerpt). Cached: a report says
    the same sentences and names again and again (a third of a case's time went to these searches)."""
    if data:   # lsucheck's descriptions of the user's data: no placeholder in them
        return ("None/?", repr(text[:120])) if _PLACEHOLDER.search(text) else None
    bare = _QUOTED.sub("« »", text)
    for search, what in ((_ENGLISH.search, "anglais"), (_none_search, "None/?"), (_REPR.search, "repr")):
        m = search(bare)
        if m:
            return what, f"…{text[max(0, m.start() - 60):m.end() + 60]}…"
    return None


def invariants(d: dict) -> list[str]:
    out = []
    for kind, c in d["counts"].items():
        if c["traites"] != c["importes"] + c["rejetes"] or c["importes"] != c["succes"] + c["alertes"]:
            out.append(f"compteurs {kind} : {c}")
    for m in d["messages"]:
        shown = len(m["occurrences"])
        if m["count"] != shown + m.get("omitted", 0):
            out.append(f"{m['code']} : count {m['count']} ≠ {shown} occurrences + {m.get('omitted', 0)} non listées")
    levels = {m["level"] for m in d["messages"]}
    c = d["counts"]
    traites = sum(x["traites"] for x in c.values())
    importes = sum(x["importes"] for x in c.values())
    rejetes = sum(x["rejetes"] for x in c.values())
    alertes = sum(x["alertes"] for x in c.values())
    v = d["verdict"]
    if v == "illisible":
        expected = "illisible"
    elif "FICHIER" in levels or (traites and importes == 0):
        expected = "rejete"
    elif rejetes:
        expected = "rejets_partiels"
    elif alertes:
        expected = "alertes"
    else:
        expected = "succes"
    if v != expected:
        out.append(f"verdict {v} alors que les niveaux donnent {expected}")
    if "FICHIER" in levels and v not in ("rejete", "illisible"):
        out.append("message FICHIER sans rejet du fichier")
    return out


# ---------------------------------------------------------------------------------------------
# one case, in a forked process
def _rss_kb(field_name: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


def run_in_process(case: Case) -> dict:
    """Check the case here; the measurements and every problem found (never raises)."""
    import lsucheck
    from lsucheck import render
    res = {"id": case.ident, "family": case.family, "kind": case.kind, "base": case.base, "size": case.size,
           "crash": None, "rule_crash": [], "invariants": [], "schema": [], "non_french": [], "render": []}
    rss0 = _rss_kb("VmRSS")
    t0 = time.process_time()
    try:
        reports = lsucheck.check_inputs([case.lsu] + list(case.references))
    except BaseException as exc:  # noqa: BLE001 - the campaign records everything
        res["crash"] = f"{type(exc).__name__}: {str(exc)[:200]} | " + " < ".join(
            f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in traceback.extract_tb(exc.__traceback__)[-3:])
        res["cpu"] = time.process_time() - t0
        res["mem"] = max(0, _rss_kb("VmHWM") - rss0) * 1024
        return res
    res["cpu"] = time.process_time() - t0
    res["mem"] = max(0, _rss_kb("VmHWM") - rss0) * 1024
    res["verdicts"] = [r.verdict for r in reports]
    for r in reports:
        check_report(res, r.data)
    for fmt, fn in (("texte", render.text), ("csv", render.csv), ("html", render.standalone),
                    ("json", lambda rs: json.dumps([x.data for x in rs], ensure_ascii=False))):
        try:
            out = fn(reports)
            out.encode("utf-8")
            if fmt in ("texte", "csv"):
                res["render"] += placeholders(fmt, out)
        except BaseException as exc:  # noqa: BLE001
            res["render"].append(f"{fmt}: {type(exc).__name__}: {str(exc)[:150]}")
    return res


def placeholders(fmt: str, out: str) -> list[str]:
    """« None », « ? » or a Python repr in a rendering (text, CSV), outside the user's quoted data."""
    bare = _QUOTED.sub("« »", out)
    for search, what in ((_none_search, "None/?"), (_REPR.search, "repr")):
        m = search(bare)
        if m:
            return [f"{fmt} {what}: …{out[max(0, m.start() - 50):m.end() + 50]}…"]
    return []


def check_report(res: dict, d: dict) -> None:
    """What every report must be (rule crashes, invariants, JSON Schema, French), into ``res``."""
    res["rule_crash"] += [f"{n['code']}: {n['reason']}" for n in d.get("not_run", ())
                          if "erreur interne" in n.get("reason", "")]
    res["schema"] += [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}"
                      for e in list(schema_validator().iter_errors(_schema_view(d)))[:3]]
    try:
        res["invariants"] += invariants(d)
    except (KeyError, TypeError, AttributeError) as exc:  # the schema failure says what is missing
        res["invariants"].append(f"rapport incomplet ({type(exc).__name__} : {exc})")
    res["non_french"] += non_french(d)


#: occurrences per message the JSON Schema sees (None: all). The CI sample sets a few: every
#: occurrence is built by the same code, and jsonschema costs half of a case's time otherwise.
SCHEMA_OCCURRENCES: int | None = None


def _schema_view(d: dict) -> dict:
    n = SCHEMA_OCCURRENCES
    if n is None:
        return d
    return {**d, "messages": [{**m, "occurrences": m["occurrences"][:n] + m["occurrences"][-1:]}
                              for m in d.get("messages", ())]}


def run_forked(case: Case, timeout: int = TIMEOUT) -> dict:
    """``run_in_process`` in a forked child (isolates memory, hangs and hard crashes)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            out = json.dumps(run_in_process(case), ensure_ascii=True).encode()
        except BaseException as exc:  # noqa: BLE001
            out = json.dumps({"id": case.ident, "crash": f"campagne : {exc!r}"}).encode()
        with os.fdopen(w, "wb") as fh:
            fh.write(out)
        os._exit(0)
    os.close(w)
    chunks = []
    deadline = time.monotonic() + timeout
    import select
    with os.fdopen(r, "rb") as fh:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([fh], [], [], left)
            if ready:
                chunk = os.read(fh.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    base = {"id": case.ident, "family": case.family, "kind": case.kind, "base": case.base, "size": case.size,
            "crash": None, "rule_crash": [], "invariants": [], "schema": [], "non_french": [], "render": [],
            "cpu": float(timeout), "mem": 0}
    if not chunks:
        base["crash"] = (f"arrêté après {timeout} s" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
                         else f"processus terminé sans résultat (statut {status})")
        return base
    base.update(json.loads(b"".join(chunks)))
    return base


#: cases per forked process: a fork per case cost 13 ms a case more than the case itself (its pages
#: copied on write, the caches it warms lost); the peak memory is reset before each case
BATCH = 20


def _reset_peak_memory() -> bool:
    """VmHWM back to the current RSS (Linux ≥ 4.0), so that each case of a batch measures its own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def run_batch(cases: list[Case], timeout: int = TIMEOUT) -> list[dict]:
    """``run_in_process`` for each case, in one forked child, in order: one result per case. A case
    that crashes the child, hangs or cannot have its memory measured apart ends the batch: it runs
    again alone (``run_forked``, which records the crash or the hang) and the cases after it in a new
    batch."""
    results: list[dict] = []
    while len(results) < len(cases):
        rest = cases[len(results):]
        results += _batch(rest, timeout)
        if len(results) < len(cases):
            results.append(run_forked(cases[len(results)], timeout))
    return results


def _batch(cases: list[Case], timeout: int) -> list[dict]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: one JSON line per case
        os.close(r)
        with os.fdopen(w, "wb") as fh:
            for case in cases:
                if not _reset_peak_memory():
                    break
                try:
                    line = json.dumps(run_in_process(case), ensure_ascii=True).encode()
                except BaseException:  # noqa: BLE001 - run alone, it is recorded there
                    break
                fh.write(line + b"\n")
                fh.flush()
        os._exit(0)
    os.close(w)
    import select
    done: list[dict] = []
    buffer = b""
    deadline = time.monotonic() + timeout
    with os.fdopen(r, "rb") as fh:
        while len(done) < len(cases):
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([fh], [], [], left)
            if not ready:
                continue
            chunk = os.read(fh.fileno(), 1 << 20)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:   # run_in_process's result: every field is there
                done.append(json.loads(line))
                deadline = time.monotonic() + timeout
    os.waitpid(pid, 0)
    return done


# ---------------------------------------------------------------------------------------------
# the same case through the command line, in a subprocess
def run_cli(case: Case, fmt: str, timeout: int = TIMEOUT) -> dict:
    """``python3 -m lsucheck --format fmt`` on the case's files (never raises)."""
    res = {"id": f"cli-{fmt}-{case.ident}", "family": "cli", "kind": f"{fmt}:{case.family}:{case.kind}",
           "base": case.base, "size": case.size, "crash": None, "rule_crash": [], "invariants": [], "schema": [],
           "non_french": [], "render": [], "cpu": 0.0, "mem": 0}
    with tempfile.TemporaryDirectory(prefix="lsucheck-fuzz-") as folder:
        paths = []
        for k, (data, name) in enumerate([case.lsu] + list(case.references)):
            path = os.path.join(folder, f"{k}_{name}")
            with open(path, "wb") as fh:
                fh.write(data)
            paths.append(path)
        env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "py")}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            proc = subprocess.run([sys.executable, "-m", "lsucheck", "--format", fmt, *paths], cwd=folder, env=env,
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            res["crash"] = f"arrêté après {timeout} s"
            res["cpu"] = float(timeout)
            return res
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    res["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    res["exit"] = proc.returncode
    try:
        out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    except UnicodeDecodeError as exc:
        res["render"].append(f"{fmt}: sortie qui n'est pas de l'UTF-8 valide ({exc.reason} à l'octet {exc.start})")
        return res
    if proc.returncode not in (0, 1, 2):
        res["crash"] = f"code de sortie {proc.returncode} : {err.strip()[-300:]}"
        return res
    if not out.strip():
        res["render"].append(f"{fmt}: sortie vide (code {proc.returncode}) : {err.strip()[-200:]}")
    for search, what in ((_ENGLISH.search, "anglais"), (_none_search, "None/?"), (_REPR.search, "repr")):
        m = search(_QUOTED.sub("« »", err))
        if m:
            res["non_french"].append(f"{what} [erreurs] …{err[max(0, m.start() - 60):m.end() + 60]}…")
            break
    if fmt == "json":
        try:
            data = json.loads(out)
        except ValueError as exc:
            res["render"].append(f"json illisible : {exc}")
            return res
        reports = data if isinstance(data, list) else [data]
        for d in reports:
            check_report(res, d)
        res["verdicts"] = [d.get("verdict") for d in reports]
        expected = max((2 if v == "illisible" else 1 if v in ("rejete", "rejets_partiels") else 0)
                       for v in res["verdicts"]) if reports else None
        if expected is not None and proc.returncode != expected:
            res["invariants"].append(f"code de sortie {proc.returncode} alors que les verdicts {res['verdicts']} "
                                     f"donnent {expected}")
    elif fmt in ("text", "csv"):
        res["render"] += placeholders(fmt, out)
    elif "<html" not in out[:2000].lower():
        res["render"].append("html : pas de document HTML en sortie")
    return res


# ---------------------------------------------------------------------------------------------
def over_time(res: dict) -> bool:
    mb = res["size"] / (1024 * 1024)
    return res["cpu"] > max(2.0, 0.2 * mb)


def over_memory(res: dict) -> bool:
    return res["mem"] > MEM_FACTOR * res["size"] + MEM_SLACK


def faults(res: dict) -> list[str]:
    out = []
    if res.get("crash"):
        out.append("plantage : " + res["crash"])
    out += ["erreur interne : " + x for x in res.get("rule_crash", ())]
    out += ["invariant : " + x for x in res.get("invariants", ())]
    out += ["schéma : " + x for x in res.get("schema", ())]
    out += ["non français : " + x for x in res.get("non_french", ())]
    out += ["rendu : " + x for x in res.get("render", ())]
    if over_time(res):
        out.append(f"temps : {res['cpu']:.2f} s CPU pour {res['size'] / 1e6:.2f} Mo")
    if over_memory(res):
        out.append(f"mémoire : +{res['mem'] / 1e6:.0f} Mo pour {res['size'] / 1e6:.2f} Mo")
    return out


COLUMNS = ("famille", "cas", "plantages", "erreurs internes", "invariants", "schéma", "non français", "rendu",
           "temps > cible", "mémoire > cible", "CPU max (s)", "s/Mo max (≥0,1 Mo)", "mémoire max ×")


def table(results: list[dict]) -> str:
    rows = []
    groups = {f: [r for r in results if r["family"] == f] for f in FAMILIES + ("cli",)}
    groups["total"] = results
    for name, rs in groups.items():
        if not rs:
            continue
        big = [r for r in rs if r["size"] >= 100_000]
        rows.append([name, len(rs), sum(bool(r["crash"]) for r in rs), sum(bool(r["rule_crash"]) for r in rs),
                     sum(bool(r["invariants"]) for r in rs), sum(bool(r["schema"]) for r in rs),
                     sum(bool(r["non_french"]) for r in rs), sum(bool(r["render"]) for r in rs),
                     sum(over_time(r) for r in rs), sum(over_memory(r) for r in rs),
                     f"{max(r['cpu'] for r in rs):.2f}",
                     f"{max((r['cpu'] / (r['size'] / 1048576) for r in big), default=0):.2f}",
                     f"{max(r['mem'] / max(r['size'], 1) for r in rs if r['size'] >= 1_000_000) if any(r['size'] >= 1_000_000 for r in rs) else 0:.1f}"])
    widths = [max(len(str(x)) for x in col) for col in zip(COLUMNS, *rows)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(COLUMNS, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def campaign(cases: int, seed: int, *, progress=None, only=None, cli_every: int = CLI_EVERY,
             start: int = 0) -> list[dict]:
    bases = corpus()
    schema_validator()   # loaded once, before the forks
    import lsucheck  # noqa: F401 - imported once, before the forks
    from lsucheck import catalogue, render  # noqa: F401
    catalogue.load({})
    # the validator, its compiled table and the words are loaded on first use: once here, before the
    # forks, so that a case's memory is what checking it takes, not the program's own pages
    # (and the renderings' templates and the JSON Schema's checks are compiled here: in each child
    # they cost twice a case's own check)
    for i, base in enumerate(bases):
        run_in_process(Case(f"base-{i}", "base", "base", base.name, (base.lsu, "import_lsu_20260101120000.xml"),
                            [(d, n) for n, d in base.references.items()]))
    numbered = [(i, make_case(i, seed, bases)) for i in range(start, cases)]
    numbered = [(i, case) for i, case in numbered if not only or case.family in only]
    results = []
    for at in range(0, len(numbered), BATCH):
        batch = numbered[at:at + BATCH]
        for (i, case), res in zip(batch, run_batch([case for _, case in batch])):
            results.append(res)
            if cli_every and i % cli_every == 0:
                results += [run_cli(case, fmt) for fmt in CLI_FORMATS]
            if progress:
                progress(i, res)
    return results


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(prog="python3 -m tests.fuzz", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=30, help="faulty cases to list after the table")
    ap.add_argument("--family", action="append", choices=FAMILIES, help="only these families")
    ap.add_argument("--replay", help="run one case (its id, e.g. xml-17) in this process and print it")
    ap.add_argument("--save", help="write the bytes of the --replay case into this folder")
    ap.add_argument("--json", help="write every case's result to this file")
    ap.add_argument("--start", type=int, default=0, help="first case (to split a campaign over processes)")
    ap.add_argument("--cli-every", type=int, default=CLI_EVERY, help="one case in N also through the CLI (0: none)")
    ap.add_argument("--merge", nargs="+", help="print the table of these --json files (one campaign in parts)")
    args = ap.parse_args(argv)
    if args.replay:
        i = int(args.replay.rsplit("-", 1)[-1])
        case = make_case(i, args.seed, corpus())
        if args.save:
            os.makedirs(args.save, exist_ok=True)
            for data, name in [case.lsu] + case.references:
                with open(os.path.join(args.save, name), "wb") as fh:
                    fh.write(data)
        res = run_in_process(case)
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    t0 = time.monotonic()

    def progress(i, res):
        if (i + 1) % 100 == 0:
            print(f"  {i + 1} cas, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)

    if args.merge:
        results = []
        for path in args.merge:
            with open(path, encoding="utf-8") as fh:
                results += json.load(fh)
        print(f"Campagne : {len(results)} cas (dont {sum(r['family'] == 'cli' for r in results)} exécutions de "
              f"la ligne de commande), graine {args.seed}, {len(args.merge)} parties\n")
    else:
        results = campaign(args.cases, args.seed, progress=progress, only=args.family, cli_every=args.cli_every,
                           start=args.start)
        print(f"Campagne : {len(results)} cas (dont {sum(r['family'] == 'cli' for r in results)} exécutions de "
              f"la ligne de commande), graine {args.seed}, {time.monotonic() - t0:.0f} s\n")
    print(table(results))
    bad = [(r, faults(r)) for r in results if faults(r)]
    if bad:
        print(f"\n{len(bad)} cas en défaut (les {min(len(bad), args.show)} premiers) :")
        for r, fs in bad[:args.show]:
            print(f"- {r['id']} ({r['base']}, {r['kind']}, {r['size']} octets) : " + " ; ".join(fs)[:600])
    if bad:
        kinds: dict = {}
        for r, fs in bad:
            for f in fs:
                sig = re.sub(r"\d+", "N", f.split("…")[0])[:110]
                kinds.setdefault(sig, []).append(r["id"])
        print(f"\n{len(kinds)} sortes de défauts :")
        for sig, ids in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
            print(f"- {len(ids)} × {sig} (ex. {', '.join(ids[:3])})")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1)
    return 1 if bad else 0
