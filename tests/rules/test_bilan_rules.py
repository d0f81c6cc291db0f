"""Business rules from the file alone (FORMAT.md §6.2, B1–B16): one failing and one passing case
per rule, exact French messages.

Every case starts from ``tests/fixtures/valid/college_propre_2025.xml`` (a small, fictitious,
XSD-valid collège for 2025-2026 with no B finding) and plants one defect by an explicit text edit.
"""
from __future__ import annotations

import pytest

from functools import partial

import lsucheck
from lsucheck.findings import Level
from lsucheck import calendar
from lsucheck.rules import bilan

from ..conftest import FIXTURES, NOW
from ..conftest import check as shared_check

CLEAN = (FIXTURES / "valid" / "college_propre_2025.xml").read_bytes()


def planted(*edits: tuple[str, str], data: bytes = CLEAN) -> bytes:
    """The clean school with each (old, new) text edit applied; ``old`` must occur exactly once."""
    text = data.decode("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"the fixture must contain {old!r} exactly once"
        text = text.replace(old, new)
    return text.encode("utf-8")


check = partial(shared_check, name="import_lsu_20251215103000.xml")


def b_codes(report) -> list[str]:
    return sorted({c for c in report.codes() if c.startswith("B")})


def b_rows(report, keys=("code", "detail")) -> list[list]:
    """The report's occurrences of B findings only (structure checks may add an F3 advice on 10.0)."""
    rows = report.flatten(("code",) + tuple(keys))
    return [row[1:] for row in rows if row[0].startswith("B")]


# ---- the clean school ---------------------------------------------------------------------------
def test_the_clean_school_gives_no_bilan_finding_and_imports_with_success():
    report = check(CLEAN)
    assert b_codes(report) == []
    assert report.verdict == "succes"
    assert report.counts["periodiques"]["succes"] == 3 and report.counts["cycle"]["succes"] == 2
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "fichier")


# ---- B1 -----------------------------------------------------------------------------------------
def test_b1_a_reference_to_the_wrong_kind_of_element_rejects_the_bilan():
    report = check(planted(('eleve-ref="EL_2" periode-ref="P_1"', 'eleve-ref="P_1" periode-ref="P_1"')))
    assert report.details("B1") == ["La référence « P_1 » (élève) désigne une période au lieu d'un élève."]
    message = report.message("B1")
    assert message["level"] == "BILAN" and message["occurrences"][0]["bilans"] == 1
    assert report.counts["periodiques"]["rejetes"] == 1


def test_b1_names_each_wrong_reference_of_a_list():
    report = check(planted(('enseignant-refs="ENS_5" moyenne-eleve="16"', 'enseignant-refs="ENS_5 DI_FR" moyenne-eleve="16"')))
    assert report.details("B1") == ["La référence « DI_FR » (enseignants) désigne une discipline au lieu "
                                    "d'un enseignant."]
    assert report.message("B1")["occurrences"][0]["eleve"] == "PETIT Inès"


def test_b1_passes_when_every_reference_points_to_its_kind():
    assert "B1" not in check(CLEAN).codes()


# ---- B2 -----------------------------------------------------------------------------------------
def test_b2_a_positionnement_in_a_class_evaluated_by_grades_is_an_alert():
    report = check(planted(('element-programme-refs="EP_2" moyenne-eleve="13"',
                            'element-programme-refs="EP_2" positionnement="3"')))
    assert report.details("B2") == [
        "En Mathématiques (061300), l'élève est évalué par un positionnement alors que la classe 6 A l'est "
        "par des moyennes sur cette période : le LSU n'accepte qu'un seul mode d'évaluation par classe."]
    occurrence = report.message("B2")["occurrences"][0]
    assert (occurrence["eleve"], occurrence["division"], occurrence["discipline"]) == (
        "BERNARD Hugo", "6 A", "Mathématiques (061300)")
    assert report.verdict == "alertes"


