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
  per message group, linking to its first code's ``section.msg-code``: the browser opens the
  ``details`` holding a link's target, script or not); ``.classes`` (Classes concernées par l'import,
  each a ``span.division-name`` that never breaks).
- ``#R-file`` ``.file-meta``: a ``dl`` of the file's metadata.
- ``#R-inputs`` ``.inputs`` (only when the report has C findings: the files given that must be
  looked at first) and ``#R-missing`` ``.missing-exports`` (only when cross-checks were not made
  for want of a SIECLE/STS-web export): both before the messages (issue 12 item 4's order:
  verdict, counters, input findings, missing exports, messages; references and file after).
- ``#R-messages`` ``.messages``: in the web app, ``<div class="filters no-print" data-filters
  data-for="R">`` holding Python's filter bar (``form.filter-bar[data-report=i]``: ``select``s
  ``#R-filtre-<level|bilan|division|periode|discipline|enseignant|group>``, ``input#R-filtre-eleve``, radios
  ``#R-vue-<messages|eleves|classes>``, button ``.filter-all``), then ``div.browse#R-browse``
  (``data-shown``, ``data-total``, ``data-filtered``): the view for the current filters, which a
  view request (``Browse.html(filters)``) replaces whole. Filters are
  ``{level, bilan, division, periode, discipline, enseignant, group, eleve, vue, open: [ids], pages: {id: n},
  gpage}``; ``bilan`` "hors-bilan" is the occurrences outside any bilan.
  Inside: ``p.filter-count``, ``p.filters-stated`` (when filtered), ``p.no-match`` (when nothing
  matches), then one ``details.msg`` per message group (``hidden`` when the view is not per message
  or nothing in it matches). LSU groups messages by label, so a group is (level, label) and may
  hold several codes:
  ``<details class="msg msg--<level>" id="R-g<n>" data-level data-code data-label data-count
  [data-hors-bilan]>`` (``data-code`` = the group's codes, space-separated; ``data-count`` = its
  occurrences; ``data-hors-bilan`` when it is an alert on elements no bilan uses: its level line
  then says « Alerte hors bilan : aucun bilan n'est concerné », or « Alerte sur le fichier entier » when
  every occurrence is about the whole file (its version, a reference file), never that a bilan would be
  imported with an alert). Inside, one ``section.msg-code[data-code]`` per code (``id="R-<code>"``)
  with the explanation (``.explain``), the fix (``.fix``), per-software fixes (``dl.fixes``), a
  link to the rule (``a.rule-link[href="#regle-<code>"]``) and ``table.occurrences``
  (``id="R-<code>-occ"``, ``data-code``, ``data-shown``, ``data-count``) whose body rows are
  ``<tr class="occ" data-level data-code data-label data-bilan data-division data-periode
  data-discipline data-eleve>`` (raw strings, empty when null) with the cells Élève, Division,
  Période, Discipline, Enseignant, Détail, Ligne. A table shows ``PAGE`` (200) rows per page; then
  ``p.pager`` « 200 occurrences affichées sur N. » and ``button[data-more=<id>][data-page=n]``;
  the first row of a new page has ``data-focus``. Per pupil or per class: ``div.grouped-view``
  with ``p.grouped-title`` (« N élèves ont des messages », the « sans élève précis » group said apart), one ``details.group#R-el-<hash>`` (pupils are
  told apart by ``eleve_id``, the LSU file's pupil id) or ``#R-cl-<hash>`` per pupil or division,
  ``GROUP_PAGE`` (100) at a time (``button[data-more-groups=n]``); a group's table is rendered
  only when its id is in ``open``. ``Browse.print_html(filters)`` is ``div.print-view`` with every
  occurrence of the groups shown and the filters stated, for print.
  In the standalone document, the groups come without filter bar, every row shown.
- ``#R-not-run`` ``.not-run``: the checks not run and why; ``#R-references`` ``.references``.
- ``.signature.print-only``: a block for the chef d'établissement's signature (hidden on screen by
  report.css; the print stylesheet shows it).
- ``<script type="application/json" class="report-data" id="R-data">`` (web app only; not
  executed, so the CSP allows it): ``{"index", "id", "file", "verdict", "cap", "total", "columns",
  "facets": {"levels", "bilans", "divisions", "periodes", "disciplines", "enseignants", "labels"},
  "messages": [{"code", "label", "level", "group", "section", "table", "count", "shown"}]}``, for
  automation. No occurrence is in it (issue 9 item 3: the rows stay in Python, in ``Browse``).
  A code found at two levels has two entries; the second one's ids are suffixed with the level
  (``R-B7-conseil``). Use ``section`` and ``table``, not string building.

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
from collections import Counter
from datetime import datetime
from importlib import resources

import jinja2
from markupsafe import Markup

from . import __version__
from .calendar import year_label
from .catalogue import FAMILY_TITLES, certainty, certainty_legend
from .model import ascii_int
from .recognise import SHORT_NAMES
from .report import EXIT_CODES, VERDICT_LABELS, Report, first_rank

#: Rows kept per code by ``view()`` for the text output's callers that ask for a cap.
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
#: The level line of an alert group whose every occurrence is on an element no bilan uses.
OUTSIDE_LONG = ("Alerte hors bilan : aucun bilan n'est concerné (aucun bilan ne serait importé avec une "
                "alerte pour cela ; les compteurs n'en tiennent pas compte)")
