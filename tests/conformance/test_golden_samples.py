"""Golden reports for the ministry sample (../shared/lsu/samples/): what lsucheck predicts, worked out
from the rules, with the clock pinned to 15/12/2025 (conftest ``NOW``).

Both files hold the same data (3 pupils: Grenelle Victor and Clerc Aline in 6EME_4, Babeldop Regine
in 3EME_2; 3 trimestres of millésime 2015; 5 bilans périodiques, 3 bilans de fin de cycle); the 10.0
file is the 2.0 one converted to schemaVersion 10.0. The target year is 2015 (2015-2016), the year
the file's millésimes agree on. FORMAT.md §3 lists only B5/B6/S2; the rules give more:

| code | level   | n | why (FORMAT.md §6.2)                                                                   |
|------|---------|---|----------------------------------------------------------------------------------------|
| B6   | BILAN   | 6 | conseil dates 2015-01-01, 02-02, 03-03, 04-04, 06-08 and EL_01/P_03 date-scolarite     |
|      |         |   | 2015-05-05 fall before 01/08/2015: every bilan périodique is rejected                  |
| B4   | ALERTE  | 2 | EL_02/P_02: Français and Anglais have no <appreciation>                                |
| B12  | ALERTE  | 4 | the two cycle 3 bilans carry enseignement-complement AUC and langue-culture-régionale  |
|      |         |   | AUC, which belong to cycle 4 only                                                      |
| B13  | ALERTE  | 1 | CNC_02 is attached to group 6_TEC_2__6_TEC_2, which the file alone cannot recognise    |
|      |         |   | (it counts against EL_01's P_01 and P_03 bilans, rejected anyway); settled by SIECLE   |
| B5   | CONSEIL | 4 | the same four conseils precede the date de scolarité                                   |
| B17  | CONSEIL | 1 | the file is checked for 2015-2016 while the clock says 2025-2026 (advice only)         |
| F3   | FICHIER | 1 | 2.0 file: version no longer accepted                                                   |
| F7   | FICHIER |15 | 2.0 file: 8 date-verrou, 5 eleve-non-note, 2 structure-non-notee                       |
| F8   | FICHIER | 1 | 2.0 file: modalité d'accompagnement CTR                                                |
| F13  | FICHIER |24 | 2.0 file: 24 averages written "x/20"                                                   |

Not raised, and why: B1 (every reference has its kind), B2 (6EME_4 is evaluated by grades, statuts
are neutral), B3 (every acquis has a moyenne or a statut), B8 (trimestres 1–3 of 3), B9 (EPI_ART,
EPI_EDD and the declared EPI_TST), B10 (each EPI joins two matières and its teachers teach them),
B11 (both compétences numériques have content), B14 (every bilan names a professeur principal),
B15 (PRO is positionné 1), B16 (the only dispense is CPD_ETR = 0, allowed), F28 (data/versions.toml
requires a version from 2025-2026 only; the target year is 2015-2016). The 2.0 file's F counts
match xmlschema with the official 10.0 XSD (41 errors = 1 + 15 + 1 + 24).

Counters, 10.0 file: the 5 bilans périodiques are rejected (B6); of the 3 bilans de fin de cycle,
Victor's and Aline's are imported with alerts (B12), Regine's with success → rejets_partiels.
2.0 file: FICHIER findings reject the whole file → rejete, 8 bilans rejected.

With the constructed SIECLE and STS-web files of the same school and year (no Communs): B13 is
settled (SIECLE knows the group); B6 judges the conseil dates against the pupils' year of STS-web
(DATE_DEBUT 2015-09-01 … DATE_FIN 2016-07-04): the same five are outside it; EL_01/P_03's
date-scolarite 2015-05-05 is no longer B6's but S3's ("Elève non scolarisé", before the pupils' year
starts), which reports it once (test_references_sample.py). The bilan stays rejected by its conseil
date; B12 is unchanged: SIECLE puts EL_01 and EL_02 in 6EME (MEF 10010012110), EL_03 in 3EME
(10310019110), as their cycles say.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import lsucheck

from ..conftest import NOW, check

pytestmark = pytest.mark.conformance

EL_01, EL_02, EL_03 = "Grenelle Victor", "Clerc Aline", "Babeldop Regine"
T1, T2, T3, C3 = ("Trimestre 1 2015-2016", "Trimestre 2 2015-2016", "Trimestre 3 2015-2016",
                  "Fin de cycle 3 2015-2016")
YEAR = "en dehors de l'année scolaire 2015-2016 (du 01/08/2015 au 31/07/2016)."

#: (code, level, pupil, période, bilans it counts against, detail) of every B finding, report order.
B_FINDINGS = [
    ("B6", "BILAN", EL_01, T1, 1, f"La date du conseil de classe (01/01/2015) est {YEAR}"),
    ("B6", "BILAN", EL_01, T2, 1, f"La date du conseil de classe (02/02/2015) est {YEAR}"),
    ("B6", "BILAN", EL_02, T1, 1, f"La date du conseil de classe (03/03/2015) est {YEAR}"),
    ("B6", "BILAN", EL_02, T2, 1, f"La date du conseil de classe (04/04/2015) est {YEAR}"),
    ("B6", "BILAN", EL_01, T3, 1, f"La date de scolarité (05/05/2015) est {YEAR}"),
    ("B6", "BILAN", EL_01, T3, 1, f"La date du conseil de classe (08/06/2015) est {YEAR}"),
    ("B4", "ALERTE", EL_02, T2, 1, "Il manque l'appréciation du professeur en Français (020700)."),
    ("B4", "ALERTE", EL_02, T2, 1, "Il manque l'appréciation du professeur en Anglais (LV1) (030201)."),
    ("B12", "ALERTE", EL_01, C3, 1, "L'enseignement de complément « Aucun » (AUC) n'a sa place que dans un "
                                    "bilan de fin de cycle 4, pas de cycle 3."),
    ("B12", "ALERTE", EL_01, C3, 1, "La langue et culture régionale « Aucune » (AUC) n'a sa place que dans un "
                                    "bilan de fin de cycle 4, pas de cycle 3."),
    ("B12", "ALERTE", EL_02, C3, 1, "L'enseignement de complément « Aucun » (AUC) n'a sa place que dans un "
                                    "bilan de fin de cycle 4, pas de cycle 3."),
    ("B12", "ALERTE", EL_02, C3, 1, "La langue et culture régionale « Aucune » (AUC) n'a sa place que dans un "
                                    "bilan de fin de cycle 4, pas de cycle 3."),
    ("B13", "ALERTE", None, None, 2, "L'appréciation commune de compétences numériques est rattachée au groupe "
                                     "« 6_TEC_2__6_TEC_2 », que le fichier seul ne permet pas de reconnaître : "
                                     "vérifiez qu'il existe dans SIECLE ou STS-web."),
    ("B5", "CONSEIL", EL_01, T1, 1, "La date du conseil de classe (01/01/2015) est antérieure à la date de "
                                    "scolarité (02/09/2015)."),
    ("B5", "CONSEIL", EL_01, T2, 1, "La date du conseil de classe (02/02/2015) est antérieure à la date de "
                                    "scolarité (06/12/2015)."),
    ("B5", "CONSEIL", EL_02, T1, 1, "La date du conseil de classe (03/03/2015) est antérieure à la date de "
                                    "scolarité (02/09/2015)."),
    ("B5", "CONSEIL", EL_02, T2, 1, "La date du conseil de classe (04/04/2015) est antérieure à la date de "
                                    "scolarité (02/09/2015)."),
    ("B17", "CONSEIL", None, None, 0, "Le fichier est vérifié pour l'année scolaire 2015-2016 alors que nous "
                                     "sommes le 15/12/2025 (année scolaire 2025-2026) : le LSU n'accepte que les "
                                     "bilans de l'année scolaire en cours."),
]

#: the B findings with the constructed SIECLE and STS-web files: B13 settled; B6's conseil dates judged
#: against STS-web's pupils' year, EL_01/P_03's date-scolarite left to S3
FRAME = "en dehors de l'année scolaire des élèves 2015-2016 (du 01/09/2015 au 04/07/2016, d'après STS-web)."
B_FINDINGS_REFERENCES = [(c, level, e, p, n, d.replace(YEAR, FRAME)) for c, level, e, p, n, d in B_FINDINGS
                         if c != "B13" and d != f"La date de scolarité (05/05/2015) est {YEAR}"]

#: lines of the B findings above in the 10.0 file
B_LINES_10 = [178, 272, 315, 358, 398, 398, 360, 361, 467, 473, 487, 488, 75, 178, 272, 315, 358, None]

COUNTS_10 = {"periodiques": {"traites": 5, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 5},
             "cycle": {"traites": 3, "importes": 3, "succes": 1, "alertes": 2, "rejetes": 0}}
COUNTS_2 = {"periodiques": {"traites": 5, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 5},
            "cycle": {"traites": 3, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 3}}




def b_findings(report) -> list[tuple]:
    return [tuple(row) for row in report.flatten(("code", "level", "eleve", "periode", "bilans", "detail"))
            if row[0].startswith("B")]


def by_code(report, family: str) -> dict:
    return {(m["code"], m["level"]): m["count"] for m in report.messages if m["code"].startswith(family)}


# ---- the 10.0 file ------------------------------------------------------------------------------
def test_the_10_0_sample_gives_exactly_these_bilan_findings(sample_10):
    report = check(sample_10)
    assert b_findings(report) == B_FINDINGS
    assert [r[1] for r in report.flatten(("code", "line")) if r[0].startswith("B")] == B_LINES_10
    assert (report.data["target_year"], report.data["year_source"]) == (2015, "fichier")


def test_the_10_0_sample_is_structurally_valid_and_partially_rejected(sample_10):
    report = check(sample_10)
    # was {("F3", "CONSEIL"): 1} (13.0 advice); F28 replaces it, and requires nothing in 2015-2016
    assert by_code(report, "F") == {} and report.data["banner"] == []
    assert report.verdict == "rejets_partiels"
    assert report.counts == COUNTS_10


# ---- the 2.0 file -------------------------------------------------------------------------------
def test_the_2_0_sample_gives_the_same_bilan_findings_as_its_10_0_version(sample_2):
    assert b_findings(check(sample_2)) == B_FINDINGS


def test_the_2_0_sample_is_rejected_as_a_whole_for_its_version_and_structure(sample_2):
    report = check(sample_2)
    assert by_code(report, "F") == {("F3", "FICHIER"): 1, ("F7", "FICHIER"): 15, ("F8", "FICHIER"): 1,
                                    ("F13", "FICHIER"): 24}
    assert report.verdict == "rejete"
    assert report.counts == COUNTS_2


# ---- the year and the references settle the advice ------------------------------------------------
def test_checked_during_2015_2016_the_sample_gets_no_year_advice(sample_10):
    report = check(sample_10, annee=2015, now=datetime(2016, 3, 1, 9, 0, tzinfo=timezone.utc))
    assert (report.data["target_year"], report.data["year_source"]) == (2015, "option")
    assert b_findings(report) == [f for f in B_FINDINGS if f[0] != "B17"]
    assert report.counts == COUNTS_10


def test_with_the_constructed_siecle_and_sts_files_the_group_is_known(shared, sample_10):
    samples = shared / "samples"
    references = [samples / f"constructed__{name}_0382032C_2015.xml"
                  for name in ("ElevesSansAdresses", "Nomenclature", "sts_emp")]
    report = lsucheck.check(sample_10, references=references, options=lsucheck.Options(now=NOW))
    assert (report.data["target_year"], report.data["year_source"]) == (2015, "references")
    assert b_findings(report) == B_FINDINGS_REFERENCES
    assert len([f for f in B_FINDINGS_REFERENCES if f[0] == "B6"]) == 5
