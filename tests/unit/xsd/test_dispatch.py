"""Structure checks F5–F27 with the project's own XSD: exact French messages on the element at
fault, the report's verdict, the dispatcher (user XSD / fast path / xmlschema), the package data.

Fixture: tests/fixtures/valid/structure_minimal_10.0.xml (written for lsucheck); each test plants
one defect in it by replacing one exact piece of text. The structure tests run over both paths
(``fast=True``: the fast validator, what users get; ``fast=False``: xmlschema) and assert the same
sentences: both word their problems through lsucheck/xsd/words.py (issue 11 §3).
"""
from __future__ import annotations

import hashlib
import json
import types
from importlib import resources

import pytest

from functools import partial

import lsucheck
from lsucheck.xsd import dispatch as schema_mod
from lsucheck import versions
from lsucheck.findings import Finding
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse

from ...conftest import FIXTURES, NOW
from ...conftest import check as shared_check

MINIMAL = FIXTURES / "valid" / "structure_minimal_10.0.xml"
# was an F3 CONSEIL at the bottom of the report; now F28 (ALERTE, no bilan counted), in the banner
BANNER_13 = ("Votre logiciel a produit la version 10.0 ; le LSU de 2025-2026 n'accepte probablement que "
             "la 13.0 : le fichier entier risque d'être refusé. Mettez votre logiciel à jour, puis refaites "
             "l'export.")
BP1 = "/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]"
BP2 = "/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[2]"


def mutated(*pairs: tuple[str, str]) -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


check = partial(shared_check, name="import_lsu_test.xml", fast=False)   # the xmlschema path unless told


def structure(report, *, level="FICHIER") -> list[tuple]:
    """(code, detail, path) of every F occurrence at ``level``."""
    return [(m["code"], o["detail"], o["path"]) for m in report.messages
            if m["code"].startswith("F") and m["level"] == level for o in m["occurrences"]]


# ---------------------------------------------------------------------------------------------
def test_the_minimal_file_is_valid_and_only_gets_the_13_0_banner():
    for fast in (False, True):
        report = check(MINIMAL.read_bytes(), fast=fast)
        assert report.verdict == "succes" and report.exit_code == 0
        # P1 (issue 14): the per-class reminder of the LSU's settings, advice on every report
        assert [r for r in report.flatten(("code", "level", "detail")) if r[0] != "P1"] == [["F28", "ALERTE", BANNER_13]]
        assert [b["text"] for b in report.data["banner"]] == [BANNER_13]


BOTH_PATHS = pytest.mark.parametrize("fast", [True, False], ids=["rapide", "xmlschema"])


@BOTH_PATHS
def test_an_invalid_file_is_rejected_as_a_whole_with_exit_code_1(fast):
    report = check(mutated(('code-division="3 B"/>\n    </eleves>', '/>\n    </eleves>')), fast=fast)
    assert report.verdict == "rejete" and report.exit_code == 1
    assert report.counts["periodiques"] == {"traites": 2, "importes": 0, "succes": 0, "alertes": 0,
                                            "rejetes": 2}
    assert report.counts["cycle"]["rejetes"] == report.counts["cycle"]["traites"] == 1
    assert structure(report) == [
        ("F6", "Il manque l'attribut obligatoire « code-division » (code de la division) sur l'élève "
               'ROCHE Tom.', "/lsun-bilans/donnees/eleves/eleve[2]")]
    message = report.message("F6")
    assert message["label"] == "Attribut/élément obligatoire manquant" and message["explanation"]


