"""The report, rendered: HTML fragment for the web app, standalone HTML, the Règles page, CSV and text.

The JSON is ``report.to_json()`` (report.py; schema in data/report.schema.json). Everything here
reads that data only, so a report loaded back from JSON renders the same.

HTML is produced by Jinja2 templates in ``templates/`` (autoescape on; no inline style, no inline
script, no external resource: a strict CSP holds). The Environment is built once and cached; the
templates are read with importlib.resources, so a zip-installed package works (Pyodide).

The fragment's DOM contract (the web app's API)
-----------------------------------------------
``fragment(report)``                 one ``<section id="report" class="lsu-report">``.
``fragment(report, index=i)``        one ``<section id="report-<i>" class="lsu-report">``: use it
                                     to build tabs yourself; every id inside starts with the
                                     section's id, so several sections never clash.
``fragment([r0, r1, …])``            ``<div id="report" class="lsu-reports" data-verdict=<worst>
                                     data-count=N>`` holding a short list of the files (links to
                                     each section) and the sections ``#report-0``, ``#report-1``…
                                     (a list of one gives the single-report form).

Root section attributes: ``data-verdict`` (succes | alertes | rejets_partiels | rejete |
illisible), ``data-file`` (the file name as given), ``data-index`` (i, or 0), ``data-exit-code``
(0 | 1 | 2), ``data-total`` (occurrences in the report), ``aria-labelledby`` its ``h2``.
Headings: the report title is an ``h2``, its sections ``h3``, each code ``h4``.
An ``illisible`` report has no résumé, no references section, and its message group is open.

Inside a section (``R`` is the section's id):

- ``.verdict.verdict--<verdict>``: the banner, icon (``aria-hidden``) and text; then one
  ``p.verdict-banner[data-code]`` per sentence of the report's ``banner`` (F28, the version).
- ``.notice``: the "non opposable" notice (report.data["notice"]).
- ``#R-resume`` ``.resume``: ``table.counters`` (rows Traités, Importés, dont avec succès,
  dont avec alerte(s), Rejetés; columns Bilans périodiques, Bilans de fin de cycle; every cell
  ``td[data-bilan][data-counter]``); ``.summary-lists`` (Erreurs / Alertes / Conseils: one ``li``
  per message group, linking to it); ``.classes`` (Classes concernées par l'import).
- ``#R-file`` ``.file-meta``: a ``dl`` of the file's metadata.
- ``#R-messages`` ``.messages``: ``<div class="filters no-print" data-filters data-for="R">``
  (empty: the app fills it), then one ``details.msg`` per message group. LSU groups messages by
  label, so a group is (level, label) and may hold several codes:
  ``<details class="msg msg--<level>" id="R-g<n>" data-level data-code data-label data-count>``
  (``data-code`` = the group's codes, space-separated; ``data-count`` = its occurrences). Inside,
  one ``section.msg-code[data-code]`` per code (``id="R-<code>"``, see ``section`` below) with the explanation
  (``.explain``), the fix (``.fix``), per-software fixes (``dl.fixes``), a link to the rule
  (``a.rule-link[href="#regle-<code>"]``) and ``table.occurrences`` (``id="R-<code>-occ"``,
  ``data-code``, ``data-shown``, ``data-count``) whose body rows are
  ``<tr class="occ" data-level data-code data-label data-bilan data-division data-periode
  data-discipline data-eleve>`` (raw strings, empty when null; ``data-bilan`` is ``periodique``,
  ``cycle`` or empty) with the cells Élève, Division, Période, Discipline, Enseignant, Détail,
  Ligne. A table shows at most ``cap`` rows (default 200); then ``p.more[data-code][data-hidden]``
  says how many are not shown, and the app paginates from the JSON block.
- ``#R-not-run`` ``.not-run``: the checks not run and why; ``#R-references`` ``.references``.
- ``.signature.print-only``: a block for the chef d'établissement's signature (hidden on screen by
  report.css; the print stylesheet shows it).
- ``<script type="application/json" class="report-data" id="R-data">``: not executed (so the CSP
  allows it); ``JSON.parse(el.textContent)`` gives::

      {"index": i, "id": "R", "file": name, "verdict": v, "cap": 200, "total": N,
       "columns": ["eleve", "division", "periode", "discipline", "enseignant", "detail",
                   "line", "bilan", "path"],
       "facets": {"levels":      [{"value": "BILAN", "label": "Bilan rejeté", "count": n}, …],
                  "bilans":      [{"value": "periodique", "label": "Bilans périodiques", "count": n}, …],
                  "divisions":   [{"value": "3 B", "count": n}, …],
                  "periodes":    […], "disciplines": […],
                  "labels":      [{"value": label, "level": "BILAN", "group": "R-g0", "count": n}, …]},
       "messages": [{"code": "B6", "label": …, "level": …, "group": "R-g0", "section": "R-B6",
                     "table": "R-B6-occ", "count": n, "shown": k, "rows": [[eleve, division, …], …]}, …]}

  One entry per (code, level), like report.data["messages"]: a code found at two levels (a
  finding-level override) has two entries; the second one's ids are suffixed with the level
  (``R-B7-conseil``, ``R-B7-conseil-occ``). Use ``section`` and ``table``, not string building.

  ``rows`` holds every occurrence (not only the shown ones), in ``columns`` order, null as "".
  Facet values are the raw strings of the rows' ``data-*`` attributes; empty values are left
  out of ``divisions``/``periodes``/``disciplines``.

The standalone document (``standalone()``) uses the same markup with every occurrence shown (no
cap), no filters placeholder and no JSON block; message groups are open when the report has at
most 200 occurrences. It carries its own CSP (``default-src 'none'`` and the hash of its inline
stylesheet), so it can fetch nothing even if opened from a web page, and needs no script.
The Règles page (``regles()``) is ``<section id="regles">`` holding one
``article.regle#regle-<code>[data-code][data-level]`` per check; the web app must include it in
the page (even hidden in a tab) for the ``#regle-<code>`` links to land.

Class names for a print stylesheet: ``.no-print`` (filters), ``.print-only`` (signature),
``.lsu-report`` (one per page if you like), ``details.msg`` (open them before printing).
"""
from __future__ import annotations

