"""The web app's entry points: the only module that knows it runs in Pyodide.

The worker (web/worker.js) mounts the files the user chose (WORKERFS: no copy), then calls these
functions with a JSON string and gets a JSON string back. Only strings, paths and one JS callable
(for progress) cross the boundary; the worker destroys its proxies in ``finally``.

    prepare()                          import everything once while the page waits
                                       → {"ok": true, "result": {"version"}} or InstallFailed
    check(request, progress)           request {"files": [{"path", "name"}], "annee"?: int}
                                       → {"ok": true, "result": {"html", "reference_files",
                                       "timings"}} or {"ok": false, "error": {"name", "message"}}
                                       (``reference_files``: [{"index", "kind"}] of the SIECLE/
                                       STS-web exports in ``files``, kept by the page for a re-check)
    view(request)                      request {"report": i, "filters": {…}, "print"?: bool}
                                       about the last check → {"ok": true, "result": {"html"}}:
                                       the report's ``.browse`` block (or its print block)
    export(request)                    request {"format": "csv" | "json" | "html",
                                       "scope"?: "all" | "view"} about the last check
                                       → {"ok": true, "result": {"name", "mime", "bytes"}} (bytes
                                       in base64, like every download; the worker moves them to the page)
    regles()                           the "Règles" page fragment → {"ok": true, "result": {"html"}}

The reports of the last check stay here, indexed once (``render.Browse``), with the filters of
each report's last view: a filter change sends only the filters, never the report.

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

#: The reports of the last check, kept for the views and the exports (one tab's worth of memory).
_last: list = []
#: One render.Browse per report of the last check, and the filters of each one's last view.
_browsers: list = []
_filters: dict = {}
#: Several LSU files: their combined report (ensemble.combine), shown first (``_browsers[0]``).
_combined = None
#: What the « Outils » panel needs of the last check (issue 15): which of its files are LSU files,
#: which are reference exports, and the school year asked for.
_tools: dict = {}


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
    global _last, _browsers, _filters, _combined, _tools
    from . import engine, render
    _tools = {}
    try:
        req = json.loads(request)
        notify = _notifier(progress)
        t0 = time.perf_counter()
        annee = req.get("annee")
        if annee not in (None, "") and engine.parse_annee(annee) is None:
            return _error("ValueError", engine.annee_refused(annee))
        files = req.get("files", [])
        # an official XSD dropped beside the LSU file validates its structure exactly (issue 11)
        xsds = [f for f in files if f["name"].lower().endswith(".xsd")]
        options = engine.Options(max_size=MAX_SIZE, annee=engine.parse_annee(annee),
                                 xsd=xsds[0]["path"] if xsds else None)
        inputs = [(f["path"], f["name"]) for f in files if f not in xsds]
        if not inputs:
            return _error("ValueError", "Aucun fichier n'a été donné.")
        from . import calibration   # issue 14: the LSU's rapport d'exécution and calibration files
        inputs, lsu_extra = calibration.page_inputs(inputs)
        options.levels = lsu_extra["levels"]
        if not inputs:
            return _error("MissingLsu", "Ajoutez le fichier d'import LSU (import_lsu_….xml) qui a été importé.")
        reports = engine.check_inputs(inputs, options=options, progress=notify)
        if reports and all(r.data.get("missing_lsu") for r in reports):
            # exports without an LSU file: said next to the drop zone, not as a report (issue 10)
            return _error("MissingLsu", " ".join(dict.fromkeys(r.data["missing_lsu"] for r in reports)))
        checked = time.perf_counter()
        notify("rapport", "mise en page")
        _combined = _combine(reports)   # issue 15 item 1: several LSU files, the combined report first
        _browsers = render.browsers([_combined, *reports] if _combined else reports) if reports else []
        _filters = {}
        html = (render.ensemble_fragment(_browsers) if _combined else render.fragment_of(_browsers)) if reports else ""
        _tools = _tools_of(files, reports, annee)
        html += calibration.page_fragment(reports, lsu_extra, inputs)   # issue 14
        rendered = time.perf_counter()
        _last = reports
        return json.dumps({"ok": True, "result": {
            "html": html, "reference_files": _reference_files(inputs, reports),
            "timings": {"check": round(checked - t0, 4), "render": round(rendered - checked, 4)},
        }}, ensure_ascii=False)
    except Exception as exc:  # the app must stay usable whatever happens
        return _error(type(exc).__name__,
                      "La vérification s'est arrêtée sur une erreur interne de lsucheck "
                      f"({type(exc).__name__}). Réessayez ; si cela se reproduit, signalez-le.")


def view(request: str) -> str:
    """One report of the last check, for these filters: its ``.browse`` block (or print block)."""
    try:
        req = json.loads(request)
        if not _browsers:
            return _error("ValueError", "Aucun rapport à afficher : vérifiez d'abord un fichier.")
        i = int(req.get("report") or 0)
        if not 0 <= i < len(_browsers):
            return _error("ValueError", "Ce rapport n'existe plus : vérifiez à nouveau le fichier.")
        filters = req.get("filters") or {}
        b = _browsers[i]
        if req.get("print"):
            return json.dumps({"ok": True, "result": {"html": b.print_html(filters)}}, ensure_ascii=False)
        _filters[i] = filters
        return json.dumps({"ok": True, "result": {"html": b.html(filters)}}, ensure_ascii=False)
    except Exception as exc:
        return _error(type(exc).__name__,
                      f"L'affichage a échoué sur une erreur interne de lsucheck ({type(exc).__name__}).")


def export(request: str) -> str:
    """The last check's reports as CSV (French Excel), JSON (the engine's contract) or HTML:
    ``scope`` "all" (default) is the whole report, "view" what the page shows (its filters, said
    in the file)."""
    from . import render
    try:
        req = json.loads(request)
        fmt = req.get("format")
        if not _last:
            return _error("ValueError", "Aucun rapport à exporter : vérifiez d'abord un fichier.")
        stem = _stem(_last)
        reports = _last
        if _combined is not None:
            reports = [_combined, *_last]   # the HTML and the page: the combined report first
        if req.get("scope") == "view" and fmt in ("csv", "html"):
            reports = [b.filtered(_filters.get(i)) for i, b in enumerate(_browsers)]
            stem += "_affiche"
        if fmt == "csv":
            # the CSV has a « Fichier » column: each file's rows once, not the combined report's too
            text, mime = render.csv(reports[1:] if _combined is not None else reports), "text/csv;charset=utf-8"
        elif fmt == "json" and _combined is not None:
            from . import ensemble
            text = json.dumps(ensemble.to_json_object(_combined, _last), ensure_ascii=False, indent=2) + "\n"
            mime = "application/json"
        elif fmt == "json":
            payload = _last[0].to_dict() if len(_last) == 1 else [r.to_dict() for r in _last]
            text, mime = json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "application/json"
        elif fmt == "html":
            text, mime = render.standalone(reports), "text/html;charset=utf-8"
        else:
            return _error("ValueError", f"Format d'export inconnu : {fmt!r}.")
        return _download(f"{stem}.{fmt}", text.encode("utf-8"), mime)
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


def _reference_files(inputs: list, reports) -> list[dict]:
    """The inputs that are reference files (SIECLE, STS-web): their index and kind in words, so the
    page can keep them for a re-check and say which they are."""
    from . import recognise as rec
    kinds: dict = {}
    for r in reports:
        for ref in r.data.get("references") or []:
            name = str(ref.get("name") or "").split(" › ")[0]
            kinds.setdefault(name, rec.SHORT_NAMES.get(ref.get("kind"), ""))
    return [{"index": i, "kind": kinds[name]} for i, (path, name) in enumerate(inputs) if name in kinds]


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


# ---- issue 15: the hotline's tools (each called by one button of the page) -------------------
def _request_inputs(req: dict):
    """(inputs, options) of a request shaped like check()'s; raises ValueError in French."""
    from . import engine
    annee = req.get("annee")
    if annee not in (None, "") and engine.parse_annee(annee) is None:
        raise ValueError(engine.annee_refused(annee))
    options = engine.Options(max_size=MAX_SIZE, annee=engine.parse_annee(annee))
    inputs = [(f["path"], f["name"]) for f in req.get("files", [])]
    if not inputs:
        raise ValueError("Aucun fichier n'a été donné.")
    return inputs, options


