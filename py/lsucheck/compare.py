"""Compare two exports (issue 15, item 2): before and after a correction, or two dates.

    c = compare.compare_files("import_lsu_avant.xml", "import_lsu_apres.xml", references=[...])
    c.data["messages"]["disappeared"], c.data["bilans"]["added"], c.data["pupils"], c.text()

What it says: the messages that disappeared, appeared, or changed count (by code and level); the
bilans added or removed (a bilan is a pupil — by id-be, else by name — and a période or a cycle);
the counters before → after; and per pupil, the findings corrected and the new ones. Line numbers
move between two exports: findings are compared without them.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from markupsafe import escape

from . import engine
from . import recognise as rec
from .errors import LsucheckError
from .model import LsuDocument
from .report import Report

COMPARISON_VERSION = 1
_LINE = re.compile(r"\blignes? \d+")
_COUNTERS = (("traites", "Traités"), ("importes", "Importés"), ("succes", "dont avec succès"),
             ("alertes", "dont avec alerte(s)"), ("rejetes", "Rejetés"))
_KINDS = (("periodiques", "Bilans périodiques"), ("cycle", "Bilans de fin de cycle"))


class CompareError(LsucheckError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.code, self.line, self.fix = "F1", None, None


class Comparison:
    """``data`` is the JSON contract (comparison_version 1); ``text()`` and ``html()`` render it."""

    def __init__(self, data: dict):
        self.data = data

    def to_dict(self) -> dict:
        return self.data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=indent)

    @property
    def exit_code(self) -> int:
        return self.data["after"]["exit_code"]

    # ---- text ------------------------------------------------------------------------------
    def text(self) -> str:
        d = self.data
        L = ["Comparaison de deux exports LSU (prévision de lsucheck)", "",
             f"Avant : {d['before']['name']} — {d['before']['verdict_label']}",
             f"Après : {d['after']['name']} — {d['after']['verdict_label']}", ""]
        L.append(f"{'Compteurs (avant → après)':<28}{'Bilans périodiques':>22}{'Bilans de fin de cycle':>26}")
        for key, label in _COUNTERS:
            cells = [f"{d['counts']['before'][k][key]} → {d['counts']['after'][k][key]}" for k, _ in _KINDS]
            indent = "    " if label.startswith("dont") else "  "
            L.append(f"{indent + label:<28}{cells[0]:>22}{cells[1]:>26}")
        L.append("")
        m = d["messages"]
        for title, items in (("Messages disparus", m["disappeared"]), ("Messages apparus", m["appeared"]),
                             ("Messages dont le nombre a changé", m["changed"])):
            L.append(f"{title} ({len(items)})")
            for it in items:
                L.append(f"  [{it['code']}] {it['label']} ({_level(it['level'])}) : {it['before']} → {it['after']}")
            L.append("")
        for title, items in (("Bilans ajoutés", d["bilans"]["added"]), ("Bilans retirés", d["bilans"]["removed"])):
            L.append(f"{title} ({len(items)})")
            for b in items:
                L.append("  - " + " · ".join(x for x in (b["eleve"], b["division"], b["periode"]) if x))
            L.append("")
        L.append(f"Par élève ({len(d['pupils'])})")
        for p in d["pupils"]:
            L.append("  " + " · ".join(x for x in (p["eleve"], p["division"]) if x))
            for word, items in (("corrigé", p["fixed"]), ("nouveau", p["new"])):
                for f in items:
                    where = " · ".join(x for x in (f["periode"], f["discipline"]) if x)
                    L.append(f"    {word} : [{f['code']}] {f['label']}" + (f" — {where}" if where else "")
                             + (f" ({f['count']} fois)" if f["count"] > 1 else ""))
        if not d["pupils"]:
            L.append("  Aucun changement dans les messages des élèves.")
        return "\n".join(L).rstrip() + "\n"

    # ---- html ------------------------------------------------------------------------------
    def html(self) -> str:
        """A fragment for the page (``<section class="comparison">``), escaped, no script, no style."""
        d = self.data
        out = ['<section id="comparison" class="comparison" aria-labelledby="comparison-title">',
               '<h2 id="comparison-title">Comparaison de deux exports</h2>',
               f'<p class="comparison-files">Avant : <strong>{escape(d["before"]["name"])}</strong> — '
               f'{escape(d["before"]["verdict_label"])}<br>Après : <strong>{escape(d["after"]["name"])}'
               f'</strong> — {escape(d["after"]["verdict_label"])}</p>',
               '<table class="counters"><thead><tr><th scope="col">Compteurs (avant → après)</th>'
               + "".join(f'<th scope="col">{label}</th>' for _, label in _KINDS) + "</tr></thead><tbody>"]
        for key, label in _COUNTERS:
            out.append(f'<tr><th scope="row">{label}</th>' + "".join(
                f'<td data-bilan="{k}" data-counter="{key}">{d["counts"]["before"][k][key]} → '
                f'{d["counts"]["after"][k][key]}</td>' for k, _ in _KINDS) + "</tr>")
        out.append("</tbody></table>")
        m = d["messages"]
        for kind, title, items in (("disappeared", "Messages disparus", m["disappeared"]),
                                   ("appeared", "Messages apparus", m["appeared"]),
                                   ("changed", "Messages dont le nombre a changé", m["changed"])):
            out.append(f'<h3>{title} ({len(items)})</h3><ul class="comparison-messages" data-kind="{kind}">')
            out += [f'<li data-code="{escape(i["code"])}" data-level="{escape(i["level"])}">[{escape(i["code"])}] '
                    f'{escape(i["label"])} ({escape(_level(i["level"]))}) : {i["before"]} → {i["after"]}</li>'
                    for i in items]
            out.append("</ul>")
        for kind, title, items in (("added", "Bilans ajoutés", d["bilans"]["added"]),
                                   ("removed", "Bilans retirés", d["bilans"]["removed"])):
            out.append(f'<h3>{title} ({len(items)})</h3><ul class="comparison-bilans" data-kind="{kind}">')
            out += [f'<li>{escape(" · ".join(x for x in (b["eleve"], b["division"], b["periode"]) if x))}</li>'
                    for b in items]
            out.append("</ul>")
        out.append(f'<h3>Par élève ({len(d["pupils"])})</h3><table class="comparison-pupils"><thead><tr>'
                   '<th scope="col">Élève</th><th scope="col">Division</th><th scope="col">Corrigé</th>'
                   '<th scope="col">Nouveau</th></tr></thead><tbody>')
        for p in d["pupils"]:
            cells = ["<br>".join(escape(f"[{f['code']}] {f['label']}"
                                        + (f" — {f['periode']}" if f["periode"] else "")) for f in items)
                     for items in (p["fixed"], p["new"])]
            out.append(f'<tr><td>{escape(p["eleve"] or "")}</td><td>{escape(p["division"] or "")}</td>'
                       f'<td>{cells[0]}</td><td>{cells[1]}</td></tr>')
        out.append("</tbody></table></section>")
        return "\n".join(out)


def _level(level: str) -> str:
    return {"FICHIER": "fichier rejeté", "BILAN": "bilan rejeté", "ALERTE": "alerte",
            "CONSEIL": "conseil"}.get(level, level)


# ---------------------------------------------------------------------------------------------
def compare_files(before, after, *, names=(None, None), references=(), options: engine.Options | None = None,
                  progress=None, pseudonymise: bool = False) -> Comparison:
    """Check both LSU files (with the same reference exports) and compare them; ``pseudonymise``:
    the comparison for the assistance (pseudonym.py: the same pseudonyms in both exports)."""
    options = options or engine.Options()
    progress = progress or (lambda *_: None)
    ref_inputs = engine.load_references(references, options=options, progress=progress)
    reports, docs, loaded = [], [], []
    for src, name in ((before, names[0]), (after, names[1])):
        inp = engine.load_input(src, name=name, options=options, progress=progress)
        loaded.append(inp)
        if inp.error is None and inp.kind is not None and inp.kind.kind != rec.LSU2D:
            raise CompareError(f"« {inp.source.name} » n'est pas un fichier d'import LSU : comparez deux exports "
                               "import_lsu_….xml.")
        reports.append(engine.check_loaded(inp, ref_inputs, options=options, progress=progress))
        docs.append(LsuDocument(inp.tree) if inp.error is None else None)
    if not pseudonymise:
        return compare_reports(reports[0], reports[1], docs[0], docs[1])
    from .pseudonym import Pseudonymiser
    p = Pseudonymiser.from_inputs(loaded + ref_inputs)
    c = compare_reports(p.report(reports[0]), p.report(reports[1]), docs[0], docs[1])
    for side in ("added", "removed"):
        for b in c.data["bilans"][side]:
            b["eleve"] = p.person_field(b["eleve"])
    c.data["pseudonymisation"] = p.summary()
    return c


def compare_reports(before: Report, after: Report, before_doc: LsuDocument | None = None,
                    after_doc: LsuDocument | None = None) -> Comparison:
    """Compare two reports (and, for the bilans added and removed, their documents)."""
    b, a = before.data, after.data
    counts_b, counts_a = _message_counts(b), _message_counts(a)
    labels = {k: v[1] for k, v in {**counts_b, **counts_a}.items()}
    disappeared, appeared, changed = [], [], []
    for key in list(counts_b) + [k for k in counts_a if k not in counts_b]:
        nb, na = counts_b.get(key, (0, ""))[0], counts_a.get(key, (0, ""))[0]
        item = {"code": key[0], "level": key[1], "label": labels[key], "before": nb, "after": na}
        if na == 0:
            disappeared.append(item)
        elif nb == 0:
            appeared.append(item)
        elif na != nb:
            changed.append(item)
    bilans_b = _bilans(before_doc) if before_doc is not None else {}
    bilans_a = _bilans(after_doc) if after_doc is not None else {}
    data = {
        "comparison_version": COMPARISON_VERSION,
        "before": _side(b), "after": _side(a),
        "counts": {"before": b["counts"], "after": a["counts"]},
        "messages": {"disappeared": disappeared, "appeared": appeared, "changed": changed},
        "bilans": {"added": [bilans_a[k] for k in bilans_a if k not in bilans_b],
                   "removed": [bilans_b[k] for k in bilans_b if k not in bilans_a]},
        "pupils": _pupils(b, a),
    }
    return Comparison(data)


def _side(d: dict) -> dict:
    from .report import EXIT_CODES
    f = d.get("file") or {}
    return {"name": f.get("name"), "sha256": f.get("sha256"), "verdict": d["verdict"],
            "verdict_label": d["verdict_label"], "exit_code": EXIT_CODES[d["verdict"]]}


def _message_counts(d: dict) -> dict:
    return {(m["code"], m["level"]): (m["count"], m["label"]) for m in d["messages"]}


def _bilans(doc: LsuDocument) -> dict:
    """Each bilan's identity across exports → what names it."""
    out = {}
    for bilan in doc.bilans:
        eleve = doc.ref(bilan.get("eleve-ref"), "eleve")
        who = ((eleve.get("id-be") or "").strip() or f"{eleve.get('nom')} {eleve.get('prenom')}") if eleve is not None \
            else bilan.get("eleve-ref")
        ctx = doc.context(bilan)
        out[(ctx["bilan"], who, ctx["periode"])] = {"eleve": ctx["eleve"], "division": ctx["division"],
                                                    "periode": ctx["periode"], "bilan": ctx["bilan"]}
    return out


def _findings_by_pupil(d: dict) -> dict:
    out: dict = {}
    for m in d["messages"]:
        for o in m["occurrences"]:
            if not o.get("eleve"):
                continue
            key = (m["code"], m["level"], m["label"], o.get("periode"), o.get("discipline"),
                   _LINE.sub("ligne …", o.get("detail") or ""))
            entry = out.setdefault(o["eleve"], {"division": o.get("division"), "findings": Counter()})
            entry["findings"][key] += 1
    return out


def _pupils(b: dict, a: dict) -> list:
    before, after = _findings_by_pupil(b), _findings_by_pupil(a)
    out = []
    for eleve in list(before) + [e for e in after if e not in before]:
        fb = before.get(eleve, {}).get("findings", Counter())
        fa = after.get(eleve, {}).get("findings", Counter())
        fixed, new = fb - fa, fa - fb
        if not fixed and not new:
            continue
        division = (after.get(eleve) or before.get(eleve))["division"]

        def rows(counter):
            return [{"code": k[0], "level": k[1], "label": k[2], "periode": k[3], "discipline": k[4],
                     "detail": k[5], "count": n} for k, n in counter.items()]
        out.append({"eleve": eleve, "division": division, "fixed": rows(fixed), "new": rows(new)})
    return out