import base64
import csv as csv_mod
import functools
import hashlib
import io
import re
from datetime import datetime
from importlib import resources

import jinja2

from . import __version__
from .model import ascii_int
from .report import EXIT_CODES, VERDICT_LABELS, Report

#: Rows shown per code in the fragment; the rest are in the JSON block for the app to page.
CAP = 200
#: Occurrences printed per code in the text output.
TEXT_CAP = 50

VERDICT_ORDER = ("succes", "alertes", "rejets_partiels", "rejete", "illisible")
VERDICT_ICONS = {"succes": "✔", "alertes": "⚠", "rejets_partiels": "✖", "rejete": "✖", "illisible": "✖"}

LEVEL_ORDER = ("FICHIER", "BILAN", "ALERTE", "CONSEIL")
#: (icon, short label, long label): a level is never shown by colour alone.
LEVELS = {
    "FICHIER": ("✖", "Fichier rejeté", "Erreur bloquante : le fichier entier serait rejeté"),
    "BILAN": ("✖", "Bilan rejeté", "Erreur : le bilan concerné serait rejeté"),
    "ALERTE": ("⚠", "Alerte", "Alerte : le bilan serait importé avec une alerte"),
    "CONSEIL": ("ℹ", "Conseil", "Conseil de lsucheck, sans effet sur l'import"),
}
BILAN_LABELS = {"periodique": "Bilans périodiques", "cycle": "Bilans de fin de cycle", "": "Hors bilan"}
COUNTERS = (("traites", "Traités"), ("importes", "Importés"), ("succes", "dont avec succès"),
            ("alertes", "dont avec alerte(s)"), ("rejetes", "Rejetés"))