def _download(name: str, data: bytes, mime: str) -> str:
    """A file to offer: ``{name, mime, bytes}`` (bytes in base64, the page turns them into a Blob)."""
    import base64
    return json.dumps({"ok": True, "result": {"name": name, "mime": mime,
                                              "bytes": base64.b64encode(data).decode("ascii")}},
                      ensure_ascii=False)


def pseudonymised(request: str) -> str:
    """« Rapport pseudonymisé pour l'assistance »: the same files, checked, then pseudonymised.

    request as check()'s, plus "format": "html" (default: the fragment to show, ``{html, summary}``)
    or "json" / "csv" / "text" / "standalone" (a download, ``{name, mime, bytes}``)."""
    from . import pseudonym, render
    try:
        req = json.loads(request)
        inputs, options = _request_inputs(req)
        reports = pseudonym.check_inputs(inputs, options=options)
        fmt = req.get("format") or "html"
        if fmt == "html":
            return json.dumps({"ok": True, "result": {
                "html": render.fragment(reports) if reports else "",
                "summary": reports[0].data["pseudonymisation"]["text"] if reports else ""}},
                ensure_ascii=False)
        if fmt == "json":
            payload = reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports]
            text, mime, ext = json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "application/json", "json"
        elif fmt == "csv":
            text, mime, ext = render.csv(reports), "text/csv;charset=utf-8", "csv"
        elif fmt == "text":
            text, mime, ext = render.text(reports), "text/plain;charset=utf-8", "txt"
        elif fmt == "standalone":
            text, mime, ext = render.standalone(reports), "text/html;charset=utf-8", "html"
        else:
            return _error("ValueError", f"Format d'export inconnu : {fmt!r}.")
        name = f"rapport_lsucheck_pseudonymise.{ext}"
        out = json.loads(_download(name, text.encode("utf-8"), mime))
        summary = reports[0].data["pseudonymisation"] if reports else {"removed": [], "text": ""}
        # what the page says beside the download: exactly what was removed, and what was kept
        out["result"].update(summary=summary["text"], html=render.pseudonymised_note(summary, name))
        return json.dumps(out, ensure_ascii=False)
    except ValueError as exc:
        return _error("ValueError", str(exc))
    except Exception as exc:
        return _error(type(exc).__name__, "Le rapport pseudonymisé n'a pas pu être établi "
                                          f"(erreur interne de lsucheck, {type(exc).__name__}).")


