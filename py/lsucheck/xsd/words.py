"""The xmlschema path's structural findings, in the users' words (F3, F5–F27).

Turns each xmlschema error into a :class:`Finding` with a French sentence that says which element or
attribute, the value at fault and what is expected, on the element at fault (the element lacking an
attribute or a child, the misplaced or unknown child, the referencing element of a dangling
reference, the second of two duplicates) so that the engine stamps pupil, division, période,
discipline, path and line.

Every xmlschema error of the whole document is reported; nothing is capped (a systematic error
repeated over thousands of acquis is reported thousands of times: the report groups them).

Part of the ``xsd`` package: imports nothing above it (not rules, not engine, not catalogue).
"""
from __future__ import annotations

import ast
import dataclasses
import re
from collections import defaultdict
from typing import Iterable

from ..calendar import year_label
from ..findings import Finding
from ..model import IDREF_TARGETS
from ..recognise import NS, local
from .problems import Problem, locations_are_uris, utf16_length, xml4_name


# ---------------------------------------------------------------------------------------------
# Words: what each element and attribute is, for the user

ELEMENT_WORDS = {
    "lsun-bilans": "racine du fichier", "entete": "en-tête", "editeur": "éditeur du logiciel",
    "application": "nom du logiciel", "appliVersion": "version du logiciel",
    "etablissement": "UAI de l'établissement", "donnees": "données",
    "responsables-etab": "responsables de l'établissement",
    "responsable-etab": "responsable de l'établissement", "eleves": "liste des élèves",
    "eleve": "élève", "periodes": "liste des périodes", "periode": "période",
    "disciplines": "liste des disciplines", "discipline": "discipline",
    "enseignants": "liste des enseignants", "enseignant": "enseignant",
    "elements-programme": "éléments de programme", "element-programme": "élément de programme",
    "competences-numeriques-communs": "compétences numériques communes",
    "competences-numeriques-commun": "appréciation commune de compétences numériques",
    "parcours-communs": "parcours communs", "parcours-commun": "parcours commun à une division",
    "parcours": "parcours éducatif", "vies-scolaires-communs": "vie scolaire commune",
    "vie-scolaire-commun": "vie scolaire commune à une division", "commentaire": "commentaire",
    "epis-thematiques": "thématiques d'EPI", "epi-thematique": "thématique d'EPI",
    "epis": "liste des EPI", "epi": "EPI", "description": "description",
    "epis-groupes": "groupes d'EPI", "epi-groupe": "groupe d'EPI",
    "enseignants-disciplines": "enseignants et disciplines du groupe",
    "enseignant-discipline": "enseignant et discipline", "acc-persos": "accompagnements personnalisés",
    "acc-perso": "accompagnement personnalisé", "acc-persos-groupes": "groupes d'accompagnement personnalisé",
    "acc-perso-groupe": "groupe d'accompagnement personnalisé",
    "bilans-periodiques": "liste des bilans périodiques", "bilan-periodique": "bilan périodique",
    "liste-acquis": "acquis par discipline", "acquis": "acquis d'une discipline",
    "appreciation": "appréciation", "competences-numeriques": "compétences numériques de l'élève",
    "appreciation-num": "appréciation des compétences numériques",
    "competence-num": "compétence numérique", "epis-eleve": "EPI de l'élève", "epi-eleve": "EPI de l'élève",
    "acc-persos-eleve": "accompagnements personnalisés de l'élève",
    "acc-perso-eleve": "accompagnement personnalisé de l'élève", "liste-parcours": "parcours de l'élève",
    "modalites-accompagnement": "modalités d'accompagnement",
    "modalite-accompagnement": "modalité d'accompagnement", "complement-ppre": "complément PPRE",
    "complement-contrat-reussite": "complément contrat de réussite",
    "acquis-conseils": "synthèse du bilan, appréciation générale", "devoirs-faits": "devoirs faits",
    "vie-scolaire": "vie scolaire", "socle": "socle commun", "domaine": "domaine du socle",
    "responsables": "responsables de l'élève", "responsable": "responsable de l'élève",
    "adresse": "adresse", "bilans-cycle": "liste des bilans de fin de cycle",
    "bilan-cycle": "bilan de fin de cycle", "synthese": "synthèse du bilan de fin de cycle",
    "enseignement-complement": "enseignement de complément",
    "langue-culture-regionale": "langue et culture régionale",
}

ATTRIBUTE_WORDS = {
    "schemaVersion": "version du format", "id": "identifiant", "id-be": "identifiant SIECLE de l'élève",
    "nom": "nom", "prenom": "prénom", "code-division": "code de la division", "libelle": "libellé",
    "millesime": "millésime", "indice": "numéro de la période", "nb-periodes": "nombre de périodes",
    "code": "code", "code-national": "code matière national", "modalite-election": "modalité d'élection",
    "id-lv": "langue vivante associée", "type": "type", "id-sts": "identifiant STS-web",
    "civilite": "civilité", "code-structure": "code de la division ou du groupe",
    "type-structure": "type de structure (D division, G groupe)", "periode-ref": "période",
    "eleve-ref": "élève", "date-conseil-classe": "date du conseil de classe",
    "date-scolarite": "date de scolarité", "responsable-etab-ref": "responsable de l'établissement",
    "prof-princ-refs": "professeurs principaux", "discipline-ref": "discipline",
    "enseignant-refs": "enseignants", "enseignant-ref": "enseignant",
    "element-programme-refs": "éléments de programme", "moyenne-eleve": "moyenne de l'élève",
    "moyenne-structure": "moyenne de la classe", "statut-evaluation-eleve": "statut d'évaluation de l'élève",
    "statut-evaluation-structure": "statut d'évaluation de la classe", "positionnement": "positionnement",
    "comp-num-commun-refs": "compétences numériques communes", "niveau": "niveau",
    "epi-groupe-ref": "groupe d'EPI", "acc-perso-groupe-ref": "groupe d'accompagnement personnalisé",
    "nb-retards": "nombre de retards", "nb-abs-justifiees": "demi-journées d'absence justifiées",
    "nb-abs-injustifiees": "demi-journées d'absence injustifiées",
    "nb-heures-manquees": "heures de cours manquées", "cycle": "cycle",
    "date-creation": "date de création", "intitule": "intitulé", "thematique": "thématique",
    "discipline-refs": "disciplines", "epi-ref": "EPI", "acc-perso-ref": "accompagnement personnalisé",
    "legal1": "responsable légal 1", "legal2": "responsable légal 2", "lien-parente": "lien de parenté",
    "denomination": "dénomination", "ligne1": "ligne 1 de l'adresse", "ligne2": "ligne 2 de l'adresse",
    "ligne3": "ligne 3 de l'adresse", "ligne4": "ligne 4 de l'adresse", "code-postal": "code postal",
    "commune": "commune",
}

# (element, attribute) pairs whose word differs from the attribute's usual one
_PAIR_WORDS = {
    ("discipline", "code"): "code matière", ("enseignant", "type"): "type d'enseignant",
    ("parcours", "code"): "code du parcours", ("domaine", "code"): "code du domaine du socle",
    ("modalite-accompagnement", "code"): "code de la modalité",
    ("competence-num", "code"): "code de la compétence numérique",
    ("epi-thematique", "code"): "code de la thématique", ("enseignement-complement", "code"):
    "code de l'enseignement de complément", ("langue-culture-regionale", "code"):
    "code de la langue régionale", ("responsable-etab", "libelle"): "nom et fonction",
    ("discipline", "libelle"): "libellé de la discipline",
    ("element-programme", "libelle"): "libellé de l'élément de programme",
    ("domaine", "positionnement"): "positionnement sur le socle",
}


#: what a value must be, per attribute (or element text), when it is not an enumeration
_EXPECTED = {
    ("acquis", "positionnement"): "1, 2, 3 ou 4",
    ("domaine", "positionnement"): "0 (dispensé), 1, 2, 3 ou 4",
    ("enseignement-complement", "positionnement"): "1 (objectif atteint) ou 2 (objectif dépassé)",
    ("langue-culture-regionale", "positionnement"): "1 (niveau A2 non atteint) ou 2 (niveau A2 atteint)",
    ("acquis", "statut-evaluation-eleve"): "1 (non noté), 2 (en attente) ou 3 (dispensé)",
    ("acquis", "statut-evaluation-structure"): "1 (non noté) ou 2 (en attente)",
    ("competence-num", "niveau"): "1, 2 ou 3",
    ("bilan-cycle", "cycle"): "3 ou 4",
    ("periode", "indice"): "un nombre entier (le numéro de la période : 1, 2, 3…)",
    ("periode", "nb-periodes"): "un nombre entier (3 pour des trimestres, 2 pour des semestres)",
    ("enseignant", "id-sts"): "un nombre entier positif, l'identifiant de l'enseignant dans STS-web",
    ("responsable", "legal1"): "true ou false",
    ("responsable", "legal2"): "true ou false",
}