#: The same when every occurrence is about the file as a whole (its version, its reference files):
#: « hors bilan » would read as « sans importance ».
WHOLE_FILE_LONG = ("Alerte sur le fichier entier : elle concerne tout l'import, pas un bilan en particulier "
                   "(les compteurs n'en tiennent pas compte) ; lisez-la avant d'importer")
#: The paths of an occurrence that is about the whole file (the root element, or no element at all).
_WHOLE_FILE_PATHS = (None, "", "/lsun-bilans")
BILAN_LABELS = {"periodique": "Bilans périodiques", "cycle": "Bilans de fin de cycle", "": "Hors bilan"}
COUNTERS = (("traites", "Traités"), ("importes", "Importés"), ("succes", "dont avec succès"),
            ("alertes", "dont avec alerte(s)"), ("rejetes", "Rejetés"))
LEVEL_SOURCES = {
    "xsd": "imposé par le schéma du format LSU",
    "seed": "constaté sur un rapport d'exécution LSU réel",
    "format": "déduit de la documentation du format et des logiciels exportateurs",
    "inferred": "déduit par lsucheck",
    "override": "niveau choisi par vous",
    "rapport": "niveau constaté sur votre rapport LSU",   # issue 14: a calibration file (calibration.py)
}
YEAR_SOURCES = {"option": "choisie par vous", "references": "d'après les fichiers de référence",
                "fichier": "d'après les millésimes du fichier"}
