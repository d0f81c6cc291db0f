"""Prediction beside the LSU's real report, and calibration files (issue 14).

:func:`compare` holds an lsucheck report (the prediction) against the LSU's rapport d'exécution read by
:mod:`lsureport`: counters per bilan type, predicted / real; per message label, count and level
predicted / real with a verdict (« concorde », « LSU plus strict », « LSU plus souple », « libellé
inconnu de lsucheck »). Labels unknown to the catalogue are shown, never dropped.

:func:`calibration` turns the comparison into a **calibration file** (JSON): labels, levels, counts,
the file's schema version, editor and application, the school year — and nothing that names a
pupil, a teacher or the school (no UAI, no file name, no class). :func:`overrides` turns such a file
into catalogue overrides (``engine.Options.levels``), shown as « niveau constaté sur votre rapport LSU
du … » (``level_source = "rapport"``).
"""
from __future__ import annotations

import html
import json
import re

from . import catalogue as catalogue_mod
from . import lsureport
from .findings import Level
from .calendar import year_label

CALIBRATION_FORMAT = "lsucheck-calibration"
CALIBRATION_VERSION = 1

#: the LSU's own class settings (rules/lsu_settings.py): lsucheck cannot see them in the file, it
#: announces them per class; the LSU rejects the bilans when they are wrong
SETTINGS_CODES = ("P1", "P2")

CONCORDE = "concorde"
PLUS_STRICT = "LSU plus strict"
PLUS_SOUPLE = "LSU plus souple"
INCONNU = "libellé inconnu de lsucheck"
NON_LU = "niveau du LSU non lu"

LEVEL_FR = {"FICHIER": "fichier rejeté", "BILAN": "rejet du bilan", "ALERTE": "alerte", "CONSEIL": "conseil",
            None: "—"}
REAL_FR = {lsureport.ERREUR: "erreur (rejet du bilan)", lsureport.ALERTE: "alerte", None: "non lu"}

WHAT_THE_FILE_HOLDS = (
    "Le fichier de calibration contient seulement : les libellés des messages du rapport d'exécution du "
    "LSU, leur niveau (erreur ou alerte) et leur nombre, la date de ce rapport, la version du format du "
    "fichier d'import, le nom de l'éditeur et du logiciel qui l'ont produit, et l'année scolaire. Il ne "
    "contient aucun nom d'élève ni d'enseignant, ni le numéro UAI ou le nom de l'établissement, ni le nom "
    "du fichier, ni les classes. Un libellé inconnu de lsucheck qui contient un chiffre, un nom propre ou "
    "un nom du fichier d'import est laissé de côté.")


def _labels(cat) -> dict:
    """norm(label) → the checks grouped under it (never the product's own properties)."""
    out: dict = {}
    for c in cat.checks():
        if not c.product_property:
            out.setdefault(lsureport.norm(c.label), []).append(c)
    return out


def _worst(levels) -> str | None:
    levels = [Level(x) for x in levels if x]
    return max(levels, key=lambda lv: lv.rank).value if levels else None


def _rank(level: str | None) -> int:
    return Level(level).rank if level else -1