def test_b2_passes_for_a_mixed_acquis_and_for_two_classes_with_different_modes():
    both = planted(('element-programme-refs="EP_2" moyenne-eleve="13"',
                    'element-programme-refs="EP_2" moyenne-eleve="13" positionnement="3"'))
    other_class = planted(('enseignant-refs="ENS_5" moyenne-eleve="16"', 'enseignant-refs="ENS_5" positionnement="4"'),
                          ('enseignant-refs="ENS_1" moyenne-eleve="12"', 'enseignant-refs="ENS_1" positionnement="3"'))
    assert "B2" not in check(both).codes()
    assert "B2" not in check(other_class).codes()


# ---- B3 -----------------------------------------------------------------------------------------
def test_b3_a_discipline_without_grade_positionnement_or_statut_is_an_alert():
    report = check(planted(('element-programme-refs="EP_2" moyenne-eleve="11"', 'element-programme-refs="EP_2"')))
    assert report.details("B3") == ["Aucune moyenne, aucun positionnement ni aucun statut (non noté, en attente, "
                                    "dispensé) n'est donné en Mathématiques (061300)."]
    assert report.message("B3")["level"] == "ALERTE"


def test_b3_passes_when_a_statut_stands_in_for_the_grade():
    # EL_2's EPS and EL_3's English carry statut-evaluation-eleve="3" and no moyenne-eleve
    assert "B3" not in check(CLEAN).codes()


# ---- B4 -----------------------------------------------------------------------------------------
def test_b4_a_missing_appreciation_is_an_alert():
    report = check(planted(("<appreciation>Bon travail.</appreciation>", "")))
    assert report.details("B4") == ["Il manque l'appréciation du professeur en Mathématiques (061300)."]
    assert report.verdict == "alertes"


def test_b4_passes_when_every_acquis_has_an_appreciation():
    assert "B4" not in check(CLEAN).codes()


# ---- B5 -----------------------------------------------------------------------------------------
def test_b5_a_conseil_before_the_scolarite_date_is_advice_only():
    report = check(planted(('eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-12-08"',
                            'eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-08-30"')))
    assert report.details("B5") == ["La date du conseil de classe (30/08/2025) est antérieure à la date de "
                                    "scolarité (01/09/2025)."]
    assert report.message("B5")["level"] == "CONSEIL" and report.verdict == "succes"
    assert "B6" not in report.codes()


def test_b5_passes_when_the_conseil_follows_the_scolarite_date():
    assert "B5" not in check(CLEAN).codes()


# ---- B6 -----------------------------------------------------------------------------------------
def test_b6_a_date_outside_the_school_year_rejects_the_bilan():
    report = check(planted(('date-conseil-classe="2025-12-09"', 'date-conseil-classe="2026-08-01"'),
                           ('eleve-ref="EL_1" cycle="3" millesime="2025" date-creation="2025-12-10"',
                            'eleve-ref="EL_1" cycle="3" millesime="2025" date-creation="2025-07-31"')))
    assert report.details("B6") == [
        "La date du conseil de classe (01/08/2026) est en dehors de l'année scolaire 2025-2026 "
        "(du 01/08/2025 au 31/07/2026).",
        "La date de création du bilan de fin de cycle (31/07/2025) est en dehors de l'année scolaire 2025-2026 "
        "(du 01/08/2025 au 31/07/2026)."]
    assert report.message("B6")["label"] == "Année scolaire incohérente"
    assert report.counts["periodiques"]["rejetes"] == 1 and report.counts["cycle"]["rejetes"] == 1
    assert report.verdict == "rejets_partiels"


def test_b6_passes_on_the_first_and_last_days_of_the_school_year():
    report = check(planted(('date-conseil-classe="2025-12-09"', 'date-conseil-classe="2026-07-31"'),
                           ('eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-12-08" date-scolarite="2025-09-01"',
                            'eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-12-08" date-scolarite="2025-08-01"')))
    assert "B6" not in report.codes()


