"""The school's reference exports, read into small indexed models (FORMAT.md §5).

Schools download these from SIECLE and STS-web, usually zipped and in ISO-8859-15 (the engine
expands zips with limits in ``archives.py``; ``parsing.py`` honours the declared encoding; the kind
comes from the root element in ``recognise.py``, never from the file name):

* SIECLE élèves ``ElevesSansAdresses.xml`` / ``ElevesAvecAdresses.xml`` (root ``BEE_ELEVES``, §5.2)
  → :class:`SiecleEleves`: ELEVE_ID → :class:`Pupil` (entry and leaving dates, MEF, division,
  groups, options);
* SIECLE ``Nomenclature.xml`` (``BEE_NOMENCLATURES``, §5.3) → :class:`Nomenclature`: MEFs,
  matières, and per MEF its programme {(matière, modalité d'élection): horaire};
* SIECLE ``Communs.xml`` (``BEE_COMMUN``, §5.4) → :class:`Communs`: the pupils' year frame;
* STS-web ``sts_emp_<UAI>_<année>.xml`` (``STS_EDT``, §5.5) → :class:`Sts`: individus, divisions
  (MEFs, services: matière → teachers), groups (divisions, services), the year frame.

``load(kind, tree, source) -> (model, meta)`` is what the engine calls; ``meta`` is the
``report["references"]`` entry (kind, name, uai, annee, date_export…). Every lookup the checks do
is a dict or set access: a whole collège's references add milliseconds, not seconds.

Nothing here assumes a well-formed export: a missing element gives an empty value, never an
exception. SIECLE dates are ``dd/mm/yyyy``; STS dates ``yyyy-mm-dd``; both are accepted anywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from . import recognise as rec
from .model import ascii_int, school_year
from .parsing import Source, Tree

# ---------------------------------------------------------------------------------------------
# small readers


def _text(elem, path: str) -> str:
    """Stripped text of ``elem/path`` ('' when absent)."""
    if elem is None:
        return ""
    found = elem.find(path)
    if found is None or found.text is None:
        return ""
    return found.text.strip()


_DATE_FR = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DATE_ISO = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")


def parse_date(value: str | None) -> date | None:
    """``dd/mm/yyyy`` (SIECLE) or ``yyyy-mm-dd`` (STS, LSU); None when empty or unreadable."""
    if not value:
        return None
    try:
        m = _DATE_FR.match(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_ISO.match(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def parse_datetime(value: str | None) -> datetime | None:
    """``dd/mm/yyyy hh:mm:ss`` (SIECLE HORODATAGE) or ISO; the time is optional."""
    day = parse_date(value)
    if day is None:
        return None
    m = _TIME.search(value[10:]) if value else None
    if m:
        try:
            return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)),
                            int(m.group(3) or 0))
        except ValueError:
            pass
    return datetime(day.year, day.month, day.day)


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return ascii_int(value[:4]) if len(value[:4]) == 4 else None


def fr_date(day: date | datetime | None) -> str:
    """A date as French users write it: 01/09/2025."""
    return day.strftime("%d/%m/%Y") if day else "date non indiquée"


# ---------------------------------------------------------------------------------------------
# models


@dataclass(slots=True)
class Header:
    """What every reference file says about itself (PARAMETRES)."""

    uai: str = ""
    annee: int | None = None
    date_export: datetime | None = None   # HORODATAGE, else DATE_EXPORT


@dataclass(slots=True)
class Pupil:
    """One SIECLE ``ELEVE`` with its structures and options."""

    eleve_id: str
    nom: str = ""
    prenom: str = ""
    date_entree: date | None = None
    date_sortie: date | None = None
    code_mef: str = ""
    divisions: list = field(default_factory=list)    # STRUCTURE TYPE_STRUCTURE=D (normally one)
    groupes: set = field(default_factory=set)        # STRUCTURE TYPE_STRUCTURE=G
    options: set = field(default_factory=set)        # {(code matière, modalité d'élection)}

    @property
    def division(self) -> str:
        return self.divisions[0] if self.divisions else ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.nom, self.prenom) if p) or f"ELEVE_ID {self.eleve_id}"


@dataclass
class SiecleEleves:
    header: Header
    eleves: dict = field(default_factory=dict)       # ELEVE_ID → Pupil
    divisions: set = field(default_factory=set)      # every division code (TYPE D)
    groupes: set = field(default_factory=set)        # every group code (TYPE G)


@dataclass(slots=True)
class Mef:
    code: str
    formation: str = ""
    libelle: str = ""
    rattachement: str = ""      # MEF_RATTACHEMENT (the general MEF a variant is attached to)

    @property
    def label(self) -> str:
        return self.libelle or self.formation or self.code


@dataclass(slots=True)
class Matiere:
    code: str
    libelle: str = ""
    code_national: str = ""     # CODE_MATIERE_NATIONALE of an academic matière


@dataclass
class Nomenclature:
    header: Header
    mefs: dict = field(default_factory=dict)         # CODE_MEF → Mef
    matieres: dict = field(default_factory=dict)     # CODE_MATIERE → Matiere
    programmes: dict = field(default_factory=dict)   # CODE_MEF → {(matière, modalité): horaire}
    modalites: dict = field(default_factory=dict)    # CODE_MODALITE_ELECT → libellé

    def matiere_label(self, code: str) -> str:
        m = self.matieres.get(code)
        return m.libelle if m and m.libelle else ""


@dataclass
class Communs:
    header: Header
    date_debut: date | None = None    # DATE_DEBUT_ELEVE
    date_fin: date | None = None      # DATE_FIN_ELEVE


@dataclass(slots=True)
class Individu:
    """One STS ``INDIVIDU``."""

    id: str
    type: str = ""
    civilite: str = ""
    nom: str = ""
    prenom: str = ""
    fonction: str = ""
    profs_principaux: set = field(default_factory=set)   # division codes
    disciplines: set = field(default_factory=set)        # disciplines de poste

    @property
    def name(self) -> str:
        name = " ".join(p for p in (self.nom, self.prenom) if p)
        return f"{name} (id STS {self.id})" if name else f"id STS {self.id}"


@dataclass(slots=True)
class StsStructure:
    """An STS ``DIVISION`` or ``GROUPE``."""

    code: str
    libelle: str = ""
    mefs: set = field(default_factory=set)          # MEF_APPARTENANCE (divisions)
    divisions: set = field(default_factory=set)     # DIVISION_APPARTENANCE (groups)
    services: dict = field(default_factory=dict)    # code matière → {teacher ID}


@dataclass
class Sts:
    header: Header
    date_debut: date | None = None
    date_fin: date | None = None
    individus: dict = field(default_factory=dict)    # ID → Individu
    divisions: dict = field(default_factory=dict)    # code → StsStructure
    groupes: dict = field(default_factory=dict)      # code → StsStructure
    matieres: dict = field(default_factory=dict)     # code → libellé
    mefs: dict = field(default_factory=dict)         # code → libellé
    groupes_of_division: dict = field(default_factory=dict)   # division code → [group codes]
    services_of: dict = field(default_factory=dict)  # teacher ID → {code matière} (anywhere)


#: The collège levels by the first three digits of a general MEF code (FORMAT.md §5.3; the
#: Nomenclature samples: 6EME 10010012110, 5EME 10110001110, 4EME 10210001110, 3EME 10310019110).
MEF_NIVEAUX = {"100": "6", "101": "5", "102": "4", "103": "3"}

#: A collège level at the start of a MEF label: "6EME", "6ème SEGPA", "5G", "3EME PREPA-METIERS".
_NIVEAU_LABEL = re.compile(r"^\s*([3-6])(?![0-9])")


def mef_niveau(code: str, nomenclature: Nomenclature | None = None, sts: Sts | None = None
               ) -> tuple[str | None, str]:
    """The collège level ("6", "5", "4", "3") of a MEF code, or None, and the MEF's label ("" when
    no file names it). The Nomenclature (its MEF_RATTACHEMENT, then its label) recognises the
    variants of a level (SEGPA…); else the code's first three digits; else the STS-web label."""
    code = (code or "").strip()
    mef = nomenclature.mefs.get(code) if nomenclature is not None else None
    sts_label = (sts.mefs.get(code) or "") if sts is not None else ""
    label = mef.label if mef is not None else sts_label
    if mef is not None:
        niveau = MEF_NIVEAUX.get(mef.rattachement[:3]) if mef.rattachement else None
        if niveau is None:
            for text in (mef.libelle, mef.formation):
                m = _NIVEAU_LABEL.match(text or "")
                if m:
                    niveau = m.group(1)
                    break
        if niveau is not None:
            return niveau, label
    niveau = MEF_NIVEAUX.get(code[:3]) if len(code) == 11 else None
    if niveau is None and sts_label:
        m = _NIVEAU_LABEL.match(sts_label)
        niveau = m.group(1) if m else None
    return niveau, label