def compare(prediction, real: lsureport.LsuReport, cat=None) -> dict:
    """Side by side: ``{"counts": [...], "rows": [...], "problems": [...], ...}`` (plain data)."""
    data = prediction.data if hasattr(prediction, "data") else prediction
    cat = cat or catalogue_mod.load()
    by_label = _labels(cat)
    not_run = {n["code"]: n for n in data.get("not_run", [])}

    counts = []
    for section in lsureport.SECTIONS:
        pred = data["counts"]["periodiques" if section == "periodiques" else "cycle"]
        got = real.counts.get(section, {})
        for key in lsureport.COUNTERS:
            counts.append({"section": section, "section_label": lsureport.SECTION_FR[section], "counter": key,
                           "counter_label": lsureport.COUNTER_FR[key], "predicted": pred.get(key),
                           "real": got.get(key)})

    predicted: dict = {}   # norm(label) → {"count", "levels", "codes"}
    for m in data.get("messages", []):
        check = cat.get(m["code"])
        if check is None:
            continue
        key = lsureport.norm(check.label)
        p = predicted.setdefault(key, {"label": check.label, "count": 0, "levels": [], "codes": []})
        p["count"] += m["count"]
        p["levels"].append(m["level"])
        p["codes"].append(m["code"])

    rows = []
    seen = set()
    for msg in real.messages:
        key = lsureport.norm(msg.label)
        seen.add(key)
        checks = by_label.get(key, [])
        p = predicted.get(key)
        row = {"label": msg.label, "real_count": msg.count, "real_level": msg.level,
               "real_level_label": REAL_FR[msg.level], "codes": [c.code for c in checks], "note": ""}
        if not checks:
            row.update(predicted_count=None, predicted_level=None, verdict=INCONNU,
                       note="Ce libellé n'est pas dans le catalogue de lsucheck : il est gardé tel quel.")
            rows.append(row)
            continue
        settings = all(c.code in SETTINGS_CODES for c in checks)
        if p is not None and not settings:
            pred_count, pred_level = p["count"], _worst(p["levels"])
        else:
            pred_count = 0 if not settings else None
            pred_level = _worst(Level.BILAN.value if c.code in SETTINGS_CODES else c.level.value for c in checks)
        real_level = lsureport.LEVEL_OF[msg.level].value if msg.level else None
        if real_level is None:
            verdict = NON_LU
        elif _rank(real_level) > _rank(pred_level):
            verdict = PLUS_STRICT
        elif _rank(real_level) < _rank(pred_level):
            verdict = PLUS_SOUPLE
        else:
            verdict = CONCORDE
        note = ""
        if settings:
            note = ("Paramétrage du LSU (Paramétrage > Paramétrage par classe / Paramétrage des périodes) : "
                    "lsucheck ne peut pas le voir dans le fichier, il l'annonce dans la liste de contrôle.")
        elif p is None:
            missing = [not_run[c.code]["reason"] for c in checks if c.code in not_run]
            why = missing[0].rstrip(".") if missing else ""
            why = why[:1].lower() + why[1:]
            note = "lsucheck n'avait rien prévu pour ce message" + (f" (contrôle non fait : {why})"
                                                                   if why else "") + "."
        elif msg.count is not None and msg.count != pred_count:
            note = f"Nombres différents : {pred_count} prévu{'s' if pred_count > 1 else ''}, {msg.count} dans le LSU."
        row.update(predicted_count=pred_count, predicted_level=pred_level, verdict=verdict, note=note)
        rows.append(row)
    for key, p in predicted.items():   # predicted but absent from the real report
        level = _worst(p["levels"])
        if key in seen or level in (None, Level.CONSEIL.value) or not real.messages:
            continue
        if all(c in SETTINGS_CODES for c in p["codes"]):
            continue
        rows.append({"label": p["label"], "real_count": 0, "real_level": None, "real_level_label": "absent",
                     "codes": sorted(set(p["codes"]), key=lambda c: cat[c].order), "predicted_count": p["count"],
                     "predicted_level": level, "verdict": PLUS_SOUPLE,
                     "note": "Prévu par lsucheck, absent du rapport du LSU (ou de la partie copiée de la page)."})
    problems = list(real.problems)
    if not real.messages:
        problems.append("Aucun message n'a été lu dans le rapport du LSU : la comparaison des messages n'est pas faite.")
    return {"counts": counts, "rows": rows, "problems": problems, "date": real.date, "date_fr": real.date_fr,
            "real_file_name": real.file_name, "predicted_file_name": (data.get("file") or {}).get("name")}


# ---------------------------------------------------------------------------------------------
def private_words(doc) -> set[str]:
    """The words of an LSU document that name someone or something local: pupils' and teachers'
    names, the UAI, the division codes (lower case, accents removed)."""
    words: set[str] = set()
    items = [(e.get("nom"), e.get("prenom")) for e in doc.eleves + doc.enseignants]
    items.append((doc.entete_text("etablissement"), None))
    items += [(e.get("code-division"), None) for e in doc.eleves]
    for pair in items:
        for value in pair:
            for w in re.split(r"[\s'’-]+", lsureport.norm(value or "")):
                if len(w) >= 3:
                    words.add(w)
    return words


