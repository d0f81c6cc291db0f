"""Several LSU files, one report (issue 15, item 1).

Files exported per level or per class are checked together (``engine.check_inputs``: the same
reference exports for all, C9 for a file given twice, C10 for bilans present in two files) and
summed in a first, combined report: its ``counts`` are the sums of the files' counts, its
``classes`` the union, ``files`` gives each file's verdict, counters and classes, and its messages
hold every file's occurrences, each one naming its file (``occurrence["file"]``, and the détail
starts with the file's name so that every format shows it). The C10 sentence, which each of the two
files carries, is said once. The combined report is shaped like any report (report.py), so
render.py renders it in every format; ``reports`` are then each file's own report.

    combined, reports = ensemble.check_inputs([("import_6e.xml", None), ("import_5e.xml", None)])
    combined.counts   # the sums
"""
from __future__ import annotations

from .report import NON_OPPOSABLE, REPORT_VERSION, VERDICT_LABELS, Report, empty_counts
from .findings import Level

_VERDICT_ORDER = ("succes", "alertes", "rejets_partiels", "rejete", "illisible")
#: findings about the set of files, carried by each file of a pair: said once in the combined report
_SHARED_CODES = ("C9", "C10", "C1", "C2", "C3", "C4", "C6", "C8")


def combine(reports) -> Report:
    """The combined report of several reports (Report objects or their data)."""
    datas = [r.data if isinstance(r, Report) else r for r in reports]
    counts = empty_counts()
    for d in datas:
        for kind, row in d["counts"].items():
            for key, value in row.items():
                counts[kind][key] += value
    names = [(d.get("file") or {}).get("name") or "fichier" for d in datas]
    grouped: dict = {}
    order: list = []
    seen_shared: set = set()
    for name, d in zip(names, datas):
        for m in d["messages"]:
            key = (m["code"], m["level"])
            entry = grouped.get(key)
            if entry is None:
                entry = grouped[key] = {**{k: v for k, v in m.items() if k != "occurrences"}, "count": 0,
                                        "occurrences": []}
                order.append(key)
            for o in m["occurrences"]:
                if m["code"] in _SHARED_CODES:
                    if (m["code"], o.get("detail")) in seen_shared:
                        continue
                    seen_shared.add((m["code"], o.get("detail")))
                    files = [n for n in names if f"« {n} »" in (o.get("detail") or "")] or [name]
                    entry["occurrences"].append({**o, "file": ", ".join(files)})
                else:
                    entry["occurrences"].append({**o, "file": name,
                                                 "detail": f"« {name} » : {o.get('detail') or ''}"})
                entry["count"] += 1
    from .catalogue import load
    from .report import first_rank
    cat = load()
    messages = [grouped[k] for k in order if grouped[k]["count"]]
    messages.sort(key=lambda m: (first_rank(m["code"]), -Level(m["level"]).rank,
                                 cat[m["code"]].order if m["code"] in cat else 9999))
    for m in messages:
        m["occurrences"].sort(key=lambda o: names.index(o["file"]) if o.get("file") in names else len(names))
    # an unreadable file keeps its own report (and the exit code); the sums are about the others
    readable = [d["verdict"] for d in datas if d["verdict"] != "illisible"] or [d["verdict"] for d in datas]
    verdict = max(readable, key=_VERDICT_ORDER.index) if readable else "succes"
    banner, not_run, references = [], [], []
    for d in datas:
        for b in d.get("banner") or []:
            if b not in banner:
                banner.append(b)
        for n in d.get("not_run") or []:
            if not any(x["code"] == n["code"] and x.get("reason") == n.get("reason") for x in not_run):
                not_run.append(n)
        for r in d.get("references") or []:
            if not any(x.get("name") == r.get("name") and x.get("kind") == r.get("kind") for x in references):
                references.append(r)
    size = sum((d.get("file") or {}).get("size") or 0 for d in datas)
    from .parsing import human_size
    first = datas[0].get("file") or {} if datas else {}
    label = " + ".join(names)   # render.import_line: « Import des fichiers a.xml + b.xml »
    data = {
        "report_version": REPORT_VERSION,
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS[verdict],
        "file": {"name": label, "size": size, "size_label": human_size(size), "sha256": "",
                 "editeur": first.get("editeur"), "application": first.get("application"),
                 "appli_version": first.get("appli_version"), "uai": first.get("uai"),
                 "schema_version": first.get("schema_version"), "encoding": first.get("encoding"),
                 "checked_at": first.get("checked_at")},
        "classes": sorted({c for d in datas for c in d.get("classes") or []}),
        "counts": counts,
        "messages": messages,
        "banner": banner,
        "not_run": not_run,
        "references": references,
        "notice": ("Rapport d'ensemble : les compteurs sont la somme de ceux des fichiers, chaque message dit "
                   "de quel fichier il vient ; le rapport de chaque fichier suit. " + NON_OPPOSABLE),
        "ensemble": True,
        "files": [{"name": n, "verdict": d["verdict"], "verdict_label": d["verdict_label"], "counts": d["counts"],
                   "classes": d.get("classes") or []} for n, d in zip(names, datas)],
    }
    for key in ("target_year", "year_source"):
        values = {d.get(key) for d in datas}
        data[key] = values.pop() if len(values) == 1 else None
    return Report(data)


def check_inputs(inputs, *, options=None, progress=None) -> tuple[Report, list[Report]]:
    """Check several files together; (the combined report, each file's own report)."""
    from . import engine
    reports = engine.check_inputs(inputs, options=options, progress=progress)
    return combine(reports), reports


def to_json_object(combined: Report, reports) -> dict:
    """The ``--ensemble --format json`` object: the combined report, each file's report under ``reports``."""
    return {**combined.data, "reports": [r.data if isinstance(r, Report) else r for r in reports]}
