"""The web app's entry points: the only module that knows it runs in Pyodide.

The worker (web/worker.js) mounts the files the user chose (WORKERFS: no copy), then calls these
functions with a JSON string and gets a JSON string back. Only strings, paths and one JS callable
(for progress) cross the boundary; the worker destroys its proxies in ``finally``.

    prepare()                          import everything once while the page waits
                                       → {"ok": true, "result": {"version"}} or InstallFailed
    check(request, progress)           request {"files": [{"path", "name"}], "annee"?: int}
                                       → {"ok": true, "result": {"reports": [...], "html": "..."}}
                                       or {"ok": false, "error": {"name", "message"}}
    export(request)                    request {"format": "csv" | "json" | "html"}, about the last
                                       check → {"ok": true, "result": {"filename", "mime", "text"}}
    regles()                           the "Règles" page fragment → {"ok": true, "result": {"html"}}

``progress(phase, detail)`` is called with the engine's phases ("lecture", "schema", "controles",
"rapport"). Nothing here decides anything about LSU: that is the engine's job.
"""
from __future__ import annotations

import json
import os
import re
import time

from . import __version__

#: Files over this size are refused (the page refuses them first, before reading anything).
MAX_SIZE = 100 * 1024 * 1024

#: The reports of the last check, kept for the exports (one tab's worth of memory).
_last: list = []


def prepare() -> str:
    """Import the engine, its rules and the renderer now, so the first check does not pay it.

    A package that failed to install (its download was refused by the integrity check, or cut)
    only shows here, as a missing module: it is named, so the page can say so in French."""
    try:
        from . import engine, render  # noqa: F401
        from . import rules
        load_rules = getattr(rules, "all_rules", None)
        if load_rules is not None:
            load_rules()
        render.environment().get_template("report.html")
        _warm_validator()
    except ModuleNotFoundError as exc:
        return _error("InstallFailed", exc.name or str(exc))
    return json.dumps({"ok": True, "result": {"version": __version__}})


def check(request: str, progress=None) -> str:
    """Check the mounted files; never raises (an unexpected error becomes a French message)."""
    global _last
    from . import engine, render
    try:
        req = json.loads(request)
        notify = _notifier(progress)
        t0 = time.perf_counter()
        annee = req.get("annee")
        if annee not in (None, "") and engine.parse_annee(annee) is None:
            text = engine.ANNEE_REFUSED.format(value=str(annee).strip())
            return _error("ValueError", text[0].upper() + text[1:] + ".")
        options = engine.Options(max_size=MAX_SIZE, annee=engine.parse_annee(annee))
        inputs = [(f["path"], f["name"]) for f in req.get("files", [])]
        if not inputs:
            return _error("ValueError", "Aucun fichier n'a été donné.")
        reports = engine.check_inputs(inputs, options=options, progress=notify)
        if reports and all(r.data.get("missing_lsu") for r in reports):
            # exports without an LSU file: said next to the drop zone, not as a report (issue 10)
            return _error("MissingLsu", " ".join(dict.fromkeys(r.data["missing_lsu"] for r in reports)))
        checked = time.perf_counter()
        notify("rapport", "mise en page")
        html = render.fragment(reports) if reports else ""
        rendered = time.perf_counter()
        _last = reports
        datas = [r.to_dict() for r in reports]
        return json.dumps({"ok": True, "result": {
            "reports": datas, "html": html, "references": _references(datas),
            "timings": {"check": round(checked - t0, 4), "render": round(rendered - checked, 4)},
        }}, ensure_ascii=False)
    except Exception as exc:  # the app must stay usable whatever happens
        return _error(type(exc).__name__,
                      "La vérification s'est arrêtée sur une erreur interne de lsucheck "
                      f"({type(exc).__name__}). Réessayez ; si cela se reproduit, signalez-le.")


def export(request: str) -> str:
    """The last check's reports as CSV (French Excel), JSON (the engine's contract) or HTML."""
    from . import render
    try:
        fmt = json.loads(request).get("format")
        if not _last:
            return _error("ValueError", "Aucun rapport à exporter : vérifiez d'abord un fichier.")
        stem = _stem(_last)
        if fmt == "csv":
            text, mime = render.csv(_last), "text/csv;charset=utf-8"
        elif fmt == "json":
            payload = _last[0].to_dict() if len(_last) == 1 else [r.to_dict() for r in _last]
            text, mime = json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "application/json"
        elif fmt == "html":
            text, mime = render.standalone(_last), "text/html;charset=utf-8"
        else:
            return _error("ValueError", f"Format d'export inconnu : {fmt!r}.")
        return json.dumps({"ok": True, "result": {"filename": f"{stem}.{fmt}", "mime": mime,
                                                  "text": text}}, ensure_ascii=False)
    except Exception as exc:
        return _error(type(exc).__name__,
                      f"L'export a échoué sur une erreur interne de lsucheck ({type(exc).__name__}).")


def regles() -> str:
    """Every check lsucheck knows, as the fragment the report's "Voir la règle" links point to."""
    from . import render
    try:
        return json.dumps({"ok": True, "result": {"html": render.regles()}}, ensure_ascii=False)
    except Exception as exc:
        return _error(type(exc).__name__, "La liste des règles n'a pas pu être affichée.")


# ---------------------------------------------------------------------------------------------
def _warm_validator() -> None:
    """Build the structural validator's tables now (the fast one when the engine uses it)."""
    from .xsd import dispatch as schema
    fast = getattr(schema, "fast_module", lambda: None)()
    if fast is not None and hasattr(fast, "compiled"):
        fast.compiled()


def _references(datas: list[dict]) -> list[dict]:
    """The reference files given (SIECLE, STS-web), once, with their kind in words."""
    from . import render
    seen, out = set(), []
    for d in datas:
        for ref in d.get("references") or []:
            key = (ref.get("kind"), ref.get("name"))
            if key in seen:
                continue
            seen.add(key)
            out.append({**ref,
                        "kind_label": render.REFERENCE_KINDS.get(ref.get("kind"))
                        or ref.get("kind_label") or ref.get("kind") or "",
                        "annee_label": ref.get("school_year") or render.school_year(ref.get("annee"))
                        or str(ref.get("annee") or ""),
                        "date_label": _french_date(ref.get("date_export")),
                        **({"summary": f"écarté : {ref['set_aside']}"} if ref.get("set_aside") else {})})
    return out


def _french_date(iso) -> str:
    """"2025-12-15" → "15/12/2025" (as SIECLE shows dates)."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2}).*", str(iso or ""))
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else str(iso or "")


def _notifier(progress):
    """Wrap the JS callable; a failing progress report must never stop the check."""
    if progress is None:
        return lambda phase, detail: None

    def notify(phase: str, detail: str) -> None:
        try:
            progress(phase, str(detail or ""))
        except Exception:
            pass
    return notify


def _stem(reports) -> str:
    name = (reports[0].data.get("file") or {}).get("name") or "rapport"
    base = os.path.splitext(os.path.basename(name.split(" › ")[0]))[0] or "rapport"
    base = re.sub(r"[^\w.-]+", "_", base)
    return f"rapport_lsucheck_{base}" if len(reports) == 1 else f"rapports_lsucheck_{base}_et_autres"


def _error(name: str, message: str) -> str:
    return json.dumps({"ok": False, "error": {"name": name, "message": message}}, ensure_ascii=False)