#: hints for values users often write (FORMAT.md §2.2, §2.6)
_ENUM_HINTS = {
    ("discipline", "modalite-election", "N"): " (N existe dans SIECLE mais n'est pas admis par le LSU : "
                                              "choisissez O ou F selon l'option)",
    ("modalite-accompagnement", "code", "CTR"): " (le contrat de réussite CTR a été supprimé en version 10.0)",
}

#: attributes of older versions that 10.0 no longer allows (FORMAT.md §2.6, F7)
_REMOVED_ATTRIBUTES = {
    "date-verrou": " (il a été supprimé en version 10.0 : retirez-le)",
    "eleve-non-note": " (remplacé en version 10.0 par « statut-evaluation-eleve » à 1, non noté)",
    "structure-non-notee": " (remplacé en version 10.0 par « statut-evaluation-structure » à 1, non noté)",
}




def describe(elem, doc=None, skip: str | None = None) -> str:
    """The element in the users' words, with its context inside the phrase: « le bilan périodique
    de DUVAL Lina (3 B, 1er trimestre) », « la discipline Mathématiques (061300) », « <appreciation>
    (appréciation) des acquis en Français du bilan périodique de… ». Without ``doc`` (no references
    to follow) the element's own words only; ``skip``: the attribute at fault, not used to name it."""
    return _Places(doc).place(elem, skip=skip)