# ---- B7 and the target school year -----------------------------------------------------------------
def test_b7_a_millesime_other_than_the_target_year_rejects_the_bilans_that_use_it():
    report = check(planted(('eleve-ref="EL_1" cycle="3" millesime="2025"', 'eleve-ref="EL_1" cycle="3" millesime="2024"')))
    assert report.details("B7") == [
        "Le bilan de fin de cycle a le millésime 2024 (2024-2025) alors que le fichier est vérifié pour l'année "
        "scolaire 2025-2026 (l'année de la plupart des millésimes du fichier)."]
    assert report.message("B7")["label"] == "Année scolaire incohérente"
    assert report.counts["cycle"]["rejetes"] == 1


def test_b7_a_periode_of_another_year_counts_against_every_bilan_of_that_periode():
    report = check(CLEAN.replace(b'millesime="2025" indice="1"', b'millesime="2024" indice="1"'), annee=2025)
    assert report.details("B7") == [
        "La période a le millésime 2024 (2024-2025) alors que le fichier est vérifié pour l'année scolaire "
        "2025-2026 (l'année demandée)."]
    assert report.message("B7")["occurrences"][0]["bilans"] == 3
    assert report.counts["periodiques"]["rejetes"] == 3


def test_b7_passes_when_every_millesime_is_the_target_year():
    assert "B7" not in check(CLEAN).codes()


def test_the_option_annee_2025_means_2025_2026_and_wins_over_the_file():
    report = check(CLEAN, annee=2025)
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "option")
    assert b_codes(report) == []
    report = check(CLEAN, annee="2025-2026")
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "option")


def test_checking_for_another_year_than_asked_rejects_and_advises():
    report = check(CLEAN, annee=2024)
    assert (report.data["target_year"], report.data["year_source"]) == (2024, "option")
    rejects = [d for d in report.details("B7")]
    assert rejects == [
        "La période a le millésime 2025 (2025-2026) alors que le fichier est vérifié pour l'année scolaire "
        "2024-2025 (l'année demandée).",
        "Le bilan de fin de cycle a le millésime 2025 (2025-2026) alors que le fichier est vérifié pour l'année "
        "scolaire 2024-2025 (l'année demandée).",
        "Le bilan de fin de cycle a le millésime 2025 (2025-2026) alors que le fichier est vérifié pour l'année "
        "scolaire 2024-2025 (l'année demandée)."]
    advice = [m for m in report.messages if m["code"] == "B17" and m["level"] == "CONSEIL"]
    assert [o["detail"] for o in advice[0]["occurrences"]] == [
        "Le fichier est vérifié pour l'année scolaire 2024-2025 alors que nous sommes le 15/12/2025 (année "
        "scolaire 2025-2026) : le LSU n'accepte que les bilans de l'année scolaire en cours."]
    assert report.verdict == "rejete"  # every bilan is of another year than the one asked


def test_a_clock_in_another_school_year_only_advises_and_never_rejects():
    from datetime import datetime, timezone
    report = check(CLEAN, now=datetime(2026, 9, 10, 8, 0, tzinfo=timezone.utc))
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "fichier")
    assert b_rows(report, ("code", "level", "detail")) == [[
        "B17", "CONSEIL", "Le fichier est vérifié pour l'année scolaire 2025-2026 alors que nous sommes le "
        "10/09/2026 (année scolaire 2026-2027) : le LSU n'accepte que les bilans de l'année scolaire en cours."]]
    assert report.verdict == "succes"


@pytest.mark.parametrize("day, year", [((2026, 7, 31), 2025), ((2026, 8, 1), 2026), ((2025, 12, 15), 2025),
                                       ((2026, 1, 5), 2025)])
