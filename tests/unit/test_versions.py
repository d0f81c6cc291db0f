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
    "XSD officiel 13.0 : déposez-le avec le fichier.")


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
                         "11.0 : déposez-le avec le fichier.")]


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
# An official XSD given with the file (issue 11 item 5): recognised, its version read from its
# schemaVersion enumeration, used exactly when it is the file's version; otherwise named, and the
# built-in rules apply. The official 10.0 XSD is ../shared/lsu/xsd (OPEN-ENT-NG's copy); the 13.0
# ones are copies of it whose enumeration the test edits, written into tmp_path.

OFFICIAL = "OPEN-ENT-NG__competences__import-complet-strict.xsd"


def sha12(path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@pytest.fixture()
def official_13(official_xsd, tmp_path):
    """The official 10.0 XSD with 13.0 as the only version of its enumeration."""
    text = official_xsd.read_text("utf-8")
    assert text.count('<xs:enumeration value="10.0" />') == 1
    path = tmp_path / "import-bilan-complet-13.0.xsd"
    path.write_text(text.replace('<xs:enumeration value="10.0" />', '<xs:enumeration value="13.0" />'),
                    encoding="utf-8")
    return path


def used(path, version: str) -> str:
    return (f"Structure vérifiée avec le XSD officiel {version} que vous avez fourni (« {path.name} », "
            f"empreinte SHA-256 {sha12(path)}…), et non avec les règles de lsucheck.")


def test_the_version_of_an_official_xsd_is_read_from_its_enumeration(official_xsd, official_13, shared):
    from lsucheck.xsd import lsu_versions
    assert lsu_versions(official_xsd.read_bytes()) == ("10.0",)
    assert lsu_versions(official_13.read_bytes()) == ("13.0",)
    # older official XSDs: several versions listed, or one fixed
    assert lsu_versions((shared / "xsd" / "OPEN-ENT-NG__competences__import-complet-strict__v7.0__3bd29a42.xsd")
                        .read_bytes()) == ("2.0", "3.0", "4.0", "5.0", "6.0", "7.0")
    assert lsu_versions((shared / "xsd" / "adriensaladin__saccoche_test__livret-scolaire_2d_schema_2.0.xsd")
                        .read_bytes()) == ("2.0",)


def test_the_official_10_0_xsd_validates_a_10_0_file_exactly_and_the_report_says_so(official_xsd):
    report = check(MINIMAL.read_bytes(), xsd=str(official_xsd))
    assert report.verdict == "succes" and report.exit_code == 0
    assert f_rows(report) == [("F29", "CONSEIL", used(official_xsd, "10.0"))]
    assert banner(report) == [banner_sentence("10.0")]   # the LSU probably wants 13.0 all the same
    faulty = check(mutated(BAD_POSITIONNEMENT), xsd=str(official_xsd))
    assert faulty.verdict == "rejete" and sorted(r[0] for r in f_rows(faulty)) == ["F14", "F29"]


def test_an_official_13_0_xsd_validates_a_13_0_file_exactly_and_nothing_is_tolerated(official_13):
    report = check(mutated(version("13.0")), xsd=str(official_13))
    assert report.verdict == "succes"
    assert f_rows(report) == [("F29", "CONSEIL", used(official_13, "13.0"))] and banner(report) == []
    faulty = check(mutated(version("13.0"), MOYENNES_ANNUELLES), xsd=official_13.read_bytes())
    assert [(c, lv, d) for c, lv, d in f_rows(faulty) if lv == "FICHIER"] == [
        ("F7", "FICHIER", "L'élément <moyennes-annuelles> n'est pas autorisé dans <donnees> (données).")]
    assert faulty.details("F29")[0].startswith(   # bytes have no name: the version still is said
        "Structure vérifiée avec le XSD officiel 13.0 que vous avez fourni (empreinte SHA-256 ")


def test_an_official_xsd_of_another_version_is_named_and_the_built_in_rules_apply(official_xsd, official_13):
    report = check(MINIMAL.read_bytes(), xsd=str(official_13))
    assert report.verdict == "succes"
    assert f_rows(report) == [(
        "F29", "CONSEIL", "Le XSD que vous avez fourni (« import-bilan-complet-13.0.xsd ») est celui de la "
                          "version 13.0 du format (versions acceptées : 13.0), et ce fichier est en version "
                          "10.0 : il ne peut pas servir à le vérifier. La structure a été vérifiée avec les "
                          "règles de lsucheck à la place.")]
    assert banner(report) == [banner_sentence("10.0")]
    # a 13.0 file with the 10.0 XSD: named, then the 13.0 tolerance of the built-in rules
    report = check(mutated(version("13.0")), xsd=str(official_xsd))
    assert [d for _c, _lv, d in f_rows(report)] == [
        f"Le XSD que vous avez fourni (« {OFFICIAL} ») est celui de la version 10.0 du format (versions "
        "acceptées : 10.0), et ce fichier est en version 13.0 : il ne peut pas servir à le vérifier. La "
        "structure a été vérifiée avec les règles de lsucheck à la place.", TOLERATED_13]


def test_an_xsd_that_is_not_the_lsus_or_is_broken_is_named_and_the_built_in_rules_apply(official_xsd, tmp_path):
    def given(name: str, data: bytes) -> list[str]:
        path = tmp_path / name
        path.write_bytes(data)
        report = check(MINIMAL.read_bytes(), xsd=str(path))
        assert report.verdict == "succes" and banner(report) == [banner_sentence("10.0")]
        return report.details("F29")
    then = " La structure a été vérifiée avec les règles de lsucheck à la place."
    other = (b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:autre">'
             b'<xs:element name="BEE_ELEVES"/></xs:schema>')
    assert given("eleves.xsd", other) == [
        "Le XSD fourni « eleves.xsd » n'est pas le XSD du LSU : il ne décrit pas les fichiers d'import des "
        "bilans (élément lsun-bilans)." + then]
    assert given("page.xsd", b"<html><body>Erreur 404</body></html>") == [
        "Le XSD fourni « page.xsd » n'est pas un XSD (un schéma de fichiers XML) : c'est un autre fichier "
        "XML." + then]
    truncated = given("coupe.xsd", official_xsd.read_bytes()[:5000])
    assert truncated[0].startswith("Le XSD fourni « coupe.xsd » n'est pas un fichier XSD lisible : ")
    assert truncated[0].endswith(then) and len(truncated) == 1
    # an XSD of the LSU that xmlschema cannot build: French built from what is known, never its text
    broken = official_xsd.read_text("utf-8").replace('type="lsun:Entete"', 'type="lsun:EnteteAbsente"', 1)
    assert given("casse.xsd", broken.encode("utf-8")) == [
        "Le XSD fourni « casse.xsd » (version 10.0) n'est pas un schéma utilisable : il contient une erreur "
        "de construction (un type ou un élément qu'il cite n'existe pas, ou il a été modifié à la main)." + then]
    unversioned = official_xsd.read_text("utf-8").replace('<xs:enumeration value="10.0" />', "")
    assert given("sans-version.xsd", unversioned.encode("utf-8")) == [
        "Le XSD fourni « sans-version.xsd » ne dit pas quelle version du format il décrit (aucune liste de "
        "versions pour l'attribut schemaVersion) : lsucheck ne peut pas savoir s'il convient à ce fichier." + then]


def test_an_absent_xsd_file_is_named_and_the_built_in_rules_apply(tmp_path):
    missing = check(MINIMAL.read_bytes(), xsd=str(tmp_path / "absent.xsd"))
    assert missing.details("F29")[0] == (
        f"Le XSD « {tmp_path / 'absent.xsd'} » est introuvable ou illisible (No such file or directory). "
        "La structure a été vérifiée avec les règles de lsucheck à la place.")
    assert missing.verdict == "succes"