@BOTH_PATHS
def test_a_dangling_reference_is_reported_on_the_referencing_element_with_its_pupil(fast):
    report = check(mutated(('<epi-eleve epi-groupe-ref="EPIG_1"/>', '<epi-eleve epi-groupe-ref="EPIG_9"/>')),
                   fast=fast)
    occurrence = report.message("F19")["occurrences"][0]
    assert occurrence["detail"] == (
        "L'attribut « epi-groupe-ref » (groupe d'EPI) de <epi-eleve> (EPI de l'élève) du bilan "
        'périodique de DUVAL Lina (3 B, 1er trimestre) renvoie à « EPIG_9 », qui ne correspond à aucun '
        "identifiant du fichier : il faut l'identifiant (id) d'un <epi-groupe> déclaré dans le fichier.")
    assert occurrence["path"] == BP1 + "/epis-eleve/epi-eleve"
    assert (occurrence["eleve"], occurrence["division"], occurrence["periode"], occurrence["line"]) == \
        ("DUVAL Lina", "3 B", "Trimestre 1 2025-2026", 64)


@pytest.mark.parametrize("pairs, expected", [
    ([('prof-princ-refs="ENS_1">\n        <liste-acquis>\n          <acquis discipline-ref="DI_FR" '
       'enseignant-refs="ENS_1" element-programme-refs="EP_1"\n                  moyenne-eleve="14.5"',
       'prof-princ-refs="ENS_1" date-verrou="2025-12-05">\n        <liste-acquis>\n          <acquis '
       'discipline-ref="DI_FR" enseignant-refs="ENS_1" element-programme-refs="EP_1"\n'
       '                  moyenne-eleve="14.5"')],
     ("F7", "L'attribut « date-verrou » n'est pas autorisé sur le bilan périodique de DUVAL Lina (3 B, "
            '1er trimestre) (il a été supprimé en version 10.0 : retirez-le).', BP1)),
    ([('code="020700" modalite-election="S"', 'code="020700" modalite-election="N"')],
     ("F8", "Valeur « N » non autorisée pour l'attribut « modalite-election » (modalité d'élection) de "
            "la discipline Français (020700) (N existe dans SIECLE mais n'est pas admis par le LSU : "
            "choisissez O ou F selon l'option) : valeurs permises S, O, F, L, R, X, D.",
      "/lsun-bilans/donnees/disciplines/discipline[1]")),
    ([('libelle="Mathématiques"', 'libelle="Mathématiques et sciences du numérique, cycle 4"')],
     ("F9", "L'attribut « libelle » (libellé de la discipline) de la discipline de code matière 061300 "
            'est trop long : 47 caractères pour 40 au maximum. Raccourcissez le texte dans votre '
            'logiciel.',
      "/lsun-bilans/donnees/disciplines/discipline[2]")),
    ([("<acquis-conseils>Trimestre sérieux.</acquis-conseils>", "<acquis-conseils>   </acquis-conseils>")],
     ("F10", 'Le texte de <acquis-conseils> (synthèse du bilan, appréciation générale) du bilan '
             'périodique de DUVAL Lina (3 B, 1er trimestre) est vide ou ne contient que des espaces : '
             'un texte non vide est attendu.', BP1 + "/acquis-conseils")),
    ([("<appreciation>Des progrès en calcul.</appreciation>",
       "<appreciation>Des progrès&#13;\nen calcul.</appreciation>")],
     ("F11", 'Le texte de <appreciation> (appréciation) des acquis en Mathématiques (061300) du bilan '
             'périodique de DUVAL Lina (3 B, 1er trimestre) contient un retour chariot (caractère CR, '
             'souvent écrit &#13;), refusé par le LSU : remplacez-le par un simple retour à la ligne.',
      BP1 + "/liste-acquis/acquis[2]/appreciation")),
    ([("<etablissement>0999001W</etablissement>", "<etablissement>0999001</etablissement>")],
     ("F12", "Le code UAI « 0999001 » (<etablissement> de l'en-tête) fait 7 caractères : il en faut "
             "exactement 8 (7 chiffres et une lettre, par exemple 0750680G).",
      "/lsun-bilans/entete/etablissement")),
    ([('moyenne-eleve="14.5"', 'moyenne-eleve="14,5"')],
     ("F13", "Moyenne « 14,5 » invalide pour l'attribut « moyenne-eleve » (moyenne de l'élève) des "
             'acquis en Français (020700) du bilan périodique de DUVAL Lina (3 B, 1er trimestre) : '
             'utilisez un point et non une virgule (par exemple 15.5), sur 20, sans « /20 ».', BP1 + "/liste-acquis/acquis[1]")),
    ([('moyenne-eleve="14.5"', 'moyenne-eleve="15.5/20"')],
     ("F13", "Moyenne « 15.5/20 » invalide pour l'attribut « moyenne-eleve » (moyenne de l'élève) des "
             'acquis en Français (020700) du bilan périodique de DUVAL Lina (3 B, 1er trimestre) : un '
             'nombre de 0 à 20 est attendu, avec un point et au plus 2 décimales (par exemple 15.5) ; '
             '« NN », « Abs » ou « /20 » ne sont plus admis depuis la version 10.0 : indiquez le '
             "statut d'évaluation de l'élève (non noté, en attente ou dispensé).", BP1 + "/liste-acquis/acquis[1]")),
    ([('moyenne-eleve="9.75"', 'moyenne-eleve="9.75" positionnement="5"')],
     ("F14", "Valeur « 5 » invalide pour l'attribut « positionnement » des acquis en Français (020700) "
             'du bilan périodique de ROCHE Tom (3 B, 1er trimestre) : valeurs permises 1, 2, 3 ou 4.', BP2 + "/liste-acquis/acquis[1]")),
    ([('nb-retards="1" ', 'nb-retards="1000" ')],
     ("F15", "Valeur « 1000 » invalide pour l'attribut « nb-retards » (nombre de retards) de "
             '<vie-scolaire> (vie scolaire) du bilan périodique de DUVAL Lina (3 B, 1er trimestre) : '
             'un nombre entier de 0 à 999 est attendu.', BP1 + "/vie-scolaire")),
    ([('date-creation="2026-06-20"', 'date-creation="2026-02-30"')],
     ("F16", "Date « 2026-02-30 » invalide pour l'attribut « date-creation » (date de création) du "
             'bilan de fin de cycle 4 de DUVAL Lina (3 B) : une date réelle au format AAAA-MM-JJ est '
             'attendue (par exemple 2025-12-15).', "/lsun-bilans/donnees/bilans-cycle/bilan-cycle")),
    ([('cycle="4" millesime="2025"', 'cycle="4" millesime="25"')],
     ("F17", "Millésime « 25 » invalide pour l'attribut « millesime » (millésime) du bilan de fin de "
             "cycle 4 de DUVAL Lina (3 B) : il faut 4 caractères, l'année de début de l'année scolaire "
             '(2025 pour 2025-2026).', "/lsun-bilans/donnees/bilans-cycle/bilan-cycle")),
    ([('id-be="5002"', 'id-be="5001"')],
     ("F20", "L'identifiant SIECLE « 5001 » est donné à deux élèves : l'élève ROCHE Tom (3 B) en "
             "est le second (première occurrence : ligne 16). Chaque élève ne doit figurer qu'une fois "
             "(un élève qui a changé de classe s'exporte dans un fichier séparé).", "/lsun-bilans/donnees/eleves/eleve[2]")),
    ([('<acquis discipline-ref="DI_MA" enseignant-refs="ENS_2" element-programme-refs="EP_2"\n'
       '                  moyenne-eleve="11"',
       '<acquis discipline-ref="DI_FR" enseignant-refs="ENS_2" element-programme-refs="EP_2"\n'
       '                  moyenne-eleve="11"')],
     ("F25", 'Les acquis en Français (020700) du bilan périodique de DUVAL Lina (3 B, 1er trimestre) '
             "figurent deux fois (première occurrence : ligne 54) : un seul bloc d'acquis par "
             'discipline dans un bilan.', BP1 + "/liste-acquis/acquis[2]")),
    ([('          <domaine code="SYS_NAT" positionnement="2"/>\n', "")],
     ("F26", "Le socle du bilan de fin de cycle compte 7 domaines : il en faut exactement 8, un par "
             "domaine (manquants : « SYS_NAT » (systèmes naturels et systèmes techniques)).", "/lsun-bilans/donnees/bilans-cycle/bilan-cycle/socle")),
    ([("<synthese>Des acquis solides en fin de cycle 4.</synthese>\n", "")],
     ("F26", "Le bilan de fin de cycle 4 de DUVAL Lina (3 B) n'a pas de synthèse (<synthese>), "
             'obligatoire.', "/lsun-bilans/donnees/bilans-cycle/bilan-cycle")),
    ([('discipline-refs="DI_FR DI_MA"', 'discipline-refs="DI_FR"')],
     ("F27", "L'EPI « Journal du collège » ne cite qu'une discipline (« DI_FR ») dans « "
             'discipline-refs » : il en faut au moins 2.', "/lsun-bilans/donnees/epis/epi")),
    ([('<acquis-conseils>Trimestre sérieux.</acquis-conseils>\n        <vie-scolaire nb-retards="1" '
       'nb-abs-justifiees="2" nb-abs-injustifiees="0"/>',
       '<vie-scolaire nb-retards="1" nb-abs-justifiees="2" nb-abs-injustifiees="0"/>\n        '
       '<acquis-conseils>Trimestre sérieux.</acquis-conseils>')],
     ("F5", "L'élément <vie-scolaire> n'est pas à sa place dans le bilan périodique de DUVAL Lina (3 "
            'B, 1er trimestre) : il doit venir après <acquis-conseils>.', BP1 + "/vie-scolaire")),
    ([("<acquis-conseils>Ensemble correct.</acquis-conseils>\n", "")],
     ("F6", "Il manque l'élément obligatoire <acquis-conseils> (synthèse du bilan, appréciation "
            'générale) dans le bilan périodique de ROCHE Tom (3 B, 1er trimestre).', BP2)),
    ([('<acquis discipline-ref="DI_MA" enseignant-refs="ENS_2" element-programme-refs="EP_2"\n'
       '                  moyenne-eleve="11"',
       '<acquis discipline-ref="DI_MA DI_FR" enseignant-refs="ENS_2" element-programme-refs="EP_2"\n'
       '                  moyenne-eleve="11"')],
     ("F19", "L'attribut « discipline-ref » (discipline) des acquis en « DI_MA DI_FR » du bilan "
             "périodique de DUVAL Lina (3 B, 1er trimestre) contient « DI_MA DI_FR », qui n'est pas "
             'une référence valide : il faut un seul identifiant (id) du fichier.', BP1 + "/liste-acquis/acquis[2]")),
    ([('prof-princ-refs="ENS_1">\n        <socle>', 'prof-princ-refs="">\n        <socle>')],
     ("F19", "L'attribut « prof-princ-refs » (professeurs principaux) du bilan de fin de cycle 4 de "
             'DUVAL Lina (3 B) est vide : au moins une référence à un identifiant du fichier est '
             'attendue.',
      "/lsun-bilans/donnees/bilans-cycle/bilan-cycle")),
    ([('prenom="Tom" code-division="3 B"/>', 'prenom="Tom" code-division="3 B">texte</eleve>')],
     ("F7", "Du texte (« texte ») est écrit dans la déclaration de l'élève ROCHE Tom (3 B), qui doit "
            'rester vide (seuls ses attributs comptent).', "/lsun-bilans/donnees/eleves/eleve[2]")),
    ([("    <eleves>\n", "    <eleves>bla\n")],
     ("F7", 'Du texte (« bla ») est écrit directement dans <eleves> (liste des élèves), qui ne doit '
            'contenir que des éléments.',
      "/lsun-bilans/donnees/eleves")),
    ([("<epis>\n", "<epis>\n      <remarque/>\n")],
     ("F7", "L'élément <remarque> n'est pas autorisé dans <epis> (liste des EPI).", "/lsun-bilans/donnees/epis/remarque")),
    ([("</vie-scolaire-commun>\n", "</vie-scolaire-commun>\n      <vie-scolaire-commun periode-ref=\"P_1\" "
       "code-division=\"3 B\"><commentaire>Bis.</commentaire></vie-scolaire-commun>\n")],
     ("F25", 'La vie scolaire commune à la division 3 B (1er trimestre) figure deux fois (première '
             'occurrence : ligne 35) : un seul par période et par division.',
      "/lsun-bilans/donnees/vies-scolaires-communs/vie-scolaire-commun[2]")),
], ids=lambda v: v[0] if isinstance(v, tuple) and isinstance(v[0], str) and v[0].startswith("F") else None)
@BOTH_PATHS
def test_each_structural_error_is_said_in_french_on_the_element_at_fault(pairs, expected, fast):
    report = check(mutated(*pairs), fast=fast)
    assert report.verdict == "rejete"
    assert structure(report) == [expected]