def test_a_school_year_runs_from_1_august_to_31_july(day, year):
    from datetime import date
    assert calendar.school_year_of(date(*day)) == year
    assert calendar.school_year_bounds(2025) == (date(2025, 8, 1), date(2026, 7, 31))


def test_the_reference_files_year_comes_before_the_file_millesimes():
    from lsucheck import engine
    from lsucheck.model import LsuDocument
    from lsucheck.parsing import Source, parse

    doc = LsuDocument(parse(Source.from_bytes(CLEAN)))
    ref = engine.Input(source=Source.from_bytes(b"<x/>", "ElevesSansAdresses.xml"), meta={"annee": "2024"})
    options = lsucheck.Options(now=NOW)
    assert engine.decide_target_year(doc, [ref], options) == (2024, "references")
    assert engine.decide_target_year(doc, [ref], lsucheck.Options(annee=2025)) == (2025, "option")
    assert engine.decide_target_year(doc, [], options) == (2025, "fichier")
    with pytest.raises(ValueError, match="^Année scolaire « pas une année » non reconnue"):
        lsucheck.Options(annee="pas une année")   # refused, never ignored (issue 10)


# ---- B8 -----------------------------------------------------------------------------------------
def test_b8_an_indice_beyond_the_number_of_periodes_is_an_alert():
    report = check(planted(('indice="1" nb-periodes="3"', 'indice="4" nb-periodes="3"')))
    assert report.details("B8") == ["La période a l'indice 4 alors que l'année compte 3 périodes : l'indice va "
                                    "de 1 à 3."]
    assert report.message("B8")["occurrences"][0]["bilans"] == 3


def test_b8_an_implausible_number_of_periodes_is_an_alert():
    report = check(planted(('indice="1" nb-periodes="3"', 'indice="1" nb-periodes="8"')))
    assert report.details("B8") == [
        "Le nombre de périodes de l'année (8) n'est pas plausible : on attend 3 (trimestres) ou 2 (semestres).",
        # 3 B is a 3e (its pupil has a bilan de fin de cycle 4) and shares that période
        "Depuis l'année 2025-2026 (brevet 2026), les bilans de 3e sont trimestriels ou semestriels : la classe "
        "3 B a une année en 8 périodes."]


def test_b8_a_3e_class_must_be_trimestrielle_or_semestrielle_from_2025_2026():
    report = check(planted(('<periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>',
                            '<periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>\n'
                            '      <periode id="P_Q" millesime="2025" indice="1" nb-periodes="4"/>'),
                           ('eleve-ref="EL_3" periode-ref="P_1"', 'eleve-ref="EL_3" periode-ref="P_Q"')))
    assert report.details("B8") == ["Depuis l'année 2025-2026 (brevet 2026), les bilans de 3e sont trimestriels "
                                    "ou semestriels : la classe 3 B a une année en 4 périodes."]
    assert report.message("B8")["occurrences"][0]["eleve"] == "PETIT Inès"


def test_b8_pupils_of_one_class_share_one_periodicity():
    report = check(planted(('<periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>',
                            '<periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>\n'
                            '      <periode id="P_S" millesime="2025" indice="1" nb-periodes="2"/>'),
                           ('eleve-ref="EL_2" periode-ref="P_1"', 'eleve-ref="EL_2" periode-ref="P_S"')))
    assert b_rows(report, ("code", "eleve", "detail")) == [
        ["B8", "MARTIN Léa", "Ce bilan est en trimestres alors que d'autres bilans de la classe 6 A sont en "
                             "semestres : tous les élèves d'une classe ont la même périodicité."],
        ["B8", "BERNARD Hugo", "Ce bilan est en semestres alors que d'autres bilans de la classe 6 A sont en "
                               "trimestres : tous les élèves d'une classe ont la même périodicité."]]


def test_b8_passes_for_a_class_in_trimestres():
    assert "B8" not in check(CLEAN).codes()


