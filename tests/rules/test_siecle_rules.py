"""Checks against SIECLE (FORMAT.md §6.3, S1–S10): one failing and one passing generated case per
check, exact French messages, exact counts, levels and counters.

Every case is a generated collège (``lsucheck.generator``, seed 7: 8 divisions 6 A…3 B, 10 pupils
each, three trimestres 2025-2026, LV2 groups) checked with the four reference files written from
the same school (``generator/references.py``: ElevesSansAdresses, Nomenclature, Communs, sts_emp).
A planted fault (``plant(school, "S1")``) makes the LSU file and the references disagree the way
a real school's do, and records the findings a checker must report (``school.expected``).
"""
from __future__ import annotations

import functools
import hashlib
import pickle
from collections import Counter
from datetime import timedelta

import pytest

import lsucheck
from lsucheck import recognise as rec
from lsucheck.generator import generate_school
from lsucheck.generator import references as gref
from lsucheck.generator.faults import plant

from ..conftest import NOW
from ..conftest import check as shared_check

ALL = ("siecle_eleves", "nomenclature", "communs", "sts")
FILE_KINDS = {"ElevesSansAdresses.xml": "siecle_eleves", "Nomenclature.xml": "nomenclature",
              "Communs.xml": "communs"}
S_CODES = [f"S{i}" for i in range(1, 11)]
T_CODES = [f"T{i}" for i in range(1, 9)]


# ---- helpers shared with test_sts_rules.py ------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _base(annee: int) -> bytes:
    """The generated collège of ``annee``, pickled once: each copy is one ``pickle.loads``
    (what ``School.copy`` does, without pickling the same school again for every test)."""
    school = generate_school(seed=7, annee=annee, nb_divisions_par_niveau=2, eleves_par_division=10)
    return pickle.dumps(school, pickle.HIGHEST_PROTOCOL)


def school_with(*codes: str, annee: int = 2025):
    """A fresh copy of the generated collège with the given faults planted."""
    school = pickle.loads(_base(annee))
    for code in codes:
        plant(school, code)
    return school


def kind_of(name: str) -> str:
    return FILE_KINDS.get(name, "sts")


#: {digest of the files and options: the pickled report}: many tests check the very same files
#: (the clean collège alone, about 30 times across the S, T and C modules); the check is pure, so
#: each distinct drop of files is checked once and every caller gets its own copy of the report
_REPORTS: dict[bytes, bytes] = {}


def check(school, kinds=ALL, files=None, **options) -> lsucheck.Report:
    """The school's LSU file checked with the reference files of ``kinds``."""
    files = files if files is not None else gref.reference_files(school)
    lsu, name = school.lsu_xml(), school.file_name
    references = [(data, ref) for ref, data in files.items() if kind_of(ref) in kinds]
    if options.get("now", NOW) is None:   # the real clock: not the same check twice
        return shared_check(lsu, name=name, references=references, inputs=True, **options)
    key = hashlib.sha256(repr((name, [ref for _, ref in references], sorted(options.items()))).encode())
    for data in (lsu, *(data for data, _ in references)):
        key.update(len(data).to_bytes(8, "big"))
        key.update(data)
    digest = key.digest()
    if digest not in _REPORTS:
        _REPORTS[digest] = pickle.dumps(
            shared_check(lsu, name=name, references=references, inputs=True, **options), pickle.HIGHEST_PROTOCOL)
    return pickle.loads(_REPORTS[digest])


def referential(report, families: str = "STC") -> Counter:
    """Occurrences per code of the S/T/C findings (F3 advises on every 10.0 file; B is issue 3's)."""
    return Counter({m["code"]: m["count"] for m in report.messages if m["code"][0] in families})


def expected(school) -> Counter:
    out = Counter()
    for e in school.expected:
        out[e.code] += e.count
    return +out


def only(report, code: str) -> dict:
    message = report.message(code)
    assert message is not None, f"{code} absent: {report.codes()}"
    return message


# ---- the clean school ------------------------------------------------------------------------------
def test_a_collège_and_its_own_exports_agree_so_every_s_check_runs_and_finds_nothing():
    report = check(school_with())
    assert referential(report) == Counter()
    assert not [n for n in report.data["not_run"] if n["code"][0] in "STC"]
    assert report.verdict == "succes"
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "references")
    assert [(r["kind"], r["name"], r["uai"], r["annee"]) for r in report.data["references"]] == [
        ("siecle_eleves", "ElevesSansAdresses.xml", "0999001W", 2025),
        ("nomenclature", "Nomenclature.xml", "0999001W", 2025),
        ("communs", "Communs.xml", "0999001W", 2025),
        ("sts", "sts_emp_0999001W_2025.xml", "0999001W", 2025)]