def divisions(request: str) -> str:
    """The divisions of the LSU file given (for the « Extraire une classe » choice):
    request {"files": [{"path", "name"}], "notice"?: false (the choice alone, for the panel that
    has its notices)} → {"divisions": ["6 A", …], "html": "<fieldset>…"}."""
    from . import extract, render
    from markupsafe import escape
    try:
        req = json.loads(request)
        inputs, options = _request_inputs(req)
        found, last_error = [], None
        for src, name in inputs:
            try:
                found = extract.divisions_of(src, name=name, options=options)
                break
            except extract.ExtractError as exc:
                last_error = exc
        if not found:
            return _error("ValueError", last_error.message if last_error else "Aucune division trouvée.")
        html = render.divisions_choice(found)
        if req.get("notice", True):
            html += f'<p class="notice">{escape(extract.REPLACE_NOTICE)}</p>'
        return json.dumps({"ok": True, "result": {"divisions": found, "html": html}}, ensure_ascii=False)
    except ValueError as exc:
        return _error("ValueError", str(exc))
    except Exception as exc:
        return _error(type(exc).__name__, f"Les divisions n'ont pas pu être lues ({type(exc).__name__}).")


def extract_file(request: str) -> str:
    """« Télécharger le fichier de cette classe » / « … sans les bilans rejetés »: request
    {"files": [...], "annee"?, "divisions": ["6 A"] or null (all), "sans_rejetes": bool} →
    {name, mime, bytes, summary, left_out, html} (the file, checked again by the engine; html says
    what it holds, what was left out, and that the LSU replaces a bilan imported again)."""
    from . import extract, render
    from . import recognise as rec
    try:
        req = json.loads(request)
        inputs, options = _request_inputs(req)
        from . import engine
        lsu, others = None, []
        for src, name in inputs:
            inp = engine.load_input(src, name=name, options=options, progress=lambda *_: None)
            if lsu is None and inp.error is None and inp.kind is not None and inp.kind.kind == rec.LSU2D:
                lsu = (src, name)
            else:
                others.append((src, name))
        if lsu is None:
            return _error("ValueError", "Déposez le fichier d'import LSU (import_lsu_….xml) dont extraire une classe.")
        ex = extract.extract(lsu[0], req.get("divisions") or None, sans_rejetes=bool(req.get("sans_rejetes")),
                             name=lsu[1], references=others, options=options)
        if not ex.offered:
            return _error("ValueError", "Le fichier extrait n'est pas proposé : sa vérification trouve des messages "
                                        "absents du fichier d'origine. Signalez-le.")
        html = render.extracted(ex.summary(), ex.left_out, name=ex.name, sans_rejetes=ex.sans_rejetes)
        out = json.loads(_download(ex.name, ex.data, "application/xml"))
        out["result"].update(summary=ex.summary(), left_out=ex.left_out, html=html,
                             same_findings=ex.same_findings, counts=ex.report.counts)
        return json.dumps(out, ensure_ascii=False)
    except extract.ExtractError as exc:
        return _error("ValueError", exc.message)
    except ValueError as exc:
        return _error("ValueError", str(exc))
    except Exception as exc:
        return _error(type(exc).__name__, f"Le fichier n'a pas pu être extrait ({type(exc).__name__}).")


