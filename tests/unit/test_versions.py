"""Versions as data (F3): each policy outcome, as the user reads it.

10.0 is checked fully; 11.0–13.0 are checked with the 10.0 rules and the
documented differences tolerated; 2.0…7.0, an unknown or a missing version reject the whole file
while its structure is still listed; an official XSD given by the user decides alone. Whatever the version, one that is not the
version the LSU probably requires for the target school year (13.0 from 2025-2026) gets F28 in
the verdict banner (ALERTE, nothing counted; FICHIER when the user sets it so).
Fixtures: tests/fixtures/valid/structure_minimal_10.0.xml and tests/fixtures/invalid/ (written for
lsucheck).
"""
from __future__ import annotations

from importlib import resources

import pytest

from functools import partial

import lsucheck
from lsucheck import versions

from ..conftest import FIXTURES, NOW
from ..conftest import check as shared_check

MINIMAL = FIXTURES / "valid" / "structure_minimal_10.0.xml"
OLD_7 = FIXTURES / "invalid" / "version_7.0_moyennes_en_texte.xml"
ACC_PERSOS = ("    <bilans-periodiques>",
              '    <acc-persos>\n      <acc-perso id="AP_1" intitule="Méthodologie" discipline-refs="DI_FR"/>\n'
              '    </acc-persos>\n    <bilans-periodiques>')
MOYENNES_ANNUELLES = ("    <bilans-cycle>",
                      '    <moyennes-annuelles><moyenne-annuelle eleve-ref="EL_1" valeur="14.123456789"/>'
                      '</moyennes-annuelles>\n    <bilans-cycle>')
BAD_POSITIONNEMENT = ('moyenne-eleve="9.75"', 'moyenne-eleve="9.75" positionnement="5"')
TOLERATED_13 = (
    "Le fichier est en version 13.0 du format LSU, dont le schéma officiel n'est pas public : lsucheck a "
    "vérifié sa structure avec les règles de la version 10.0, en tolérant les différences connues "
    "(l'accompagnement personnalisé (<acc-persos>) a été supprimé en 12.0 ; les moyennes annuelles "
    "(<moyennes-annuelles>) ajoutées en 13.0 sont acceptées sans que leur contenu soit vérifié). Une erreur "
    "propre à la version 13.0 peut donc échapper à ce contrôle ; pour une vérification exacte, fournissez le "
    "XSD officiel 13.0 (option --xsd).")


def mutated(*pairs) -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def version(v: str) -> tuple[str, str]:
    return 'schemaVersion="10.0"', f'schemaVersion="{v}"'


check = partial(shared_check, name="import_lsu_test.xml", fast=False)   # the xmlschema path unless told


def f_rows(report) -> list[tuple]:
    """The F findings but F28 (the banner, asserted with ``banner``)."""
    return [(m["code"], m["level"], o["detail"]) for m in report.messages
            if m["code"].startswith("F") and m["code"] != "F28" for o in m["occurrences"]]


def banner(report) -> list[str]:
    return [b["text"] for b in report.data["banner"]]


def banner_sentence(declared: str, year: str = "2025-2026") -> str:
    return (f"Votre logiciel a produit la version {declared} ; le LSU de {year} n'accepte probablement "
            "que la 13.0 : le fichier entier risque d'être refusé. Mettez votre logiciel à jour, puis "
            "refaites l'export.")


# ---------------------------------------------------------------------------------------------
def test_the_versions_are_data():
    known = versions.load()
    assert known.reference == "10.0" and known.probably_required == "13.0"
    assert known.ids("reference") == ["10.0"]
    assert known.ids("tolerated") == ["11.0", "12.0", "13.0"]
    assert known.ids("obsolete") == ["2.0", "3.0", "4.0", "5.0", "6.0", "7.0"]
    text = (resources.files("lsucheck") / "data" / "versions.toml").read_text("utf-8")
    assert 'unchecked = ["moyennes-annuelles"]' in text


@pytest.mark.parametrize("declared, status, rejected, removed, unchecked", [
    ("10.0", "reference", False, (), ()),
    ("11.0", "tolerated", False, (), ()),
    ("12.0", "tolerated", False, ("acc-persos", "acc-persos-groupes", "acc-persos-eleve"), ()),
    ("13.0", "tolerated", False, ("acc-persos", "acc-persos-groupes", "acc-persos-eleve"),
     ("moyennes-annuelles",)),
    ("2.0", "obsolete", True, (), ()),
    ("7.0", "obsolete", True, (), ()),
    ("9.5", "unknown", True, (), ()),
    ("10.0 ", "unknown", True, (), ()),
    (None, "missing", True, (), ()),
])
def test_each_declared_version_gets_its_policy(declared, status, rejected, removed, unchecked):
    policy = versions.decide(declared)
    assert (policy.status, policy.rejected, policy.removed, policy.unchecked) == \
        (status, rejected, removed, unchecked)
    assert policy.schema == "10.0"


