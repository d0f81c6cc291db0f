"""The rapport d'exécution as plain data (report_version 2; JSON Schema in data/report.schema.json).

No HTML here: see render.py. Counting follows LSU's report (FORMAT.md §4.1):
traités = bilans in the file; importés = avec succès + avec alerte(s); rejetés = traités − importés.
A FICHIER finding rejects every bilan; a BILAN finding rejects the bilans it counts against;
an ALERTE marks them imported with alert; a CONSEIL never changes the verdict or the counters.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .catalogue import is_certain
from .findings import Level

#: 2: a message's ``certain`` is its certainty from ``level_source`` alone (catalogue.certainty), the
#: same on every screen; in version 1 it was FORMAT.md's confidence H, which could disagree
REPORT_VERSION = 2

VERDICTS = ("succes", "alertes", "rejets_partiels", "rejete", "illisible")
EXIT_CODES = {"succes": 0, "alertes": 0, "rejets_partiels": 1, "rejete": 1, "illisible": 2}

VERDICT_LABELS = {
    "succes": "Import prévu avec succès",
    "alertes": "Import prévu avec alertes",
    "rejets_partiels": "Des bilans seraient rejetés",
    "rejete": "Fichier rejeté",
    "illisible": "Fichier illisible",
}

#: input findings that explain the rest of the report: always the first messages, in this order
#: (C11: the year asked for is not the year of the file's millésimes; C8: a reference file set aside
#: because it is of another school or another year)
FIRST_CODES = ("C11", "C8")


def first_rank(code: str) -> int:
    """Where a message of ``code`` goes among the first ones (FIRST_CODES), len(FIRST_CODES) if not."""
    return FIRST_CODES.index(code) if code in FIRST_CODES else len(FIRST_CODES)

#: occurrences kept per message: beyond, a systematic repeat is counted (``count``, ``omitted``), not
#: described again, so that a report grows with the number of distinct problems (issue 16 item 5)
MAX_OCCURRENCES = 10_000   # per message and level: more than a pupil-by-pupil correction ever needs

OCCURRENCE_FIELDS = ("eleve", "division", "periode", "discipline", "enseignant", "detail", "path", "line")

NON_OPPOSABLE = ("Ce rapport est une prévision établie par lsucheck sur votre ordinateur, à partir des "
                 "règles connues du LSU. Il n'est pas opposable : seul le rapport d'exécution du LSU "
                 "fait foi.")


def empty_counts() -> dict:
    return {k: {"traites": 0, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 0}
            for k in ("periodiques", "cycle")}


@dataclass
class Report:
    """A report: ``data`` is the JSON contract; helpers make tests one-liners."""

    data: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return self.data["verdict"]

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    @property
    def counts(self) -> dict:
        return self.data["counts"]

    @property
    def messages(self) -> list:
        return self.data["messages"]

    def codes(self) -> list[str]:
        return [m["code"] for m in self.data["messages"]]

    def message(self, code: str) -> dict | None:
        return next((m for m in self.data["messages"] if m["code"] == code), None)

    def details(self, code: str) -> list[str]:
        m = self.message(code)
        return [o["detail"] for o in m["occurrences"]] if m else []

    def flatten(self, keys=("code", "detail")) -> list[list]:
        """One row per occurrence with the given keys (message keys or occurrence keys)."""
        rows = []
        for m in self.data["messages"]:
            for o in m["occurrences"]:
                rows.append([o[k] if k in o else m.get(k) for k in keys])
        return rows

    def to_dict(self) -> dict:
        return self.data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=indent)


def build(*, file_meta: dict, catalogue, stamped: list, bilans: list, bilan_kind, not_run: list,
          references: list, classes: list[str], extra: dict | None = None) -> Report:
    """Assemble a report.

    stamped   list of (Finding, Check, occurrence dict, bilans it counts against)
    bilans    every bilan element of the file
    bilan_kind function bilan → "periodique" | "cycle"
    """
    file_rejected = False
    worst: dict = {}  # bilan → worst level rank among BILAN/ALERTE findings
    grouped: dict = {}
    banner: dict = {}  # code → findings of a banner check (F28, C8, C11), shown right under the verdict
    for finding, check, occurrence, affected in stamped:
        level = finding.level or check.level
        if check.banner and occurrence is not None:
            banner.setdefault(check.code, (check, level, []))[2].append(occurrence["detail"])
        if level is Level.FICHIER:
            file_rejected = True
        elif level in (Level.BILAN, Level.ALERTE):
            rank = level.rank
            for b in affected:
                if worst.get(b, -1) < rank:
                    worst[b] = rank
        entry = grouped.get((check.code, level))
        if entry is None:
            entry = grouped[(check.code, level)] = {
                "code": check.code, "label": check.label, "title": check.title, "level": level.value,
                "certain": is_certain(check.level_source), "level_source": check.level_source, "count": 0,
                "explanation": check.explanation, "fix": check.fix, "fixes": dict(check.fixes),
                "occurrences": [],
            }
        # a finding that stands for repeats (xsd.fast.RepeatFinding): counted, never listed
        repeats = len(getattr(finding, "repeated", ()))
        entry["count"] += 1 + repeats
        if occurrence is None:  # beyond MAX_OCCURRENCES
            entry["omitted"] = entry.get("omitted", 0) + 1 + repeats
        else:
            entry["occurrences"].append(occurrence)
            if repeats:
                entry["omitted"] = entry.get("omitted", 0) + repeats

    counts = empty_counts()
    for b in bilans:
        c = counts["cycle" if bilan_kind(b) == "cycle" else "periodiques"]
        c["traites"] += 1
        rank = worst.get(b, -1)
        if file_rejected or rank >= Level.BILAN.rank:
            c["rejetes"] += 1
        elif rank == Level.ALERTE.rank:
            c["alertes"] += 1
        else:
            c["succes"] += 1
    for c in counts.values():
        c["importes"] = c["succes"] + c["alertes"]

    traites = sum(c["traites"] for c in counts.values())
    importes = sum(c["importes"] for c in counts.values())
    rejetes = sum(c["rejetes"] for c in counts.values())
    alertes = sum(c["alertes"] for c in counts.values())
    if file_rejected or (traites and importes == 0):
        verdict = "rejete"
    elif rejetes:
        verdict = "rejets_partiels"
    elif alertes:
        verdict = "alertes"
    else:
        verdict = "succes"

    messages = sorted(grouped.values(), key=lambda m: (first_rank(m["code"]), -Level(m["level"]).rank,
                                                       catalogue[m["code"]].order))
    for m in messages:
        m["occurrences"].sort(key=lambda o: (o.get("line") is None, o.get("line") or 0))
    data = {
        "report_version": REPORT_VERSION,
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS[verdict],
        "file": file_meta,
        "classes": classes,
        "counts": counts,
        "messages": messages,
        "banner": [{"code": check.code, "label": check.label, "level": level.value,
                    "text": texts[0] if len(texts) == 1 or not check.banner_many
                    else check.banner_many.format(n=len(texts))}
                   for check, level, texts in banner.values()],
        "not_run": not_run,
        "references": references,
        "notice": NON_OPPOSABLE,
    }
    if extra:
        data.update(extra)
    return Report(data)


def illisible(*, file_meta: dict, check, message: str, line: int | None, fix: str | None,
              extra: dict | None = None) -> Report:
    """The report of a file that cannot be checked at all (exit code 2)."""
    occurrence = {k: None for k in OCCURRENCE_FIELDS}
    occurrence.update(detail=message, line=line, bilan=None)
    data = {
        "report_version": REPORT_VERSION,
        "verdict": "illisible",
        "verdict_label": VERDICT_LABELS["illisible"],
        "file": file_meta,
        "classes": [],
        "counts": empty_counts(),
        "messages": [{
            "code": check.code, "label": check.label, "title": check.title, "level": Level.FICHIER.value,
            "certain": is_certain(check.level_source), "level_source": check.level_source, "count": 1,
            "explanation": check.explanation, "fix": fix or check.fix, "fixes": dict(check.fixes),
            "occurrences": [occurrence],
        }],
        "not_run": [],
        "references": [],
        "notice": NON_OPPOSABLE,
    }
    if extra:
        data.update(extra)
    return Report(data)