def compare(request: str) -> str:
    """« Comparer » two exports: request {"files": [avant, après, exports SIECLE/STS-web…], "annee"?}
    (each {"path", "name"}, as check()'s; or "before"/"after" given apart, "files" then being the
    exports) → {html, comparison} (comparison: compare.py's JSON contract)."""
    from . import compare as compare_mod, render
    try:
        req = json.loads(request)
        if "before" not in req:
            files = list(req.get("files") or [])
            if len(files) < 2:
                return _error("ValueError", "Déposez les deux exports à comparer : celui d'avant, puis celui d'après.")
            req = {**req, "before": files[0], "after": files[1], "files": files[2:]}
        refs = [(f["path"], f["name"]) for f in req.get("files", [])]
        _, options = _request_inputs({**req, "files": [req.get("before") or {}]})
        before, after = req.get("before"), req.get("after")
        if not before or not after:
            return _error("ValueError", "Déposez les deux exports à comparer (avant et après).")
        c = compare_mod.compare_files(before["path"], after["path"], names=(before.get("name"), after.get("name")),
                                      references=refs, options=options)
        return json.dumps({"ok": True, "result": {"html": render.comparison(c.data), "comparison": c.to_dict()}},
                          ensure_ascii=False)
    except compare_mod.CompareError as exc:
        return _error("ValueError", exc.message)
    except (ValueError, KeyError) as exc:
        return _error("ValueError", str(exc))
    except Exception as exc:
        return _error(type(exc).__name__, f"La comparaison a échoué ({type(exc).__name__}).")