# ---------------------------------------------------------------------------------------------
# readers


def _siecle_header(root) -> Header:
    params = root.find("PARAMETRES")
    stamp = parse_datetime(_text(params, "HORODATAGE")) or parse_datetime(_text(params, "DATE_EXPORT"))
    return Header(uai=_text(params, "UAJ"), annee=_year(_text(params, "ANNEE_SCOLAIRE")), date_export=stamp)


def _sts_header(root) -> tuple[Header, date | None, date | None]:
    params = root.find("PARAMETRES")
    uaj = params.find("UAJ") if params is not None else None
    uai = (uaj.get("CODE") or "").strip() if uaj is not None else ""
    if uaj is not None and not uai:
        uai = (uaj.text or "").strip()
    annee_el = params.find("ANNEE_SCOLAIRE") if params is not None else None
    annee = _year(annee_el.get("ANNEE", "")) if annee_el is not None else None
    if annee is None and annee_el is not None:
        annee = _year(annee_el.text or "")
    stamp = parse_datetime(_text(params, "HORODATAGE")) or parse_datetime(_text(params, "DATE_EXPORT"))
    return (Header(uai=uai, annee=annee, date_export=stamp),
            parse_date(_text(annee_el, "DATE_DEBUT")), parse_date(_text(annee_el, "DATE_FIN")))