LEVEL_SOURCES = {
    "xsd": "imposé par le schéma du format LSU",
    "seed": "constaté sur un rapport d'exécution LSU réel",
    "format": "déduit de la documentation du format et des logiciels exportateurs",
    "inferred": "déduit par lsucheck",
    "override": "niveau choisi par vous (--niveau)",
}
REFERENCE_KINDS = {
    "siecle_eleves": "SIECLE élèves", "nomenclature": "SIECLE Nomenclature",
    "communs": "SIECLE Communs", "sts": "STS-web",
}
YEAR_SOURCES = {"option": "choisie par vous", "references": "d'après les fichiers de référence",
                "fichier": "d'après les millésimes du fichier"}
FAMILIES = (
    ("F", "Fichier : structure et format"),
    ("B", "Bilans : contrôles sur le fichier seul"),
    ("S", "Contrôles avec SIECLE"),
    ("T", "Contrôles avec STS-web"),
    ("C", "Cohérence des fichiers fournis"),
)
EDITORS = {"pronote": "PRONOTE", "sacoche": "SACoche", "gepi": "GEPI", "ent": "ENT"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
FILE_KEYS = ("name", "size", "size_label", "sha256", "editeur", "application", "appli_version", "uai",
             "schema_version", "encoding", "checked_at")
#: The occurrence fields of the JSON block's rows, in order.
COLUMNS = ("eleve", "division", "periode", "discipline", "enseignant", "detail", "line", "bilan", "path")
CSV_HEADERS = ("Fichier", "Verdict", "Niveau", "Code", "Message", "Contrôle", "Type de bilan", "Élève",
               "Division", "Période", "Discipline", "Enseignant", "Détail", "Ligne", "Chemin")


# ---------------------------------------------------------------------------------------------
class _ResourceLoader(jinja2.BaseLoader):
    """Templates from the package's ``templates/`` via importlib.resources (works zipped)."""

    def get_source(self, environment, template):
        path = resources.files("lsucheck") / "templates" / template
        try:
            source = path.read_text(encoding="utf-8")
        except (FileNotFoundError, OSError) as exc:
            raise jinja2.TemplateNotFound(template) from exc
        return source, None, lambda: True


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=_ResourceLoader(), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    # compact JSON; Jinja's tojson still escapes < > & ' so "</script>" cannot end the block
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    env.filters["paras"] = paragraphs
    return env


@functools.lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's CSS (templates/report.css), for the standalone document."""
    return (resources.files("lsucheck") / "templates" / "report.css").read_text(encoding="utf-8")


def paragraphs(text: str | None) -> list[str]:
    """Split a catalogue text into paragraphs (blank-line separated)."""
    if not text:
        return []
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


# ---------------------------------------------------------------------------------------------
def _data(report) -> dict:
    return report.data if isinstance(report, Report) else report


def _as_list(obj) -> list[dict]:
    if isinstance(obj, (list, tuple)):
        return [_data(r) for r in obj]
    return [_data(obj)]


def worst_verdict(datas) -> str:
    return max((d["verdict"] for d in datas), key=VERDICT_ORDER.index)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n <= 1 else (many or one + 's')}"


def french_datetime(iso: str | None) -> str:
    """"2025-12-15T10:30:00+00:00" → "15 décembre 2025 à 10:30:00" (LSU's report style)."""
    if not iso:
        return ""
    try:
        d = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if len(iso) == 10:  # a date alone
        return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year} à {d:%H:%M:%S}"


def school_year(year) -> str:
    first = ascii_int(year)
    return f"{first}-{first + 1}" if first is not None else ""