@BOTH_PATHS
def test_a_duplicate_id_is_reported_on_the_second_holder_and_its_lost_references_too(fast):
    report = check(mutated(('<element-programme id="EP_2"', '<element-programme id="EP_1"')), fast=fast)
    assert report.details("F18") == [
        "L'identifiant « EP_1 » de l'élément de programme « Résoudre des problèmes » est en double : "
        "il est déjà utilisé par l'élément de programme « Lire des textes variés » (ligne 31). Chaque "
        'identifiant (id) doit être unique dans tout le fichier.']
    assert [o["path"] for o in report.message("F19")["occurrences"]] == [
        BP1 + "/liste-acquis/acquis[2]", BP2 + "/liste-acquis/acquis[2]"]


@BOTH_PATHS
def test_a_uai_with_a_wrong_check_letter_gets_advice_only(fast):
    report = check(mutated(("<etablissement>0999001W</etablissement>", "<etablissement>0999001X</etablissement>")),
                   fast=fast)
    assert report.verdict == "succes"
    assert structure(report, level="CONSEIL") == [   # F30: the advice beside F12, a check of its own
        ("F30", "Le code UAI « 0999001X » (<etablissement> de l'en-tête) a une lettre de contrôle "
                "incorrecte : pour 0999001, la lettre attendue est W (0999001W). Vérifiez l'UAI dans votre "
                "logiciel (paramètres de l'établissement).", "/lsun-bilans/entete/etablissement")]