def read_siecle_eleves(root) -> SiecleEleves:
    model = SiecleEleves(header=_siecle_header(root))
    eleves = model.eleves
    for el in root.iterfind("DONNEES/ELEVES/ELEVE"):
        ident = (el.get("ELEVE_ID") or "").strip()
        if not ident:
            continue
        eleves[ident] = Pupil(
            eleve_id=ident,
            nom=_text(el, "NOM_USAGE") or _text(el, "NOM_DE_FAMILLE") or _text(el, "NOM"),
            prenom=_text(el, "PRENOM"),
            date_entree=parse_date(_text(el, "DATE_ENTREE")),
            date_sortie=parse_date(_text(el, "DATE_SORTIE")),
            code_mef=_text(el, "CODE_MEF"),
        )
    for opt in root.iterfind("DONNEES/OPTIONS/OPTION"):
        pupil = eleves.get((opt.get("ELEVE_ID") or "").strip())
        if pupil is None:
            continue
        for oe in opt.iterfind("OPTIONS_ELEVE"):
            matiere = _text(oe, "CODE_MATIERE")
            if matiere:
                pupil.options.add((matiere, _text(oe, "CODE_MODALITE_ELECT")))
    for se in root.iterfind("DONNEES/STRUCTURES/STRUCTURES_ELEVE"):
        pupil = eleves.get((se.get("ELEVE_ID") or "").strip())
        for st in se.iterfind("STRUCTURE"):
            code, kind = _text(st, "CODE_STRUCTURE"), _text(st, "TYPE_STRUCTURE").upper()
            if not code:
                continue
            if kind == "G":
                model.groupes.add(code)
                if pupil is not None:
                    pupil.groupes.add(code)
            else:
                model.divisions.add(code)
                if pupil is not None and code not in pupil.divisions:
                    pupil.divisions.append(code)
    return model


def read_nomenclature(root) -> Nomenclature:
    model = Nomenclature(header=_siecle_header(root))
    for mef in root.iterfind("DONNEES/MEFS/MEF"):
        code = (mef.get("CODE_MEF") or "").strip()
        if code:
            model.mefs[code] = Mef(code, _text(mef, "FORMATION"),
                                   _text(mef, "LIBELLE_EDITION") or _text(mef, "LIBELLE_LONG"),
                                   _text(mef, "MEF_RATTACHEMENT"))
    for mat in root.iterfind("DONNEES/MATIERES/MATIERE"):
        code = (mat.get("CODE_MATIERE") or "").strip()
        if code:
            model.matieres[code] = Matiere(
                code, _text(mat, "LIBELLE_EDITION") or _text(mat, "LIBELLE_LONG") or _text(mat, "LIBELLE_COURT"),
                _text(mat, "CODE_MATIERE_NATIONALE"))
    programmes = model.programmes
    for prog in root.iterfind("DONNEES/PROGRAMMES/PROGRAMME"):
        mef, matiere = _text(prog, "CODE_MEF"), _text(prog, "CODE_MATIERE")
        if not (mef and matiere):
            continue
        try:
            horaire = float(_text(prog, "HORAIRE").replace(",", ".") or 0)
        except ValueError:
            horaire = 0.0
        programmes.setdefault(mef, {})[(matiere, _text(prog, "CODE_MODALITE_ELECT"))] = horaire
    for mod in root.iterfind("DONNEES/MODALITES_ELECTION/MODALITE_ELECTION"):
        code = (mod.get("CODE_MODALITE_ELECT") or "").strip()
        if code:
            model.modalites[code] = _text(mod, "LIBELLE_LONG") or _text(mod, "LIBELLE_COURT")
    return model