def verdict_sentence(d: dict) -> str:
    """One sentence under the verdict banner, from the counters."""
    v = d["verdict"]
    c = d["counts"]
    traites = sum(x["traites"] for x in c.values())
    importes = sum(x["importes"] for x in c.values())
    alertes = sum(x["alertes"] for x in c.values())
    rejetes = sum(x["rejetes"] for x in c.values())
    if v == "illisible":
        detail = next((o.get("detail") for m in d["messages"] for o in m["occurrences"] if o.get("detail")), None)
        return detail or "Ce fichier ne peut pas être vérifié comme fichier d'import LSU."
    if v == "rejete":
        if any(m["level"] == "FICHIER" for m in d["messages"]):
            return ("Le LSU refuserait le fichier entier : aucun bilan ne serait importé"
                    + (f" ({plural(traites, 'bilan traité', 'bilans traités')})." if traites else "."))
        return f"Aucun bilan ne serait importé : les {plural(traites, 'bilan')} seraient rejetés."
    if v == "rejets_partiels":
        return (f"{rejetes} {'bilan' if rejetes == 1 else 'bilans'} sur {traites} "
                f"{'serait rejeté' if rejetes == 1 else 'seraient rejetés'} ; "
                f"{importes} {'serait importé' if importes == 1 else 'seraient importés'}"
                + (f", dont {alertes} avec alerte(s)." if alertes else "."))
    if v == "alertes":
        return (f"Les {plural(traites, 'bilan')} seraient importés, dont {alertes} avec alerte(s)."
                if traites != 1 else "Le bilan serait importé avec alerte(s).")
    if traites == 0:
        return "Le fichier ne contient aucun bilan."
    return (f"Les {plural(traites, 'bilan')} seraient importés sans alerte." if traites != 1
            else "Le bilan serait importé sans alerte.")


def import_line(f: dict) -> str:
    """"Import du fichier X (0,378 Mo) depuis LOGICIEL (ÉDITEUR)", as LSU's report opens."""
    text = f"Import du fichier {f.get('name') or ''}"
    if f.get("size_label"):
        text += f" ({f['size_label']})"
    source = " ".join(x for x in (f.get("application"), f.get("appli_version")) if x)
    if f.get("editeur"):
        source = f"{source} ({f['editeur']})" if source else f["editeur"]
    if source:
        text += f" depuis {source}"
    return text


def _s(value) -> str:
    return "" if value is None else str(value)


def _facet(counter: dict) -> list[dict]:
    return [{"value": k, "count": counter[k]} for k in sorted(counter, key=lambda s: (s.casefold(), s)) if k]


def groups_of(d: dict) -> list[dict]:
    """Messages grouped as LSU shows them: by (level, label), codes inside, in report order."""
    groups: dict = {}
    for m in d["messages"]:
        key = (m["level"], m["label"])
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"level": m["level"], "label": m["label"], "count": 0, "messages": []}
        g["count"] += m["count"]
        g["messages"].append(m)
    out = list(groups.values())
    out.sort(key=lambda g: LEVEL_ORDER.index(g["level"]) if g["level"] in LEVEL_ORDER else 9)
    return out