EDITORS = {"pronote": "PRONOTE", "sacoche": "SACoche", "gepi": "GEPI", "ent": "ENT"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
FILE_KEYS = ("name", "size", "size_label", "sha256", "editeur", "application", "appli_version", "uai",
             "schema_version", "encoding", "checked_at")
#: The occurrence fields of the JSON block's rows, in order.
COLUMNS = ("eleve", "division", "periode", "discipline", "enseignant", "detail", "line", "bilan", "path")
CSV_HEADERS = ("Fichier", "Verdict", "Niveau", "Code", "Message", "Contrôle", "Type de bilan", "Élève",
               "Division", "Période", "Discipline", "Enseignant", "Détail", "Ligne")


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
    env.filters["fr_int"] = fr_int
    env.globals["omitted_sentence"] = omitted_sentence
    env.filters["part"] = _static_part
    env.filters["facet_option"] = _facet_option
    return env


def _static_part(it: dict) -> dict:
    """A message part as the exported HTML shows it: every row given, no pager."""
    return {"it": it, "count": it["count"], "rows": it["rows"], "rest": it["hidden"], "next": 0,
            "focus": None, "page": 1}


def _facet_option(facet: dict, key: str) -> tuple[str, str]:
    """A facet as a <select> option: (value, « label (count) »)."""
    if key == "bilan":
        return facet["value"] or NO_BILAN, f"{facet['label']} ({facet['count']})"
    if key == "level":
        return facet["value"], f"{facet['label']} ({facet['count']})"
    if key == "group":
        return facet["group"], f"{facet['value']} ({facet['count']})"
    return facet["value"], f"{facet['value']} ({facet['count']})"


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


def year_or_blank(year) -> str:
    """calendar.year_label, or "" when there is no year to say."""
    return year_label(year) if ascii_int(year) is not None else ""


def next_step(d: dict) -> str:
    """What to do now, after the verdict (issue 12 item 3): how to import, or in which order to fix."""
    v = d["verdict"]
    classes = d.get("classes") or []
    if v in ("succes", "alertes"):
        first = (" Pour un premier import, commencez par une seule classe"
                 + (f" (par exemple {classes[0]})" if classes else "") + ", puis importez les autres.")
        alerts = (" Les bilans avec alerte seront importés : lisez d'abord les alertes ci-dessous et "
                  "corrigez ce qui doit l'être dans votre logiciel." if v == "alertes" else "")
        # exports set aside: the cross-checks the school asked for were not made; say so before importing
        again = ("Et maintenant : vérifiez d'abord le fichier de nouveau avec les exports SIECLE et STS-web de "
                 "l'année en cours de cet établissement (les contrôles croisés n'ont pas été faits), puis "
                 "importez-le dans le LSU (menu Bilans › Import)."
                 if any(m["code"] == "C8" for m in d["messages"]) else
                 "Et maintenant : importez le fichier dans le LSU (menu Bilans › Import).")
        return (again + alerts + first
                + " L'import peut durer jusqu'à 30 minutes : ne l'interrompez pas ; son rapport "
                "d'exécution s'affiche à la fin.")
    if v in ("rejets_partiels", "rejete"):
        inputs = any(m["code"].startswith("C") and m["level"] != "CONSEIL" for m in d["messages"])
        typed = any(m["code"] == "C11" for m in d["messages"])   # the year asked for is not the file's
        order = ("d'abord l'année demandée si ce n'est pas la bonne (premier message), puis les erreurs, dans "
                 "l'ordre de ce rapport (une cause avant ses conséquences)" if typed else
                 "d'abord les fichiers fournis à revoir, puis les erreurs, dans l'ordre de ce rapport "
                 "(une cause avant ses conséquences)" if inputs else
                 "les erreurs, dans l'ordre de ce rapport (une cause avant ses conséquences)")
        whole = (" Tant qu'il reste une erreur « fichier rejeté », le LSU refuserait tout le fichier."
                 if v == "rejete" else " Les bilans sans erreur seraient importés ; corrigez les autres avant "
                 "d'importer, ou importez-les plus tard.")
        return (f"Et maintenant : corrigez {order} dans votre logiciel, refaites l'export, puis vérifiez le "
                "nouveau fichier ici avant de l'importer." + whole)
    return ""   # illisible: the message says what the file is and what to do


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


def software_of(f: dict) -> str:
    """The software that wrote the file, as a key of the catalogue's fixes, from its <application>
    and <editeur> (« PRONOTE » / « Index Education » → pronote); PRONOTE when unknown: most collèges
    use it (issue 12 item 1: its fix comes first and unfolded, the others under « Autres logiciels »)."""
    words = set(re.findall(r"\w+", " ".join(x for x in (f.get("application"), f.get("editeur")) if x).lower()))
    for key, marks in (("pronote", {"pronote", "index"}), ("sacoche", {"sacoche", "sésamath", "sesamath"}),
                       ("gepi", {"gepi"}), ("ent", {"ent", "kosmos", "skolengo", "itslearning", "eclat", "elyco"})):
        if words & marks:
            return key
    return "pronote"


def _own_first(fixes: dict, own: str) -> list:
    """The fixes, the file's own software first."""
    return sorted(fixes.items(), key=lambda kv: kv[0] != own)


def import_line(f: dict) -> str:
    """"Import du fichier X (0,378 Mo) depuis LOGICIEL (ÉDITEUR)", as LSU's report opens."""
    name = f.get("name") or ""
    text = f"Import des fichiers {name}" if " + " in name else f"Import du fichier {name}"   # ensemble
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


def _facet(counter: dict, key=lambda s: (s.casefold(), s)) -> list[dict]:
    return [{"value": k, "count": counter[k]} for k in sorted(counter, key=key) if k]


#: « Mme DURAND Anne (id STS 1234) » is sorted at D: by name, not by civilité.
_CIVILITE = re.compile(r"^(?:M\.|Mme|Mlle)\s+")


def _teacher_key(s: str):
    return (fold(_CIVILITE.sub("", s)), s)


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
    # the input findings that explain the rest (report.FIRST_CODES: C11, C8) head the report, whatever
    # their level; then the groups by level, as LSU shows them
    out.sort(key=lambda g: (min(first_rank(m["code"]) for m in g["messages"]),
                            LEVEL_ORDER.index(g["level"]) if g["level"] in LEVEL_ORDER else 9))
    return out


def _unreadable_label(g: dict) -> str | None:
    """« Fichier illisible : document PDF, pas un fichier XML » rather than « XML mal formé » when
    parsing recognised another format (a PDF, a ZIP, an Office document…): issue 12 item 5, the label
    names what the file is, not only the detail."""
    from .parsing import _MAGIC
    details = {o.get("detail") or "" for m in g["messages"] if m["code"] == "F1" for o in m["occurrences"]}
    for _magic, kind, _advice in _MAGIC:
        if details and all(d.endswith(f"c'est {kind}.") for d in details):
            return f"Fichier illisible : {kind.split(' ', 1)[1]}, pas un fichier XML"
    return None


# ---------------------------------------------------------------------------------------------
def view(report, *, index: int | None = None, cap: int | None = CAP) -> dict:
    """What the templates need for one report (plain data; also used by text())."""
    d = _data(report)
    rid = "report" if index is None else f"report-{index}"
    f = {**{k: None for k in FILE_KEYS}, **(d.get("file") or {})}
    own = software_of(f)
    labels = {m["code"]: m["label"] for m in d["messages"]}
    consequences: dict = {}   # cause code → {consequence code: occurrences it explains}
    for m in d["messages"]:
        for o in m["occurrences"]:
            if o.get("cause"):
                by = consequences.setdefault(o["cause"], {})
                by[m["code"]] = by.get(m["code"], 0) + 1
    counters = {"levels": {}, "bilans": {}, "divisions": {}, "periodes": {}, "disciplines": {}, "enseignants": {}}
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
                                   ("disciplines", row[3]), ("enseignants", row[4])):
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
            fixes = [(EDITORS.get(k, k), v) for k, v in _own_first(m.get("fixes") or {}, own) if v]
            caused_by = Counter(o["cause"] for o in occs if o.get("cause"))
            items.append({
                # root cause before symptoms (issue 10 item 2, data/catalogue/causes.toml)
                "caused_by": [(c, labels.get(c, c), n) for c, n in sorted(caused_by.items())],
                "consequences": [(c, labels.get(c, c), n) for c, n in sorted(consequences.get(m["code"], {}).items())],
                "code": m["code"], "id": item_id, "title": m.get("title") or m["label"],
                "count": m["count"], "level_source": m.get("level_source"),
                "explanation": m.get("explanation") or "", "fix": m.get("fix") or "", "fixes": fixes,
                "rows": shown, "hidden": len(rows) - len(shown), "omitted": m.get("omitted", 0), "table_id": table_id,
                "all_rows": rows, "outside": sum(1 for o in occs if not o.get("bilans")),
                "whole_file": all(o.get("path") in _WHOLE_FILE_PATHS and not o.get("eleve") and not o.get("division")
                                  and not o.get("bilans") for o in occs),
            })
            json_messages.append({"code": m["code"], "label": m["label"], "level": g["level"],
                                  "group": gid, "section": item_id, "table": table_id, "count": m["count"],
                                  "shown": len(shown)})
        codes = [i["code"] for i in items]
        outside = sum(i["outside"] for i in items)
        label = _unreadable_label(g) or g["label"]
        for it in items:
            if label != g["label"] and it["code"] == "F1":
                it["title"] = label
        whole_file = bool(items) and all(i["whole_file"] for i in items)
        if g["level"] == "ALERTE" and outside:
            # issue 10 item 3: an alert on an element no bilan uses changes no counter; say so
            if outside == g["count"] and whole_file:
                short, long = "Alerte sur le fichier", WHOLE_FILE_LONG
            elif outside == g["count"]:
                short, long = "Alerte hors bilan", OUTSIDE_LONG
            else:
                long = f"{long} ({plural(outside, 'occurrence')} hors bilan : aucun bilan n'est concerné)"
        groups.append({"id": gid, "level": g["level"], "label": label, "count": g["count"],
                       "codes": codes, "icon": icon, "short": short, "long": long, "parts": items,
                       "cls": g["level"].lower(), "outside": outside, "whole_file": whole_file})
        labels_facet.append({"value": label, "level": g["level"], "group": gid, "count": g["count"]})

    by_reason: dict = {}   # each set-aside file once, with every check it leaves undone
    for nr in d.get("not_run") or []:
        nr = {"code": "", "label": "", "reason": "", **nr}
        for reason in nr.get("set_aside") or [nr["reason"]]:
            by_reason.setdefault(reason, []).append(nr)
    ref_keys = ("kind", "name", "uai", "annee", "school_year", "date_export", "summary", "used", "set_aside")
    references = [{**{k: None for k in ref_keys}, **r, "kind_label": SHORT_NAMES.get(r.get("kind"), r.get("kind") or ""),
                   "year_label": r.get("school_year") or year_or_blank(r.get("annee")) or _s(r.get("annee")),
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
        "enseignants": _facet(counters["enseignants"], _teacher_key),   # issue 12 item 5: the teacher filter
        "labels": labels_facet,
    }
    verdict = d["verdict"]
    return {
        "id": rid, "index": 0 if index is None else index, "file": f, "verdict": verdict,
        "verdict_label": d.get("verdict_label") or VERDICT_LABELS[verdict],
        "verdict_icon": VERDICT_ICONS[verdict], "verdict_sentence": verdict_sentence(d), "next_step": next_step(d),
        "banner": [{"code": b["code"], "text": b["text"]} for b in d.get("banner") or ()],
        "exit_code": EXIT_CODES[verdict], "import_line": import_line(f),
        "checked_at": french_datetime(f.get("checked_at")),
        "target_year": year_or_blank(d.get("target_year")),
        "year_source": YEAR_SOURCES.get(d.get("year_source") or "", ""),
        "counts": d["counts"], "counters": COUNTERS, "classes": d.get("classes") or [],
        "groups": groups, "total": total, "not_run": d.get("not_run") or [],
        "not_run_by_reason": list(by_reason.items()), "references": references,
        "notice": d.get("notice") or "", "facets": facets,
        "filters_stated": d.get("filters_stated"),
        "inputs": [g for g in groups if any(c[:1] == "C" for c in g["codes"])],
        # the LSU's own class settings (P1, P2), a checklist folded to one line at the top (issue 14 §4)
        "settings": [(it["code"], row[1], row[5]) for g in groups for it in g["parts"]
                     if it["code"][:1] == "P" for row in it["all_rows"]],
        "missing_exports": [(reason, items) for reason, items in by_reason.items()
                            if any(c in reason for c in ("SIECLE", "STS-web", "Nomenclature"))],
        "json": {"index": 0 if index is None else index, "id": rid, "file": f.get("name"),
                 "verdict": verdict, "cap": cap, "total": total, "columns": list(COLUMNS),
                 "facets": facets, "messages": json_messages},
    }


_COMMON = {"certainty_legend": certainty_legend, "extract_sentence": lambda stated: extract_sentence(stated), "LEVELS": LEVELS, "LEVEL_SOURCES": LEVEL_SOURCES, "BILAN_LABELS": BILAN_LABELS,
           "plural": plural, "VUES": (("messages", "par message"), ("eleves", "par élève"),
                                      ("classes", "par classe"))}


def _render(name: str, **context) -> str:
    return environment().get_template(name).render(**_COMMON, **context)


def fragment(report_or_reports, *, index: int | None = None) -> str:
    """The HTML fragment the web app inserts (see the module docstring for its DOM contract): each
    report with its unfiltered view, a page of `PAGE` rows per table."""
    return fragment_of(browsers(report_or_reports, index=index))


def browsers(report_or_reports, *, index: int | None = None) -> list:
    """One ``Browse`` per report (what the web app keeps between view requests)."""
    datas = _as_list(report_or_reports)
    if len(datas) == 1:
        return [Browse(datas[0], index=index)]
    return [Browse(dd, index=i) for i, dd in enumerate(datas)]


def fragment_of(bs: list) -> str:
    """The fragment of reports already indexed, each showing its unfiltered view."""
    views = []
    for b in bs:
        views.append({**b.r, "browse": b.context(None)})
    if len(views) == 1:
        return _render("report.html", r=views[0], interactive=True, h=2)
    return _render("reports.html", reports=views, worst=worst_verdict([b.data for b in bs]),
                   interactive=True, h=2)


def regles(catalogue=None, *, h: int = 2) -> str:
    """The "Règles" page (fragment): every catalogued check, anchored ``#regle-<code>``."""
    if catalogue is None:
        return _shipped_regles(h)
    return _render("regles.html", families=_families(catalogue), h=h)


@functools.lru_cache(maxsize=4)
def _shipped_regles(h: int) -> str:
    """The Règles of the shipped catalogue, rendered once: every standalone report ends with them
    (4 of the 6 ms a small report's document took)."""
    return _render("regles.html", families=_families(None), h=h)


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
    for fam, title in FAMILY_TITLES.items():
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
                   css_hash=css_hash, regles=Markup(regles(catalogue, h=2)), title=title,
                   version=__version__, interactive=False, h=2)