def read_communs(root) -> Communs:
    annee = root.find("DONNEES/ANNEE_SCOLAIRE")
    return Communs(header=_siecle_header(root), date_debut=parse_date(_text(annee, "DATE_DEBUT_ELEVE")),
                   date_fin=parse_date(_text(annee, "DATE_FIN_ELEVE")))


def _services(structure_el, target: StsStructure, services_of: dict) -> None:
    for service in structure_el.iterfind("SERVICES/SERVICE"):
        matiere = (service.get("CODE_MATIERE") or "").strip()
        if not matiere:
            continue
        teachers = target.services.setdefault(matiere, set())
        for ens in service.iterfind("ENSEIGNANTS/ENSEIGNANT"):
            ident = (ens.get("ID") or "").strip()
            if ident:
                teachers.add(ident)
                services_of.setdefault(ident, set()).add(matiere)


def read_sts(root) -> Sts:
    header, debut, fin = _sts_header(root)
    model = Sts(header=header, date_debut=debut, date_fin=fin)
    for mat in root.iterfind("NOMENCLATURES/MATIERES/MATIERE"):
        code = (mat.get("CODE") or "").strip()
        if code:
            model.matieres[code] = _text(mat, "LIBELLE_EDITION") or _text(mat, "LIBELLE_LONG") or _text(mat, "LIBELLE_COURT")
    for mef in root.iterfind("NOMENCLATURES/MEFS/MEF"):
        code = (mef.get("CODE") or "").strip()
        if code:
            model.mefs[code] = _text(mef, "LIBELLE_EDITION") or _text(mef, "LIBELLE_LONG") or _text(mef, "LIBELLE_COURT")
    for ind in root.iterfind("DONNEES/INDIVIDUS/INDIVIDU"):
        ident = (ind.get("ID") or "").strip()
        if not ident:
            continue
        model.individus[ident] = Individu(
            id=ident, type=(ind.get("TYPE") or "").strip(), civilite=_text(ind, "CIVILITE"),
            nom=_text(ind, "NOM_USAGE") or _text(ind, "NOM_PATRONYMIQUE"), prenom=_text(ind, "PRENOM"),
            fonction=_text(ind, "FONCTION").upper(),
            profs_principaux={(pp.text or "").strip() for pp in ind.iterfind("PROFS_PRINC/PROF_PRINC/CODE_STRUCTURE")},
            disciplines={(d.get("CODE") or "").strip() for d in ind.iterfind("DISCIPLINES/DISCIPLINE")},
        )
    for div in root.iterfind("DONNEES/STRUCTURE/DIVISIONS/DIVISION"):
        code = (div.get("CODE") or "").strip()
        if not code:
            continue
        structure = model.divisions.setdefault(code, StsStructure(code, _text(div, "LIBELLE_LONG")))
        # MEF_APPARTENANCE is what real files carry; MEF is a known deviation (samples/SOURCES.md)
        for mef in div.iterfind("MEFS_APPARTENANCE/*"):
            if mef.get("CODE"):
                structure.mefs.add(mef.get("CODE").strip())
        _services(div, structure, model.services_of)
    for grp in root.iterfind("DONNEES/STRUCTURE/GROUPES/GROUPE"):
        code = (grp.get("CODE") or "").strip()
        if not code:
            continue
        structure = model.groupes.setdefault(code, StsStructure(code, _text(grp, "LIBELLE_LONG")))
        for da in grp.iterfind("DIVISIONS_APPARTENANCE/DIVISION_APPARTENANCE"):
            if da.get("CODE"):
                structure.divisions.add(da.get("CODE").strip())
        _services(grp, structure, model.services_of)
    for code, groupe in model.groupes.items():
        for division in groupe.divisions:
            model.groupes_of_division.setdefault(division, []).append(code)
    return model


# ---------------------------------------------------------------------------------------------
# entry point