# ---------------------------------------------------------------------------------------------
def view(report, *, index: int | None = None, cap: int | None = CAP) -> dict:
    """What the templates need for one report (plain data; also used by text())."""
    d = _data(report)
    rid = "report" if index is None else f"report-{index}"
    f = {**{k: None for k in FILE_KEYS}, **(d.get("file") or {})}
    counters = {"levels": {}, "bilans": {}, "divisions": {}, "periodes": {}, "disciplines": {}}
    groups = []
    json_messages = []
    labels_facet = []
    total = 0
    used_ids: set = set()
    for n, g in enumerate(groups_of(d)):
        gid = f"{rid}-g{n}"
        icon, short, long = LEVELS.get(g["level"], ("", g["level"], g["level"]))
        items = []
        for m in g["messages"]:
            occs = m["occurrences"]
            rows = []
            for o in occs:
                row = [_s(o.get(k)) for k in COLUMNS]
                rows.append(row)
                for key, value in (("bilans", row[7]), ("divisions", row[1]), ("periodes", row[2]),
                                   ("disciplines", row[3])):
                    counters[key][value] = counters[key].get(value, 0) + 1
            counters["levels"][g["level"]] = counters["levels"].get(g["level"], 0) + len(occs)
            total += len(occs)
            shown = rows if cap is None else rows[:cap]
            # one entry per (code, level): a code found at two levels gets a second, suffixed id
            item_id = f"{rid}-{m['code']}"
            if item_id in used_ids:
                item_id = f"{rid}-{m['code']}-{g['level'].lower()}"
            used_ids.add(item_id)
            table_id = f"{item_id}-occ"
            fixes = [(EDITORS.get(k, k), v) for k, v in (m.get("fixes") or {}).items() if v]
            items.append({
                "code": m["code"], "id": item_id, "title": m.get("title") or m["label"],
                "count": m["count"], "certain": m.get("certain"), "level_source": m.get("level_source"),
                "explanation": m.get("explanation") or "", "fix": m.get("fix") or "", "fixes": fixes,
                "rows": shown, "hidden": len(rows) - len(shown) + m.get("omitted", 0), "table_id": table_id,
            })
            json_messages.append({"code": m["code"], "label": m["label"], "level": g["level"],
                                  "group": gid, "section": item_id, "table": table_id, "count": m["count"],
                                  "shown": len(shown), "rows": rows})
        codes = [i["code"] for i in items]
        groups.append({"id": gid, "level": g["level"], "label": g["label"], "count": g["count"],
                       "codes": codes, "icon": icon, "short": short, "long": long, "parts": items,
                       "cls": g["level"].lower()})
        labels_facet.append({"value": g["label"], "level": g["level"], "group": gid, "count": g["count"]})

    by_reason: dict = {}
    for nr in d.get("not_run") or []:
        nr = {"code": "", "label": "", "reason": "", **nr}
        by_reason.setdefault(nr["reason"], []).append(nr)
    ref_keys = ("kind", "name", "uai", "annee", "school_year", "date_export", "summary", "used", "set_aside")
    references = [{**{k: None for k in ref_keys}, **r, "kind_label": REFERENCE_KINDS.get(r.get("kind"), r.get("kind") or ""),
                   "year_label": r.get("school_year") or school_year(r.get("annee")) or _s(r.get("annee")),
                   "date_label": french_datetime(r.get("date_export")) if r.get("date_export") else ""}
                  for r in d.get("references") or []]
    facets = {
        "levels": [{"value": lv, "label": LEVELS[lv][1], "count": counters["levels"][lv]}
                   for lv in LEVEL_ORDER if lv in counters["levels"]],
        "bilans": [{"value": b, "label": BILAN_LABELS[b], "count": counters["bilans"][b]}
                   for b in ("periodique", "cycle", "") if b in counters["bilans"]],
        "divisions": _facet(counters["divisions"]),
        "periodes": _facet(counters["periodes"]),
        "disciplines": _facet(counters["disciplines"]),
        "labels": labels_facet,
    }
    verdict = d["verdict"]
    return {
        "id": rid, "index": 0 if index is None else index, "file": f, "verdict": verdict,
        "verdict_label": d.get("verdict_label") or VERDICT_LABELS[verdict],
        "verdict_icon": VERDICT_ICONS[verdict], "verdict_sentence": verdict_sentence(d),
        "banner": [{"code": b["code"], "text": b["text"]} for b in d.get("banner") or ()],
        "exit_code": EXIT_CODES[verdict], "import_line": import_line(f),
        "checked_at": french_datetime(f.get("checked_at")),
        "target_year": school_year(d.get("target_year")),
        "year_source": YEAR_SOURCES.get(d.get("year_source") or "", ""),
        "counts": d["counts"], "counters": COUNTERS, "classes": d.get("classes") or [],
        "groups": groups, "total": total, "not_run": d.get("not_run") or [],
        "not_run_by_reason": list(by_reason.items()), "references": references,
        "notice": d.get("notice") or "", "facets": facets,
        "json": {"index": 0 if index is None else index, "id": rid, "file": f.get("name"),
                 "verdict": verdict, "cap": cap, "total": total, "columns": list(COLUMNS),
                 "facets": facets, "messages": json_messages},
    }


_COMMON = {"LEVELS": LEVELS, "LEVEL_SOURCES": LEVEL_SOURCES, "BILAN_LABELS": BILAN_LABELS,
           "plural": plural}


def _render(name: str, **context) -> str:
    return environment().get_template(name).render(**_COMMON, **context)


