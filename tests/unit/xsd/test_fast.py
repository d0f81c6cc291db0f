"""The fast structural validator (issue 4) gives xmlschema's verdict on the package XSD, with
French messages that name the element at fault — and it is derived from that XSD, not rewritten.

The oracle here is xmlschema with the package XSD (the conformance suite compares both with the
official XSD). Files come from the project's generator; targeted mutations are written out.
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import pytest
import xmlschema

from lsucheck.xsd import fast as fastschema
from lsucheck.generator import generate_school
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse

PACKAGE_XSD = fastschema.package_xsd_path()
NS = "urn:fr:edu:scolarite:lsun:bilans:import"


@pytest.fixture(scope="module")
def oracle():
    return xmlschema.XMLSchema(PACKAGE_XSD)


@pytest.fixture(scope="module")
def valid():
    """xmlschema's verdict with the package XSD on a file's bytes (text: its UTF-8), cached by the
    sha256 of both like the conformance suite's (``tests/conformance/oracle_verdicts.json``)."""
    from tests.conformance.mutations import XMLSCHEMA_CACHE
    with open(PACKAGE_XSD, "rb") as fh:
        xsd = fh.read()
    return lambda data: XMLSCHEMA_CACHE.xmlschema_valid(xsd, data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture(scope="module")
def school() -> str:
    """A small valid school with every section, three trimestres and both bilans de cycle."""
    return generate_school(seed=3, nb_divisions_par_niveau=1, eleves_par_division=1).lsu_xml().decode()


@pytest.fixture(scope="module")
def tiny() -> str:
    """Smaller still (one trimestre, five pupils): for many validations with xmlschema."""
    return generate_school(seed=3, nb_divisions_par_niveau=1, eleves_par_division=1,
                           periodes=(1,)).lsu_xml().decode()


def check(text: str):
    tree = parse(Source.from_bytes(text.encode("utf-8")))
    return tree, list(fastschema.iter_findings(tree))


def summary(tree, found) -> list[tuple]:
    doc = LsuDocument(tree)
    return [(f.code, doc.path(f.elem), f.message) for f in found]


def sub(text: str, pattern: str, repl: str, count: int = 1, flags: int = re.S) -> str:
    new, n = re.subn(pattern, repl, text, count=count, flags=flags)
    assert n, f"pattern not found: {pattern}"
    return new


# ---------------------------------------------------------------------------------------------
def test_a_generated_school_is_valid_for_both_validators(school, valid):
    tree, found = check(school)
    assert valid(school)
    assert found == []


def test_a_whole_college_is_valid_and_every_bilan_is_walked(valid):
    data = generate_school(seed=5, nb_divisions_par_niveau=2, eleves_par_division=4).lsu_xml()
    tree = parse(Source.from_bytes(data))
    assert list(fastschema.iter_findings(tree)) == []
    assert valid(data)


# (name, mutation, expected findings as (code, path, message)); xmlschema must agree it is invalid
INVALID = [
    ("an eleve without its required id-be",
     lambda t: sub(t, r' id-be="\d+"', ""),
     [('F6', '/lsun-bilans/donnees/eleves/eleve[1]',
       "Il manque l'attribut obligatoire « id-be » (identifiant SIECLE de l'élève) sur l'élève Renaud "
       'Emma (6 A).')]),
    ("a 7.0 attribute date-verrou on a période",
     lambda t: sub(t, r'<periode id="P_01"', '<periode date-verrou="2025-12-01" id="P_01"'),
     [('F7', '/lsun-bilans/donnees/periodes/periode[1]',
       "L'attribut « date-verrou » n'est pas autorisé sur la période 1er trimestre 2025-2026 (il a été "
       'supprimé en version 10.0 : retirez-le).')]),
    ("the modalité d'élection N, which LSU does not allow",
     lambda t: sub(t, r'modalite-election="S"', 'modalite-election="N"'),
     [('F8', '/lsun-bilans/donnees/disciplines/discipline[1]',
       "Valeur « N » non autorisée pour l'attribut « modalite-election » (modalité d'élection) de la "
       "discipline Français (020700) (N existe dans SIECLE mais n'est pas admis par le LSU : "
       "choisissez O ou F selon l'option) : valeurs permises S, O, F, L, R, X, D.")]),
    ("a UAI of 7 characters",
     lambda t: sub(t, r"<etablissement>(\w+)\w</etablissement>", r"<etablissement>\1</etablissement>"),
     [('F12', '/lsun-bilans/entete/etablissement',
       "Le code UAI « 0999001 » (<etablissement> de l'en-tête) fait 7 caractères : il en faut exactement 8 (7 chiffres et une lettre, par exemple 0750680G).")]),
    ("a millésime of 2 characters",
     lambda t: sub(t, r'millesime="2025"', 'millesime="25"'),
     [('F17', '/lsun-bilans/donnees/periodes/periode[1]',
       "Millésime « 25 » invalide pour l'attribut « millesime » (millésime) de la période 1er "
       "trimestre : il faut 4 caractères, l'année de début de l'année scolaire (2025 pour 2025-2026).")]),
    ("30 February",
     lambda t: sub(t, r'date-conseil-classe="[^"]*"', 'date-conseil-classe="2025-02-30"'),
     [('F16', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]',
       "Date « 2025-02-30 » invalide pour l'attribut « date-conseil-classe » (date du conseil de "
       'classe) du bilan périodique de Renaud Emma (6 A, 1er trimestre) : une date réelle au format '
       'AAAA-MM-JJ est attendue (par exemple 2025-12-15).')]),
    ("a moyenne written with a comma",
     lambda t: sub(t, r'moyenne-eleve="[^"]*"', 'moyenne-eleve="15,5"'),
     [('F13', None,
       "Moyenne « 15,5 » invalide pour l'attribut « moyenne-eleve » (moyenne de l'élève) des acquis en "
       'Français (020700) du bilan périodique de Renaud Emma (6 A, 1er trimestre) : utilisez un point '
       'et non une virgule (par exemple 15.5), sur 20, sans « /20 ».')]),
    ("a moyenne with three decimals",
     lambda t: sub(t, r'moyenne-eleve="[^"]*"', 'moyenne-eleve="12.125"'),
     [('F13', None,
       "Moyenne « 12.125 » invalide pour l'attribut « moyenne-eleve » (moyenne de l'élève) des acquis "
       'en Français (020700) du bilan périodique de Renaud Emma (6 A, 1er trimestre) : au plus 2 '
       'décimales (par exemple 15.25).')]),
    ("a positionnement of 5",
     lambda t: sub(t, r"(<acquis )", r'\1positionnement="5" '),
     [('F14', None,
       "Valeur « 5 » invalide pour l'attribut « positionnement » des acquis en Français (020700) du "
       'bilan périodique de Renaud Emma (6 A, 1er trimestre) : valeurs permises 1, 2, 3 ou 4.')]),
    ("a positionnement written 02 (the pattern refuses what the range would accept)",
     lambda t: sub(t, r"(<acquis )", r'\1positionnement="02" '),
     [('F14', None,
       "Valeur « 02 » invalide pour l'attribut « positionnement » des acquis en Français (020700) du "
       'bilan périodique de Renaud Emma (6 A, 1er trimestre) : valeurs permises 1, 2, 3 ou 4.')]),
    ("1000 retards",
     lambda t: sub(t, r'nb-retards="\d+"', 'nb-retards="1000"'),
     [('F15', None,
       "Valeur « 1000 » invalide pour l'attribut « nb-retards » (nombre de retards) de <vie-scolaire> "
       '(vie scolaire) du bilan périodique de Renaud Emma (6 A, 1er trimestre) : un nombre entier de 0 '
       'à 999 est attendu.')]),
    ("a bilan for a pupil who is not in the file",
     lambda t: sub(t, r'eleve-ref="EL_0001"', 'eleve-ref="EL_9999"'),
     [('F19', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]',
       "L'attribut « eleve-ref » (élève) du bilan périodique de l'élève « EL_9999 » (1er trimestre) "
       'renvoie à « EL_9999 », qui ne correspond à aucun identifiant du fichier : il faut '
       "l'identifiant (id) d'un <eleve> déclaré dans le fichier.")]),
    ("one dangling teacher among several (IDREFS)",
     lambda t: sub(t, r'enseignant-refs="([^"]*)"', r'enseignant-refs="\1 ENS_999"'),
     [('F19', None,
       "L'attribut « enseignant-refs » (enseignants) des acquis en Français (020700) du bilan "
       'périodique de Renaud Emma (6 A, 1er trimestre) renvoie à « ENS_999 », qui ne correspond à '
       "aucun identifiant du fichier : il faut l'identifiant (id) d'un <enseignant> déclaré dans le "
       'fichier.')]),
    ("two pupils in one eleve-ref (an IDREF holds one identifier)",
     lambda t: sub(t, r'eleve-ref="EL_0001"', 'eleve-ref="EL_0001 EL_0002"'),
     [('F19', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]',
       "L'attribut « eleve-ref » (élève) du bilan périodique de l'élève « EL_0001 EL_0002 » (1er "
       "trimestre) contient « EL_0001 EL_0002 », qui n'est pas une référence valide : il faut un seul "
       'identifiant (id) du fichier.')]),
    ("an empty list of teachers",
     lambda t: sub(t, r'enseignant-refs="[^"]*"', 'enseignant-refs=""'),
     [('F19', None,
       "L'attribut « enseignant-refs » (enseignants) des acquis en Français (020700) du bilan "
       'périodique de Renaud Emma (6 A, 1er trimestre) est vide : au moins une référence à un '
       'identifiant du fichier est attendue.')]),
    ("an identifier starting with a digit",
     lambda t: sub(t, r'<responsable-etab id="RESP_01"', '<responsable-etab id="1RESP"'),
     [('F18', '/lsun-bilans/donnees/responsables-etab/responsable-etab[1]',
       "L'identifiant « 1RESP » du responsable de l'établissement « Thomas LEROUX » n'est pas valide : "
       'un identifiant commence par une lettre ou « _ », sans espace ni « : » (par exemple EL_01).')]),
    ("no schemaVersion",
     lambda t: sub(t, r' schemaVersion="10.0"', ""),
     [('F3', '/lsun-bilans',
       "L'attribut « schemaVersion » (version du format) manque sur l'élément racine <lsun-bilans> : le LSU rejettera le fichier.")]),
    ("a discipline with the id of a pupil",
     lambda t: sub(t, r'<discipline id="[^"]*"', '<discipline id="EL_0001"'),
     None),
    ("two pupils with the same id-be",
     lambda t: sub(t, r'(<eleve id="EL_0001" id-be=")(\d+)(".*?<eleve id="EL_0002" id-be=")\d+', r"\1\2\3\2"),
     None),
    ("an EPI with a single discipline",
     lambda t: sub(t, r'(<epi [^>]*discipline-refs=")(\S+) [^"]*"', r'\1\2"'),
     [('F27', '/lsun-bilans/donnees/epis/epi[1]',
       "L'EPI « L'eau, une ressource à préserver » ne cite qu'une discipline (« DI_062900 ») dans « "
       'discipline-refs » : il en faut au moins 2.')]),
    ("a CR (&#13;) inside the appréciation générale",
     lambda t: sub(t, r"<acquis-conseils>", "<acquis-conseils>Bon.&#13;"),
     [('F11', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/acquis-conseils',
       'Le texte de <acquis-conseils> (synthèse du bilan, appréciation générale) du bilan périodique '
       'de Renaud Emma (6 A, 1er trimestre) contient un retour chariot (caractère CR, souvent écrit '
       '&#13;), refusé par le LSU : remplacez-le par un simple retour à la ligne.')]),
    ("a blank appréciation générale",
     lambda t: sub(t, r"<acquis-conseils>[^<]*</acquis-conseils>", "<acquis-conseils> \n\t</acquis-conseils>"),
     [('F10', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/acquis-conseils',
       'Le texte de <acquis-conseils> (synthèse du bilan, appréciation générale) du bilan périodique '
       'de Renaud Emma (6 A, 1er trimestre) est vide ou ne contient que des espaces : un texte non '
       'vide est attendu.')]),
    ("an appréciation générale of 1001 characters",
     lambda t: sub(t, r"<acquis-conseils>[^<]*</acquis-conseils>", "<acquis-conseils>" + "é" * 1001 + "</acquis-conseils>"),
     [('F9', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/acquis-conseils',
       'Le texte de <acquis-conseils> (synthèse du bilan, appréciation générale) du bilan périodique '
       'de Renaud Emma (6 A, 1er trimestre) est trop long : 1001 caractères pour 1000 au maximum. '
       'Raccourcissez le texte dans votre logiciel.')]),
    ("a bilan périodique without its appréciation générale",
     lambda t: sub(t, r"<acquis-conseils>[^<]*</acquis-conseils>", ""),
     [('F6', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]',
       "Il manque l'élément obligatoire <acquis-conseils> (synthèse du bilan, appréciation générale) "
       'dans le bilan périodique de Renaud Emma (6 A, 1er trimestre).')]),
    ("the vie scolaire before the appréciation générale",
     lambda t: sub(t, r"(<acquis-conseils>[^<]*</acquis-conseils>)(\s*)(<vie-scolaire [^>]*/>)", r"\3\2\1"),
     [('F5', '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/vie-scolaire',
       "L'élément <vie-scolaire> n'est pas à sa place dans le bilan périodique de Renaud Emma (6 A, "
       '1er trimestre) : il doit venir après <acquis-conseils>.')]),
    ("the périodes after the disciplines",
     lambda t: sub(sub(t, r"\s*<periodes>.*?</periodes>", "", flags=re.S),
                   r"</disciplines>", "</disciplines><periodes><periode id=\"P_01\" millesime=\"2025\" "
                   "indice=\"1\" nb-periodes=\"3\"/><periode id=\"P_02\" millesime=\"2025\" indice=\"2\" "
                   "nb-periodes=\"3\"/><periode id=\"P_03\" millesime=\"2025\" indice=\"3\" nb-periodes=\"3\"/></periodes>"),
     [('F5', '/lsun-bilans/donnees/periodes',
       "L'élément <periodes> n'est pas à sa place dans <donnees> (données) : il doit venir avant "
       '<disciplines>.')]),
    ("an unknown element",
     lambda t: sub(t, r"<periodes>", "<periodes><trimestre/>"),
     [('F7', '/lsun-bilans/donnees/periodes/trimestre',
       "L'élément <trimestre> n'est pas autorisé dans <periodes> (liste des périodes).")]),
    ("a bilan de fin de cycle with 7 domaines",
     lambda t: sub(t, r"(<bilan-cycle [^>]*>\s*<socle>\s*)<domaine [^>]*/>", r"\1"),
     [('F26', '/lsun-bilans/donnees/bilans-cycle/bilan-cycle[1]/socle',
       'Le socle du bilan de fin de cycle compte 7 domaines : il en faut exactement 8, un par domaine (manquants : « CPD_FRA » (langue française)).')]),
    ("a bilan de fin de cycle with 9 domaines",
     lambda t: sub(t, r"(<bilan-cycle [^>]*>\s*<socle>\s*)(<domaine [^>]*/>)", r"\1\2\2"),
     [('F26', '/lsun-bilans/donnees/bilans-cycle/bilan-cycle[1]/socle',
       'Le socle du bilan de fin de cycle compte 9 domaines : il en faut exactement 8, un par domaine.')]),
    ("a bilan de fin de cycle without its synthèse",
     lambda t: sub(t, r"(<bilan-cycle .*?)<synthese>[^<]*</synthese>", r"\1"),
     None),
    ("two acquis for one discipline in a bilan",
     lambda t: sub(t, r"(<acquis .*?</acquis>)", r"\1\1"),
     None),
    ("text between the pupils",
     lambda t: sub(t, r"<eleves>", "<eleves>texte"),
     [('F7', '/lsun-bilans/donnees/eleves',
       'Du texte (« texte ») est écrit directement dans <eleves> (liste des élèves), qui ne doit '
       'contenir que des éléments.')]),
    ("a blank inside an element that has no content (xmlschema refuses it)",
     lambda t: sub(t, r'(<eleve id="EL_0001"[^>]*)/>', r"\1> </eleve>"),
     [('F7', '/lsun-bilans/donnees/eleves/eleve[1]',
       "Du texte est écrit dans la déclaration de l'élève Renaud Emma (6 A), qui doit rester vide "
       '(seuls ses attributs comptent).')]),
    ("xsi:nil on an element that is not nillable",
     lambda t: sub(t, r"<eleves>", '<eleves xsi:nil="false">'),
     [('F7', '/lsun-bilans/donnees/eleves',
       "L'attribut « xsi:nil » n'est pas autorisé sur <eleves> (liste des élèves) : le format LSU ne "
       'permet pas de déclarer cet élément vide ainsi.')]),
    ("the header's application twice",
     lambda t: sub(t, r"(<application>[^<]*</application>)", r"\1\1"),
     None),
    ("a header without its établissement",
     lambda t: sub(t, r"<etablissement>[^<]*</etablissement>", ""),
     [('F6', '/lsun-bilans/entete',
       "Il manque l'élément obligatoire <etablissement> (UAI de l'établissement) dans l'en-tête.")]),
    ("two enseignants with the same type and id-sts written differently (typed values)",
     lambda t: sub(t, r'(<enseignant id="ENS_001" type="epp" id-sts=")(\d+)(".*?<enseignant id="ENS_002" type="epp" id-sts=")\d+',
                   r"\g<1>\g<2>\g<3>0\g<2>"),
     None),
]

