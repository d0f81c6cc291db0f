"""The referential findings of the ministry's sample (10.0) with the constructed SIECLE and STS-web
files of ../shared/lsu/samples (SOURCES.md: "constructed reference set matching the derived 10.0
sample"), worked out from the rules (FORMAT.md §6.3–6.5) rather than from FORMAT.md §3's short list.

Inputs: ``derived__sample-bilan-complet__schemaVersion-10.0.xml`` (UAI 0382032C, millésime 2015;
pupils EL_01 Grenelle and EL_02 Clerc in 6EME_4, EL_03 Babeldop in 3EME_2; 5 bilans périodiques
and 3 bilans de fin de cycle) with ``constructed__ElevesSansAdresses_0382032C_2015.xml`` (ISO-8859-15),
``constructed__Nomenclature_0382032C_2015.xml`` (ISO-8859-15) and ``constructed__sts_emp_0382032C_2015.xml``.
No Communs file: the year frame comes from STS-web (DATE_DEBUT 2015-09-01, DATE_FIN 2016-07-04).

====  =========================================================================================  =====
code  reasoning over the four files                                                              found
====  =========================================================================================  =====
S1    id-be 1, 2, 3 are ELEVE_ID 1, 2, 3 of the SIECLE export.                                   0
S2    Every DATE_ENTREE is 01/09/2015, no DATE_SORTIE. date-scolarite: EL_01 P_01 2015-09-02,     1
      P_02 2015-12-06, **P_03 2015-05-05** (< entrée), EL_02 P_01/P_02 2015-09-02. Cycle
      bilans: nobody left. → EL_01, Trimestre 3 (rejected).
S3    Frame 01/09/2015 (STS DATE_DEBUT, same year) … 04/07/2016: EL_01 P_03 2015-05-05 is         1
      before it; the rest inside. Same bilan as S2: two true statements, one rejected bilan.
S4    6EME_4 and 3EME_2 are SIECLE divisions (TYPE D).                                            0
S5    Each pupil's SIECLE division is the file's.                                                 0
S6    MEF 10010012110 (EL_01, EL_02): every (code, S) pair is a PROGRAMME row; DI_030602 is       0
      (030201, F), a row (HORAIRE 1.00); DI_100100 is code 100A00, absent, but its code-national
      100100 is in the programme (decision: code or code-national). EL_03 has no bilan périodique.
S7    All codes are Nomenclature matières except 100A00, whose code-national 100100 is.           0
S8    The only O/F discipline, DI_030602 (030201 F), is used by EL_01 P_01; SIECLE lists that      0
      option for ELEVE_ID 1.
S9    Both SIECLE exports: UAJ 0382032C, ANNEE_SCOLAIRE 2015 = the file's.                         0
S10   Target year 2015 < 2025-2026: not applicable (and EL_03 has no bilan périodique).           0
T1    Teachers 123456–123465 (epp/local) exist with their type; 123466 is ``dir``: found by ID    0
      (decision); 99999 is ``autre``: not looked up (decision).
T2    123466 is ``dir`` in the file but epp with FONCTION ENS in STS-web. One finding on the      1
      teacher, counted on the 3 bilans that use them (EL_01 P_01 acquis Éducation musicale;
      EL_01 P_02 and P_03 through EPI_GROUPE_03 and ACC_PERSO_GROUPE_03).
T3    6EME_4 has a service for every code of EL_01's and EL_02's acquis (EPS through 100100).     0
T4    Each acquis names the teacher of the 6EME_4 service (anglais F: 123458 is in the 030201     0
      service; music: 123466 is known by ID).
T5    EL_01 P_02 and P_03 name Shelley (123457) as a second professeur principal: not PP in       3
      STS-web. EL_03's bilan de cycle names Sand (123456), PP of 6EME_4 only, not of 3EME_2.
      EL_01 P_01, EL_02 P_01/P_02 and the two cycle-3 bilans name Sand for 6EME_4: fine.
T6    6EME_4 and 3EME_2 are STS divisions.                                                        0
T7    STS-web: UAJ 0382032C, ANNEE 2015, no APPLICATION_SOURCE.                                   0
T8    EPI_GROUPE_03: SVT with Satie (music only) and Anglais (030201) with Eiffel (technologie)   4
      → 2; EPI_GROUPE_04: SVT with Durand, type autre, 99999 (no STS service) → 1;
      ACC_PERSO_GROUPE_03: SVT with Satie → 1. EPI_GROUPE_01/02 and ACC_PERSO_GROUPE_01/02
      pair Sand with Français and Michelet with Histoire-géo: their services.
C1    The three files are a SIECLE élèves export, a Nomenclature and an STS-web export.           0
C2    Each header names the school and the year.                                                  0
C3    No school year given by the user (the references' 2015 becomes the target year).            0
C4    Every file reads, and their names announce what they contain.                               0
C5    The LSU file ends in .xml and has no PRONOTE time stamp.                                    0
C6    SIECLE HORODATAGE 01/06/2016 08:00 is after the latest date-scolarite (2015-12-06).         0
C7    A property of the product: never a finding (C.toml).                                        0
====  =========================================================================================  =====

FORMAT.md §3 reports that a prototype "raised no identifier, division, programme or service finding":
the table agrees (S1, S4, S6, T1, T3, T6 are clean) and adds what the prototype did not apply: S2/S3 on
the incoherent date of EL_01 P_03, T2 on the ``dir`` teacher the constructed STS file declares epp
(SOURCES.md says so), T5 and T8.
"""
from __future__ import annotations