def fragment(report_or_reports, *, index: int | None = None, cap: int | None = CAP) -> str:
    """The HTML fragment the web app inserts (see the module docstring for its DOM contract)."""
    datas = _as_list(report_or_reports)
    if len(datas) == 1:
        return _render("report.html", r=view(datas[0], index=index, cap=cap), interactive=True, h=2)
    views = [view(dd, index=i, cap=cap) for i, dd in enumerate(datas)]
    return _render("reports.html", reports=views, worst=worst_verdict(datas), interactive=True, h=2)


def regles(catalogue=None, *, h: int = 2) -> str:
    """The "Règles" page (fragment): every catalogued check, anchored ``#regle-<code>``."""
    return _render("regles.html", families=_families(catalogue), h=h)


#: The catalogue's notes for developers inside a decision: "[inferred]" markers, references to the
#: project's own files ("(FORMAT.md §6.6)", "(voir C.toml)"). Users of the Règles page never see them.
_DEV_NOTES = re.compile(r"\s*\[inferred[^\]]*\]|\s*\((?:[^()]*\b(?:FORMAT\.md|\w+\.toml)\b[^()]*)\)")


def public_decision(text: str) -> str:
    """A catalogue decision as the Règles page shows it: without the developers' markers."""
    return _DEV_NOTES.sub("", text).strip()


def _families(catalogue) -> list[dict]:
    if catalogue is None:
        from .catalogue import load
        catalogue = load()
    checks = catalogue.checks() if hasattr(catalogue, "checks") else list(catalogue)
    rows = [c.to_dict() if hasattr(c, "to_dict") else dict(c) for c in checks]
    from .catalogue import INPUT_NAMES
    out = []
    for fam, title in FAMILIES:
        items = []
        for c in rows:
            if c["code"][:1] != fam:
                continue
            items.append({**c, "decision": public_decision(c.get("decision") or ""), "fixes_list": [(EDITORS.get(k, k), v) for k, v in (c.get("fixes") or {}).items() if v],
                          "needs_list": [INPUT_NAMES.get(n, n) for n in c.get("needs") or []],
                          "icon": LEVELS.get(c["level"], ("",))[0],
                          "short": LEVELS.get(c["level"], ("", c["level"]))[1]})
        if items:
            out.append({"family": fam, "title": title, "checks": items})
    return out


def standalone(report_or_reports, *, catalogue=None) -> str:
    """A complete HTML document: opens offline, no external resource, no script needed."""
    datas = _as_list(report_or_reports)
    css = stylesheet()
    css_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    if len(datas) == 1:
        views = [view(datas[0], cap=None)]
    else:
        views = [view(dd, index=i, cap=None) for i, dd in enumerate(datas)]
    title = (views[0]["file"].get("name") or "") if len(views) == 1 else plural(len(views), "fichier")
    return _render("standalone.html", reports=views, worst=worst_verdict(datas), css=css,
                   css_hash=css_hash, families=_families(catalogue), title=title,
                   version=__version__, interactive=False, h=2)


def regles_document(catalogue=None) -> str:
    """The Règles page alone, as a complete document (``lsucheck --regles --format html``)."""
    css = stylesheet()
    css_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return _render("standalone.html", reports=[], worst="succes", css=css, css_hash=css_hash,
                   families=_families(catalogue), title="Règles", version=__version__,
                   interactive=False, h=2)