@BOTH_PATHS
def test_a_millesime_that_is_not_a_year_gets_advice_only(fast):
    report = check(mutated(('cycle="4" millesime="2025"', 'cycle="4" millesime="2O25"')), fast=fast)
    assert report.details("F31") == [   # F31: the advice beside F17, a check of its own
        "Le millésime « 2O25 » du bilan de fin de cycle 4 de DUVAL Lina (3 B) n'est pas une année : 4 "
        "chiffres sont attendus, l'année de début de l'année scolaire (2025 pour 2025-2026)."]
    assert report.message("F31")["level"] == "CONSEIL" and report.verdict == "succes"


def test_the_uai_check_letter_follows_the_national_rule():
    from lsucheck.rules.structure import uai_check_letter
    assert [uai_check_letter(d) for d in ("0382032", "0750680", "0752387", "0999001")] == ["C", "G", "M", "W"]


# ---------------------------------------------------------------------------------------------
# package data and loading

def test_the_manifest_names_the_xsd_with_its_sha256_and_source():
    data = resources.files("lsucheck") / "data"
    manifest = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    [entry] = [f for f in manifest["files"] if f["file"] == "xsd/10.0/lsun-bilans.xsd"]
    assert entry["source"] == "written for lsucheck from FORMAT.md §2" and entry["version"] == "10.0"
    assert entry["sha256"] == hashlib.sha256((data / "xsd" / "10.0" / "lsun-bilans.xsd").read_bytes()).hexdigest()