def calibration(comparison: dict, prediction, doc=None) -> dict:
    """The calibration file's content: no pupil, teacher, school, class or file name. With ``doc``
    (the LSU document), a label holding one of its names (see :func:`private_words`) is left out."""
    data = prediction.data if hasattr(prediction, "data") else prediction
    private = private_words(doc) if doc is not None else set()
    meta = data.get("file") or {}
    year = data.get("target_year")
    labels = []
    for row in comparison["rows"]:
        if row["real_level"] is None:
            continue
        if not row["codes"] and not _safe_label(row["label"], private):
            continue
        labels.append({"libelle": row["label"], "niveau": lsureport.LEVEL_OF[row["real_level"]].value,
                       "nombre": row["real_count"], "connu": bool(row["codes"])})
    return {
        "format": CALIBRATION_FORMAT, "version": CALIBRATION_VERSION,
        "date_rapport": comparison.get("date"),
        "annee_scolaire": year_label(year) if year else None,
        "schema_version": meta.get("schema_version"), "editeur": meta.get("editeur"),
        "application": meta.get("application"), "appli_version": meta.get("appli_version"),
        "libelles": labels,
    }


#: capitals an LSU label may hold
ACRONYMS = {"LSU", "EPI", "AP", "SIECLE", "STS", "MEF", "UAI", "ENT", "DNB", "LV", "LVE", "CPE", "ULIS", "SEGPA"}


def _safe_label(label: str, private=frozenset()) -> bool:
    """A label as the LSU writes them: a short phrase, no digits, no parentheses (an occurrence line
    such as « Le bilan de l'élève … (3 A) pour la période 1/3 » is never a label), no private word."""
    words = set(re.split(r"[\s'’-]+", lsureport.norm(label)))
    for i, w in enumerate(re.split(r"[\s'’-]+", label.strip())):
        if w.isupper() and len(w) > 1 and w not in ACRONYMS:
            return False   # a name in capitals (the LSU writes NOM Prénom)
        if i and w[:1].isupper() and not w.isupper():
            return False   # a proper noun: LSU labels are written in sentence case
    return (len(label) <= 80 and not re.search(r"[\d()<>@/.]", label)
            and not lsureport._OCCURRENCE.search(label) and not (words & set(private)))


def to_json(cal: dict) -> str:
    return json.dumps(cal, ensure_ascii=False, indent=2) + "\n"


class CalibrationError(ValueError):
    """A calibration file that cannot be used (French message)."""


def read_calibration(text) -> dict:
    if isinstance(text, (bytes, bytearray)):
        text = lsureport.decode(text)
    try:
        cal = json.loads(text)
    except ValueError:
        raise CalibrationError("Ce fichier n'est pas un fichier de calibration lsucheck (contenu illisible).")
    if not isinstance(cal, dict) or cal.get("format") != CALIBRATION_FORMAT:
        raise CalibrationError("Ce fichier n'est pas un fichier de calibration lsucheck.")
    if cal.get("version") != CALIBRATION_VERSION:
        raise CalibrationError(f"Ce fichier de calibration est de la version {cal.get('version')} : cette version "
                               f"de lsucheck lit la version {CALIBRATION_VERSION}.")
    return cal


def overrides(cal: dict, cat=None) -> tuple[dict, list[str]]:
    """``({code: {"level", "level_source": "rapport", "level_date"}}, notes)`` from a calibration file.

    Every check grouped under a label takes the level seen, except lsucheck's advice (CONSEIL: never a
    rejection of its own) and the LSU's class settings (announced per class, never counted)."""
    cat = cat or catalogue_mod.load()
    by_label = _labels(cat)
    out: dict = {}
    notes: list[str] = []
    date = cal.get("date_rapport") or ""
    when = _date_fr(date)
    for entry in cal.get("libelles", []):
        checks = by_label.get(lsureport.norm(entry.get("libelle", "")), [])
        try:
            level = Level(str(entry.get("niveau", "")).upper())
        except ValueError:
            continue
        if not checks:
            notes.append(f"« {entry.get('libelle')} » : libellé inconnu de lsucheck, aucun contrôle à ajuster.")
            continue
        for c in checks:
            if c.level is Level.CONSEIL or c.code in SETTINGS_CODES:
                continue
            out[c.code] = {"level": level.value, "level_source": "rapport", "level_date": date}
            change = ("inchangé" if c.level is level else f"{LEVEL_FR[c.level.value]} → {LEVEL_FR[level.value]}")
            notes.append(f"{c.code} « {c.label} » : {LEVEL_FR[level.value]}, niveau constaté sur votre rapport "
                         f"LSU du {when} ({change}).")
    return out, notes