import zipfile

import pytest

import lsucheck

pytestmark = pytest.mark.conformance

ELEVES = "constructed__ElevesSansAdresses_0382032C_2015.xml"
NOMENCLATURE = "constructed__Nomenclature_0382032C_2015.xml"
STS = "constructed__sts_emp_0382032C_2015.xml"


@pytest.fixture(scope="module")
def report(sample_10, shared):
    samples = shared / "samples"
    return lsucheck.check(sample_10, references=[samples / ELEVES, samples / NOMENCLATURE, samples / STS])


def rows(report, families="STC"):
    return [row for row in report.flatten(("code", "eleve", "periode", "discipline", "enseignant", "bilans"))
            if row[0][0] in families]


def test_the_sample_with_its_constructed_references_gives_the_reasoned_findings(report):
    assert rows(report) == [
        ["S2", "Grenelle Victor", "Trimestre 3 2015-2016", None, None, 1],
        ["S3", "Grenelle Victor", "Trimestre 3 2015-2016", None, None, 1],
        ["T2", None, None, None, "M. Satie Erik (id STS 123466)", 3],
        ["T8", None, None, "SVT (062900)", "M. Satie Erik (id STS 123466)", 2],
        ["T8", None, None, "Anglais (LV1) (030201)", "M. Eiffel Gustave (id STS 123462)", 2],
        ["T8", None, None, "SVT (062900)", "M. Durand Marc (id STS 99999)", 2],
        ["T8", None, None, "SVT (062900)", "M. Satie Erik (id STS 123466)", 2],
        ["T5", "Grenelle Victor", "Trimestre 2 2015-2016", None, "Mme Shelley Cathy (id STS 123457)", 1],
        ["T5", "Grenelle Victor", "Trimestre 3 2015-2016", None, "Mme Shelley Cathy (id STS 123457)", 1],
        ["T5", "Babeldop Regine", "Fin de cycle 4 2015-2016", None, "Mme Sand (id STS 123456)", 1],
    ]