# ---- B9 -----------------------------------------------------------------------------------------
def test_b9_an_unknown_epi_thematique_rejects_every_bilan_of_that_epi():
    report = check(planted(('thematique="EPI_STS"', 'thematique="EPI_XYZ"')))
    assert report.details("B9") == ["L'EPI « Les énergies » a la thématique « EPI_XYZ », qui n'est ni une "
                                    "thématique nationale ni une thématique déclarée dans le fichier."]
    assert report.message("B9")["occurrences"][0]["bilans"] == 1
    assert report.counts["periodiques"]["rejetes"] == 1


def test_b9_passes_for_a_thematique_declared_in_the_file():
    report = check(planted(('thematique="EPI_STS"', 'thematique="EPI_XYZ"'),
                           ("<epis>", '<epis-thematiques>\n      <epi-thematique code="EPI_XYZ" '
                                      'libelle="Thématique de l\'établissement"/>\n    </epis-thematiques>\n    <epis>')))
    assert "B9" not in report.codes()


# ---- B10 ----------------------------------------------------------------------------------------
def test_b10_an_epi_of_a_single_matiere_is_an_alert():
    report = check(planted(('code="062300" modalite-election="S"', 'code="070800" modalite-election="O"')))
    assert report.details("B10") == ["L'EPI « Les énergies » ne réunit qu'une seule discipline (Technologie)."]
    assert report.message("B10")["occurrences"][0]["bilans"] == 1
    assert report.verdict == "alertes"


def test_b10_an_epi_teacher_outside_the_epi_disciplines_is_an_alert():
    report = check(planted(('enseignant-ref="ENS_6" discipline-ref="DI_PC"', 'enseignant-ref="ENS_6" discipline-ref="DI_FR"')))
    assert report.details("B10") == ["Le groupe « Les énergies, 3 B » associe M. FAURE Marc (id STS 1006) à "
                                     "Français (020700), qui ne fait pas partie des disciplines de l'EPI « Les "
                                     "énergies »."]
    occurrence = report.message("B10")["occurrences"][0]
    assert (occurrence["enseignant"], occurrence["bilans"]) == ("M. FAURE Marc (id STS 1006)", 1)


def test_b10_passes_for_an_epi_of_two_matieres_taught_by_its_group():
    assert "B10" not in check(CLEAN).codes()


# ---- B11 ----------------------------------------------------------------------------------------
def test_b11_empty_competences_numeriques_are_an_alert():
    report = check(planted(('<competences-numeriques comp-num-commun-refs="CNC_1"/>', "<competences-numeriques/>")))
    assert report.details("B11") == ["Les compétences numériques de ce bilan sont vides : il faut une appréciation "
                                     "pour l'élève, une appréciation commune ou au moins une compétence évaluée."]
    assert report.message("B11")["occurrences"][0]["eleve"] == "BERNARD Hugo"


def test_b11_passes_with_a_competence_or_a_non_empty_commun():
    assert "B11" not in check(CLEAN).codes()


# ---- B12 ----------------------------------------------------------------------------------------
def test_b12_an_enseignement_de_complement_in_a_cycle_3_bilan_is_an_alert():
    report = check(planted(("<synthese>Acquis solides en fin de cycle 3.</synthese>",
                            '<synthese>Acquis solides en fin de cycle 3.</synthese>\n'
                            '        <enseignement-complement code="LCA" positionnement="1"/>\n'
                            '        <langue-culture-regionale code="AUC"/>')))
    assert report.details("B12") == [
        "L'enseignement de complément « Langues et cultures de l'Antiquité » (LCA) n'a sa place que dans un "
        "bilan de fin de cycle 4, pas de cycle 3.",
        "La langue et culture régionale « Aucune » (AUC) n'a sa place que dans un bilan de fin de cycle 4, pas "
        "de cycle 3."]