def of(phrase: str) -> str:
    """« de » before a phrase, contracted: du bilan, des acquis, de la discipline, de l'élève."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase


def _ordinal(indice: str) -> str:
    return "1er" if indice == "1" else (f"{indice}e" if indice.isdigit() else f"« {_short(indice, 10)} »")


def periode_words(periode) -> str:
    """« 1er trimestre », « 2e semestre », « période 3 sur 5 » (the année is in the report's columns);
    a number missing is left out (« période 3 », « période sans numéro »), never said « ? »."""
    indice = (periode.get("indice") or "").strip()
    nb = (periode.get("nb-periodes") or "").strip()
    if indice and nb == "3":
        return f"{_ordinal(indice)} trimestre"
    if indice and nb == "2":
        return f"{_ordinal(indice)} semestre"
    if indice and nb:
        return f"période {_short(indice, 10)} sur {_short(nb, 10)}"
    if indice:
        return f"période {_short(indice, 10)}"
    return f"période sans numéro (sur {_short(nb, 10)})" if nb else "période sans numéro"


_NAMED = {   # element → (words before its name, the attribute that names it, quoted?)
    "element-programme": ("l'élément de programme", "libelle"), "epi": ("l'EPI", "intitule"),
    "epi-groupe": ("le groupe d'EPI", "intitule"), "acc-perso": ("l'accompagnement personnalisé", "intitule"),
    "acc-perso-groupe": ("le groupe d'accompagnement personnalisé", "intitule"),
    "responsable-etab": ("le responsable de l'établissement", "libelle"),
    "epi-thematique": ("la thématique d'EPI", "code"),
}
_COMMUNS = {"parcours-commun": "le parcours commun", "vie-scolaire-commun": "la vie scolaire commune",
            "competences-numeriques-commun": "l'appréciation commune de compétences numériques"}
_HOLDERS = ("eleve", "periode", "discipline", "enseignant") + tuple(_NAMED) + tuple(_COMMUNS)
_PLAIN = {"lsun-bilans": "l'élément racine <lsun-bilans>", "entete": "l'en-tête", "donnees": "<donnees> (données)"}


class _Places:
    """Phrases naming elements in the users' words (see :func:`describe`)."""

    def __init__(self, doc):
        self.doc = doc
        self.parents = doc.tree.parents if doc is not None else {}
        self._containers: dict = {}   # id(bilan or acquis) → (element, phrase): said once, used often

    def _ref(self, value, tag):
        if self.doc is None or not value:
            return None
        return self.doc.ref(value.strip(), tag)

    def _up(self, elem, names):
        node = self.parents.get(elem)
        while node is not None:
            if isinstance(node.tag, str) and local(node.tag) in names:
                return node
            node = self.parents.get(node)
        return None

    def pupil(self, ref) -> str:
        eleve = self._ref(ref, "eleve")
        if eleve is None:
            return f"l'élève « {_short(ref or '?', 30)} »"
        name = " ".join(p for p in (eleve.get("nom"), eleve.get("prenom")) if p)
        return _short(name, 60) if name else f"l'élève « {_short(eleve.get('id') or '?', 30)} »"

    def division_of(self, ref):
        eleve = self._ref(ref, "eleve")
        return eleve.get("code-division") if eleve is not None else None

    def bilan(self, bilan) -> str:
        ref = bilan.get("eleve-ref")
        who, division = self.pupil(ref), self.division_of(ref)
        if local(bilan.tag) == "bilan-cycle":
            cycle = bilan.get("cycle")
            what = f"le bilan de fin de cycle {_short(cycle, 10)}" if cycle else "le bilan de fin de cycle"
            return f"{what} de {who}" + (f" ({division})" if division else "")
        periode = self._ref(bilan.get("periode-ref"), "periode")
        details = [d for d in (division, periode_words(periode) if periode is not None else None) if d]
        return f"le bilan périodique de {who}" + (f" ({', '.join(details)})" if details else "")

    def discipline_name(self, discipline, ref=None) -> str:
        if discipline is None:
            return f"« {_short(ref or '?', 30)} »"
        libelle, code = discipline.get("libelle"), discipline.get("code")
        if libelle and code:
            return f"{_short(libelle, 50)} ({_short(code, 20)})"
        return _short(libelle or code or discipline.get("id") or "?", 50)

    def place(self, elem, skip: str | None = None) -> str:
        """``skip``: an attribute at fault, not used to name the element."""
        if elem is None:
            return "le fichier"
        name = local(elem.tag)
        if name in _PLAIN:
            return _PLAIN[name]
        if name in _HOLDERS:   # declared under <donnees>, never inside a bilan
            key = (id(elem), skip)
            hit = self._containers.get(key)
            if hit is None or hit[0] is not elem:
                hit = self._containers[key] = (elem, self.holder(elem, name, skip))
            return hit[1]
        bilan = elem if name in ("bilan-periodique", "bilan-cycle") else self._up(elem, ("bilan-periodique", "bilan-cycle"))
        if bilan is not None:
            phrase = self._container(bilan, lambda: self.bilan(bilan))
            if elem is bilan:
                return phrase
            acquis = elem if name == "acquis" else self._up(elem, ("acquis",))
            if acquis is not None:
                ref = acquis.get("discipline-ref")
                outer = phrase
                phrase = self._container(acquis, lambda: f"les acquis en "
                                         f"{self.discipline_name(self._ref(ref, 'discipline'), ref)} {of(outer)}")
                if elem is acquis:
                    return phrase
            return f"{element_word(name)} {of(phrase)}"
        holder = self._up(elem, _HOLDERS)
        if holder is not None:
            return f"{element_word(name)} {of(self.holder(holder, local(holder.tag)))}"
        return element_word(name)

    def _container(self, elem, say) -> str:
        hit = self._containers.get(id(elem))
        if hit is None or hit[0] is not elem:
            hit = self._containers[id(elem)] = (elem, say())
        return hit[1]

    def holder(self, elem, name, skip=None) -> str:
        if skip is not None and elem.get(skip) is not None:
            elem = _Without(elem, skip)
        ident = elem.get("id")
        fallback = f" « {_short(ident, 30)} »" if ident else ""
        if name == "eleve":
            who = " ".join(p for p in (elem.get("nom"), elem.get("prenom")) if p)
            division = elem.get("code-division")
            if not who:
                return "l'élève" + fallback + (f" ({division})" if division else "")
            return f"l'élève {_short(who, 60)}" + (f" ({division})" if division else "")
        if name == "periode":
            if elem.get("indice") is None and elem.get("nb-periodes") is None:
                return "la période" + fallback
            millesime, words = elem.get("millesime"), periode_words(elem)
            # « la période 1er trimestre », « la période 3 sur 5 »: never « la période période 3 sur 5 »
            return (f"la {words}" if words.startswith("période") else f"la période {words}") + (
                f" {year_label(millesime)}" if millesime else "")
        if name == "discipline":
            if not (elem.get("libelle") or elem.get("code")):
                return "la discipline" + fallback
            if not elem.get("libelle"):
                return f"la discipline de code matière {_short(elem.get('code'), 20)}"
            return f"la discipline {self.discipline_name(elem)}"
        if name == "enseignant":
            parts = [_CIVILITE.get(elem.get("civilite", ""), ""), elem.get("nom") or "", elem.get("prenom") or ""]
            who = " ".join(p for p in parts if p)
            return f"l'enseignant {_short(who, 60)}" if who else "l'enseignant" + fallback
        if name in _COMMUNS:
            division = elem.get("code-division") or elem.get("code-structure")
            periode = self._ref(elem.get("periode-ref"), "periode")
            details = [d for d in (periode_words(periode) if periode is not None else None,) if d]
            return (_COMMUNS[name] + (f" à la division {_short(division, 30)}" if division else "")
                    + (f" ({', '.join(details)})" if details else ""))
        words, attr = _NAMED[name]
        value = elem.get(attr)
        return f"{words} « {_short(value, 50)} »" if value else words + fallback


_CIVILITE = {"M": "M.", "MME": "Mme"}


class _Without:
    """An element seen without one attribute (the one at fault is not used to name it)."""

    def __init__(self, elem, attr):
        self.tag, self._elem, self._attr = elem.tag, elem, attr

    def get(self, key, default=None):
        return default if key == self._attr else self._elem.get(key, default)


def element_word(name: str) -> str:
    word = ELEMENT_WORDS.get(name)
    return f"<{name}> ({word})" if word else f"<{name}>"


def attribute_word(elem_name: str, attr: str) -> str:
    word = _PAIR_WORDS.get((elem_name, attr)) or ATTRIBUTE_WORDS.get(attr)
    return f"« {attr} » ({word})" if word and word != attr else f"« {attr} »"


def _short(value: str, limit: int = 60) -> str:
    value = value.replace("\r", "\\r").replace("\n", "\\n")
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _subject(elem, attr: str | None, places=None) -> str:
    """« le texte de <appreciation> (appréciation) des acquis en… », « l'attribut « code » (code
    matière) de la discipline… »."""
    places = places if places is not None else _Places(None)
    key = ("subject", id(elem), attr)
    hit = places._containers.get(key)
    if hit is not None and hit[0] is elem:
        return hit[1]   # a long list of dangling references on one element: said once
    if attr is None:
        said = f"le texte de {places.place(elem)}"
    else:
        said = f"l'attribut {attribute_word(local(elem.tag), attr)} {of(places.place(elem, skip=attr))}"
    places._containers[key] = (elem, said)
    return said


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# xmlschema errors → findings

_ATTR_REASON = re.compile(r"^attribute ([^\s=]+)=", re.S)
_MISSING_ATTR = re.compile(r"missing required attribute '([^']+)'")
_EXTRA_ATTR = re.compile(r"^'([^']+)' attribute not allowed")
_IDREF_MISSING = re.compile(r"^IDREF (.+) not found in XML document$", re.S)

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
_XSI_NO_NS_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation"

_TEXT_CODES = {"etablissement": "F12"}
_ATTR_CODES = {
    "moyenne-eleve": "F13", "moyenne-structure": "F13",
    "positionnement": "F14", "statut-evaluation-eleve": "F14", "statut-evaluation-structure": "F14",
    "niveau": "F14",
    "nb-retards": "F15", "nb-abs-justifiees": "F15", "nb-abs-injustifiees": "F15",
    "nb-heures-manquees": "F15",
    "date-conseil-classe": "F16", "date-scolarite": "F16", "date-creation": "F16",
    "millesime": "F17",
}
_UNIQUE_CODES = {
    "eleve": "F20", "periode": "F21", "discipline": "F22", "enseignant": "F23",
    "responsable-etab": "F24", "element-programme": "F24", "epi-thematique": "F24",
}
#: The fields that make an element unique among its siblings (the conformance mutations use it too).
UNIQUE_FIELDS = {
    "eleve": ("id-be",), "periode": ("millesime", "indice", "nb-periodes"),
    "discipline": ("code", "modalite-election", "id-lv"), "enseignant": ("type", "id-sts"),
    "responsable-etab": ("libelle",), "element-programme": ("libelle",), "epi-thematique": ("code",),
    "parcours-commun": ("periode-ref", "code-division"),
    "vie-scolaire-commun": ("periode-ref", "code-division"),
    "bilan-periodique": ("eleve-ref", "periode-ref"), "bilan-cycle": ("eleve-ref", "cycle"),
    "acquis": ("discipline-ref",), "competence-num": ("code",), "epi-eleve": ("epi-groupe-ref",),
    "acc-perso-eleve": ("acc-perso-groupe-ref",), "parcours": ("code",),
    "modalite-accompagnement": ("code",), "domaine": ("code",),
}
SOCLE_CODES = ("CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND")
#: The socle's domains as the LSU names them (a missing one is said by its name, issue 12 item 2).
SOCLE_NAMES = {"CPD_FRA": "langue française", "CPD_ETR": "langues étrangères et régionales",
               "CPD_SCI": "langages mathématiques, scientifiques et informatiques",
               "CPD_ART": "langages des arts et du corps", "MET_APP": "méthodes et outils pour apprendre",
               "FRM_CIT": "formation de la personne et du citoyen",
               "SYS_NAT": "systèmes naturels et systèmes techniques",
               "REP_MND": "représentations du monde et activité humaine"}


def findings_from_xmlschema(errors: Iterable, doc, xsd) -> list[Finding]:
    """Translate xmlschema's errors on ``doc`` (validated with ``xsd``) into findings."""
    translator = _Translator(doc, xsd)
    _feed(translator, errors)
    return translator.finish()


def _feed(translator, errors) -> None:
    """Every error xmlschema yields; should it stop half-way (it raises on an ``xsi:type`` naming
    an unknown type), what it said stands, the LSU's own checks run in ``finish``, and the file is
    said not to be valid rather than silently accepted."""
    try:
        for error in errors:
            translator.add(error)
    except Exception:  # xmlschema's own exception: not the user's words, the record says it
        translator.interrupted = True


def problems_from_xmlschema(errors: Iterable, doc, xsd) -> list[Problem]:
    """The neutral records of xmlschema's errors on ``doc`` (what :func:`findings_from_xmlschema`
    words)."""
    translator = _Translator(doc, xsd)
    _feed(translator, errors)
    translator.finish()
    return translator.problems


class _Translator:
    """xmlschema's errors on one document → findings (and, through its methods, the one wording
    of structural problems that the fast validator shares: see :class:`Wording`)."""

    def __init__(self, doc, xsd=None):
        self.doc = doc
        self.xsd = xsd
        self.parents = doc.tree.parents
        self.out: list[Finding] = []
        self.values: dict = {}           # (elem, attr) → [errors], in order of arrival
        self.dangling: list[str] = []
        self.seen: set = set()
        self.bad_references: set = set()   # (id(elem), attr) whose value is not a reference list
        self.problems: list[Problem] = []  # the neutral records, in the order found
        self.places = _Places(doc)
        self.where = self.places.place        # an element in the users' words, with its context
        self.interrupted = False              # xmlschema stopped before the end (see _feed)

    # -- dispatch -----------------------------------------------------------------------------
    def add(self, error) -> None:
        reason = error.reason or ""
        elem = error.elem
        from xmlschema import XMLSchemaChildrenValidationError  # lazy: see schema._build
        if isinstance(error, XMLSchemaChildrenValidationError):
            self._children(error)
            return
        m = _IDREF_MISSING.match(reason)
        if m:
            self.dangling.append(_literal(m.group(1)))
            return
        if elem is None:
            self._fallback(error, self.doc.root)
            return
        m = _MISSING_ATTR.search(reason)
        if m:
            self.say(Problem("missing-attribute", elem, m.group(1)))
            return
        m = _EXTRA_ATTR.match(reason)
        if m:
            self.say(Problem("unexpected-attribute", elem, m.group(1), elem.get(m.group(1))))
            return
        if "character data" in reason:
            self.say(Problem("text-not-allowed", elem, limit=0 if "content is empty" in reason else None))
            return
        if reason.startswith("duplicated value") and "Xsd" in reason:
            self.say(Problem("duplicate-key", elem, detail=(("parent", self.parents.get(elem)),)))
            return
        if reason == "element is not nillable":
            self.say(Problem("nil-not-allowed", elem, _XSI_NIL, elem.get(_XSI_NIL)))
            return
        m = _ATTR_REASON.match(reason)
        attr = m.group(1) if m else None
        if attr is None and not _is_simple_validator(error.validator):
            self._fallback(error, elem)
            return
        self.values.setdefault((elem, attr), []).append(error)

    def finish(self) -> list[Finding]:
        for (elem, attr), errors in self.values.items():
            self._value(elem, attr, errors)
        if self.dangling:
            self._references()
        if self.xsd is not None:
            self._as_the_lsu_reads_it()
        if self.interrupted and not self.problems:
            self.say(Problem("other", self.doc.root))
        return self.out

    # -- where the LSU's validator (the JDK's) refuses what xmlschema accepts -----------------
    def _as_the_lsu_reads_it(self) -> None:
        """The three cases where the JDK's validator, the LSU's, refuses what xmlschema accepts
        (tests/conformance/test_jdk_oracle.py): a blank XML does not count as whitespace (a
        non-breaking space…) between elements, a text whose length in UTF-16 units (an emoji
        counts two) exceeds its maximum, an ``xsi:type`` naming a type the schema does not have.
        The fast validator finds them itself; here they are added to xmlschema's verdict."""
        types = None
        for elem in self.doc.root.iter():
            if not isinstance(elem.tag, str):
                continue
            for where in (_XSI_LOCATION, _XSI_NO_NS_LOCATION):
                if elem.get(where) is not None and not locations_are_uris(elem.get(where)):
                    self.say(Problem("bad-location", elem, where, elem.get(where)))
            value = elem.get(_XSI_TYPE)
            if value is not None:
                if types is None:
                    types = {local(k) for k in getattr(self.xsd.maps, "types", {})}
                if value.rpartition(":")[2] not in types:
                    self.say(Problem("unknown-type", elem, _XSI_TYPE, value))
            pieces = [elem.text] + [c.tail for c in elem]
            odd = [t for t in pieces if t and t.strip(" \t\n\r") and not t.strip()]
            if odd and ("text", id(elem)) not in self.seen:
                kind = self._content_kind(elem)
                if kind in ("empty", "elements"):
                    visible = "".join(t.strip(" \t\n\r") for t in odd)
                    self.say(Problem("invisible-blank", elem, None, odd[0],
                                     limit=0 if kind == "empty" else None,
                                     expected=tuple(sorted(set(visible)))))
            for attr, text in [(None, elem.text or "")] + list(elem.attrib.items()):
                if text.isascii() or (elem, attr) in self.values:
                    continue
                odd = any(c.isspace() and c not in " \t\n\r" for c in text)
                family = self._family(elem, attr) if odd or attr is not None else None
                names = family == "name" and not all(xml4_name(i) for i in re.split(r"[ \t\n\r]+", text) if i)
                if family not in (None, "string") and (odd or names):
                    # no such blank in a number, a date, a name; names by XML 1.0 4th edition (the JDK's)
                    self.say(Problem("value", elem, attr, text, facets=("type",),
                                     detail=(("type_facts", (("family", family),)),)))
                    continue
                units = utf16_length(text)
                if units == len(text):
                    continue
                most = self._max_length(elem, attr)
                if most is not None and len(text) <= most < units:
                    self.say(Problem("value", elem, attr, text, facets=("max-length",),
                                     detail=(("limits", {"max-length": most}), ("count", units))))

    def _declaration(self, elem):
        """xmlschema's declaration of ``elem`` (found from the root down), or None."""
        chain = []
        node = elem
        while node is not None:
            chain.append(node.tag)
            node = self.parents.get(node)
        key = tuple(reversed(chain))
        cache = self.__dict__.setdefault("_declarations", {})
        if key in cache:
            return cache[key]
        decl = None
        try:
            decl = self.xsd.elements.get(local(key[0]))
            for tag in key[1:]:
                content = getattr(getattr(decl, "type", None), "content", None)
                found = None
                for e in getattr(content, "iter_elements", lambda: ())():
                    if getattr(e, "name", None) == tag:
                        found = e
                        break
                decl = found
                if decl is None:
                    break
        except Exception:  # an unusual XSD: nothing added
            decl = None
        cache[key] = decl
        return decl

    def _content_kind(self, elem) -> str | None:
        """"text", "empty", "elements" (element-only) or "mixed"; None if unknown."""
        t = getattr(self._declaration(elem), "type", None)
        if t is None:
            return None
        if t.is_simple() or t.has_simple_content():
            return "text"
        if getattr(t, "mixed", False):
            return "mixed"
        return "empty" if t.is_empty() else "elements"

    def _value_type(self, elem, attr):
        """The simple type of an attribute's value, or of an element's text; None if unknown."""
        t = getattr(self._declaration(elem), "type", None)
        if t is None:
            return None
        if attr is not None:
            a = t.attributes.get(attr) if hasattr(t, "attributes") else None
            return getattr(a, "type", None)
        if not t.is_simple():
            return getattr(t, "content", None) if t.has_simple_content() else None
        return t

    def _family(self, elem, attr) -> str | None:
        """The family (decimal, integer, date, boolean, name, string) of a value's type, or None."""
        t = self._value_type(elem, attr)
        if t is None:
            return None
        base = getattr(t, "base_type", None)
        for obj in (t, getattr(t, "item_type", None), base, getattr(base, "item_type", None)):
            for candidate in (obj, getattr(obj, "primitive_type", None)):
                family = _FAMILIES.get(getattr(candidate, "local_name", None) or "")
                if family is not None:
                    return family
        return None

    def _max_length(self, elem, attr) -> int | None:
        t = self._value_type(elem, attr)
        most = getattr(t, "max_length", None) if t is not None else None
        return most if isinstance(most, int) else None

    def say(self, p: Problem) -> None:
        """Record one neutral problem (``self.problems``) and word it (``self.out``)."""
        self.problems.append(p)
        self.word(p)

    def word(self, p) -> None:
        """Word one neutral :class:`~lsucheck.xsd.problems.Problem` (into ``self.out``)."""
        reason, elem, facts = p.reason, p.elem, p.facts()
        if reason == "missing-attribute":
            self._missing_attribute(elem, p.attribute)
        elif reason == "unexpected-attribute":
            self._extra_attribute(elem, p.attribute)
        elif reason == "value":
            self.value(elem, p.attribute, p.value, list(p.facets), **facts)
        elif reason == "duplicate-id":
            self.duplicate_id(elem, p.value, p.other)
        elif reason == "dangling-ref" and p.limit == 0:  # no element holds it any more
            self.emit("F19", f"La référence « {_short(p.value)} » ne correspond à aucun identifiant du "
                             "fichier.", elem)
        elif reason == "dangling-ref":
            self.dangling_reference(elem, p.attribute, p.value)
        elif reason == "other":   # what no other reason covers: said from the record, never raw
            self.emit("F7", f"Le contenu {of(self.where(elem))} n'a pas la forme que le format LSU "
                            "attend à cet endroit : le LSU refusera le fichier. Comparez ce passage "
                            "avec un export valide de votre logiciel, ou refaites l'export.", elem)
        elif reason == "text-not-allowed":
            self._text_not_allowed(elem, empty=p.limit == 0)
        elif reason == "unexpected-element":
            self._unknown_child(elem, p.other)
        elif reason == "too-many":
            self._too_many(elem, p.other, p.count, p.limit)
        elif reason == "order":
            self._misplaced(elem, p.other, before=facts.get("before"), after=facts.get("after"),
                            model=facts.get("model"))
        elif reason == "missing-element":
            self._missing_child(elem, p.expected[0])
        elif reason == "duplicate-key":
            self.duplicate_key(elem, parent=facts.get("parent"), first=p.other)
        elif reason == "unknown-type":
            self.emit("F7", f"L'attribut « xsi:type » {of(self.where(elem))} désigne un type "
                            f"« {_short(p.value)} » que le format LSU ne connaît pas : le LSU refuse "
                            "alors le fichier, même si d'autres outils de vérification passent outre. "
                            "Votre logiciel ne doit pas écrire cet attribut ; refaites l'export.", elem)
        elif reason == "nil-not-allowed":
            self.emit("F7", f"L'attribut « xsi:nil » n'est pas autorisé sur {self.where(elem)} : "
                            "le format LSU ne permet pas de déclarer cet élément vide ainsi.", elem)
        elif reason == "invisible-blank":
            what = "aucun texte" if p.limit == 0 else "que des éléments, pas de texte"
            names = sorted({_BLANK_NAMES.get(c, f"caractère invisible n° {ord(c)}") for c in p.expected})
            self.emit("F7", f"Un caractère blanc invisible ({', '.join(names)}) se trouve dans "
                            f"{self.where(elem)}, qui ne doit contenir {what} : pour le LSU, ce "
                            "caractère n'est pas un simple espace mais du texte, et il refuse le fichier, "
                            "même si d'autres outils de vérification l'acceptent. Supprimez-le (souvent "
                            "collé depuis un traitement de texte) et refaites l'export.", elem)
        elif reason == "key-incomplete":
            what = ("la valeur qui l'identifie" if p.count == 0
                    else "toutes les valeurs qui l'identifient")
            self.emit("F6", f"{_cap(self.where(elem))} n'a pas {what} dans le fichier : il manque "
                            "un attribut obligatoire.", elem)
        elif reason == "bad-location":
            self.emit("F7", f"L'attribut « xsi:schemaLocation » {of(self.where(elem))} contient un caractère "
                            "invisible (espace insécable ou autre) qui en fait une adresse invalide : le LSU "
                            "refuse alors le fichier, même si d'autres outils de vérification l'ignorent. "
                            "Votre logiciel doit écrire cet attribut sans ce caractère ; refaites l'export.",
                      elem)
        elif reason == "root":
            expected = ", ".join(f"<{local(t)}>" for t in p.expected)
            self.emit("F2", f"L'élément racine est <{local(elem.tag)}> ; le format attend {expected} "
                            f"dans l'espace de noms {p.value}.", elem)
        else:  # pragma: no cover - a reason without words is a bug of this module
            raise ValueError(f"problème de structure sans formulation : {reason}")

    def emit(self, code: str, message: str, elem) -> None:
        key = (code, id(elem), message)
        if key not in self.seen:
            self.seen.add(key)
            self.out.append(Finding(elem, message, code=code))

    # -- F6 / F7 on attributes ----------------------------------------------------------------
    def _missing_attribute(self, elem, attr: str) -> None:
        name = local(elem.tag)
        if name == "lsun-bilans" and attr == "schemaVersion":
            self.emit("F3", "L'attribut « schemaVersion » (version du format) manque sur l'élément "
                            "racine <lsun-bilans> : le LSU rejettera le fichier.", elem)
            return
        self.emit("F6", f"Il manque l'attribut obligatoire {attribute_word(name, attr)} sur "
                        f"{self.where(elem)}.", elem)

    def _extra_attribute(self, elem, attr: str) -> None:
        hint = _REMOVED_ATTRIBUTES.get(attr, "")
        shown = attr if not attr.startswith("{") else local(attr) + " (d'un autre espace de noms)"
        self.emit("F7", f"L'attribut « {shown} » n'est pas autorisé sur {self.where(elem)}{hint}.", elem)

    def _text_not_allowed(self, elem, *, empty: bool) -> None:
        if ("text", id(elem)) in self.seen:
            return  # xmlschema may say it twice (empty content, then character data)
        self.seen.add(("text", id(elem)))
        text = " ".join(t.strip() for t in [elem.text or ""] + [c.tail or "" for c in elem] if t and t.strip())
        shown = f" (« {_short(text, 40)} »)" if text else ""
        if empty:
            self.emit("F7", f"Du texte{shown} est écrit dans la déclaration {of(self.where(elem))}, qui "
                            "doit rester vide (seuls ses attributs comptent).", elem)
            return
        self.emit("F7", f"Du texte{shown} est écrit directement dans {self.where(elem)}, qui ne doit "
                        "contenir que des éléments.", elem)

    # -- F5 / F6 / F7 / F26 on children -------------------------------------------------------
    def _children(self, error) -> None:
        parent = error.elem
        group = error.validator
        child = getattr(error, "invalid_child", None)
        expected = [e for e in (error.expected or []) if hasattr(e, "name") and e.name]
        model = _model_names(group)
        siblings = list(parent)
        if child is None:  # the content stops before something required
            for e in expected:
                self.say(Problem("missing-element", parent, expected=(e.name,)))
            if not expected:
                self._fallback(error, parent)
            return
        position = _index_of(siblings, child)
        later = siblings[position + 1:]
        if child.tag not in model:
            self.say(Problem("unexpected-element", parent, other=child))
            for e in expected:
                if not any(s.tag == e.name for s in later):
                    self.say(Problem("missing-element", parent, expected=(e.name,)))
            return
        # a known child: one too many, placed after an element it must precede, or arriving
        # while a required element is still due (xmlschema names only that required one)
        count = sum(1 for s in siblings if s.tag == child.tag)
        most = _max_occurs(group, child.tag)
        if most is not None and count > most:
            self.say(Problem("too-many", parent, other=child, count=count, limit=most))
            return
        index = model.index(child.tag)
        before = next((s for s in siblings[:position] if s.tag in model and model.index(s.tag) > index), None)
        if before is not None or not expected:
            self.say(Problem("order", parent, other=child, detail=(("before", before), ("model", tuple(model)))))
            return
        for e in expected:
            due = next((s for s in later if s.tag == e.name), None)
            if due is not None:
                self.say(Problem("order", parent, other=child, detail=(("after", due),)))  # it came too early
            else:
                self.say(Problem("missing-element", parent, expected=(e.name,)))

    def _missing_child(self, parent, tag: str) -> None:
        name, pname = local(tag), local(parent.tag)
        if pname == "bilan-cycle" and name in ("socle", "synthese"):
            what = ("de socle (<socle> avec les 8 domaines)" if name == "socle"
                    else "de synthèse (<synthese>)")
            self.emit("F26", f"{_cap(self.where(parent))} n'a pas {what}, obligatoire.", parent)
            return
        if pname == "socle" and name == "domaine" and self._in_cycle(parent):
            self._cycle_socle_count(parent)
            return
        self.emit("F6", f"Il manque l'élément obligatoire {element_word(name)} dans {self.where(parent)}.", parent)

    def _unknown_child(self, parent, child) -> None:
        name = local(child.tag)
        if child.tag.startswith(f"{{{NS}}}"):
            known = " (cet élément existe dans le format LSU, mais pas à cet endroit)" \
                if name in ELEMENT_WORDS else ""
        else:
            known = " (il n'est pas dans l'espace de noms du format LSU)" if name in ELEMENT_WORDS else ""
        self.emit("F7", f"L'élément <{name}> n'est pas autorisé dans {self.where(parent)}{known}.", child)

    def _too_many(self, parent, child, count: int, most: int) -> None:
        name = local(child.tag)
        if name == "domaine" and self._in_cycle(parent):
            self._cycle_socle_count(parent)
            return
        allowed = "qu'une seule fois" if most == 1 else f"que {most} fois au plus"
        self.emit("F7", f"L'élément {element_word(name)} apparaît {count} fois dans {self.where(parent)} : "
                        f"il ne peut y figurer {allowed}.", child)

    def _misplaced(self, parent, child, *, before=None, after=None, model=None) -> None:
        name = local(child.tag)
        if before is not None:
            where = f"il doit venir avant <{local(before.tag)}>"
        elif after is not None:
            where = f"il doit venir après <{local(after.tag)}>"
        elif model:
            where = "ordre attendu : " + ", ".join(f"<{local(t)}>" for t in model)
        else:
            where = "l'ordre des éléments n'est pas celui du format"
        self.emit("F5", f"L'élément <{name}> n'est pas à sa place dans {self.where(parent)} : {where}.", child)

    def _in_cycle(self, socle) -> bool:
        parent = self.parents.get(socle)
        return parent is not None and local(parent.tag) == "bilan-cycle"

    def _cycle_socle_count(self, socle) -> None:
        domaines = [c for c in socle if local(c.tag) == "domaine"]
        codes = {d.get("code") for d in domaines}
        missing = [c for c in SOCLE_CODES if c not in codes]
        detail = (f" (manquants : {', '.join(f'« {c} » ({SOCLE_NAMES[c]})' for c in missing)})"
                  if missing and len(domaines) < 8 else "")
        self.emit("F26", f"Le socle du bilan de fin de cycle compte {len(domaines)} domaine"
                         f"{'s' if len(domaines) > 1 else ''} : il en faut exactement 8, un par "
                         f"domaine{detail}.", socle)

    # -- identity: F18, F20–F26 ---------------------------------------------------------------
    def _duplicate_key(self, elem) -> None:
        self.duplicate_key(elem, self.parents.get(elem))

    def duplicate_key(self, elem, parent=None, first=None) -> None:
        """F20–F26: ``elem`` repeats the identity of an earlier element (``first``, else found)."""
        name = local(elem.tag)
        parent = self.parents.get(elem) if parent is None else parent
        fields = UNIQUE_FIELDS.get(name, ())
        if first is None:
            first = _first_same(parent, elem, fields) if parent is not None else None
        where = (f" (première occurrence : ligne {self.doc.line(first)})"
                 if first is not None and self.doc.line(first) else "")
        values = {f: elem.get(f) for f in fields}
        if name == "domaine" and parent is not None and self._in_cycle(parent):
            self.emit("F26", f"Le domaine du socle « {values['code']} » figure deux fois dans le bilan de "
                             f"fin de cycle{where} : il faut les 8 domaines, chacun une fois.", elem)
            return
        code = _UNIQUE_CODES.get(name, "F25")
        message = _duplicate_message(name, values, self.where(elem), where, parent, self.where)
        self.emit(code, message, elem)

    # -- simple values ------------------------------------------------------------------------
    def _value(self, elem, attr, errors) -> None:
        value = elem.get(attr) if attr is not None else (elem.text or "")
        kinds = [_kind(e) for e in errors]
        limits = {}
        for e in errors:
            kind = _kind(e)
            if kind in ("max-length", "min-length", "length"):
                limits.setdefault(kind, getattr(e.validator, "value", None))
        self.say(Problem("value", elem, attr, "" if value is None else value, facets=tuple(kinds),
                         detail=(("enumeration", _enumeration(errors)), ("patterns", _patterns(errors)),
                                 ("limits", limits), ("is_id", _is_id_type(errors)),
                                 ("is_ref", _is_reference_type(errors)),
                                 ("technical", _technical(errors[0])),
                                 ("type_facts", _xmlschema_type_facts(errors)))))

    def value(self, elem, attr, value, kinds, **facts) -> None:
        """:meth:`_value_words`, and when the value holds a blank XML does not count as one (a
        non-breaking space), the sentence says so: the LSU (the JDK) refuses it where other
        validators strip it (tests/conformance/test_jdk_oracle.py)."""
        odd = sorted({c for c in value or "" if c.isspace() and c not in " \t\n\r"})
        if not odd or "max-length" in kinds:
            self._value_words(elem, attr, value, kinds, **facts)
            return
        names = ", ".join(sorted({_BLANK_NAMES.get(c, f"caractère invisible n° {ord(c)}") for c in odd}))
        n = len(self.out)
        self._value_words(elem, attr, value, kinds, **facts)
        for i in range(n, len(self.out)):
            f = self.out[i]
            self.out[i] = dataclasses.replace(
                f, message=f"{f.message} La valeur contient un caractère invisible ({names}) : le LSU ne le "
                           "compte pas comme un espace, contrairement à d'autres outils de vérification, et "
                           "refuse la valeur ; retirez-le dans votre logiciel.")

    def _value_words(self, elem, attr, value, kinds, *, enumeration="(liste du format)", patterns="du format",
                     limits=None, is_id=False, is_ref=False, technical="", count=None,
                     type_facts=None) -> None:
        """An invalid value (attribute ``attr``, or the element's text when None), neutrally
        described: the failing facets (``kinds``: enumeration, max-length, min-length, length,
        pattern, range, fraction, digits, type, duplicate-id), the allowed values, the patterns,
        the length limits, whether the type is an identifier or a reference; ``count`` the length
        as the LSU counts it (UTF-16 units) when it differs from ``len(value)``."""
        name = local(elem.tag)
        limits = limits or {}
        expectation = _type_expectation(dict(type_facts)) if type_facts else None
        if attr == "schemaVersion" and name == "lsun-bilans":
            self._schema_version(elem, value, enumeration if "enumeration" in kinds else None)
            return
        if "duplicate-id" in kinds:
            self.duplicate_id(elem, value, self.doc.ids.get(value.strip()))
            kinds = [k for k in kinds if k != "duplicate-id"]
            if not kinds:
                return
        subject = _subject(elem, attr, self.places)
        shown = f"« {_short(value)} »"
        code = (_TEXT_CODES.get(name) if attr is None else None) or (_ATTR_CODES.get(attr) if attr else None)
        if attr == "discipline-refs" and name == "epi" and "min-length" in kinds:
            n = len(value.split())
            cited = "ne cite aucune discipline" if n == 0 else f"ne cite qu'une discipline ({shown})"
            self.emit("F27", f"{_cap(self.where(elem))} {cited} dans « discipline-refs » : il en faut au "
                             "moins 2.", elem)
            return
        if attr == "id" or is_id:
            self.emit("F18", f"L'identifiant {shown} {of(self.where(elem))} n'est pas valide : un identifiant "
                             "commence par une lettre ou « _ », sans espace ni « : » (par exemple EL_01).",
                      elem)
            return
        if attr in IDREF_TARGETS or is_ref:
            self.bad_references.add((id(elem), attr))
            if not value.split():
                self.emit("F19", f"{_cap(subject)} est vide : au moins une référence à un identifiant "
                                 "du fichier est attendue.", elem)
            else:
                wanted = ("un ou plusieurs identifiants (id) du fichier, séparés par des espaces"
                          if attr and attr.endswith("-refs") else "un seul identifiant (id) du fichier")
                self.emit("F19", f"{_cap(subject)} contient {shown}, qui n'est pas une référence valide : "
                                 f"il faut {wanted}.", elem)
            return
        if code == "F12":
            self.emit("F12", f"Le code UAI {shown} (<etablissement> de l'en-tête) fait {len(value)} "
                             "caractère" + ("s" if len(value) > 1 else "") + " : il en faut exactement 8 "
                             "(7 chiffres et une lettre, par exemple 0750680G).", elem)
            return
        if code == "F13":
            self.emit("F13", f"Moyenne {shown} invalide pour {subject} : {_average_problem(value, kinds)}.",
                      elem)
            return
        if code == "F14":
            expected = _EXPECTED.get((name, attr), "une valeur autorisée")
            self.emit("F14", f"Valeur {shown} invalide pour {subject} : valeurs permises {expected}.", elem)
            return
        if code == "F15":
            self.emit("F15", f"Valeur {shown} invalide pour {subject} : un nombre entier de 0 à 999 est "
                             "attendu.", elem)
            return
        if code == "F16":
            self.emit("F16", f"Date {shown} invalide pour {subject} : une date réelle au format "
                             "AAAA-MM-JJ est attendue (par exemple 2025-12-15).", elem)
            return
        if code == "F17":
            self.emit("F17", f"Millésime {shown} invalide pour {subject} : il faut 4 caractères, l'année "
                             "de début de l'année scolaire (2025 pour 2025-2026).", elem)
            return
        done = False
        if "enumeration" in kinds:
            allowed = enumeration
            hint = _ENUM_HINTS.get((name, attr, value), "")
            self.emit("F8", f"Valeur {shown} non autorisée pour {subject}{hint} : valeurs permises "
                            f"{allowed}.", elem)
            done = True
        if any(k in kinds for k in ("max-length", "length")) or ("min-length" in kinds and value != ""):
            self.emit("F9", _length_message(subject, value, kinds, limits, count), elem)
            done = True
        if "pattern" in kinds or ("min-length" in kinds and value == ""):
            if "\r" in value and value.strip(" \t\n\r"):
                self.emit("F11", f"{_cap(subject)} contient un retour chariot (caractère CR, souvent écrit "
                                 "&#13;), refusé par le LSU : remplacez-le par un simple retour à la "
                                 "ligne.", elem)
            elif not value.strip(" \t\n\r"):
                self.emit("F10", f"{_cap(subject)} est vide ou ne contient que des espaces : un texte non "
                                 "vide est attendu.", elem)
            else:
                pattern = patterns
                expected = _EXPECTED.get((name, attr))
                self.emit("F8", f"Valeur {shown} non valide pour {subject} : "
                          + (f"valeurs permises {expected}." if expected else
                             f"la valeur doit respecter le motif {pattern}."), elem)
            done = True
        if not done:
            expected = _EXPECTED.get((name, attr))
            if expected:
                self.emit("F8", f"Valeur {shown} non valide pour {subject} : {expected} est attendu"
                                f"{'e' if expected.startswith('une') else ''}.", elem)
            elif expectation:
                self.emit("F8", f"Valeur {shown} non valide pour {subject} : {expectation}.", elem)
            else:   # nothing known of the type: said from the record, never xmlschema's text
                self.emit("F8", f"Valeur {shown} non valide pour {subject} : ce n'est pas une valeur "
                                "que le format LSU admet à cet endroit. Corrigez-la dans votre "
                                "logiciel, puis refaites l'export.", elem)

    def duplicate_id(self, elem, value, first) -> None:
        """F18: ``elem`` carries the identifier ``value`` already carried by ``first``."""
        where = (f" : il est déjà utilisé par {self.where(first)} (ligne {self.doc.line(first)})"
                 if first is not None and first is not elem and self.doc.line(first) else "")
        self.emit("F18", f"L'identifiant « {_short(value)} » {of(self.where(elem))} est en double{where}. "
                         "Chaque identifiant (id) doit être unique dans tout le fichier.", elem)

    def dangling_reference(self, elem, attr, value) -> None:
        """F19: the reference ``value`` in ``attr`` of ``elem`` names no identifier of the file."""
        if (id(elem), attr) in self.bad_references:
            return  # already said: the value is not even a reference
        declared = self.doc.ids.get(value)
        target = IDREF_TARGETS.get(attr)
        subject = _cap(_subject(elem, attr, self.places))
        if declared is not None:
            self.emit("F19", f"{subject} renvoie à « {_short(value)} », l'identifiant de "
                             f"{self.where(declared)} (ligne {self.doc.line(declared)}), qui n'est pas "
                             "reconnu parce que cet élément est lui-même invalide ou mal placé : "
                             "corrigez d'abord les autres erreurs.", elem)
        else:
            hint = f" : il faut l'identifiant (id) d'un <{target}> déclaré dans le fichier" \
                if target else ""
            self.emit("F19", f"{subject} renvoie à « {_short(value)} », qui ne correspond à aucun "
                             f"identifiant du fichier{hint}.", elem)

    def _schema_version(self, elem, value, allowed) -> None:
        self.emit("F3", f"La version du format « {_short(value)} » (attribut schemaVersion) n'est pas "
                        f"acceptée par le schéma utilisé" + (f" (versions acceptées : {allowed})" if allowed
                                                            else "") + " : le LSU rejettera le fichier.",
                  elem)

    # -- F19: dangling references -------------------------------------------------------------
    def _references(self) -> None:
        index = defaultdict(list)
        names = _reference_attribute_names(self.xsd)
        for elem in self.doc.root.iter():
            for attr, raw in elem.attrib.items():
                if attr in names:
                    parts = raw.split()
                    for value in parts:
                        index[value].append((elem, attr))
                    whole = " ".join(parts)
                    if len(parts) > 1:  # xmlschema keeps a malformed single IDREF whole
                        index[whole].append((elem, attr))
        for value in self.dangling:
            users = index.get(value)
            if not users:
                self.say(Problem("dangling-ref", self.doc.root, None, value, limit=0))
                continue
            for elem, attr in users:
                self.say(Problem("dangling-ref", elem, attr, value))

    def _fallback(self, error, elem) -> None:
        self.say(Problem("other", elem, value=_technical(error)))


# ---------------------------------------------------------------------------------------------
# helpers on xmlschema objects

def _literal(text: str) -> str:
    try:
        value = ast.literal_eval(text)
        return value if isinstance(value, str) else str(value)
    except (ValueError, SyntaxError):
        return text.strip("'\"")


def _index_of(items, item) -> int:
    for i, x in enumerate(items):
        if x is item:
            return i
    return -1


def _model_names(group) -> list[str]:
    """The element names of a content model, in order (nested groups flattened)."""
    names: list[str] = []
    iter_elements = getattr(group, "iter_elements", None)
    if iter_elements is None:
        return names
    for e in iter_elements():
        name = getattr(e, "name", None)
        if name and name not in names:
            names.append(name)
    return names


def _max_occurs(group, tag: str, factor: int | None = 1) -> int | None:
    """How many times ``tag`` may appear in ``group`` (None = unbounded; 0 = not at all)."""
    own = getattr(group, "max_occurs", 1)
    mult = None if own is None or factor is None else own * factor
    total: int | None = 0
    for particle in group:
        if getattr(particle, "name", None) == tag and not hasattr(particle, "model"):
            n = particle.max_occurs
            part = None if n is None or mult is None else n * mult
        elif hasattr(particle, "model"):
            part = _max_occurs(particle, tag, mult)
        else:
            continue
        if part is None:
            return None
        total += part
    return total


def _first_same(parent, elem, fields) -> object:
    if parent is None or not fields:
        return None
    key = tuple((elem.get(f) or "").strip() for f in fields)
    for sibling in parent:
        if sibling is elem:
            return None
        if sibling.tag == elem.tag and tuple((sibling.get(f) or "").strip() for f in fields) == key:
            return sibling
    return None


def _duplicate_message(name: str, v: dict, what: str, where: str, parent, places=describe) -> str:
    if name == "eleve":
        return (f"L'identifiant SIECLE « {v['id-be']} » est donné à deux élèves : {what} en est le "
                f"second{where}. Chaque élève ne doit figurer qu'une fois (un élève qui a changé de "
                "classe s'exporte dans un fichier séparé).")
    if name == "periode":
        return (f"La période millésime {v['millesime']}, indice {v['indice']} sur {v['nb-periodes']} est "
                f"déclarée deux fois : {what} répète une période déjà déclarée{where}.")
    if name == "discipline":
        lv = f", langue « {v['id-lv']} »" if v.get("id-lv") else ""
        return (f"La discipline de code matière « {v['code']} » et de modalité d'élection "
                f"« {v['modalite-election']} »{lv} est déclarée deux fois : {what}{where}. Une même "
                "matière avec la même modalité ne peut figurer qu'une fois.")
    if name == "enseignant":
        return (f"L'enseignant de type « {v['type']} » et d'identifiant STS « {v['id-sts']} » est déclaré "
                f"deux fois : {what}{where}.")
    if name == "responsable-etab":
        return (f"Le libellé « {_short(v['libelle'] or '')} » est donné à deux responsables de "
                f"l'établissement : {what}{where}.")
    if name == "element-programme":
        return (f"L'élément de programme « {_short(v['libelle'] or '')} » est déclaré deux fois : "
                f"{what}{where}. Fusionnez les éléments de programme identiques (souvent saisis par deux "
                "enseignants).")
    if name == "epi-thematique":
        return f"La thématique d'EPI « {v['code']} » est déclarée deux fois : {what}{where}."
    if name in ("bilan-periodique", "bilan-cycle"):
        return f"{_cap(what)} figure deux fois{where} : un seul bilan par élève et par période."
    if name == "acquis":
        return (f"{_cap(what)} figurent deux fois{where} : un seul bloc d'acquis par discipline dans "
                "un bilan.")
    if name in ("parcours-commun", "vie-scolaire-commun"):
        return f"{_cap(what)} figure deux fois{where} : un seul par période et par division."
    labels = {"competence-num": "La compétence numérique", "epi-eleve": "Le groupe d'EPI",
              "acc-perso-eleve": "Le groupe d'accompagnement personnalisé", "parcours": "Le parcours",
              "modalite-accompagnement": "La modalité d'accompagnement", "domaine": "Le domaine du socle"}
    value = next((x for x in v.values() if x), "")
    where_in = f" dans {places(parent)}" if parent is not None else ""
    return (f"{labels.get(name, f'L’élément <{name}>')} « {value} » figure deux fois{where_in}{where} : "
            "une seule fois est permise.")


def _kind(error) -> str:
    reason = error.reason or ""
    if "duplicated xs:ID" in reason:
        return "duplicate-id"
    cls = type(error.validator).__name__
    return {
        "XsdEnumerationFacets": "enumeration", "XsdMaxLengthFacet": "max-length",
        "XsdMinLengthFacet": "min-length", "XsdLengthFacet": "length", "XsdPatternFacets": "pattern",
        "XsdMinInclusiveFacet": "range", "XsdMaxInclusiveFacet": "range", "XsdMinExclusiveFacet": "range",
        "XsdMaxExclusiveFacet": "range", "XsdFractionDigitsFacet": "fraction", "XsdTotalDigitsFacet": "digits",
    }.get(cls, "type")


def _is_simple_validator(validator) -> bool:
    cls = type(validator).__name__
    return cls.endswith("Facet") or cls.endswith("Facets") or "Atomic" in cls or "List" in cls \
        or "Union" in cls or callable(validator) and not hasattr(validator, "iter_components")


def _validator_type_names(errors) -> list[str]:
    names = []
    for e in errors:
        v = e.validator
        for obj in (v, getattr(v, "base_type", None), getattr(v, "parent", None)):
            n = getattr(obj, "name", None)
            if isinstance(n, str):
                names.append(n)
    return names


def _is_id_type(errors) -> bool:
    return any(n.endswith("}ID") or n == "xs:ID" for n in _validator_type_names(errors))


def _is_reference_type(errors) -> bool:
    return any(n.endswith("}IDREF") or n.endswith("}IDREFS") or n in ("xs:IDREF", "xs:IDREFS")
               for n in _validator_type_names(errors))


def _enumeration(errors) -> str:
    for e in errors:
        values = getattr(e.validator, "enumeration", None)
        if values:
            return ", ".join(str(v) for v in values)
    return "(liste du format)"


def _patterns(errors) -> str:
    for e in errors:
        patterns = getattr(e.validator, "regexps", None)
        if patterns:
            return " ou ".join(patterns)
    return "du format"


def _length_message(subject: str, value: str, kinds, limits, count=None) -> str:
    n = len(value) if count is None else count
    astral = n - len(value) if count is not None else 0
    counted = (f" (le LSU compte chaque émoji ou caractère spécial pour deux : {astral} ici)"
               if astral > 0 else "")
    for kind in kinds:
        limit = limits.get(kind)
        if kind == "max-length" and astral > 0:
            rare = "caractères rares" if astral > 1 else "caractère rare"
            # the LSU (Java) counts UTF-16 units; other validators count characters and accept it
            return (f"{_cap(subject)} est trop long pour le LSU, qui compte chaque émoji (ou caractère "
                    f"rare, hors de l'alphabet courant) pour deux caractères : {n} sur {limit} permis "
                    f"({len(value)} caractères à l'écran, dont {astral} émoji ou {rare}). D'autres "
                    "outils de vérification l'acceptent, pas le LSU : raccourcissez le texte ou retirez "
                    "les émoji dans votre logiciel.")
        if kind == "max-length":
            return (f"{_cap(subject)} est trop long : {n} caractères{counted} pour {limit} au maximum. "
                    "Raccourcissez le texte dans votre logiciel.")
        if kind == "length":
            return (f"{_cap(subject)} doit faire exactement {limit} caractères ; « {_short(value)} » en fait "
                    f"{n}.")
        if kind == "min-length":
            return f"{_cap(subject)} est trop court : {n} caractère(s) pour {limit} au minimum."
    return f"{_cap(subject)} n'a pas la longueur attendue."


def _average_problem(value: str, kinds: list[str]) -> str:
    text = value.strip()
    if "," in text:
        return "utilisez un point et non une virgule (par exemple 15.5), sur 20, sans « /20 »"
    if "/" in text or not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text):
        return ("un nombre de 0 à 20 est attendu, avec un point et au plus 2 décimales (par exemple "
                "15.5) ; « NN », « Abs » ou « /20 » ne sont plus admis depuis la version 10.0 : "
                "indiquez le statut d'évaluation de l'élève (non noté, en attente ou dispensé)")
    if "fraction" in kinds or "digits" in kinds:
        return "au plus 2 décimales (par exemple 15.25)"
    return "la moyenne doit être comprise entre 0 et 20"