@pytest.mark.parametrize("code", S_CODES)
def test_each_s_check_passes_on_the_clean_collège(code):
    assert code not in check(school_with()).codes()


@pytest.mark.parametrize("code", S_CODES + ["C6"])
def test_each_planted_siecle_fault_gives_exactly_the_findings_it_records(code):
    school = school_with(code)
    assert referential(check(school)) == expected(school)


# ---- S1 ---------------------------------------------------------------------------------------------
def test_s1_a_pupil_siecle_does_not_know_rejects_each_of_their_bilans():
    school = school_with("S1")
    (eleve_id, true_id), = gref.overrides(school).siecle_id.items()
    pupil = school.eleve(eleve_id)
    report = check(school)
    message = only(report, "S1")
    assert (message["label"], message["level"], message["count"]) == ("Elève non scolarisé", "BILAN", 3)
    assert report.details("S1")[0] == (
        f"L'identifiant SIECLE « {pupil.id_be} » de l'élève n'existe pas dans l'export SIECLE des "
        f"élèves (ElevesSansAdresses.xml). SIECLE connaît un élève de même nom avec l'identifiant {true_id} : "
        "votre logiciel n'a sans doute pas récupéré le bon identifiant SIECLE.")
    occurrence = message["occurrences"][0]
    assert (occurrence["eleve"], occurrence["division"], occurrence["periode"]) == (
        f"{pupil.nom} {pupil.prenom}", pupil.division, "Trimestre 1 2025-2026")
    assert report.counts["periodiques"]["rejetes"] == 3 and report.verdict == "rejets_partiels"


def test_s1_says_when_the_id_be_looks_like_an_ine():
    school = school_with()
    pupil = school.eleves[0]
    gref.overrides(school).siecle_id[pupil.id] = pupil.id_be   # SIECLE keeps the ELEVE_ID
    pupil.id_be = "0123456789A"                                 # the software exported the INE
    assert "Cet identifiant ressemble à un INE : le LSU attend l'identifiant SIECLE ELEVE_ID, pas le numéro " \
           "national de l'élève." in check(school).details("S1")[0]


# ---- S2 ---------------------------------------------------------------------------------------------
def test_s2_a_pupil_who_left_before_the_date_scolarite_is_not_enrolled():
    school = school_with("S2")
    pupil = next(e for e in school.eleves if e.date_sortie)
    report = check(school)
    assert report.details("S2") == [
        f"La date de scolarité du bilan (01/03/2026) est postérieure à la sortie de l'élève "
        f"({pupil.date_sortie:%d/%m/%Y} d'après SIECLE) : il n'était plus inscrit dans l'établissement."]
    assert only(report, "S2")["occurrences"][0]["periode"] == "Trimestre 3 2025-2026"
    assert report.counts["periodiques"]["rejetes"] == 1


def test_s2_passes_when_the_pupil_left_after_the_last_date_scolarite():
    school = school_with()
    pupil = next(e for e in school.eleves if e.niveau == "5")
    last = max(b.date_scolarite for b in school.bilans_periodiques if b.eleve_ref == pupil.id)
    pupil.date_sortie = last
    assert "S2" not in check(school).codes()


def test_s2_a_bilan_de_fin_de_cycle_after_the_pupil_left_is_not_enrolled():
    school = school_with()
    bilan = school.bilans_cycle[0]
    pupil = school.eleve(bilan.eleve_ref)
    pupil.date_sortie = bilan.date_creation - timedelta(days=5)
    report = check(school)
    assert report.details("S2") == [
        f"D'après SIECLE, l'élève a quitté l'établissement le {pupil.date_sortie:%d/%m/%Y}, avant la date " \
           f"de création du bilan de fin de cycle ({bilan.date_creation:%d/%m/%Y})."]
    assert only(report, "S2")["occurrences"][0]["periode"] == f"Fin de cycle {bilan.cycle} 2025-2026"