@pytest.mark.parametrize("name, mutate, expected", INVALID, ids=[c[0] for c in INVALID])
def test_an_invalid_file_is_refused_by_both_with_the_element_at_fault(name, mutate, expected, school, valid):
    text = mutate(school)
    tree, found = check(text)
    assert not valid(text), "the mutation must be invalid for xmlschema"
    assert found, "the fast validator must refuse it too"
    got = summary(tree, found)
    if expected is not None:
        for code, path, message in expected:
            assert any(c == code and m == message and (path is None or p == path) for c, p, m in got), got


MUTATION = {name: mutate for name, mutate, _expected in INVALID}


@pytest.mark.parametrize("name, code", [
    ("a discipline with the id of a pupil", "F18"),
    ("two pupils with the same id-be", "F20"),
    ("a bilan de fin de cycle with 9 domaines", "F26"),
    ("a bilan de fin de cycle without its synthèse", "F26"),
    ("two acquis for one discipline in a bilan", "F25"),
    ("the header's application twice", "F7"),
    ("two enseignants with the same type and id-sts written differently (typed values)", "F23"),
])
def test_each_structural_fault_gets_its_format_code(name, code, school):
    _tree, found = check(MUTATION[name](school))
    assert code in {f.code for f in found}, [(f.code, f.message) for f in found]