def test_b12_competences_numeriques_in_a_3e_class_are_an_alert():
    report = check(planted(("<epis-eleve>", '<competences-numeriques>\n          <competence-num code="CN_INF_MEN" '
                                            'niveau="1"/>\n        </competences-numeriques>\n        <epis-eleve>')))
    assert report.details("B12") == ["Les compétences numériques ne concernent que le cycle 3 (6e) : la classe 3 B "
                                     "a des bilans de fin de cycle 4 (3e)."]


def test_b12_one_class_cannot_have_bilans_of_cycle_3_and_of_cycle_4():
    report = check(planted(('eleve-ref="EL_3" cycle="4"', 'eleve-ref="EL_2" cycle="4"'),
                           ('<enseignement-complement code="LCA" positionnement="1"/>\n'
                            '        <langue-culture-regionale code="BRE" positionnement="2"/>', '')))
    assert b_rows(report, ("code", "eleve", "detail")) == [
        ["B12", "MARTIN Léa", "La classe 6 A a des bilans de fin de cycle 3 et de cycle 4 : un bilan de cycle 3 se "
                              "fait en 6e, un bilan de cycle 4 en 3e."],
        ["B12", "BERNARD Hugo", "La classe 6 A a des bilans de fin de cycle 3 et de cycle 4 : un bilan de cycle 3 "
                                "se fait en 6e, un bilan de cycle 4 en 3e."]]


def test_b12_passes_when_each_element_sits_in_its_cycle():
    assert "B12" not in check(CLEAN).codes()


# ---- B13 ----------------------------------------------------------------------------------------
def test_b13_a_parcours_commun_of_a_class_without_pupils_is_an_alert():
    report = check(planted(('<parcours-commun periode-ref="P_1" code-division="6 A">',
                            '<parcours-commun periode-ref="P_1" code-division="6 C">')))
    assert report.details("B13") == ["Le parcours commun est rattaché à la classe « 6 C », qui n'est la classe "
                                     "d'aucun élève du fichier."]
    occurrence = report.message("B13")["occurrences"][0]
    assert (occurrence["division"], occurrence["bilans"]) == ("6 C", 0)


def test_b13_a_group_cannot_be_recognised_from_the_file_alone():
    report = check(planted(('code-structure="6 A" type-structure="D"', 'code-structure="6 A LATIN" type-structure="G"'),
                           ('<vie-scolaire-commun periode-ref="P_1" code-division="6 A">',
                            '<vie-scolaire-commun periode-ref="P_1" code-division="6A">')))
    assert report.details("B13") == [
        "L'appréciation commune de compétences numériques est rattachée au groupe « 6 A LATIN », que le fichier "
        "seul ne permet pas de reconnaître : vérifiez qu'il existe dans SIECLE ou STS-web.",
        "Le commentaire de vie scolaire commun est rattaché à la classe « 6A », qui n'est la classe d'aucun "
        "élève du fichier."]
    assert report.message("B13")["occurrences"][0]["bilans"] == 2  # the two bilans that use CNC_1


def test_b13_passes_when_communs_name_a_class_of_the_file():
    assert "B13" not in check(CLEAN).codes()


# ---- B14 ----------------------------------------------------------------------------------------
def test_b14_a_bilan_without_professeur_principal_is_an_alert():
    report = check(planted(('date-creation="2025-12-10" responsable-etab-ref="RESP_1" prof-princ-refs="ENS_4"',
                            'date-creation="2025-12-10" responsable-etab-ref="RESP_1"'),
                           ('date-conseil-classe="2025-12-09" date-scolarite="2025-09-01" responsable-etab-ref="RESP_1" '
                            'prof-princ-refs="ENS_4"',
                            'date-conseil-classe="2025-12-09" date-scolarite="2025-09-01" responsable-etab-ref="RESP_1" '
                            'prof-princ-refs=""')))
    assert b_rows(report, ("code", "periode", "detail")) == [
        ["B14", "Trimestre 1 2025-2026", "Aucun professeur principal n'est indiqué dans ce bilan."],
        ["B14", "Fin de cycle 4 2025-2026", "Aucun professeur principal n'est indiqué dans ce bilan."]]