_FAMILIES = {"decimal": "decimal", "integer": "integer", "int": "integer", "long": "integer",
             "short": "integer", "byte": "integer", "nonNegativeInteger": "integer",
             "positiveInteger": "integer", "unsignedInt": "integer", "unsignedShort": "integer",
             "date": "date", "boolean": "boolean", "ID": "name", "IDREF": "name", "IDREFS": "name",
             "NCName": "name", "string": "string", "normalizedString": "string", "token": "string"}


def _xmlschema_type_facts(errors) -> tuple | None:
    """The family of the value's type (decimal, integer, date, boolean, name, string), read from
    xmlschema's validators, as the facts :func:`_type_expectation` words (None when unknown)."""
    for e in errors:
        v = e.validator
        for obj in (v, getattr(v, "base_type", None), getattr(v, "parent", None)):
            for t in (obj, getattr(obj, "primitive_type", None)):
                name = getattr(t, "local_name", None) or ""
                family = _FAMILIES.get(name)
                if family is not None and family != "string":
                    return (("family", family),)
    return None


def _technical(error) -> str:
    return _short(" ".join((error.reason or type(error).__name__).split()), 160)


_REFERENCE_NAMES: dict = {}


def _reference_attribute_names(xsd) -> frozenset:
    """Names of the attributes typed IDREF or IDREFS in ``xsd`` (cached per schema)."""
    cached = _REFERENCE_NAMES.get(id(xsd))
    if cached is not None and cached[0] is xsd:
        return cached[1]
    names = set(IDREF_TARGETS)
    try:
        from xmlschema.validators import XsdAttribute
        idref = xsd.maps.types["{http://www.w3.org/2001/XMLSchema}IDREF"]

        def is_ref(t, depth=0):
            if t is None or depth > 10:
                return False
            if t.is_derived(idref):
                return True
            item = getattr(t, "item_type", None)
            if item is not None and item.is_derived(idref):
                return True
            return is_ref(getattr(t, "base_type", None), depth + 1)

        for component in xsd.iter_components():
            if isinstance(component, XsdAttribute) and is_ref(component.type):
                names.add(component.local_name)
    except Exception:  # an unusual user XSD: the LSU names above still apply
        pass
    frozen = frozenset(names)
    _REFERENCE_NAMES[id(xsd)] = (xsd, frozen)
    return frozen