def test_duplicates_name_the_first_occurrence_and_its_line(school):
    tree, found = check(MUTATION["two pupils with the same id-be"](school))
    (f,) = found
    first, second = tree.root.findall(f"{{{NS}}}donnees/{{{NS}}}eleves/{{{NS}}}eleve")[:2]
    who = f"{second.get('nom')} {second.get('prenom')} ({second.get('code-division')})"
    assert f.message == (f"L'identifiant SIECLE « {first.get('id-be')} » est donné à deux élèves : "
                         f"l'élève {who} en est le second (première occurrence : ligne {tree.lines[first]}). "
                         "Chaque élève ne doit figurer qu'une fois (un élève qui a changé de classe s'exporte "
                         "dans un fichier séparé).")


#: where the two paths still word a problem differently, and why the fast path's is kept
WORDED_APART = {
    # xmlschema's translator finds the first enseignant by raw text ("0586876" ≠ "586876"), the
    # fast validator by typed value, so only it can name the first occurrence's line
    "two enseignants with the same type and id-sts written differently (typed values)",
}


@pytest.mark.parametrize("name, mutate", [(n, m) for n, m, _e in INVALID if n not in WORDED_APART],
                         ids=[n for n, _m, _e in INVALID if n not in WORDED_APART])
def test_both_paths_say_the_same_sentences_on_the_same_elements(name, mutate, school):
    """One wording of structural problems (issue 11 §3): the fast validator's findings are, one
    for one, the xmlschema path's (xsd/words.py words both)."""
    from lsucheck.xsd import load_schema
    from lsucheck.xsd.words import findings_from_xmlschema
    tree, found = check(mutate(school))
    doc = LsuDocument(tree)
    xsd = load_schema("10.0").schema
    reference = findings_from_xmlschema(xsd.iter_errors(tree.root), doc, xsd)
    assert sorted(summary(tree, found)) == sorted(summary(tree, reference))


