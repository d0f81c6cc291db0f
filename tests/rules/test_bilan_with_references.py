"""B6 and B12 when SIECLE/STS-web exports are given (FORMAT.md §6.2: "F (+S)"): the rules need only
the LSU file, and use the references when present. One failing and one passing case each, exact
French messages.

Every case is a small generated collège (seed 7, 2025-2026: 6 A, 5 A, 4 A, 3 A, a few pupils each,
three trimestres, bilans de fin de cycle in 6e and 3e) checked with reference files written from
the same school (``generator/references.py``). Its pupils' year frame (Communs DATE_DEBUT_ELEVE …
DATE_FIN_ELEVE, STS-web DATE_DEBUT … DATE_FIN) runs from 01/09/2025 to 04/07/2026.
"""
from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from datetime import date

import lsucheck
from lsucheck import references
from lsucheck.generator import generate_school
from lsucheck.generator import references as gref

from ..conftest import NOW
from ..conftest import check as shared_check

ELEVES, NOMENCLATURE, COMMUNS = "ElevesSansAdresses.xml", "Nomenclature.xml", "Communs.xml"


@functools.lru_cache(maxsize=1)
def _base():
    return generate_school(seed=7, annee=2025, eleves_par_division=6)


STS = gref.sts_file_name(_base())


def school():
    """A fresh copy of the clean generated collège."""
    return _base().copy()


def check(school, names=(ELEVES, NOMENCLATURE, COMMUNS, STS)) -> lsucheck.Report:
    """The school's LSU file checked with the reference files named (written from the school)."""
    files = gref.reference_files(school)
    assert set(names) <= set(files), sorted(files)
    return shared_check(school, references=[(files[n], n) for n in names], annee=2025)


def pupil(school, niveau: str, n: int = 0):
    return [e for e in school.eleves if e.niveau == niveau][n]


def bilan(school, eleve, indice: int):
    return next(b for b in school.bilans_periodiques
                if b.eleve_ref == eleve.id and school.periode(b.periode_ref).indice == indice)


def bilan_cycle(school, eleve):
    return next(b for b in school.bilans_cycle if b.eleve_ref == eleve.id)


def test_the_clean_school_with_every_reference_gives_no_b6_nor_b12():
    report = check(school())
    assert not {"B6", "B12", "S3"} & set(report.codes())
    assert report.verdict == "succes"


# ---- B6 -----------------------------------------------------------------------------------------
def test_b6_with_communs_a_conseil_after_the_pupils_last_day_rejects_and_the_scolarite_date_is_s3s():
    s = school()
    late = bilan(s, pupil(s, "5"), 3)
    late.date_conseil_classe = date(2026, 7, 10)          # after DATE_FIN_ELEVE 04/07/2026, before 31/07
    early = bilan(s, pupil(s, "4"), 1)
    early.date_scolarite = date(2025, 7, 20)              # before 01/08/2025: S3's, not B6's again
    report = check(s)
    assert report.details("B6") == [
        "La date du conseil de classe (10/07/2026) est en dehors de l'année scolaire des élèves 2025-2026 "
        "(du 01/09/2025 au 04/07/2026, d'après l'export SIECLE Communs)."]
    assert report.details("S3") == [
        "La date de scolarité du bilan (20/07/2025) est antérieure au début de l'année scolaire des élèves "
        "(01/09/2025, d'après l'export SIECLE Communs)."]
    assert report.message("B6")["level"] == "BILAN" and report.counts["periodiques"]["rejetes"] == 2
    # the STS-web frame is used the same way when Communs is not given
    assert check(s, (ELEVES, STS)).details("B6") == [
        "La date du conseil de classe (10/07/2026) est en dehors de l'année scolaire des élèves 2025-2026 "
        "(du 01/09/2025 au 04/07/2026, d'après STS-web)."]
    # the file alone knows only 1 August … 31 July: the conseil passes, the scolarite date is B6's
    assert check(s, ()).details("B6") == [
        "La date de scolarité (20/07/2025) est en dehors de l'année scolaire 2025-2026 (du 01/08/2025 au "
        "31/07/2026)."]