def _date_fr(iso: str) -> str:
    r = lsureport.LsuReport(date=iso or None)
    return r.date_fr or "(date non lue)"


def level_note(check) -> str:
    """« niveau constaté sur votre rapport LSU du 15 janvier 2026 » for a level from a calibration."""
    if check.level_source != "rapport":
        return ""
    return f"niveau constaté sur votre rapport LSU du {_date_fr(check.level_date)}"


# ---------------------------------------------------------------------------------------------
def _n(value) -> str:
    return "non lu" if value is None else str(value)


def render_text(comparison: dict) -> str:
    out = ["Prévision de lsucheck et rapport d'exécution du LSU"
           + (f" du {comparison['date_fr']}" if comparison.get("date_fr") else ""), ""]
    out.append("Compteurs (prévu / LSU) :")
    for section in lsureport.SECTIONS:
        rows = [c for c in comparison["counts"] if c["section"] == section]
        if all(c["real"] is None for c in rows) and all(not c["predicted"] for c in rows):
            continue
        out.append(f"  {lsureport.SECTION_FR[section]} : " + " ; ".join(
            f"{c['counter_label']} {_n(c['predicted'])} / {_n(c['real'])}" for c in rows))
    out.append("")
    out.append("Messages (nombre prévu / LSU ; niveau prévu / LSU) :")
    for r in comparison["rows"]:
        pc = "—" if r["predicted_count"] is None else r["predicted_count"]
        out.append(f"  {r['label']} : {pc} / {_n(r['real_count'])} ; {LEVEL_FR[r['predicted_level']]} / "
                   f"{r['real_level_label']} — {r['verdict']}")
        if r["note"]:
            out.append(f"      {r['note']}")
    if not comparison["rows"]:
        out.append("  (aucun)")
    if comparison["problems"]:
        out.append("")
        out.append("Ce que lsucheck n'a pas pu lire dans le rapport du LSU :")
        out += [f"  - {p}" for p in comparison["problems"]]
    return "\n".join(out) + "\n"


VERDICT_CLASS = {CONCORDE: "concorde", PLUS_STRICT: "plus-strict", PLUS_SOUPLE: "plus-souple", INCONNU: "inconnu",
                 NON_LU: "non-lu"}