def test_the_schema_is_compiled_once_and_never_fetches_anything(monkeypatch):
    assert schema_mod.load_schema("10.0") is schema_mod.load_schema("10.0")
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("xmlschema tried to open a URL")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    data = mutated(('<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="10.0">',
                    '<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
                    '"urn:fr:edu:scolarite:lsun:bilans:import http://exemple.invalid/lsun.xsd" '
                    'schemaVersion="10.0">'))
    assert check(data).verdict == "succes"


def test_a_user_xsd_that_needs_other_files_is_used_without_fetching_them_and_the_user_is_told(tmp_path):
    xsd = schema_mod.load_schema("10.0")  # noqa: F841 (the package schema stays untouched)
    text = (resources.files("lsucheck") / "data" / "xsd" / "10.0" / "lsun-bilans.xsd").read_text("utf-8")
    text = text.replace('attributeFormDefault="unqualified">',
                        'attributeFormDefault="unqualified">\n  <xs:import namespace="urn:autre" '
                        'schemaLocation="http://exemple.invalid/autre.xsd"/>', 1)
    path = tmp_path / "officiel.xsd"
    path.write_text(text, encoding="utf-8")
    report = check(MINIMAL.read_bytes(), xsd=str(path))
    [note] = report.details("F29")   # the advice beside F3 is a check of its own (issue 9 item 2)
    assert note.startswith("Structure vérifiée avec le XSD officiel 10.0 que vous avez fourni (« officiel.xsd », "
                           "empreinte SHA-256 ")
    assert note.endswith("Attention : ce XSD fait appel à d'autres fichiers que lsucheck ne charge pas (aucun "
                         "accès au réseau ni au disque) : les types qu'ils définissent n'ont pas pu être "
                         "vérifiés.")
    assert report.verdict == "succes"