# what xmlschema accepts, the fast validator accepts too
VALID = [
    ("the header in another order (xs:all)",
     lambda t: sub(t, r"(<editeur>[^<]*</editeur>)(\s*)(<application>[^<]*</application>)", r"\3\2\1")),
    ("an appréciation on several lines (LF is allowed, only CR is not)",
     lambda t: sub(t, r"<acquis-conseils>", "<acquis-conseils>Premier trimestre.\n")),
    ("a no-break space is not a blank for XSD",
     lambda t: sub(t, r"<acquis-conseils>[^<]*</acquis-conseils>", "<acquis-conseils>\u00a0</acquis-conseils>")),
    ("blanks around an integer (collapsed)",
     lambda t: sub(t, r'nb-retards="(\d+)"', r'nb-retards=" \1 "')),
    ("an id-sts with a leading zero", lambda t: sub(t, r'id-sts="(\d+)"', r'id-sts="0\1"')),
    ("a moyenne of 20.00 and one of .5",
     lambda t: sub(sub(t, r'moyenne-eleve="[^"]*"', 'moyenne-eleve="20.00"'), r'moyenne-structure="[^"]*"', 'moyenne-structure=".5"')),
    ("29 February of a leap year",
     lambda t: sub(t, r'date-conseil-classe="[^"]*"', 'date-conseil-classe="2024-02-29"')),
    ("a comment inside the data", lambda t: sub(t, r"<eleves>", "<eleves><!-- commentaire -->")),
    ("xsi:schemaLocation on an inner element",
     lambda t: sub(t, r"<eleves>", f'<eleves xsi:schemaLocation="{NS} x.xsd">')),
    ("two disciplines differing only by id-lv (partial keys count)",
     lambda t: sub(t, r'(<discipline id="DI_020700")', r'\1 id-lv="DI_020700"')),
]