def render_html(comparison: dict) -> str:
    """The side by side as an HTML fragment (the page shows it as is)."""
    e = html.escape
    title = "Prévision de lsucheck et rapport d'exécution du LSU" + (
        f" du {comparison['date_fr']}" if comparison.get("date_fr") else "")
    parts = [f'<section class="lsu-compare" aria-label="{e(title)}"><h2>{e(title)}</h2>',
             '<table class="lsu-compare-counts"><caption>Compteurs</caption><thead><tr><th scope="col">Bilans</th>'
             '<th scope="col">Compteur</th><th scope="col">Prévu</th><th scope="col">LSU</th></tr></thead><tbody>']
    for c in comparison["counts"]:
        parts.append(f"<tr><td>{e(c['section_label'])}</td><td>{e(c['counter_label'])}</td>"
                     f"<td>{e(_n(c['predicted']))}</td><td>{e(_n(c['real']))}</td></tr>")
    parts.append('</tbody></table><table class="lsu-compare-messages"><caption>Messages</caption><thead><tr>'
                 '<th scope="col">Libellé</th><th scope="col">Nombre prévu</th><th scope="col">Nombre LSU</th>'
                 '<th scope="col">Niveau prévu</th><th scope="col">Niveau LSU</th><th scope="col">Verdict</th>'
                 '</tr></thead><tbody>')
    for r in comparison["rows"]:
        pc = "—" if r["predicted_count"] is None else str(r["predicted_count"])
        note = f'<br><small>{e(r["note"])}</small>' if r["note"] else ""
        parts.append(f'<tr class="verdict--{VERDICT_CLASS[r["verdict"]]}"><td>{e(r["label"])}{note}</td>'
                     f"<td>{e(pc)}</td><td>{e(_n(r['real_count']))}</td><td>{e(LEVEL_FR[r['predicted_level']])}</td>"
                     f"<td>{e(r['real_level_label'])}</td><td>{e(r['verdict'])}</td></tr>")
    parts.append("</tbody></table>")
    if comparison["problems"]:
        parts.append("<h3>Ce que lsucheck n'a pas pu lire dans le rapport du LSU</h3><ul>")
        parts += [f"<li>{e(p)}</li>" for p in comparison["problems"]]
        parts.append("</ul>")
    parts.append(f"<p class=\"lsu-compare-privacy\">{e(WHAT_THE_FILE_HOLDS)}</p></section>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The page (browser.py): dropped rapports and calibration files, and the fragment shown under the report
MAX_TEXT = 20 * 1024 * 1024


def page_inputs(inputs: list) -> tuple[list, dict]:
    """Split the dropped files ``[(path, name)]``: the LSU's rapports and calibration files are taken
    out (recognised from their content); the rest goes to the engine.
    → (inputs for the engine, {"rapports": [(name, LsuReport)], "levels": {...}, "notes": [...], "errors": [...]})."""
    from . import recognise as rec
    rest, extra = [], {"rapports": [], "levels": {}, "notes": [], "errors": []}
    for path, name in inputs:
        try:
            with open(path, "rb") as fh:
                head = fh.read(MAX_TEXT + 1)
        except OSError:
            rest.append((path, name))
            continue
        kind = rec.recognise_text(head) if len(head) <= MAX_TEXT else None
        if kind is None:
            rest.append((path, name))
        elif kind.kind == rec.LSU_REPORT:
            extra["rapports"].append((name, lsureport.read(head)))
        else:
            try:
                levels, notes = overrides(read_calibration(head))
            except CalibrationError as exc:
                extra["errors"].append(f"« {name} » : {exc}")
                continue
            extra["levels"].update(levels)
            extra["notes"] += notes
    return rest, extra


def page_fragment(reports, extra: dict, inputs=()) -> str:
    """The HTML shown under the report: the calibration applied, then each rapport beside its prediction,
    with the calibration file to download (a link: no script)."""
    import urllib.parse
    e = html.escape
    parts = []
    if extra.get("notes") or extra.get("errors"):
        parts.append('<section class="lsu-calibration-applied"><h2>Calibration appliquée</h2><ul>')
        parts += [f"<li>{e(n)}</li>" for n in extra.get("notes", []) + extra.get("errors", [])]
        parts.append("</ul></section>")
    lsu_reports = [r for r in reports if r.verdict != "illisible"]
    for name, real in extra.get("rapports", []):
        if not lsu_reports:
            parts.append(f'<section class="lsu-compare"><p>« {e(name)} » est un rapport d\'exécution du LSU : '
                         "déposez avec lui le fichier d'import LSU qui a été importé, pour les comparer.</p></section>")
            continue
        report = next((r for r in lsu_reports if real.file_name and r.data["file"]["name"] == real.file_name),
                      lsu_reports[0])
        comparison = compare(report, real)
        parts.append(render_html(comparison))
        cal = to_json(calibration(comparison, report, _doc_of(report, inputs)))
        href = "data:application/json;charset=utf-8," + urllib.parse.quote(cal)
        parts.append(f'<p class="lsu-calibration-download"><a download="calibration_lsu.json" href="{e(href)}">'
                     "Télécharger le fichier de calibration</a> — déposez-le plus tard avec un fichier d'import "
                     "LSU pour appliquer les niveaux constatés.</p>")
    return "".join(parts)


def _doc_of(report, inputs):
    """The LSU document of a report, read again, for the names kept out of the calibration file."""
    from .engine import Options, load_input
    from .model import LsuDocument
    name = report.data["file"]["name"]
    for path, given in inputs:
        if given == name:
            inp = load_input(path, name=given, options=Options(), progress=lambda *_: None)
            return LsuDocument(inp.tree) if inp.tree is not None else None
    return None