# ---------------------------------------------------------------------------------------------
# the dispatcher

def test_the_dispatcher_says_which_validator_it_uses():
    policy = versions.decide("10.0")
    assert schema_mod.path_for(policy, lsucheck.Options(fast=False)) == "xmlschema"
    assert schema_mod.path_for(versions.decide("10.0", user_xsd=True), lsucheck.Options(xsd=b"<x/>")) == "user_xsd"
    expected = "fast" if schema_mod.fast_module() is not None else "xmlschema"
    assert schema_mod.path_for(policy, lsucheck.Options()) == expected


def _doc(data: bytes) -> LsuDocument:
    return LsuDocument(parse(Source.from_bytes(data)))


@pytest.mark.parametrize("behaviour", ["raises", "malformed"])
def test_a_failing_fast_path_falls_back_to_xmlschema(monkeypatch, behaviour):
    def iter_findings(tree):
        if behaviour == "raises":
            raise RuntimeError("boom")
        return [Finding("F6", "", "pas un élément")]
    monkeypatch.setattr(schema_mod, "fast_module", lambda: types.SimpleNamespace(iter_findings=iter_findings))
    doc = _doc(mutated(("<acquis-conseils>Ensemble correct.</acquis-conseils>\n", "")))
    findings = list(schema_mod.validate(doc, versions.decide("10.0"), lsucheck.Options()))
    assert [(f.code, doc.path(f.elem)) for f in findings] == [("F6", BP2)]


def test_the_fast_path_sees_the_tree_as_the_version_policy_reads_it_and_gets_it_back(monkeypatch):
    seen = {}

    def iter_findings(tree):
        seen["version"] = tree.root.get("schemaVersion")
        seen["tags"] = [e.tag.rsplit("}", 1)[-1] for e in tree.root.iter()]
        return []
    monkeypatch.setattr(schema_mod, "fast_module", lambda: types.SimpleNamespace(iter_findings=iter_findings))
    data = mutated(('schemaVersion="10.0"', 'schemaVersion="13.0"'),
                   ("    <bilans-cycle>", "    <moyennes-annuelles><x/></moyennes-annuelles>\n    <bilans-cycle>"))
    doc = _doc(data)
    before = [e for e in doc.root.iter()]
    assert list(schema_mod.validate(doc, versions.decide("13.0"), lsucheck.Options())) == []
    assert seen["version"] == "10.0" and "moyennes-annuelles" not in seen["tags"] and "x" not in seen["tags"]
    assert doc.root.get("schemaVersion") == "13.0" and [e for e in doc.root.iter()] == before