# ---- S3 ---------------------------------------------------------------------------------------------
def test_s3_a_date_scolarite_before_the_pupils_year_start_from_communs_is_not_enrolled():
    report = check(school_with("S3"))
    assert report.details("S3") == [
        "La date de scolarité du bilan (29/08/2025) est antérieure au début de l'année scolaire des élèves "
        "(01/09/2025, d'après l'export SIECLE Communs)."]
    assert report.message("S3")["level"] == "BILAN"
    assert "S2" not in report.codes()   # the pupil has been in the school since an earlier year


def test_s3_takes_the_year_start_from_sts_without_communs_and_from_1_september_without_either():
    school = school_with("S3")
    assert check(school, kinds=("siecle_eleves", "sts")).details("S3")[0].endswith(
        "(01/09/2025, d'après STS-web).")
    assert check(school, kinds=("nomenclature",)).details("S3")[0].endswith(
        "(01/09/2025, 1er septembre, faute de l'export SIECLE Communs ou de STS-web pour la date exacte).")


def test_s3_passes_when_the_date_scolarite_is_the_rentree():
    assert "S3" not in check(school_with()).codes()


# ---- S4, S5 -----------------------------------------------------------------------------------------
def test_s4_a_renamed_division_is_not_found_and_the_nearest_siecle_division_is_suggested():
    school = school_with("S4")
    report = check(school)
    message = only(report, "S4")
    assert (message["label"], message["level"], message["count"]) == ("Classe non trouvée", "BILAN", 27)
    assert set(report.details("S4")) == {
        "La division « 4A » n'existe pas dans SIECLE ni dans STS-web. Division la plus proche : « 4 A » "
        "(espaces ou majuscules différents). D'après SIECLE, l'élève est en « 4 A »."}
    assert "T6" not in report.codes() and "T5" not in report.codes()   # one mistake, one message


def test_s4_checks_siecle_alone_when_sts_is_not_given():
    report = check(school_with("S4"), kinds=("siecle_eleves",))
    assert report.details("S4")[0].startswith("La division « 4A » n'existe pas dans SIECLE. Division")


def test_s5_a_pupil_siecle_places_in_another_division_is_one_alert_on_all_their_bilans():
    school = school_with("S5")
    (eleve_id, other), = gref.overrides(school).siecle_division.items()
    pupil = school.eleve(eleve_id)
    report = check(school)
    assert report.details("S5") == [
        f"L'élève est en « {pupil.division} » dans le fichier, mais en « {other} » dans SIECLE. S'il a changé "
        "de classe, exportez les bilans de son ancienne classe et ceux de la nouvelle dans des fichiers séparés."]
    occurrence = only(report, "S5")["occurrences"][0]
    assert (occurrence["eleve"], occurrence["bilans"]) == (f"{pupil.nom} {pupil.prenom}", 3)
    assert report.counts["periodiques"]["alertes"] == 3


def test_s5_passes_when_the_pupil_is_in_the_same_division_in_siecle():
    assert "S5" not in check(school_with()).codes()


# ---- S6, S7, S8 --------------------------------------------------------------------------------------
def test_s6_a_modalite_the_programme_does_not_have_is_hors_programme_and_the_right_one_is_named():
    report = check(school_with("S6"))
    message = only(report, "S6")
    assert (message["label"], message["level"]) == ("Enseignements hors programme", "ALERTE")
    assert report.details("S6") == [
        "La discipline « Français » (020700), modalité X – mesure specifique, ne fait pas partie du programme du "
        "MEF 10010012110 (6ème) de l'élève dans la Nomenclature SIECLE. Le programme la prévoit avec la "
        "modalité S : corrigez la modalité d'élection dans votre logiciel."]
    assert message["occurrences"][0]["discipline"] == "Français (020700)"


def test_s6_needs_the_pupils_mef_from_the_eleves_export_and_the_nomenclature():
    report = check(school_with("S6"), kinds=("nomenclature",))
    reasons = {n["code"]: n["reason"] for n in report.data["not_run"]}
    assert reasons["S6"] == ("Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml).")
    report = check(school_with("S6"), kinds=("siecle_eleves",))
    assert {n["code"]: n["reason"] for n in report.data["not_run"]}["S6"] == (
        "Il faut l'export SIECLE Nomenclature (Nomenclature.xml).")


def test_s6_accepts_an_academic_code_whose_code_national_is_in_the_programme():
    school = school_with()
    eps = school.discipline_by_code("100100")
    eps.code, eps.code_national = "100A00", "100100"
    report = check(school, kinds=("siecle_eleves", "nomenclature"))
    assert "S6" not in report.codes() and "S7" not in report.codes()