class Wording(_Translator):
    """The one wording of structural problems, for a validator other than xmlschema (the fast
    one): :meth:`word` takes a neutral :class:`~lsucheck.xsd.problems.Problem` and emits findings
    into ``out``, the very sentences the xmlschema path emits for the same problem."""

    def __init__(self, doc):
        super().__init__(doc, None)


#: The blanks other than XML's whitespace that a pasted text can bring, named for users.
_BLANK_NAMES = {"\u00a0": "espace insécable", "\u202f": "espace fine insécable",
                "\u2009": "espace fine", "\u200b": "espace de largeur nulle", "\u3000": "espace idéographique",
                "\u000b": "tabulation verticale", "\u000c": "saut de page", "\u2028": "séparateur de ligne"}


def _type_expectation(f: dict) -> str:
    """What a value must be, from the facts of its type (family, range, digits, patterns)."""
    family = f.get("family")
    if family == "date":
        return "une date réelle au format AAAA-MM-JJ est attendue (par exemple 2025-12-15)"
    if family == "boolean":
        return "true, false, 1 ou 0 est attendu"
    if family in ("integer", "decimal"):
        lo, hi, digits = f.get("low"), f.get("high"), f.get("fraction_digits")
        what = "un nombre entier" if family == "integer" else "un nombre"
        if f.get("patterns"):
            choices = _pattern_choices(f["patterns"])
            if choices:
                return f"une des valeurs {choices} est attendue"
        rng = ""
        if lo is not None and hi is not None and abs(hi) < 10 ** 6:
            rng = f" de {lo} à {hi}"
        elif lo is not None:
            rng = f" supérieur ou égal à {lo}"
        dec = ""
        if family == "decimal" and digits is not None:
            dec = f", avec au plus {digits} chiffres après le point décimal (pas de virgule)"
        return f"{what}{rng}{dec} est attendu"
    if family == "name":
        return ("un identifiant est attendu (lettres, chiffres, _ - ., sans espace ni deux-points, "
                "sans commencer par un chiffre)")
    if f.get("patterns"):
        return f"une valeur de la forme {' ou '.join(f['patterns'])} est attendue"
    if family == "string":
        return "un texte admis par le format LSU est attendu"
    return "une valeur admise par le format LSU est attendue"


def _pattern_choices(sources) -> str | None:
    """"[1-4]" → "1, 2, 3 ou 4" (the LSU positionnements)."""
    if len(sources) != 1:
        return None
    m = re.fullmatch(r"\[(\d)-(\d)\]", sources[0])
    if m:
        values = [str(i) for i in range(int(m.group(1)), int(m.group(2)) + 1)]
    elif re.fullmatch(r"\[\d+\]", sources[0]):
        values = list(sources[0][1:-1])
    else:
        return None
    return ", ".join(values[:-1]) + " ou " + values[-1] if len(values) > 1 else values[0]