@pytest.mark.parametrize("name, mutate", VALID, ids=[c[0] for c in VALID])
def test_what_xmlschema_accepts_is_accepted(name, mutate, school, valid):
    text = mutate(school)
    tree, found = check(text)
    assert valid(text)
    assert found == [], summary(tree, found)


def test_random_mutations_get_xmlschemas_verdict(tiny, valid):
    """A quick in-house differential (the conformance suite runs thousands)."""
    import xml.etree.ElementTree as ET

    from tests.conformance.mutations import serialise
    rng = random.Random(4)
    base = ET.fromstring(tiny.encode())
    values = ["", " ", "0", "1", "+1", "01", "4", "5", "20.001", "2025-02-29", "2025-13-01", "EL_0001",
              "EL_0001 EL_0002", "x" * 101, "CTR", "N", "a\rb", "1_0", "-0", "3 "]
    verdicts = {True: 0, False: 0}
    for _ in range(80):
        root = ET.fromstring(ET.tostring(base))
        elems = list(root.iter())
        parents = {c: p for p in root.iter() for c in p}
        e = rng.choice(elems[1:])
        op = rng.randrange(5)
        if op == 0 and e.attrib:
            e.set(rng.choice(sorted(e.attrib)), rng.choice(values))
        elif op == 1 and e.attrib:
            del e.attrib[rng.choice(sorted(e.attrib))]
        elif op == 2:
            parents[e].remove(e)
        elif op == 3:
            p = parents[e]
            p.insert(list(p).index(e), ET.fromstring(ET.tostring(e)))
        else:
            e.text = rng.choice(values)
        data = serialise(root)   # not ET.tostring: its prefixes follow ET.register_namespace calls
        tree = parse(Source.from_bytes(data))
        expected = valid(data)
        verdicts[expected] += 1
        assert (list(fastschema.iter_findings(tree)) == []) == expected, ET.tostring(e)[:200]
    assert verdicts[True] >= 8 and verdicts[False] >= 30, verdicts