#: what to re-export and where, per kind (the sanity messages and the web panel use it). The SIECLE
#: path is GEPI's (init_xml2/index.php: "Sconet/Accès Base élèves mode normal/Exploitation/Exports
#: standard/Exports XML génériques"), the STS-web one too ("Mise à jour/Exports/Emplois du temps").
_SIECLE_PATH = "SIECLE, Base élèves établissement : Exploitation > Exports standard > Exports XML génériques"
WHERE = {
    rec.SIECLE_ELEVES: f"{_SIECLE_PATH} > Élèves sans adresses (ExportXML_ElevesSansAdresses.zip)",
    rec.NOMENCLATURE: f"{_SIECLE_PATH} > Nomenclatures (ExportXML_Nomenclature.zip)",
    rec.COMMUNS: f"{_SIECLE_PATH} > Communs (ExportXML_Communs.zip)",
    rec.STS: "STS-web : Mise à jour > Exports > Emplois du temps (sts_emp_<UAI>_<année>.xml)",
}

#: each kind with a definite article, to start a sentence ("L'export STS-web « … » est …")
THE_NAMES = {
    rec.SIECLE_ELEVES: "L'export SIECLE des élèves",
    rec.NOMENCLATURE: "L'export SIECLE Nomenclature",
    rec.COMMUNS: "L'export SIECLE Communs",
    rec.STS: "L'export STS-web",
}

#: the usual file name of each kind, to spot a name that says otherwise (C4)
NAME_HINTS = {
    rec.SIECLE_ELEVES: re.compile(r"eleves(sans|avec)adresses?", re.I),
    rec.NOMENCLATURE: re.compile(r"nomenclature", re.I),
    rec.COMMUNS: re.compile(r"communs?\b|communs?[._]", re.I),
    rec.STS: re.compile(r"sts_?emp", re.I),
    rec.SIECLE_RESPONSABLES: re.compile(r"responsables?(sans|avec)adresses?", re.I),
}

_READERS = {
    rec.SIECLE_ELEVES: read_siecle_eleves,
    rec.NOMENCLATURE: read_nomenclature,
    rec.COMMUNS: read_communs,
    rec.STS: read_sts,
}


def header_of(kind: str, root) -> Header:
    """The header of any SIECLE/STS-like file (also of files lsucheck does not use: EDT…)."""
    if kind in (rec.STS, rec.EDT):
        return _sts_header(root)[0]
    return _siecle_header(root)


def load(kind: str, tree: Tree, source: Source):
    """Read a reference export: ``(model, meta)``. ``meta`` is ``report["references"]``'s entry.

    For a kind lsucheck does not use (an EDT publisher's file, SIECLE responsables), the model is
    None and ``meta["used"]`` is False; the C checks say why (rules/inputs.py).
    """
    root = tree.root
    reader = _READERS.get(kind)
    model = reader(root) if reader else None
    header = model.header if model is not None else header_of(kind, root)
    meta = {
        "kind": kind,
        "kind_label": rec.KIND_NAMES.get(kind, kind),
        "name": source.name,
        "uai": header.uai or None,
        "annee": header.annee,
        "school_year": school_year(header.annee) if header.annee else None,
        "date_export": header.date_export.isoformat() if header.date_export else None,
        "encoding": tree.encoding,
        "used": model is not None,
        "summary": summary(kind, model),
    }
    return model, meta


def summary(kind: str, model) -> str:
    """One French line for the "Fichiers de référence" panel."""
    if model is None:
        return "non utilisé par lsucheck"
    if kind == rec.SIECLE_ELEVES:
        return ", ".join((_n(len(model.eleves), "élève"), _n(len(model.divisions), "division"),
                          _n(len(model.groupes), "groupe")))
    if kind == rec.NOMENCLATURE:
        return ", ".join((f"{len(model.mefs)} MEF", _n(len(model.matieres), "matière"),
                          _n(sum(len(p) for p in model.programmes.values()), "ligne", " de programme")))
    if kind == rec.COMMUNS:
        return f"année des élèves du {fr_date(model.date_debut)} au {fr_date(model.date_fin)}"
    if kind == rec.STS:
        return ", ".join((_n(len(model.individus), "personnel"), _n(len(model.divisions), "division"),
                          _n(len(model.groupes), "groupe")))
    return ""


def _n(count: int, word: str, tail: str = "") -> str:
    return f"{count} {word}{'s' if count > 1 else ''}{tail}"