@pytest.mark.parametrize("pairs", [
    [("<acquis-conseils>Ensemble correct.</acquis-conseils>\n", "")],
    [('code-division="3 B"/>\n    </eleves>', '/>\n    </eleves>')],
    [('<epi-eleve epi-groupe-ref="EPIG_1"/>', '<epi-eleve epi-groupe-ref="EPIG_9"/>')],
], ids=["element manquant", "attribut manquant", "référence pendante"])
def test_both_validators_yield_the_same_neutral_records(pairs):
    from lsucheck.xsd import fast
    from lsucheck.xsd.words import problems_from_xmlschema
    doc = _doc(mutated(*pairs))
    xsd = schema_mod.load_schema("10.0").schema

    def neutral(problems):
        return [(p.reason, doc.path(p.elem), p.attribute, p.value, p.expected) for p in problems]
    from_xmlschema = neutral(problems_from_xmlschema(xsd.iter_errors(doc.root), doc, xsd))
    assert from_xmlschema == neutral(fast.iter_problems(doc.tree)) and len(from_xmlschema) == 1


# ---------------------------------------------------------------------------------------------
# Where the JDK's validator (the LSU's) and xmlschema disagree (tests/conformance/test_jdk_oracle.py),
# lsucheck follows the JDK on both paths, and the sentence says why the LSU refuses what other
# validators accept (issue 11 items 1 and 3).

VSC = "/lsun-bilans/donnees/vies-scolaires-communs/vie-scolaire-commun/commentaire"
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


@BOTH_PATHS
@pytest.mark.parametrize("pairs, expected", [
    ([("<acquis-conseils>Trimestre sérieux.</acquis-conseils>",
       "<acquis-conseils>Trimestre sérieux.</acquis-conseils>&#160;")],
     ("F7", "Un caractère blanc invisible (espace insécable) se trouve dans le bilan périodique de DUVAL "
            "Lina (3 B, 1er trimestre), qui ne doit contenir que "
            "des éléments, pas de texte : pour le LSU, ce caractère n'est pas un simple espace mais du "
            "texte, et il refuse le fichier, même si d'autres outils de vérification l'acceptent. "
            "Supprimez-le (souvent collé depuis un traitement de texte) et refaites l'export.", BP1)),
    ([("<commentaire>Classe attentive.</commentaire>",
       "<commentaire>" + "é" * 593 + "\U0001F600" * 7 + "</commentaire>")],
     ("F9", "Le texte de <commentaire> (commentaire) de la vie scolaire commune à la division 3 B (1er "
            "trimestre) est trop long pour le LSU, qui compte chaque émoji (ou caractère rare, hors de "
            "l'alphabet courant) pour deux caractères : 607 sur 600 permis (600 caractères à l'écran, dont "
            "7 émoji ou caractères rares). D'autres outils de vérification l'acceptent, pas le LSU : "
            "raccourcissez le texte ou retirez les émoji dans votre logiciel.", VSC)),
    ([("    <eleves>\n", f'    <eleves {XSI} xsi:type="TypeInconnu">\n')],
     ("F7", "L'attribut « xsi:type » de <eleves> (liste des élèves) désigne un type « TypeInconnu » que le "
            "format LSU ne connaît pas : le LSU refuse alors le fichier, même si d'autres outils de "
            "vérification passent outre. Votre logiciel ne doit pas écrire cet attribut ; refaites "
            "l'export.", "/lsun-bilans/donnees/eleves")),
    ([('<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="10.0">',
       f'<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" {XSI} schemaVersion="10.0" '
       'xsi:schemaLocation="&#160;urn:fr:edu:scolarite:lsun:bilans:import import-bilan-complet.xsd">')],
     ("F7", "L'attribut « xsi:schemaLocation » de l'élément racine <lsun-bilans> contient un caractère "
            "invisible (espace insécable ou autre) qui en fait une adresse invalide : le LSU refuse alors le "
            "fichier, même si d'autres outils de vérification l'ignorent. Votre logiciel doit écrire cet "
            "attribut sans ce caractère ; refaites l'export.", "/lsun-bilans")),
    ([('nb-retards="1" ', 'nb-retards="1&#160;" ')],
     ("F15", "Valeur « 1\u00a0 » invalide pour l'attribut « nb-retards » (nombre de retards) de <vie-scolaire> "
             "(vie scolaire) du bilan périodique de DUVAL Lina (3 B, 1er trimestre) : un nombre entier de 0 à "
             "999 est attendu. La valeur contient un caractère invisible (espace insécable) : le LSU ne le "
             "compte pas comme un espace, contrairement à d'autres outils de vérification, et refuse la "
             "valeur ; retirez-le dans votre logiciel.", BP1 + "/vie-scolaire")),
], ids=["espace insécable entre éléments", "émoji comptés deux fois", "xsi:type inconnu",
        "adresse du schéma avec un espace insécable", "espace insécable après un nombre"])