def test_b14_passes_when_every_bilan_names_its_professeur_principal():
    assert "B14" not in check(CLEAN).codes()


# ---- B15 ----------------------------------------------------------------------------------------
def test_b15_an_enseignement_de_complement_without_positionnement_is_an_alert():
    report = check(planted(('<enseignement-complement code="LCA" positionnement="1"/>',
                            '<enseignement-complement code="LCA"/>')))
    assert report.details("B15") == ["L'enseignement de complément « Langues et cultures de l'Antiquité » (LCA) n'a "
                                     "pas de positionnement : indiquez « objectif atteint » (1) ou « objectif "
                                     "dépassé » (2)."]


def test_b15_passes_for_aucun_without_positionnement():
    report = check(planted(('<enseignement-complement code="LCA" positionnement="1"/>',
                            '<enseignement-complement code="AUC"/>')))
    assert "B15" not in report.codes()


# ---- B16 ----------------------------------------------------------------------------------------
def test_b16_a_dispense_on_a_socle_domaine_not_allowed_rejects_the_bilan():
    report = check(planted(('<domaine code="CPD_FRA" positionnement="3"/>\n          <domaine code="CPD_ETR" '
                            'positionnement="0"/>', '<domaine code="CPD_FRA" positionnement="0"/>\n          '
                            '<domaine code="CPD_ETR" positionnement="0"/>')))
    assert report.details("B16") == [
        "Le domaine du socle « Langue française » (CPD_FRA) est positionné « dispensé » (0), ce que le LSU "
        "n'accepte que pour les langues étrangères et régionales (CPD_ETR) et les langages des arts et du corps "
        "(CPD_ART)."]
    assert report.message("B16")["label"] == "Dispenses non autorisées"
    assert report.counts["cycle"]["rejetes"] == 1


def test_b16_a_dispense_in_a_discipline_not_allowed_rejects_the_bilan():
    report = check(planted(('element-programme-refs="EP_2" moyenne-eleve="11"',
                            'element-programme-refs="EP_2" statut-evaluation-eleve="3"')))
    assert report.details("B16") == ["L'élève est dispensé en Mathématiques (061300), ce que le LSU n'accepte "
                                     "qu'en EPS et en langues vivantes."]
    assert report.counts["periodiques"]["rejetes"] == 1


def test_b16_passes_for_eps_lv_cpd_etr_and_an_academic_eps_code():
    # clean: EPS (100100) and English (030201) dispensés, CPD_ETR positionné 0
    assert "B16" not in check(CLEAN).codes()
    academic = planted(('code="100100" modalite-election="S" libelle="EPS"',
                        'code="100A00" code-national="100100" modalite-election="S" libelle="EPS"'))
    assert "B16" not in check(academic).codes()


def test_b16_allowed_list_is_data(monkeypatch):
    data = planted(('element-programme-refs="EP_2" moyenne-eleve="11"',
                    'element-programme-refs="EP_2" statut-evaluation-eleve="3"'))
    conf = dict(bilan.policy())
    conf["b16"] = dict(conf["b16"], disciplines=["100100", "061300"])
    monkeypatch.setattr(bilan, "policy", lambda: conf)
    assert "B16" not in check(data).codes()


# ---- levels come from the catalogue -----------------------------------------------------------------
def test_levels_come_from_the_catalogue_with_the_seed_levels_for_annee_and_dispenses():
    cat = lsucheck.load_catalogue()
    assert {c: cat[c].level for c in ("B6", "B7", "B16")} == {c: Level.BILAN for c in ("B6", "B7", "B16")}
    assert {cat[c].level_source for c in ("B6", "B7", "B16")} == {"seed"}
    assert cat["B5"].level is Level.CONSEIL and cat["B1"].level is Level.BILAN and cat["B9"].level is Level.BILAN
    assert all(cat[f"B{i}"].level is Level.ALERTE for i in (2, 3, 4, 8, 10, 11, 12, 13, 14, 15))