def test_a_user_xsd_takes_the_decision_away_from_the_version_table():
    policy = versions.decide("2.0", user_xsd=True)
    assert (policy.status, policy.schema, policy.rejected) == ("user_xsd", None, False)


# ---------------------------------------------------------------------------------------------
def test_version_10_is_checked_fully_and_the_banner_says_13_0_is_probably_required():
    # was an F3 CONSEIL « Version du format à vérifier » at the bottom; now F28 in the banner
    report = check(MINIMAL.read_bytes())
    assert report.verdict == "succes" and report.exit_code == 0
    assert f_rows(report) == []
    assert banner(report) == [banner_sentence("10.0")]
    f28 = report.message("F28")
    assert (f28["level"], f28["label"], f28["count"], f28["occurrences"][0]["bilans"]) == \
        ("ALERTE", "Version de schéma probablement refusée", 1, 0)


@pytest.mark.parametrize("fast", [False, True])
def test_version_2_rejects_the_file_and_still_lists_its_structure(fast):
    report = check(mutated(version("2.0"), ('moyenne-eleve="14.5"', 'moyenne-eleve="14.5/20"')), fast=fast)
    assert report.verdict == "rejete" and report.exit_code == 1
    assert report.counts["periodiques"]["rejetes"] == 2 and report.counts["cycle"]["rejetes"] == 1
    f3 = report.message("F3")
    assert f3["level"] == "FICHIER" and report.details("F3") == [
        "Le fichier est en version 2.0 du format LSU, que le LSU n'accepte plus (au moins 10.0, probablement "
        "13.0 en 2025-2026) : le fichier entier sera rejeté. Sa structure a tout de même été vérifiée avec "
        "les règles de la version 10.0 : les autres erreurs ci-dessous montrent ce qu'il faudrait corriger."]
    f13 = report.message("F13")
    assert f13["level"] == "FICHIER" and f13["occurrences"][0]["path"] == \
        "/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/liste-acquis/acquis[1]"


def test_a_7_0_file_shows_every_change_10_0_asks_for():
    report = check(OLD_7.read_bytes())
    assert report.verdict == "rejete"
    assert [(code, level) for code, level, _ in f_rows(report)] == [
        ("F3", "FICHIER"), ("F7", "FICHIER"), ("F7", "FICHIER"), ("F8", "FICHIER"), ("F13", "FICHIER")]
    details = report.details("F7")
    assert details == [
        "L'attribut « date-verrou » n'est pas autorisé sur le bilan périodique de DUVAL Lina (3 B, 1er "
        'trimestre) (il a été supprimé en version 10.0 : retirez-le).',
        "L'attribut « eleve-non-note » n'est pas autorisé sur les acquis en Mathématiques (061300) du "
        'bilan périodique de ROCHE Tom (3 B, 1er trimestre) (remplacé en version 10.0 par « '
        'statut-evaluation-eleve » à 1, non noté).']
    assert report.details("F8") == [
        "Valeur « CTR » non autorisée pour l'attribut « code » (code de la modalité) de "
        "<modalite-accompagnement> (modalité d'accompagnement) du bilan périodique de ROCHE Tom (3 B, "
        '1er trimestre) (le contrat de réussite CTR a été supprimé en version 10.0) : valeurs permises '
        'PAP, PPS, UPE2A, SEGPA, ULIS, PAI, PPRE.']


def test_an_unknown_or_missing_version_rejects_the_file():
    unknown = check(mutated(version("9.5")))
    assert banner(unknown) == [banner_sentence("9.5")]  # F3 rejects it; the banner names 13.0
    assert banner(check(mutated(('schemaVersion="10.0"', "")))) == []  # no version to name: F3 alone
    assert f_rows(unknown) == [(
        "F3", "FICHIER", "La version du format « 9.5 » (attribut schemaVersion) est inconnue : le LSU "
                         "rejettera le fichier. Versions connues : 10.0, 11.0, 12.0, 13.0. La structure a été "
                         "vérifiée avec les règles de la version 10.0.")]
    assert f_rows(check(mutated(('schemaVersion="10.0"', "")))) == [(
        "F3", "FICHIER", "L'attribut « schemaVersion » (version du format) manque sur l'élément racine "
                         "<lsun-bilans> : le LSU ne sait pas quelle version du format lire et rejettera le "
                         "fichier. La structure a été vérifiée avec les règles de la version 10.0.")]