def test_s6_accepts_a_programme_row_with_a_zero_horaire():
    """Real Nomenclatures carry LV1/LV2 rows with HORAIRE 0.00 (decision in S.toml)."""
    school = school_with()
    files = gref.reference_files(school)
    files["Nomenclature.xml"] = files["Nomenclature.xml"].replace(b"<HORAIRE>3.00</HORAIRE>", b"<HORAIRE>0.00</HORAIRE>")
    assert "S6" not in check(school, files=files).codes()


def test_s7_a_fictitious_code_is_unknown_and_also_hors_programme_and_not_taught():
    school = school_with("S7")
    report = check(school)
    assert referential(report) == Counter({"S6": 1, "S7": 1, "T3": 1})
    assert report.details("S7") == [
        "Le code matière de la discipline « Atelier lecture » (999001) n'existe pas dans la Nomenclature SIECLE "
        "ni dans STS-web. C'est un code fictif, que certains logiciels donnent à une matière créée hors SIECLE : "
        "associez cette matière à son code SIECLE."]
    assert only(report, "S7")["occurrences"][0]["bilans"] == 1


def test_s7_passes_for_a_code_of_the_nomenclature():
    assert "S7" not in check(school_with(), kinds=("nomenclature",)).codes()


def test_s8_an_option_siecle_does_not_list_is_advice_only():
    report = check(school_with("S8"))
    assert report.details("S8") == [
        "La discipline « Anglais LV1 renforcé » (030201) est une option facultative (modalité F), mais SIECLE "
        "ne l'inscrit pas parmi les options de l'élève (SIECLE ne lui connaît aucune option)."]
    assert only(report, "S8")["level"] == "CONSEIL" and report.verdict == "succes"


def test_s8_passes_when_siecle_lists_the_option():
    school = school_with("S8")
    bilan = next(b for b in school.bilans_periodiques
                 if any(school.discipline(a.discipline_ref).modalite == "F" for a in b.acquis))
    school.eleve(bilan.eleve_ref).options.append(("030201", "F"))
    assert "S8" not in check(school).codes()


# ---- S9 -----------------------------------------------------------------------------------------------
def test_s9_a_nomenclature_of_last_year_is_set_aside_by_c8_not_named_twice():
    # issue 10: the file is set aside (C8, first message) and S9 does not repeat it
    report = check(school_with("S9"))
    assert report.codes()[0] == "C8" and "S9" not in report.codes()
    assert report.details("C8") == [
        "L'export SIECLE Nomenclature « Nomenclature.xml » n'est pas utilisé : il est de l'année scolaire "
        "2024-2025, alors que les bilans du fichier LSU sont de 2025-2026. Aucun contrôle croisé n'a été fait "
        "avec lui et il ne change rien au rapport. Téléchargez l'export de l'année en cours pour cet "
        "établissement (SIECLE, Base élèves établissement : Exploitation > Exports standard > Exports XML "
        "génériques > Nomenclatures (ExportXML_Nomenclature.zip)) et relancez la vérification."]
    assert report.data["target_year"] == 2025


def test_s9_an_export_of_another_school_is_set_aside_by_c8():
    school = school_with()
    files = gref.reference_files(school)
    files["ElevesSansAdresses.xml"] = files["ElevesSansAdresses.xml"].replace(b"<UAJ>0999001W</UAJ>",
                                                                              b"<UAJ>0382032C</UAJ>")
    report = check(school, files=files)
    assert "S9" not in report.codes()
    assert report.details("C8")[0].startswith(
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » n'est pas utilisé : il est celui de "
        "l'établissement 0382032C, alors que le fichier LSU est celui de 0999001W.")


def test_s9_passes_when_every_siecle_export_is_of_the_school_and_year():
    assert "S9" not in check(school_with()).codes()


# ---- S10 ----------------------------------------------------------------------------------------------
def test_s10_a_3e_bilan_without_a_compulsory_enseignement_is_an_alert_from_2025():
    school = school_with("S10")
    report = check(school)
    assert report.details("S10") == [
        "Enseignements obligatoires du MEF 10310019110 sans moyenne ni statut dans ce bilan de 3e : "
        "Arts plastiques (090100)."]
    assert only(report, "S10")["occurrences"][0]["division"].startswith("3 ")


def test_s10_is_silent_before_2025_2026():
    school = school_with("S10", annee=2024)
    assert school.expected[0].count == 0
    assert "S10" not in check(school).codes()