def test_what_the_lsu_refuses_and_other_validators_accept_is_refused_and_said_why(pairs, expected, fast):
    data = mutated(*pairs)
    report = check(data, fast=fast)
    assert report.verdict == "rejete" and report.exit_code == 1
    assert structure(report) == [expected]
    # the project's XSD under xmlschema alone accepts it (or gives up): that is the disagreement
    from lsucheck.xsd.words import problems_from_xmlschema
    doc = _doc(data)
    xsd = schema_mod.load_schema("10.0").schema
    try:
        raw = list(xsd.iter_errors(doc.root))
    except Exception:
        raw = None   # xmlschema stops on a type it cannot resolve
    assert raw in (None, [])
    assert [p.reason for p in problems_from_xmlschema(xsd.iter_errors(doc.root), doc, xsd)] == \
        [{"F7": "invisible-blank" if "blanc" in expected[1] else "bad-location" if "adresse" in expected[1]
          else "unknown-type", "F9": "value", "F15": "value"}[expected[0]]]


def test_the_fallbacks_are_said_in_french_from_the_record_never_in_the_validators_words():
    """A problem no other reason covers ("other"), and a value whose type says nothing: French built
    from the neutral record (issue 11 item 3), without xmlschema's text."""
    from lsucheck.xsd import Problem
    from lsucheck.xsd.words import Wording
    doc = _doc(MINIMAL.read_bytes())
    bilan = doc.bilans_periodiques[0]
    words = Wording(doc)
    words.word(Problem("other", bilan, value="Reason: unexpected child 'x' (XsdGroup)"))
    words.word(Problem("value", doc.eleves[1], "code-division", "P1D", facets=("type",),
                       detail=(("technical", "invalid value 'P1D' for xs:duration"),)))
    assert [(f.code, f.message) for f in words.out] == [
        ("F7", "Le contenu du bilan périodique de DUVAL Lina (3 B, 1er trimestre) n'a pas la forme que le "
               "format LSU attend à cet endroit : le LSU refusera le fichier. Comparez ce passage avec un "
               "export valide de votre logiciel, ou refaites l'export."),
        ("F8", "Valeur « P1D » non valide pour l'attribut « code-division » (code de la division) de "
               "l'élève ROCHE Tom : ce n'est pas une valeur que le format LSU admet à cet endroit. "
               "Corrigez-la dans votre logiciel, puis refaites l'export.")]


def test_xmlschema_stopping_half_way_never_passes_a_file_silently(monkeypatch):
    """Should xmlschema raise while validating, what it said stands and the file is not valid."""
    from lsucheck.xsd.words import findings_from_xmlschema
    doc = _doc(MINIMAL.read_bytes())

    def errors():
        raise KeyError("global component 'x' not found")
        yield  # pragma: no cover
    (f,) = findings_from_xmlschema(errors(), doc, None)
    assert (f.code, f.elem) == ("F7", doc.root)
    assert f.message.startswith("Le contenu de l'élément racine <lsun-bilans> n'a pas la forme que le format "
                                "LSU attend à cet endroit : le LSU refusera le fichier.")