# ---------------------------------------------------------------------------------------------
def _csv_cell(value) -> str:
    """A cell for French Excel: text that Excel would run as a formula gets a leading quote."""
    text = _s(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv(report_or_reports) -> str:
    """One row per occurrence, ``;``-separated, UTF-8 BOM, French headers (for French Excel)."""
    out = io.StringIO()
    w = csv_mod.writer(out, delimiter=";", quoting=csv_mod.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(CSV_HEADERS)
    for d in _as_list(report_or_reports):
        name = (d.get("file") or {}).get("name")
        verdict = d.get("verdict_label") or VERDICT_LABELS[d["verdict"]]
        for g in groups_of(d):
            for m in g["messages"]:
                for o in m["occurrences"]:
                    w.writerow([_csv_cell(x) for x in (
                        name, verdict, LEVELS.get(m["level"], ("", m["level"]))[1], m["code"], m["label"],
                        m.get("title") or m["label"], BILAN_LABELS.get(_s(o.get("bilan")), ""),
                        o.get("eleve"), o.get("division"), o.get("periode"), o.get("discipline"),
                        o.get("enseignant"), o.get("detail"), o.get("line"), o.get("path"))])
    return "\ufeff" + out.getvalue()


def regles_csv(catalogue=None) -> str:
    out = io.StringIO()
    w = csv_mod.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(("Code", "Message", "Contrôle", "Niveau", "Niveau certain", "Origine du niveau",
                "Fichiers nécessaires", "Explication", "Que faire"))
    for fam in _families(catalogue):
        for c in fam["checks"]:
            w.writerow([_csv_cell(x) for x in (
                c["code"], c["label"], c["title"], c["short"], "oui" if c["certain"] else "non",
                LEVEL_SOURCES.get(c["level_source"], c["level_source"]), ", ".join(c["needs_list"]),
                c["explanation"], c["fix"])])
    return "\ufeff" + out.getvalue()


# ---------------------------------------------------------------------------------------------
#: A space a line must not break at: before « ; : ! ? » » and after « « » (French typography).
_GLUED_SPACE = re.compile(r" (?=[;:!?»])|(?<=«) ")
#: Stands for a glued space while textwrap works (it splits on ASCII whitespace only).
_GLUE = "\ue000"


def _glue(text: str) -> str:
    """A division name or a date that must stay on one line ("5 B", not "5" / "B")."""
    return text.replace(" ", _GLUE)


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    return _wrap_item(text, indent, indent, width) or [indent.rstrip()]


def _wrap_item(text: str, first: str, rest: str, width: int = 100) -> list[str]:
    import textwrap
    lines = textwrap.wrap(_GLUED_SPACE.sub(_GLUE, text), width=width, initial_indent=first,
                          subsequent_indent=rest, break_long_words=False, break_on_hyphens=False)
    return [line.replace(_GLUE, " ") for line in lines]


def text(report_or_reports, *, cap: int | None = TEXT_CAP) -> str:
    """The CLI's text output: reads like LSU's rapport d'exécution, in French."""
    datas = _as_list(report_or_reports)
    return ("\n" + "=" * 100 + "\n\n").join(_text_one(view(d, cap=cap)) for d in datas)


def _text_one(r: dict) -> str:
    L: list[str] = []
    f = r["file"]
    L.append("Bilans > Import > Rapport d'exécution (prévision de lsucheck)")
    L.append("")
    line = r["import_line"]
    if r["checked_at"]:
        line += f", vérifié le {r['checked_at']}"
    L.extend(_wrap(line, ""))
    meta = []
    if f.get("uai"):
        meta.append(f"UAI : {f['uai']}")
    if f.get("schema_version"):
        meta.append(f"version du schéma : {f['schema_version']}")
    if r["target_year"]:
        meta.append(f"année scolaire : {r['target_year']}" + (f" ({r['year_source']})" if r["year_source"] else ""))
    if meta:
        L.append(" · ".join(meta))
    L.append("")
    L.append(f"{r['verdict_icon']} {r['verdict_label'].upper()}")
    L.extend(_wrap(r["verdict_sentence"], "  "))
    for b in r["banner"]:
        L.extend(_wrap("Attention : " + b["text"], "  "))
    L.append("")
    if r["verdict"] != "illisible":
        c = r["counts"]
        L.append(f"{'Résumé':<24}{'Bilans périodiques':>20}{'Bilans de fin de cycle':>26}")
        for key, label in COUNTERS:
            indent = "    " if label.startswith("dont") else "  "
            L.append(f"{indent + label:<24}{c['periodiques'][key]:>20}{c['cycle'][key]:>26}")
        L.append("")
        L.extend(_wrap("Classes concernées par l'import : "
                       + (", ".join(_glue(c) for c in r["classes"]) or "aucune"), ""))
        L.append("")
        for title, levels in (("Erreurs", ("FICHIER", "BILAN")), ("Alertes", ("ALERTE",)),
                              ("Conseils", ("CONSEIL",))):
            gs = [g for g in r["groups"] if g["level"] in levels]
            if gs:
                L.append(title)
                for g in gs:
                    L.append(f"  {g['icon']} {g['label']} ({g['count']})")
        if r["groups"]:
            L.append("")
    if r["groups"]:
        L.append(f"Messages — Tous ({r['total']})")
        for g in r["groups"]:
            L.append("")
            L.append(f"{g['icon']} {g['label']} ({g['count']}) — {g['long']}")
            for it in g["parts"]:
                certain = "niveau certain" if it["certain"] else "niveau probable"
                L.append(f"  [{it['code']}] {it['title']} ({it['count']}) — {certain}")
                for row in it["rows"]:
                    where = " · ".join(_glue(x) if i == 1 else x for i, x in enumerate(row[:5]) if x)
                    if row[6]:
                        where += (" · " if where else "") + f"ligne {row[6]}"
                    if where:
                        L.extend(_wrap_item("- " + where, "    ", "      "))
                        L.extend(_wrap(row[5], "      "))
                    else:
                        L.extend(_wrap_item("- " + row[5], "    ", "      "))
                if it["hidden"]:
                    L.append(f"    … et {it['hidden']} autres occurrences (toutes dans --format csv ou html).")
                for p in paragraphs(it["explanation"]):
                    L.extend(_wrap("Pourquoi : " + p, "    "))
                for p in paragraphs(it["fix"]):
                    L.extend(_wrap("Que faire : " + p, "    "))
                for name, fix in it["fixes"]:
                    L.extend(_wrap(f"Dans {name} : " + " ".join(fix.split()), "    "))
        L.append("")
    elif r["verdict"] != "illisible":
        L.append("Aucun message : aucune erreur ni alerte n'est prévue par les contrôles faits.")
        L.append("")
    if r["not_run"]:
        L.append(f"Contrôles non faits ({len(r['not_run'])}) : un rapport sans erreur ne garantit donc pas "
                 "que le LSU acceptera tout.")
        for reason, items in r["not_run_by_reason"]:
            L.extend(_wrap_item(f"- {reason.rstrip('. ')} : " + ", ".join(i["code"] for i in items),
                                "  ", "    "))
        L.append("")
    if r["references"]:
        L.append("Fichiers de référence utilisés :")
        for ref in r["references"]:
            parts = [ref["kind_label"], ref.get("name") or ""]
            if ref.get("uai"):
                parts.append(f"UAI {ref['uai']}")
            if ref["year_label"]:
                parts.append(f"année {ref['year_label']}")
            if ref["date_label"]:
                parts.append(f"exporté le {ref['date_label']}")
            if ref.get("summary"):
                parts.append(ref["summary"])
            if ref.get("set_aside"):
                parts.append(f"écarté : {ref['set_aside']}")
            elif ref.get("used") is False:
                parts.append("non utilisé")
            L.append("  - " + " · ".join(p for p in parts if p))
        L.append("")
    if r["notice"]:
        L.extend(_wrap(r["notice"], ""))
    return "\n".join(L).rstrip() + "\n"


def regles_text(catalogue=None) -> str:
    """The Règles page as text (``lsucheck --regles``)."""
    L = ["Règles vérifiées par lsucheck", ""]
    for fam in _families(catalogue):
        L.append(f"{fam['family']} — {fam['title']}")
        L.append("")
        for c in fam["checks"]:
            certain = "certain" if c["certain"] else "probable"
            L.append(f"[{c['code']}] {c['label']} — {c['icon']} {c['short']} ({certain})")
            if c["title"] != c["label"]:
                L.extend(_wrap(c["title"], "    "))
            for p in paragraphs(c["explanation"]):
                L.extend(_wrap("Pourquoi : " + p, "    "))
            for p in paragraphs(c["fix"]):
                L.extend(_wrap("Que faire : " + p, "    "))
            for name, fix in c["fixes_list"]:
                L.extend(_wrap(f"Dans {name} : " + " ".join(fix.split()), "    "))
            L.append("")
    return "\n".join(L).rstrip() + "\n"