def ensemble(request: str, progress=None) -> str:
    """« Rapport d'ensemble » for several LSU files: request as check()'s, plus "format":
    "html" (default) → {html, combined, reports}: html is the reports fragment whose first section
    (#report-0) is the combined report (counters summed, each message naming its file), then each
    file's own report; "json" / "csv" / "text" / "standalone" → a download {name, mime, bytes}
    (json: one object whose counts are the sums, each file's report under "reports")."""
    global _last
    from . import ensemble as ensemble_mod, render
    try:
        req = json.loads(request)
        inputs, options = _request_inputs(req)
        combined, reports = ensemble_mod.check_inputs(inputs, options=options, progress=_notifier(progress))
        _last = reports  # « Exporter » then exports each file's report, as after check()
        fmt = req.get("format") or "html"
        if fmt == "html":
            return json.dumps({"ok": True, "result": {"html": render.fragment([combined, *reports]),
                                                      "combined": combined.to_dict(),
                                                      "reports": [r.to_dict() for r in reports]}},
                              ensure_ascii=False)
        if fmt == "json":
            text = json.dumps(ensemble_mod.to_json_object(combined, reports), ensure_ascii=False, indent=2) + "\n"
            mime, ext = "application/json", "json"
        elif fmt == "csv":
            text, mime, ext = render.csv(reports), "text/csv;charset=utf-8", "csv"
        elif fmt == "text":
            text, mime, ext = render.text([combined, *reports]), "text/plain;charset=utf-8", "txt"
        elif fmt == "standalone":
            text, mime, ext = render.standalone([combined, *reports]), "text/html;charset=utf-8", "html"
        else:
            return _error("ValueError", f"Format d'export inconnu : {fmt!r}.")
        return _download(f"rapport_lsucheck_ensemble.{ext}", text.encode("utf-8"), mime)
    except ValueError as exc:
        return _error("ValueError", str(exc))
    except Exception as exc:
        return _error(type(exc).__name__, f"Le rapport d'ensemble n'a pas pu être établi ({type(exc).__name__}).")


# ---- issue 15: the page's « Outils » panel, about the last check ----------------------------
def _combine(reports):
    """The combined report of several LSU files (None for one file, or for none readable)."""
    lsu = [r for r in reports if r.data.get("verdict") != "illisible"]
    if len(lsu) < 2:
        return None
    from . import ensemble
    return ensemble.combine(reports)


def _tools_of(files: list, reports, annee) -> dict:
    """Which of the check's files (their index in the request) are LSU files with a report, which
    are reference exports (SIECLE, STS-web) the tools give again."""
    names = [f["name"] for f in files]
    lsu, refs = [], []
    for r in reports:
        name = (r.data.get("file") or {}).get("name")
        if r.data.get("verdict") != "illisible" and name in names and names.index(name) not in lsu:
            lsu.append(names.index(name))
        for ref in r.data.get("references") or []:
            base = str(ref.get("name") or "").split(" › ")[0]
            if base in names and names.index(base) not in refs and not ref.get("set_aside"):
                refs.append(names.index(base))
    return {"lsu": lsu, "refs": refs, "annee": annee, "names": names}


_STAMP = re.compile(r"(20\d\d)(\d\d)(\d\d)(?:(\d\d)(\d\d)(\d\d)?)?")


def _file_date(name: str, modified) -> tuple:
    """(sort key, words) of an export's date: the one in its name (import_lsu_AAAAMMJJhhmmss.xml),
    else the file's last modification, as the computer gives it."""
    from datetime import datetime, timezone
    from . import render
    m = _STAMP.search(name or "")
    if m:
        try:
            d = datetime(*(int(x) for x in m.groups(default="0")))
            return d.timestamp(), f"exporté le {render.french_datetime(d.isoformat())}"
        except ValueError:
            pass
    if isinstance(modified, (int, float)) and modified > 0:
        d = datetime.fromtimestamp(modified / 1000, tz=timezone.utc)
        return d.timestamp(), f"modifié le {render.french_datetime(d.isoformat())} (UTC)"
    return float("inf"), ""