# ---------------------------------------------------------------------------------------------
# the simple types, value by value
CORPUS = ["", " ", "\t", "\n", "\r", "a", " a ", "a\rb", "a\nb", "\u00a0", "\u2003", "0", "1", "2", "3",
          "4", "5", "9", "00", "01", "+1", "-1", "-0", " 1 ", "1_0", "\u0663", "1.0", "1.", ".5", "20",
          "20.00", "20.01", "015.50", "1e1", "NaN", "15,5", "999", "1000", "2147483648", "true", "false",
          "TRUE", "2025-01-31", "2025-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2025-13-01",
          "0000-01-01", "-0001-01-01", "2025-01-01Z", "2025-01-01+14:00", "2025-01-01+14:01",
          "EL_01", "1EL", "_x", "a:b", "é", "a b", " EL_01 ", "EL_01 EL_02", "S", "N", "D", "CTR", "10.0",
          "12345678", "1234567", "1234", "123456"] + \
         ["x" * n for n in (9, 10, 11, 20, 21, 40, 41, 50, 51, 100, 101, 150, 151, 300, 301, 600, 601,
                            1000, 1001, 1500, 1501)]


def _jdk_reads_differently(value: str, t) -> bool:
    """xmlschema's readings the JDK does not share: a non-breaking space taken for a blank, ``int()``
    and elementpath's decimals (``1_000``, an inner blank, other Unicode digits)."""
    if "\u00a0" in value and t.family != "string":
        return True
    numeric = t.family in ("integer", "decimal")
    if t.family == "name" and not value.isascii():   # names by XML 1.0 4th edition (the JDK's)
        from lsucheck.xsd.problems import xml4_name
        if t.variety == "list":
            return not all(xml4_name(i, t.item.builtin) for i in re.split(r"[ \t\n\r]+", value) if i)
        return not xml4_name(value.strip(" \t\n\r"), t.builtin)
    return numeric and ("_" in value or " " in value.strip(" \t\n\r") or not value.isascii())


def test_every_simple_type_accepts_exactly_what_xmlschema_accepts(oracle):
    compiled = fastschema.compiled()
    rng = random.Random(9)
    corpus = CORPUS + ["".join(rng.choice("0123456789 .-+_:ab\t\n\r\u00a0éZT") for _ in range(rng.randint(0, 10)))
                       for _ in range(400)]
    checked = 0
    for key, t in compiled.types.items():
        if key.startswith("#"):
            continue
        xsd_type = (oracle.maps.types["{http://www.w3.org/2001/XMLSchema}" + key[3:]] if key.startswith("xs:")
                    else oracle.types[key])
        for value in corpus:
            expected = xsd_type.is_valid(value)
            if expected and _jdk_reads_differently(value, t):
                # the JDK (the LSU's validator) refuses what xmlschema accepts here, and the fast
                # validator follows the JDK (tests/conformance/test_jdk_oracle.py)
                assert not t.is_valid(value), (key, value)
                continue
            assert t.is_valid(value) == expected, (key, value)
            assert (t.problems(value) == []) == expected, (key, value)
            checked += 1
    assert checked > 10_000


@pytest.mark.parametrize("pattern", sorted(fastschema._NONBLANK_PATTERNS))
def test_the_non_blank_predicate_equals_the_translated_pattern(pattern):
    regex = re.compile(pattern)
    rng = random.Random(2)
    samples = CORPUS + ["".join(rng.choice(" \t\n\r\u00a0\u2003x\x0b\x0c") for _ in range(rng.randint(0, 6)))
                        for _ in range(3000)]
    for value in samples:
        assert fastschema._is_nonblank_without_cr(value) == bool(regex.match(value)), repr(value)


# ---------------------------------------------------------------------------------------------
# derived from the XSD, written once
def test_the_pregenerated_table_is_the_package_xsd_compiled():
    import json
    with open(fastschema.package_table_path(), encoding="utf-8") as fh:
        table = json.load(fh)
    assert table == fastschema.compile_table(PACKAGE_XSD), (
        f"lsun-bilans.table.json is stale: run `{fastschema.REGENERATE}`")
    assert fastschema.table_problem(PACKAGE_XSD, fastschema.package_table_path()) is None


def test_the_table_is_data_listed_in_the_manifest_with_the_xsds_sha256():
    import hashlib
    import json
    from importlib import resources
    data = resources.files("lsucheck") / "data"
    manifest = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    [entry] = [f for f in manifest["files"] if f["file"] == "xsd/10.0/lsun-bilans.table.json"]
    table_bytes = (data / "xsd" / "10.0" / "lsun-bilans.table.json").read_bytes()
    xsd_bytes = (data / "xsd" / "10.0" / "lsun-bilans.xsd").read_bytes()
    assert entry["sha256"] == hashlib.sha256(table_bytes).hexdigest()
    assert entry["xsd"] == "xsd/10.0/lsun-bilans.xsd"
    assert entry["xsd_sha256"] == hashlib.sha256(xsd_bytes).hexdigest() == json.loads(table_bytes)["xsd_sha256"]
    assert not list(resources.files("lsucheck").glob("fastschema_table*"))


def _copy_package_data(tmp_path):
    import shutil
    pkg = tmp_path / "lsucheck"
    shutil.copytree(os.path.join(os.path.dirname(PACKAGE_XSD), "..", ".."), pkg / "data")
    (pkg / "xsd").mkdir()
    shutil.copy(fastschema.__file__, pkg / "xsd" / "fast.py")
    return pkg