def regles_document(catalogue=None) -> str:
    """The Règles page alone, as a complete document (``lsucheck --regles --format html``)."""
    css = stylesheet()
    css_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return _render("standalone.html", reports=[], worst="succes", css=css, css_hash=css_hash,
                   regles=Markup(regles(catalogue, h=2)), title="Règles", version=__version__,
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
    datas = _as_list(report_or_reports)
    stated = [d["filters_stated"] for d in datas if d.get("filters_stated") is not None]
    if stated:
        w.writerow([extract_sentence(stated[0])])
    w.writerow(CSV_HEADERS)
    for d in datas:
        name = (d.get("file") or {}).get("name")
        verdict = d.get("verdict_label") or VERDICT_LABELS[d["verdict"]]
        for g in groups_of(d):
            for m in g["messages"]:
                for o in m["occurrences"]:
                    w.writerow([_csv_cell(x) for x in (
                        name, verdict, LEVELS.get(m["level"], ("", m["level"]))[1], m["code"], m["label"],
                        m.get("title") or m["label"], BILAN_LABELS.get(_s(o.get("bilan")), ""),
                        o.get("eleve"), o.get("division"), o.get("periode"), o.get("discipline"),
                        o.get("enseignant"), o.get("detail"), o.get("line"))])
    return "\ufeff" + out.getvalue()


def extract_sentence(stated: list[str]) -> str:
    """What an export of « ce qui est affiché » says of itself."""
    return ("Extrait du rapport (ce qui est affiché) — filtres : " + " · ".join(stated) + "."
            if stated else "Extrait du rapport (ce qui est affiché) — aucun filtre : tout le rapport.")


def regles_csv(catalogue=None) -> str:
    out = io.StringIO()
    w = csv_mod.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(("Code", "Message", "Contrôle", "Niveau", "Certitude du niveau", "Origine du niveau",
                "Fichiers nécessaires", "Explication", "Que faire"))
    for fam in _families(catalogue):
        for c in fam["checks"]:
            w.writerow([_csv_cell(x) for x in (
                c["code"], c["label"], c["title"], c["short"], certainty(c["level_source"] or ""),
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


def fr_int(n) -> str:
    """12345 → « 12 345 » (French digit groups, a narrow no-break space)."""
    return f"{int(n):,}".replace(",", "\u202f")


def omitted_sentence(n) -> str:
    """What a bounded report says of the repeats it counts without describing them (issue 16)."""
    from .report import MAX_OCCURRENCES
    return (f"Au-delà de {fr_int(MAX_OCCURRENCES)} occurrences d'un même message, les {fr_int(n)} suivantes sont comptées "
            "(dans les compteurs et contre leurs bilans) mais pas détaillées, ni ici ni dans les exports : "
            "corrigez d'abord leur cause commune, puis vérifiez à nouveau.")


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
    if r["next_step"]:
        L.extend(_wrap(r["next_step"], "  "))
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
                L.append(f"  [{it['code']}] {it['title']} ({it['count']}) — niveau "
                         + certainty_legend(it["level_source"] or ""))
                for c, label, n in it["consequences"]:
                    L.extend(_wrap(f"Cause de {plural(n, 'occurrence')} de « {label} » ({c}) : corrigez-la "
                                   "d'abord, ces occurrences disparaîtront avec elle.", "    "))
                for c, label, n in it["caused_by"]:
                    L.extend(_wrap(f"Dont {n} {'découle' if n == 1 else 'découlent'} de « {label} » ({c}) : "
                                   "corrigez d'abord cette cause, puis vérifiez à nouveau.", "    "))
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
                    L.append(f"    … et {fr_int(it['hidden'])} autres occurrences (toutes dans le rapport CSV ou HTML).")
                if it.get("omitted"):
                    L.extend(_wrap(omitted_sentence(it["omitted"]), "    "))
                for p in paragraphs(it["explanation"]):
                    L.extend(_wrap("Pourquoi : " + p, "    "))
                for p in paragraphs(it["fix"]):
                    L.extend(_wrap("Que faire : " + p, "    "))
                for i, (name, fix) in enumerate(it["fixes"]):
                    if i == 1:
                        L.append("    Autres logiciels :")
                    L.extend(_wrap(f"Dans {name} : " + " ".join(fix.split()), "    " if i == 0 else "      "))
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
            L.append(f"[{c['code']}] {c['label']} — {c['icon']} {c['short']} "
                     f"({certainty_legend(c['level_source'] or '')})")
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


# ---------------------------------------------------------------------------------------------
# The interactive views (issue 9 item 3): filters, grouped views, counts and pager, in Python.
#: Rows shown per table and per page (messages, pupils, classes alike).
PAGE = 200
#: The grouped views' words, per pupil (True) or per class: what a group is, « affiché(e) », and
#: what the last group holds.
_GROUPED_WORDS = {True: ("élève", "affiché", "messages sans élève précis"),
                  False: ("classe", "affichée", "messages sans division")}
#: Pupils or classes listed per page in the grouped views.
GROUP_PAGE = 100
#: The "Hors bilan" filter's value ("" is "Tous les bilans" in a <select>).
NO_BILAN = "hors-bilan"
FILTER_KEYS = ("level", "bilan", "division", "periode", "discipline", "enseignant", "group", "eleve")
VUES = (("messages", "par message"), ("eleves", "par élève"), ("classes", "par classe"))
_COL = {name: i for i, name in enumerate(COLUMNS)}


def fold(text) -> str:
    """Lower case without accents: « Élodie » and « elodie » match."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", _s(text)) if not unicodedata.combining(c)).casefold()


def natural_key(text: str):
    """« 3 B » before « 10 A »; case and accents ignored (a French sort, without locale data)."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", fold(text)) if p]


def pupil_key(o: dict) -> str:
    """The pupil an occurrence is about: the LSU file's pupil id when the report has it (two pupils
    of the same name in the same division stay two), else name and division (older reports)."""
    if not o.get("eleve"):
        return ""
    return o.get("eleve_id") or f"{o.get('eleve')}\u0000{o.get('division') or ''}"


def _slug(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


class Browse:
    """One report, indexed once for the interactive views; ``html(filters)`` renders a view."""

    def __init__(self, report, *, index: int | None = None):
        self.data = _data(report)
        self.r = view(self.data, index=index, cap=0)   # rows are paged here, not cut by view()
        self.r["json"]["cap"] = PAGE
        self.rid = self.r["id"]
        self.parts = []          # (group, part)
        self.rows = []           # (part index, row, folded pupil name, pupil key)
        for g in self.r["groups"]:
            for it in g["parts"]:
                it["k"] = len(self.parts)
                self.parts.append((g, it))
        occs = [o for m in groups_of(self.data) for mm in m["messages"] for o in mm["occurrences"]]
        rows = [row for g in self.r["groups"] for it in g["parts"] for row in it["all_rows"]]
        part_of = [k for k, (g, it) in enumerate(self.parts) for _ in it["all_rows"]]
        for k, row, o in zip(part_of, rows, occs):
            self.rows.append((k, row, fold(row[0]), pupil_key(o)))

    # -- filters ---------------------------------------------------------------------------
    @staticmethod
    def normalise(filters: dict | None) -> dict:
        f = dict(filters or {})
        out = {k: _s(f.get(k)).strip() for k in FILTER_KEYS}
        out["eleve"] = " ".join(out["eleve"].split())
        out["vue"] = f.get("vue") if f.get("vue") in dict(VUES) else "messages"
        pages = f.get("pages") if isinstance(f.get("pages"), dict) else {}
        out["pages"] = {str(k): max(1, int(v)) for k, v in pages.items() if str(v).isdigit()}
        out["gpage"] = max(1, int(f["gpage"])) if str(f.get("gpage") or "").isdigit() else 1
        out["open"] = [str(x) for x in f.get("open") or []]
        return out

    def matches(self, f: dict) -> list:
        C = _COL
        words = fold(f["eleve"]).split()
        level, group = f["level"], f["group"]
        bilan = f["bilan"]
        want_bilan = "" if bilan == NO_BILAN else bilan
        parts_ok = [(not level or g["level"] == level) and (not group or g["id"] == group)
                    for g, it in self.parts]
        out = []
        for t in self.rows:
            k, row = t[0], t[1]
            if not parts_ok[k]:
                continue
            if bilan and row[C["bilan"]] != want_bilan:
                continue
            if f["division"] and row[C["division"]] != f["division"]:
                continue
            if f["periode"] and row[C["periode"]] != f["periode"]:
                continue
            if f["discipline"] and row[C["discipline"]] != f["discipline"]:
                continue
            if f["enseignant"] and row[C["enseignant"]] != f["enseignant"]:
                continue
            if words and not all(w in t[2] for w in words):
                continue
            out.append(t)
        return out

    def stated(self, f: dict) -> list[str]:
        """The filters in words (« Division : 3 B »), for the page, the print and the exports."""
        labels = {"level": "Niveau", "bilan": "Type de bilan", "division": "Division", "periode": "Période",
                  "discipline": "Discipline", "enseignant": "Enseignant", "group": "Message", "eleve": "Élève"}
        out = []
        for k in FILTER_KEYS:
            v = f[k]
            if not v:
                continue
            if k == "level":
                v = LEVELS.get(v, ("", v))[1]
            elif k == "bilan":
                v = BILAN_LABELS.get("" if v == NO_BILAN else v, v)
            elif k == "group":
                v = next((g["label"] for g in self.r["groups"] if g["id"] == v), v)
            elif k == "eleve":
                v = f"« {v} »"
            out.append(f"{labels[k]} : {v}")
        return out

    # -- the views ---------------------------------------------------------------------------
    def context(self, filters: dict | None, *, print_all: bool = False) -> dict:
        f = self.normalise(filters)
        found = self.matches(f)
        total = self.r["total"]
        shown = len(found)
        by_part: dict = {}
        for t in found:
            by_part.setdefault(t[0], []).append(t)
        groups = []
        for g in self.r["groups"]:
            parts = []
            n = 0
            for it in g["parts"]:
                rows = by_part.get(it["k"], [])
                page = f["pages"].get(it["id"], 1)
                limit = None if print_all else page * PAGE
                visible = [t[1] for t in (rows if limit is None else rows[:limit])]
                parts.append({"it": it, "count": len(rows), "rows": visible,
                              "rest": len(rows) - len(visible), "focus": (page - 1) * PAGE if page > 1 else None,
                              "next": min(PAGE, len(rows) - len(visible)), "page": page})
                n += len(rows)
            groups.append({"g": g, "count": n, "parts": parts, "open": g["id"] in f["open"]})
        grouped = self._grouped(f, found, print_all) if f["vue"] != "messages" else None
        filtered = any(f[k] for k in FILTER_KEYS)
        if shown == 0 and total:
            count_text = f"Aucune occurrence sur {total} ne correspond aux filtres"
        elif shown == total:
            count_text = f"{total} occurrence{'s' if total > 1 else ''} affichée{'s' if total > 1 else ''}"
        else:
            count_text = (f"{shown} occurrence{'s' if shown > 1 else ''} sur {total} "
                          f"correspond{'ent' if shown > 1 else ''} aux filtres")
        return {"r": self.r, "f": f, "groups": groups, "grouped": grouped, "shown": shown, "total": total,
                "filtered": filtered, "count_text": count_text, "stated": self.stated(f),
                "by_message": f["vue"] == "messages"}

    def _grouped(self, f: dict, found: list, print_all: bool) -> dict:
        C = _COL
        by_pupil = f["vue"] == "eleves"
        buckets: dict = {}
        for t in found:
            row = t[1]
            key = t[3] if by_pupil else row[C["division"]]
            b = buckets.get(key)
            if b is None:
                name = row[C["eleve"]] if by_pupil else row[C["division"]]
                b = buckets[key] = {"key": key, "name": name if key else "", "division": row[C["division"]],
                                    "items": [], "id": f"{self.rid}-{'el' if by_pupil else 'cl'}-{_slug(key)}"}
            b["items"].append((self.parts[t[0]][0], row))
        named = sorted((b for b in buckets.values() if b["key"]),
                       key=lambda b: (natural_key(b["name"]), natural_key(b["division"] or "")))
        listed = named + [b for b in buckets.values() if not b["key"]]
        limit = None if print_all else f["gpage"] * GROUP_PAGE
        visible = listed if limit is None else listed[:limit]
        for b in visible:
            b["open"] = print_all or b["id"] in f["open"]
            page = f["pages"].get(b["id"], 1)
            cut = None if print_all else page * PAGE
            b["rows"] = b["items"] if cut is None else b["items"][:cut]
            b["rest"] = len(b["items"]) - len(b["rows"])
            b["next"] = min(PAGE, b["rest"])
            b["focus"] = (page - 1) * PAGE if page > 1 else None
            b["page"] = page
        # the words say what they count: pupils (or classes) with messages, never the « sans élève
        # précis » group, and never « classes concernées », the LSU's words for the classes imported
        noun, shown_word, without = _GROUPED_WORDS[by_pupil]
        n, unnamed = len(named), len(listed) - len(named)
        title = f"{plural(n, noun)} {'ont' if n > 1 else 'a'} des messages" + (f", et des {without}" if unnamed else "")
        shown = sum(1 for b in visible if b["key"])
        shown_text = f"{shown} {noun}{'s' if shown > 1 else ''} {shown_word}{'s' if shown > 1 else ''} sur {n}" + (
            f" (les {without} viennent à la fin)" if unnamed else "")
        # the next page: pupils (or classes) first; the « sans élève précis » group, last, once they are all shown
        more = min(GROUP_PAGE, n - shown) or len(listed) - len(visible)
        more_label = f"Afficher {more} de plus" if shown < n else f"Afficher les {without}"
        return {"by_pupil": by_pupil, "title": title, "groups": visible, "listed": len(listed),
                "more": more, "more_label": more_label, "shown_text": shown_text, "gpage": f["gpage"]}

    def html(self, filters: dict | None = None) -> str:
        """The ``.browse`` block of the report (what a view request answers)."""
        return _render("browse.html", r=self.r, v=self.context(filters), h=2)

    def print_html(self, filters: dict | None = None) -> str:
        """The occurrences of the groups shown, every row, with the filters stated (for print)."""
        return _render("print.html", r=self.r, v=self.context(filters, print_all=True), h=2)

    def filtered(self, filters: dict | None) -> dict:
        """The report's data reduced to what the view shows (the « ce qui est affiché » exports)."""
        f = self.normalise(filters)
        keep: dict = {}
        for t in self.matches(f):
            keep.setdefault(t[0], set()).add(id(t[1]))
        messages = []
        flat = [(k, row) for k, (g, it) in enumerate(self.parts) for row in it["all_rows"]]
        occs_by_part: dict = {}
        for (k, row), o in zip(flat, (o for m in groups_of(self.data) for mm in m["messages"]
                                         for o in mm["occurrences"])):
            if id(row) in keep.get(k, ()):
                occs_by_part.setdefault(k, []).append(o)
        k = 0
        for gm in groups_of(self.data):
            for m in gm["messages"]:
                occs = occs_by_part.get(k, [])
                if occs:
                    messages.append({**m, "count": len(occs), "occurrences": occs})
                k += 1
        return {**self.data, "messages": messages, "filters_stated": self.stated(f)}


def browse(report, filters: dict | None = None, *, index: int | None = None) -> str:
    """The ``.browse`` block of one report for these filters (see ``Browse``)."""
    return Browse(report, index=index).html(filters)


# ---------------------------------------------------------------------------------------------
# Issue 15: the page's tools (several files, compare, pseudonymised report, one class's file).
# Each is a view of its own: plain data in, a fragment out, from templates/tools*.html.

#: What the pseudonymised report keeps (pseudonym.py's summary says the same in its sentence).
PSEUDONYM_KEPT = ("les codes et les libellés des messages", "les nombres de bilans (compteurs)", "les divisions",
                  "les disciplines", "les périodes", "les numéros de ligne")
#: What the page says beside a class's file: the school's file stays as it was.
ORIGINAL_UNCHANGED = "Le fichier d'origine n'est pas modifié : le nouveau fichier est une copie réduite."


def ensemble_fragment(bs: list) -> str:
    """Several LSU files: the combined report (``bs[0]``, ensemble.combine) first, in the first tab,
    with its table of files (verdict, counters and classes of each); then each file's own report."""
    views = []
    for i, b in enumerate(bs):
        v = {**b.r, "browse": b.context(None)}
        if i == 0 and b.data.get("ensemble"):
            files = b.data.get("files") or []
            v["tab_label"] = f"Ensemble des {len(files)} fichiers"
            v["ensemble"] = {"files": files, "shared": [row for g in v["groups"] for it in g["parts"]
                                                        if it["code"] == "C10" for row in it["all_rows"]]}
        views.append(v)
    return _render("reports.html", reports=views, worst=worst_verdict([b.data for b in bs]), interactive=True, h=2)


def tools_panel(lsu_files: list[dict], divisions: list[str], *, references: int = 0,
                class_file: dict | None = None) -> str:
    """The « Outils » panel shown after a check. ``lsu_files``: [{"index", "name", "label"}] in the
    order proposed for « avant » / « après » (oldest first); ``class_file`` ({"index", "name"}) the LSU
    file a class's file is cut from, and ``divisions`` its divisions (no class's file without them)."""
    return _render("tools.html", lsu_files=lsu_files, divisions=divisions, references=references,
                   class_file=class_file,
                   kept=PSEUDONYM_KEPT, replace_notice=_replace_notice(), unchanged=ORIGINAL_UNCHANGED)


def _replace_notice() -> str:
    from .extract import REPLACE_NOTICE
    return REPLACE_NOTICE


def comparison(data: dict) -> str:
    """A comparison of two exports (compare.py's JSON contract) as the page shows it."""
    kinds = (("periodiques", "Bilans périodiques"), ("cycle", "Bilans de fin de cycle"))
    levels = {"FICHIER": "fichier rejeté", "BILAN": "bilan rejeté", "ALERTE": "alerte", "CONSEIL": "conseil"}
    return _render("tools_comparison.html", d=data, kinds=kinds, counters=COUNTERS, levels=levels,
                   who=lambda b: " · ".join(x for x in (b.get("eleve"), b.get("division"), b.get("periode")) if x))


def pseudonymised_note(summary: dict, name: str) -> str:
    """What the pseudonymised download removed and what it kept (pseudonym.Pseudonymiser.summary)."""
    return _render("tools_pseudonymised.html", s=summary, file_name=name, kept=PSEUDONYM_KEPT,
                   quotes=lambda text: text.replace("« ", "«\u00a0").replace(" »", "\u00a0»"))   # « Élève 1 » on one line


def extracted(summary: str, left_out: list, *, name: str, sans_rejetes: bool) -> str:
    """What a class's file holds, the bilans left out (« sans les bilans rejetés ») and why."""
    return _render("tools_extracted.html", summary=summary, left_out=left_out, file_name=name, sans_rejetes=sans_rejetes,
                   who=lambda b: " · ".join(x for x in (b.get("eleve"), b.get("division"), b.get("periode")) if x))


def divisions_choice(divisions: list[str]) -> str:
    """The divisions of an LSU file, as check boxes (« Fichier d'une classe »)."""
    return _render("tools_divisions.html", divisions=divisions, replace_notice=_replace_notice())