def test_b6_without_an_end_to_s3s_frame_reports_a_scolarite_date_after_31_july():
    s = school()
    bilan(s, pupil(s, "5"), 3).date_scolarite = date(2026, 8, 3)
    # SIECLE élèves alone: S3 checks from 1 September with no end, so B6 says what S3 cannot
    assert check(s, (ELEVES,)).details("B6") == [
        "La date de scolarité (03/08/2026) est en dehors de l'année scolaire 2025-2026 (du 01/08/2025 au "
        "31/07/2026)."]
    # with Communs, S3 reports it against DATE_FIN_ELEVE, once
    report = check(s)
    assert "B6" not in report.codes()
    assert report.details("S3") == [
        "La date de scolarité du bilan (03/08/2026) est postérieure à la fin de l'année scolaire des élèves "
        "(04/07/2026, d'après l'export SIECLE Communs)."]


def test_b6_passes_on_the_first_and_last_days_of_the_pupils_year():
    s = school()
    bilan(s, pupil(s, "5"), 3).date_conseil_classe = date(2026, 7, 4)
    bilan(s, pupil(s, "4"), 1).date_conseil_classe = date(2025, 9, 1)
    bilan_cycle(s, pupil(s, "3")).date_creation = date(2026, 7, 31)   # after the pupils' last day: allowed
    report = check(s)
    assert not {"B6", "S3"} & set(report.codes())


# ---- B12 ----------------------------------------------------------------------------------------
def test_b12_a_cycle_3_bilan_and_competences_numeriques_for_a_pupil_siecle_puts_in_5e():
    s = school()
    e = pupil(s, "6")
    e.mef = "10110001110"                                 # SIECLE: 5EME; the LSU file: 6 A, cycle 3
    report = check(s, (ELEVES, NOMENCLATURE))
    assert report.details("B12") == [
        "Les compétences numériques ne concernent que le cycle 3 (6e) : d'après SIECLE, l'élève est en "
        "« 5ème » (MEF 10110001110).",
        "Ce bilan de fin de cycle 3 concerne un élève qui est en « 5ème » (MEF 10110001110) d'après SIECLE : "
        "un bilan de cycle 3 se fait en 6e."]
    assert report.message("B12")["level"] == "ALERTE"
    assert {o["eleve"] for o in report.message("B12")["occurrences"]} == {f"{e.nom} {e.prenom}"}
    # without the Nomenclature, the MEF's first three digits say the level
    assert check(s, (ELEVES,)).details("B12")[1] == (
        "Ce bilan de fin de cycle 3 concerne un élève qui est en 5e (MEF 10110001110) d'après SIECLE : un "
        "bilan de cycle 3 se fait en 6e.")
    # the file alone cannot tell
    assert "B12" not in check(s, ()).codes()


def test_b12_with_siecle_the_pupils_mef_replaces_the_class_heuristic():
    s = school()
    bilan_cycle(s, pupil(s, "6")).cycle = 4
    # file alone: one cycle 4 bilan among cycle 3 bilans of 6 A
    assert check(s, ()).details("B12") == [
        "La classe 6 A a des bilans de fin de cycle 3 et de cycle 4 : un bilan de cycle 3 se fait en 6e, un "
        "bilan de cycle 4 en 3e."]
    assert check(s, (ELEVES, NOMENCLATURE)).details("B12") == [
        "Ce bilan de fin de cycle 4 concerne un élève qui est en « 6ème » (MEF 10010012110) d'après SIECLE : "
        "un bilan de cycle 4 se fait en 3e."]


def test_b12_passes_for_a_6e_segpa_pupil_the_nomenclature_names():
    s = school()
    e = pupil(s, "6")
    e.mef = "16410002110"
    files = gref.reference_files(s)
    segpa = ('      <MEF CODE_MEF="16410002110">\n        <FORMATION>6SEGPA</FORMATION>\n'
             '        <LIBELLE_LONG>6EME SEGPA</LIBELLE_LONG>\n        <LIBELLE_EDITION>6ème SEGPA</LIBELLE_EDITION>\n'
             '        <MEF_RATTACHEMENT>16410002110</MEF_RATTACHEMENT>\n      </MEF>\n    </MEFS>')
    nomenclature = files[NOMENCLATURE].replace(b"    </MEFS>", segpa.encode("iso-8859-15"))
    report = lsucheck.check(s.lsu_xml(), name=s.file_name,
                            references=[(files[ELEVES], ELEVES), (nomenclature, NOMENCLATURE)],
                            options=lsucheck.Options(annee=2025, now=NOW))
    assert "B12" not in report.codes()
    model = references.read_nomenclature(ET.fromstring(nomenclature))
    assert references.mef_niveau("16410002110", model) == ("6", "6ème SEGPA")
    assert references.mef_niveau("16410002110") == (None, "")
    assert references.mef_niveau("10310019110") == ("3", "")