def test_a_stale_table_is_detected_at_build_time_and_never_recompiled_at_run_time(tmp_path, monkeypatch):
    import importlib.util
    pkg = _copy_package_data(tmp_path)
    xsd = pkg / "data" / "xsd" / "10.0" / "lsun-bilans.xsd"
    xsd.write_text(xsd.read_text(encoding="utf-8").replace("</xs:schema>", "<!-- modifié -->\n</xs:schema>"),
                   encoding="utf-8")
    problem = fastschema.table_problem(xsd, pkg / "data" / "xsd" / "10.0" / "lsun-bilans.table.json")
    assert problem is not None and "périmée" in problem
    # build.py fails with the reason and the command that regenerates the table
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    spec = importlib.util.spec_from_file_location("lsucheck_build", os.path.join(root, "build.py"))
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    with pytest.raises(build.BuildError) as caught:
        build.check_schema_tables(pkg)
    assert "périmée" in str(caught.value) and fastschema.REGENERATE in str(caught.value)
    build.check_schema_tables(os.path.dirname(os.path.dirname(os.path.abspath(fastschema.__file__))))
    # at run time: an error naming the command, not a silent compile
    monkeypatch.setattr(fastschema, "package_xsd_path", lambda: str(xsd))
    fastschema.compiled.cache_clear()
    try:
        with pytest.raises(fastschema.StaleTable, match="régénérez-la"):
            fastschema.compiled()
    finally:
        fastschema.compiled.cache_clear()