def test_version_11_is_checked_with_the_10_rules_and_says_so():
    report = check(mutated(version("11.0")))
    assert report.verdict == "succes"
    assert f_rows(report) == [(
        "F29", "CONSEIL", "Le fichier est en version 11.0 du format LSU, dont le schéma officiel n'est pas "
                         "public : lsucheck a vérifié sa structure avec les règles de la version 10.0 (aucune "
                         "différence connue avec la 10.0). Une erreur propre à la version 11.0 peut donc "
                         "échapper à ce contrôle ; pour une vérification exacte, fournissez le XSD officiel "
                         "11.0 (option --xsd).")]


@pytest.mark.parametrize("fast", [False, True])
def test_version_12_with_acc_persos_is_tolerated_with_an_advice(fast):
    report = check(mutated(version("12.0"), ACC_PERSOS), fast=fast)
    assert report.verdict == "succes"
    rows = f_rows(report)
    assert [(c, lv) for c, lv, _ in rows] == [("F29", "CONSEIL"), ("F29", "CONSEIL")]
    assert rows[1][2] == (
        "L'élément <acc-persos> est présent alors que l'accompagnement personnalisé (<acc-persos>) a été "
        "supprimé en 12.0 : le LSU risque de refuser le fichier. Retirez l'accompagnement personnalisé de "
        "l'export, ou vérifiez le fichier avec le XSD officiel 12.0.")
    assert report.message("F29")["occurrences"][1]["path"] == "/lsun-bilans/donnees/acc-persos"


@pytest.mark.parametrize("fast", [False, True])
def test_version_13_with_moyennes_annuelles_is_tolerated_and_the_rest_still_checked(fast):
    clean = check(mutated(version("13.0"), MOYENNES_ANNUELLES), fast=fast)
    assert clean.verdict == "succes" and f_rows(clean) == [("F29", "CONSEIL", TOLERATED_13)]
    faulty = check(mutated(version("13.0"), MOYENNES_ANNUELLES, BAD_POSITIONNEMENT), fast=fast)
    assert faulty.verdict == "rejete"
    assert [o["path"] for o in faulty.message("F14")["occurrences"]] == [
        "/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[2]/liste-acquis/acquis[1]"]


# ---------------------------------------------------------------------------------------------
@pytest.fixture()
def xsd_13(tmp_path):
    """The project's XSD with 13.0 as the only accepted version: stands for an official XSD."""
    text = (resources.files("lsucheck") / "data" / "xsd" / "10.0" / "lsun-bilans.xsd").read_text("utf-8")
    text = text.replace('<xs:enumeration value="10.0"/>', '<xs:enumeration value="13.0"/>')
    path = tmp_path / "lsun-13.xsd"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_xsd_validates_exactly_and_says_which_xsd_was_used(xsd_13):
    report = check(MINIMAL.read_bytes(), xsd=str(xsd_13))
    assert report.verdict == "rejete"
    rows = f_rows(report)
    assert rows[0] == ("F3", "FICHIER", "La version du format « 10.0 » (attribut schemaVersion) n'est pas "
                                        "acceptée par le schéma utilisé (versions acceptées : 13.0) : le LSU "
                                        "rejettera le fichier.")
    assert rows[1][:2] == ("F29", "CONSEIL") and rows[1][2].startswith(
        "Structure vérifiée avec le XSD fourni « lsun-13.xsd » (empreinte SHA-256 ")
    assert rows[1][2].endswith("…), et non avec le schéma de lsucheck.")


def test_with_a_user_xsd_nothing_is_tolerated(xsd_13):
    report = check(mutated(version("13.0"), MOYENNES_ANNUELLES), xsd=xsd_13.read_bytes())
    assert [(c, lv, d) for c, lv, d in f_rows(report) if lv == "FICHIER"] == [
        ("F7", "FICHIER", "L'élément <moyennes-annuelles> n'est pas autorisé dans <donnees> (données).")]
    assert report.details("F29")[0].startswith("Structure vérifiée avec le XSD fourni (empreinte SHA-256 ")


def test_an_unusable_user_xsd_is_said_and_the_projects_rules_apply(tmp_path):
    bad = tmp_path / "pas-un-xsd.xsd"
    bad.write_bytes(b"ceci n'est pas un schema")
    report = check(MINIMAL.read_bytes(), xsd=str(bad))
    details = report.details("F29")
    assert details[0].startswith("Le XSD fourni « pas-un-xsd.xsd » n'est pas un schéma XSD utilisable (")
    assert details[0].endswith("La structure a été vérifiée avec les règles de lsucheck à la place.")
    assert len(details) == 1 and banner(report) == [banner_sentence("10.0")]
    assert report.verdict == "succes"
    missing = check(MINIMAL.read_bytes(), xsd=str(tmp_path / "absent.xsd"))
    assert missing.details("F29")[0] == (
        f"Le XSD « {tmp_path / 'absent.xsd'} » est introuvable ou illisible (No such file or directory). "
        "La structure a été vérifiée avec les règles de lsucheck à la place.")
