"""Reports built directly with report.build (no rule needed), for the render and CLI tests.

The findings are invented but shaped like the engine's: occurrence fields as model.context()
stamps them. Names are fictitious; one is hostile on purpose (autoescaping)."""
from __future__ import annotations

from datetime import datetime, timezone

from lsucheck import catalogue, report
from lsucheck.findings import Finding, Level

NOW = datetime(2025, 12, 15, 10, 30, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script> Zoé"

FILE_META = {
    "name": "import_lsu_20251215093000.xml", "size": 396_361, "size_label": "387,07 ko",
    "sha256": "0" * 64, "editeur": "INDEX EDUCATION", "application": "PRONOTE", "appli_version": "2025.1.3",
    "uai": "0382032C", "schema_version": "10.0", "encoding": "UTF-8",
    "checked_at": NOW.isoformat(timespec="seconds"),
}


def occurrence(eleve=None, division=None, periode=None, discipline=None, enseignant=None,
               detail="", line=None, bilan="periodique", path="/lsun-bilans/donnees"):
    return {"eleve": eleve, "division": division, "periode": periode, "discipline": discipline,
            "enseignant": enseignant, "bilan": bilan, "path": path, "line": line, "detail": detail,
            "bilans": 1}


def build(findings, *, n_periodiques=6, n_cycle=2, name=None, classes=("3 B", "4 A")):
    """findings: list of (code, occurrence, index of the bilan it counts against or None[, Level])."""
    cat = catalogue.load()
    bilans = [("P", i) for i in range(n_periodiques)] + [("C", i) for i in range(n_cycle)]
    stamped = []
    for code, occ, which, *level in findings:
        affected = [] if which is None else [bilans[which]]
        stamped.append((Finding(code, occ["detail"], level=level[0] if level else None), cat[code], occ, affected))
    meta = dict(FILE_META, name=name or FILE_META["name"])
    not_run = [{"code": c.code, "label": c.label, "needs": ["sts"],
                "reason": "Il faut " + catalogue.INPUT_NAMES["sts"] + "."}
               for c in cat.checks() if "sts" in c.needs]
    return report.build(file_meta=meta, catalogue=cat, stamped=stamped, bilans=bilans,
                        bilan_kind=lambda b: "cycle" if b[0] == "C" else "periodique",
                        not_run=not_run, references=[], classes=list(classes),
                        extra={"target_year": 2025, "year_source": "option"})


def partial():
    """rejets_partiels: two "Elève non scolarisé" codes, one alert, one conseil, a hostile name."""
    return build([
        ("S1", occurrence(HOSTILE, "3 B", "Trimestre 1 2025-2026", detail="L'élève n'est pas dans SIECLE.",
                          line=120, path="/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]"), 0),
        ("S2", occurrence("MARTIN Léa", "4 A", "Trimestre 1 2025-2026",
                          detail="Date de scolarité 2025-09-01 avant l'entrée dans l'établissement (2025-10-06).",
                          line=240), 1),
        ("B4", occurrence("MARTIN Léa", "4 A", "Trimestre 1 2025-2026", "MATHEMATIQUES (061300)",
                          "Mme DURAND Anne (id STS 1234)", detail="Appréciation vide.", line=251), 1),
        ("B4", occurrence("PETIT Hugo", "3 B", "Trimestre 1 2025-2026", "ANGLAIS LV1 (030201)",
                          "M. BERNARD Luc (id STS 4321)", detail="Appréciation vide.", line=301), 2),
        ("B5", occurrence("PETIT Hugo", "3 B", "Trimestre 1 2025-2026", detail="Conseil le 2025-09-01.",
                          line=299), 2),
    ])


def clean():
    return build([])


def alerts():
    return build([("B4", occurrence("PETIT Hugo", "3 B", "Trimestre 1 2025-2026", "ANGLAIS LV1 (030201)",
                                    detail="Appréciation vide.", line=301), 2)])


def file_rejected():
    return build([("F19", occurrence(detail="La référence « DI_99 » ne correspond à aucune discipline.",
                                     line=77, bilan=None), None)])


def many(n=10_000):
    """A large report: n alerts spread over divisions and disciplines."""
    rows = []
    for i in range(n):
        rows.append(("B4", occurrence(f"ELEVE{i:05d} Prénom", f"{3 + i % 4} {'ABCD'[i % 4]}",
                                      f"Trimestre {1 + i % 3} 2025-2026", f"DISCIPLINE {i % 12}",
                                      detail="Appréciation vide.", line=1000 + i), i % 6))
    return build(rows)


def two_levels():
    """B7 found at two levels (a finding-level override), beside B6 under the same label."""
    return build([
        ("B6", occurrence("PETIT Hugo", "3 B", "Trimestre 1 2025-2026", detail="Date hors année.", line=10), 0),
        ("B7", occurrence(detail="Millésime 2024 dans un fichier 2025.", line=5), 1),
        ("B7", occurrence(detail="Nous ne sommes plus en 2025-2026.", line=None, bilan=None), None, Level.CONSEIL),
    ])