def test_each_finding_of_the_sample_says_what_and_where_in_french(report):
    assert report.details("S2") == ["La date de scolarité du bilan (05/05/2015) est antérieure à l'entrée de "
                                    "l'élève dans l'établissement (01/09/2015 d'après SIECLE)."]
    assert report.details("S3") == ["La date de scolarité du bilan (05/05/2015) est antérieure au début de "
                                    "l'année scolaire des élèves (01/09/2015, d'après STS-web)."]
    assert report.details("T2") == [
        "L'enseignant est déclaré de type « dir » (direction) dans le fichier, mais STS-web le connaît comme epp "
        "avec la fonction ENS (ID 123466) : le LSU risque de ne pas le reconnaître. Donnez-lui le type de STS-web."]
    assert report.details("T5")[2] == ("SAND George (id STS 123456) figure comme professeur principal dans ce "
                                       "bilan, mais STS-web ne le déclare professeur principal que de « 6EME_4 », "
                                       "pas de « 3EME_2 ».")
    assert report.details("T8")[2] == ("Dans l'EPI « Intitulé du groupe epi 4 », l'enseignant de type « autre » "
                                       "associé à la discipline « SVT » (062900) n'a pas de service dans STS-web.")


def test_every_referential_check_ran_and_the_references_are_described(report):
    assert not [n for n in report.data["not_run"] if n["code"][0] in "ST"]
    assert [n["code"] for n in report.data["not_run"] if n["code"][0] == "C"] == []
    assert [(r["kind"], r["uai"], r["annee"], r["date_export"], r["encoding"]) for r in report.data["references"]] == [
        ("siecle_eleves", "0382032C", 2015, "2016-06-01T08:00:00", "ISO-8859-15"),
        ("nomenclature", "0382032C", 2015, "2016-06-01T08:00:00", "ISO-8859-15"),
        ("sts", "0382032C", 2015, None, "UTF-8")]
    assert (report.data["target_year"], report.data["year_source"]) == (2015, "references")


def test_the_bilan_rejected_by_s2_s3_and_the_alerts_of_t2_t8_are_counted_once_per_bilan(report):
    rejected = {(o["eleve"], o["periode"]) for code in ("S2", "S3") for o in report.message(code)["occurrences"]}
    assert rejected == {("Grenelle Victor", "Trimestre 3 2015-2016")}
    assert report.counts["periodiques"]["traites"] == 5 and report.counts["cycle"]["traites"] == 3


def test_zipped_references_give_the_same_findings(sample_10, shared, tmp_path, report):
    paths = []
    for name in (ELEVES, NOMENCLATURE, STS):
        path = tmp_path / f"ExportXML_{name[:-4]}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(shared / "samples" / name, name)
        paths.append(path)
    zipped = lsucheck.check(sample_10, references=paths)
    assert rows(zipped) == rows(report)
    assert zipped.data["references"][0]["name"] == f"ExportXML_{ELEVES[:-4]}.zip › {ELEVES}"


def test_references_of_another_school_and_year_are_set_aside_by_c8(sample_10, shared):
    # issue 10: such files are set aside (C8, first, once each); S9/T7 no longer repeat them
    samples = shared / "samples"
    report = lsucheck.check(sample_10, references=[samples / "betagouv__dossiersco__Nomenclature-2019-20.xml",
                                                   samples / "yuntux__klepsydrix__sts_emp_0750001A_2026.xml"])
    alone = lsucheck.check(sample_10)
    assert report.codes()[0] == "C8" and "S9" not in report.codes() and "T7" not in report.codes()
    nomenclature, sts = report.details("C8")
    assert nomenclature.startswith("L'export SIECLE Nomenclature « betagouv__dossiersco__Nomenclature-2019-20.xml » "
                                   "n'est pas utilisé : il est celui de l'établissement ")
    assert report.details("C8")[1].startswith(
        "L'export STS-web « yuntux__klepsydrix__sts_emp_0750001A_2026.xml » n'est pas utilisé : il est celui de "
        "l'établissement 0750001A, alors que le fichier LSU est celui de 0382032C.")
    assert (report.verdict, report.counts) == (alone.verdict, alone.counts)