def tools(request: str) -> str:
    """The « Outils » panel about the last check: request {"files": [every file of the check,
    mounted], "modified": [ms…]} → {html}. The LSU files are offered oldest first (« avant »)."""
    from . import extract, render
    try:
        req = json.loads(request)
        if not _tools:
            return json.dumps({"ok": True, "result": {"html": ""}})
        files, modified = req.get("files") or [], req.get("modified") or []
        lsu = []
        for i in _tools["lsu"]:
            if i < len(files):
                key, words = _file_date(files[i]["name"], modified[i] if i < len(modified) else None)
                lsu.append({"index": i, "name": files[i]["name"], "key": key,
                            "label": files[i]["name"] + (f" ({words})" if words else "")})
        divisions = []
        if lsu:   # the class's file is cut from the first LSU file given (named in the panel)
            try:
                divisions = extract.divisions_of(files[lsu[0]["index"]]["path"], name=lsu[0]["name"])
            except extract.ExtractError:
                divisions = []
        ordered = sorted(lsu, key=lambda f: f["key"])   # stable: files without a date keep their order
        html = render.tools_panel(ordered, divisions, references=len(_tools["refs"]),
                                  class_file=lsu[0] if lsu and divisions else None)
        return json.dumps({"ok": True, "result": {"html": html}}, ensure_ascii=False)
    except Exception as exc:
        return _error(type(exc).__name__, f"Les outils n'ont pas pu être affichés ({type(exc).__name__}).")


def page_tool(request: str) -> str:
    """One button of the « Outils » panel, about the last check: request {"tool": "compare" |
    "pseudonymised" | "extract_file" | "divisions", "files": [every file of the check, mounted],
    "avant"?, "apres"? (indexes among them), "fichier"? (the LSU file to cut a class from, an index;
    the first LSU file if absent), "divisions"?, "sans_rejetes"?}. Python picks the files each tool
    needs (the LSU files, the reference exports) and the school year of the check."""
    try:
        req = json.loads(request)
        if not _tools:
            return _error("ValueError", "Vérifiez d'abord un fichier.")
        files = req.get("files") or []
        pick = lambda idx: [files[i] for i in idx if 0 <= i < len(files)]   # noqa: E731
        refs, lsu = pick(_tools["refs"]), pick(_tools["lsu"])
        base = {"annee": _tools.get("annee")}
        tool = req.get("tool")
        if tool == "compare":
            avant, apres = int(req.get("avant", -1)), int(req.get("apres", -1))
            if avant == apres:
                return _error("ValueError", "Choisissez deux exports différents : l'un pour « Avant », l'autre pour "
                                            "« Après ».")
            if avant not in _tools["lsu"] or apres not in _tools["lsu"]:
                return _error("ValueError", "Choisissez les deux exports LSU à comparer.")
            return compare(json.dumps({**base, "files": pick([avant, apres]) + refs}))
        if tool == "pseudonymised":
            given = lsu + refs or [f for f in files if not f["name"].lower().endswith(".xsd")]
            return pseudonymised(json.dumps({**base, "files": given, "format": "standalone"}))
        fichier = int(req.get("fichier", -1))
        source = pick([fichier]) if fichier in _tools["lsu"] else lsu[:1]   # the class file's LSU file
        if tool == "divisions":   # the panel keeps its own notices: the choice alone
            return divisions(json.dumps({**base, "files": source, "notice": False}))
        if tool == "extract_file":
            chosen = [d for d in req.get("divisions") or [] if d]
            if not chosen:
                return _error("ValueError", "Cochez au moins une division.")
            return extract_file(json.dumps({**base, "files": source + refs, "divisions": chosen,
                                            "sans_rejetes": bool(req.get("sans_rejetes"))}))
        return _error("ValueError", f"Outil inconnu : {tool!r}.")
    except Exception as exc:
        return _error(type(exc).__name__, f"L'outil n'a pas pu être utilisé ({type(exc).__name__}).")