def b13_with_references(data: bytes, **refs) -> list[str]:
    from lsucheck.model import LsuDocument
    from lsucheck.parsing import Source, parse
    from lsucheck.rules import CheckContext

    ctx = CheckContext(doc=LsuDocument(parse(Source.from_bytes(data))), refs=refs)
    return [f.message for f in bilan.communs_concern_some_pupil(ctx)]


def test_b13_a_group_known_to_siecle_or_sts_passes_and_an_unknown_one_is_named():
    from types import SimpleNamespace
    data = planted(('code-structure="6 A" type-structure="D"', 'code-structure="6 A LATIN" type-structure="G"'))
    siecle = SimpleNamespace(divisions={"6 A", "3 B"}, groupes={"6 A LATIN"})
    sts = SimpleNamespace(divisions={"6 A": None, "3 B": None}, groupes={"3 B GREC": None})
    assert b13_with_references(data, siecle_eleves=siecle) == []
    assert b13_with_references(data, sts=sts) == [
        "L'appréciation commune de compétences numériques est rattachée au groupe « 6 A LATIN », qui n'existe "
        "pas dans STS-web."]
    assert b13_with_references(data, siecle_eleves=SimpleNamespace(divisions=set(), groupes=set()), sts=sts) == [
        "L'appréciation commune de compétences numériques est rattachée au groupe « 6 A LATIN », qui n'existe "
        "ni dans SIECLE ni dans STS-web."]


def test_the_command_line_annee_2025_2026_is_the_target_year(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from ..conftest import ROOT

    path = tmp_path / "import_lsu.xml"
    path.write_bytes(CLEAN)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py"), PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-m", "lsucheck", str(path), "--annee", "2024-2025", "--format", "json"],
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    report = json.loads(run.stdout)
    assert (report["target_year"], report["year_source"]) == (2024, "option")
    rejected = [o["detail"] for m in report["messages"] if m["code"] == "B7" and m["level"] == "BILAN"
                for o in m["occurrences"]]
    assert rejected[0] == ("La période a le millésime 2025 (2025-2026) alors que le fichier est vérifié pour "
                           "l'année scolaire 2024-2025 (l'année demandée).")
    assert run.returncode == 1


# ---- a missing code is said as such, never « None » or « ? » -----------------------------------
def test_b12_an_element_without_code_in_a_cycle_3_bilan_is_said_without_code():
    report = check(planted(("<synthese>Acquis solides en fin de cycle 3.</synthese>",
                            '<synthese>Acquis solides en fin de cycle 3.</synthese>\n'
                            '        <enseignement-complement positionnement="1"/>\n'
                            '        <langue-culture-regionale/>')))
    assert report.details("B12") == [
        "L'enseignement de complément sans code n'a sa place que dans un bilan de fin de cycle 4, pas de cycle 3.",
        "La langue et culture régionale sans code n'a sa place que dans un bilan de fin de cycle 4, pas de cycle 3."]


def test_b16_a_dispensed_socle_domaine_without_code_is_said_non_indique():
    report = check(planted(('<domaine code="CPD_FRA" positionnement="3"/>\n          <domaine code="CPD_ETR" '
                            'positionnement="0"/>', '<domaine positionnement="0"/>\n          '
                            '<domaine code="CPD_ETR" positionnement="0"/>')))
    assert report.details("B16") == [
        "Le domaine du socle non indiqué (attribut code absent) est positionné « dispensé » (0), ce que le LSU "
        "n'accepte que pour les langues étrangères et régionales (CPD_ETR) et les langages des arts et du corps "
        "(CPD_ART)."]