# ---- not run ---------------------------------------------------------------------------------------
def test_without_references_every_s_and_t_check_is_listed_as_not_run_with_the_file_it_needs():
    school = school_with()
    report = lsucheck.check(school.lsu_xml(), name=school.file_name, options=lsucheck.Options(now=NOW))
    reasons = {n["code"]: n["reason"] for n in report.data["not_run"]}
    eleves = "Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml)."
    assert {c: reasons[c] for c in ("S1", "S2", "S4", "S5", "S8", "C6")} == dict.fromkeys(
        ("S1", "S2", "S4", "S5", "S8", "C6"), eleves)
    assert reasons["S6"] == reasons["S10"] == ("Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml) et "
                                               "l'export SIECLE Nomenclature (Nomenclature.xml).")
    assert reasons["S7"] == "Il faut l'export SIECLE Nomenclature (Nomenclature.xml)."
    assert reasons["S3"] == reasons["S9"] == "Il faut au moins un fichier de référence SIECLE ou STS-web."
    for code in T_CODES:
        assert reasons[code] == "Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml).", code
    assert "C7" not in reasons and "C1" not in reasons and "C4" not in reasons


def test_with_sts_alone_the_siecle_checks_that_need_siecle_are_not_run():
    report = check(school_with(), kinds=("sts",))
    not_run = {n["code"] for n in report.data["not_run"]}
    assert not_run >= {"S1", "S2", "S4", "S5", "S6", "S7", "S8", "S10", "C6"}
    assert not not_run & {"S3", "S9", *T_CODES}


def test_a_referential_bilan_finding_changes_the_counters_and_a_conseil_does_not():
    school = school_with("S2", "S8")
    report = check(school)
    assert report.counts["periodiques"]["rejetes"] == 1
    assert report.counts["periodiques"]["alertes"] == 0
    assert rec.SIECLE_ELEVES in {r["kind"] for r in report.data["references"]}


def check_edited(school, edit, **options) -> lsucheck.Report:
    """The school's LSU file, changed by ``edit`` (text → text), checked with all its reference files."""
    xml = school.lsu_xml().decode("utf-8")
    changed = edit(xml)
    assert changed != xml
    inputs = [(changed.encode("utf-8"), school.file_name)]
    inputs += [(data, name) for name, data in gref.reference_files(school).items()]
    options.setdefault("now", NOW)
    return lsucheck.check_inputs(inputs, options=lsucheck.Options(**options))[0]


def test_s6_a_discipline_without_code_matiere_is_said_so_never_none():
    report = check_edited(school_with(), lambda x: x.replace('<discipline id="DI_030602" code="030602"',
                                                             '<discipline id="DI_030602"'))
    assert set(report.details("S6")) == {
        "La discipline « Espagnol LV2 » (sans code matière), modalité S – matiere enseignee en tronc commun, ne "
        "fait pas partie du programme du MEF 10110001110 (5ème) de l'élève dans la Nomenclature SIECLE. Sans code "
        "matière, elle ne correspond à aucune matière de la Nomenclature : indiquez son code matière SIECLE dans "
        "votre logiciel.",
        "La discipline « Espagnol LV2 » (sans code matière), modalité S – matiere enseignee en tronc commun, ne "
        "fait pas partie du programme du MEF 10210001110 (4ème) de l'élève dans la Nomenclature SIECLE. Sans code "
        "matière, elle ne correspond à aucune matière de la Nomenclature : indiquez son code matière SIECLE dans "
        "votre logiciel.",
        "La discipline « Espagnol LV2 » (sans code matière), modalité S – matiere enseignee en tronc commun, ne "
        "fait pas partie du programme du MEF 10310019110 (3ème) de l'élève dans la Nomenclature SIECLE. Sans code "
        "matière, elle ne correspond à aucune matière de la Nomenclature : indiquez son code matière SIECLE dans "
        "votre logiciel."}


@pytest.mark.parametrize("element,expected", [
    ({"libelle": "Espagnol LV2"}, "« Espagnol LV2 » (sans code matière)"),
    ({"libelle": "Espagnol LV2", "code-national": "030600"}, "« Espagnol LV2 » (sans code matière, code national 030600)"),
    ({"code": "030602"}, "« 030602 »"),
    ({}, "sans libellé, sans code matière"),
])
def test_a_discipline_is_named_without_none(element, expected):
    import xml.etree.ElementTree as ET
    from lsucheck.rules.siecle import discipline_name
    assert discipline_name(ET.Element("discipline", element)) == expected