def test_the_fast_path_does_not_import_xmlschema():
    code = ("import sys; from lsucheck.xsd import fast as fastschema; fastschema.compiled(); "
            "print('xmlschema' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(fastschema.__file__))))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


def test_content_models_become_automata():
    a, b, c = "a", "b", "c"
    model = ["sequence", [["element", a, 1, 1, 0], ["element", b, 0, 1, 1],
                          ["sequence", [["element", c, 1, 1, 2]], 1, 3]], 1, 1]
    trans, accept, tags = fastschema._build_dfa(model)

    def accepts(seq):
        state = 0
        for tag in seq:
            state = trans[state].get(tag)
            if state is None:
                return False
        return accept[state]

    assert tags == {a: 0, b: 1, c: 2}
    assert accepts("ac") and accepts("abc") and accepts("accc")
    assert not accepts("a") and not accepts("acccc") and not accepts("ca") and not accepts("abbc")


def test_xsi_type_naming_a_known_type_is_left_to_xmlschema_before_any_finding(school):
    tree = parse(Source.from_bytes(sub(school, r"<eleves>", '<eleves xsi:type="Texte50">').encode()))
    with pytest.raises(fastschema.Unsupported):
        fastschema.iter_findings(tree)


def test_xsi_type_naming_an_unknown_type_is_refused_as_the_jdk_refuses_it(school):
    tree = parse(Source.from_bytes(sub(school, r"<eleves>", '<eleves xsi:type="x">').encode()))
    assert [(f.code, f.message) for f in fastschema.iter_findings(tree)] == [
        ("F7", "L'attribut « xsi:type » de <eleves> (liste des élèves) désigne un type « x » que le "
               "format LSU ne connaît pas : le LSU refuse alors le fichier, même si d'autres outils de "
               "vérification passent outre. Votre logiciel ne doit pas écrire cet attribut ; refaites "
               "l'export.")]


def test_a_foreign_root_is_named():
    tree = parse(Source.from_bytes(b'<BEE_ELEVES VERSION="3.0"/>'))
    (f,) = fastschema.iter_findings(tree)
    assert (f.code, f.message) == ("F2", "L'élément racine est <BEE_ELEVES> ; le format attend "
                                         f"<lsun-bilans> dans l'espace de noms {NS}.")


# ---------------------------------------------------------------------------------------------
@pytest.mark.conformance
def test_the_official_xsd_compiles_and_agrees_on_its_sample_and_mutations(official_xsd, sample_10):
    """The same compiler on the official 10.0 XSD: same verdicts as xmlschema on 120 mutations,
    and every refusal names one of the elements at fault (tests/conformance/test_differential.py
    runs thousands through lsucheck.check, whose default structural path is this one)."""
    from tests.conformance.mutations import generate
    from tests.conformance.test_differential import unique_key_with_an_absent_field
    from tests.conformance.mutations import XMLSCHEMA_CACHE
    compiled = fastschema.compile_xsd(official_xsd)
    data = sample_10.read_bytes()
    mutations = generate(data, seed=44, count=120, label="fast")
    official = XMLSCHEMA_CACHE.xmlschema(official_xsd.read_bytes(),
                                         {"base": data} | {m.ident: m.data for m in mutations})
    tree = parse(Source.from_bytes(data))
    assert list(fastschema.iter_findings(tree, compiled)) == [] and official["base"][0]
    agreed = 0
    for m in mutations:
        tree = parse(Source.from_bytes(m.data))
        # xmlschema compares an xs:unique row missing a field; the JDK, the standard and lsucheck do not
        expected = official[m.ident][0] or unique_key_with_an_absent_field(m)
        try:
            found = list(fastschema.iter_findings(tree, compiled))
        except fastschema.Unsupported:
            continue
        assert (found == []) == expected, (m.ident, m.description)
        if found and m.fault_paths:
            doc = LsuDocument(tree)
            assert {doc.path(f.elem) for f in found} & m.fault_paths, (m.description, summary(tree, found))
        agreed += 1
    assert agreed >= 115


def test_a_value_repeated_on_many_elements_is_said_once_per_element_naming_each(school):
    """The fast validator analyses a repeated bad value once, but each sentence names its element."""
    tree, found = check(re.sub(r'moyenne-eleve="[^"]*"', 'moyenne-eleve="15,5"', school))
    doc = LsuDocument(tree)
    acquis = [e for e in tree.root.iter(f"{{{NS}}}acquis") if e.get("moyenne-eleve") == "15,5"]
    assert len(acquis) > 2 and [f.elem for f in found] == acquis
    def where(a):   # the discipline and the bilan, in the users' words, as the sentence names them
        discipline = doc.ref(a.get("discipline-ref"))
        bilan = doc.enclosing_bilan(a)
        eleve = doc.ref(bilan.get("eleve-ref"))
        periode = doc.ref(bilan.get("periode-ref"))
        rank = "1er" if periode.get("indice") == "1" else periode.get("indice") + "e"
        return (f"{discipline.get('libelle')} ({discipline.get('code')}) du bilan périodique de "
                f"{eleve.get('nom')} {eleve.get('prenom')} ({eleve.get('code-division')}, {rank} trimestre)")
    assert [f.message for f in found] == [
        f"Moyenne « 15,5 » invalide pour l'attribut « moyenne-eleve » (moyenne de l'élève) des acquis en "
        f"{where(a)} : utilisez un point et non une virgule (par exemple 15.5), sur 20, sans « /20 »."
        for a in acquis]
    assert len(set(f.message for f in found)) == len(acquis)
    assert len({doc.path(f.elem) for f in found}) == len(acquis)


def test_the_fast_validator_yields_neutral_records_that_one_module_words(school):
    """Problems are frozen records without French (reason, element, attribute, value, expected…);
    xsd/words.py words them (issue 9 §1)."""
    import dataclasses
    from lsucheck.xsd import Problem
    tree = parse(Source.from_bytes(MUTATION["a bilan périodique without its appréciation générale"](school).encode()))
    (p,) = list(fastschema.iter_problems(tree))
    bilan = tree.root.find(f"{{{NS}}}donnees/{{{NS}}}bilans-periodiques/{{{NS}}}bilan-periodique")
    assert isinstance(p, Problem) and (p.reason, p.elem, p.attribute, p.value, p.expected) == \
        ("missing-element", bilan, None, None, (f"{{{NS}}}acquis-conseils",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.reason = "autre"
    tree = parse(Source.from_bytes(MUTATION["a moyenne written with a comma"](school).encode()))
    (p,) = list(fastschema.iter_problems(tree))
    assert (p.reason, p.attribute, p.value, p.facets) == ("value", "moyenne-eleve", "15,5", ("type",))


def test_an_emoji_counts_twice_and_the_sentence_says_why(school):
    """The LSU (the JDK) counts UTF-16 units: 999 letters and one emoji make 1001 for 1000 allowed."""
    text = sub(school, r"<acquis-conseils>[^<]*</acquis-conseils>",
               "<acquis-conseils>" + "é" * 999 + "\U0001F600</acquis-conseils>")
    tree, found = check(text)
    assert [(f.code, f.message) for f in found] == [(
        "F9", "Le texte de <acquis-conseils> (synthèse du bilan, appréciation générale) du bilan périodique "
              "de Renaud Emma (6 A, 1er trimestre) est trop long pour le LSU, qui compte chaque émoji (ou "
              "caractère rare, hors de l'alphabet courant) pour deux caractères : 1001 sur 1000 permis (1000 "
              "caractères à l'écran, dont 1 émoji ou caractère rare). D'autres outils de vérification "
              "l'acceptent, pas le LSU : raccourcissez le texte ou retirez les émoji dans votre logiciel.")]


def test_a_name_character_of_xml_5th_edition_only_is_refused_as_the_jdk_refuses_it(school):
    """A fullwidth digit (U+FF10) is a name character for xmlschema (XML 1.0 5th edition), not for
    the JDK (4th edition): the LSU refuses the identifier (found by tests/conformance/lexical.py)."""
    text = sub(school, r'<responsable-etab id="RESP_01"', '<responsable-etab id="RESP_01\uff10"')
    text = text.replace('responsable-etab-ref="RESP_01"', 'responsable-etab-ref="RESP_01\uff10"')
    tree, found = check(text)
    assert (found[0].code, found[0].message) == (
        "F18", "L'identifiant « RESP_01\uff10 » du responsable de l'établissement « Thomas LEROUX » n'est pas "
               "valide : un identifiant commence par une lettre ou « _ », sans espace ni « : » (par exemple "
               "EL_01).")
    # and each of the 7 bilans that cite it holds no valid reference either
    assert [f.code for f in found[1:]] == ["F19"] * 7
    assert all(" contient « RESP_01\uff10 », qui n'est pas une référence valide" in f.message for f in found[1:])
