"""The reference exports of a generated collège (FORMAT.md §5); the referential faults planted
in them live in ``reference_faults.py``.

    from lsucheck.generator import generate_school
    from lsucheck.generator import references as gref
    school = generate_school(seed=3, faults=["S1", "T3"])
    files = gref.reference_files(school)      # {"ElevesSansAdresses.xml": bytes, "Nomenclature.xml": …,
                                              #  "Communs.xml": …, "sts_emp_0999001X_2025.xml": …}
    gref.zipped("ElevesSansAdresses.xml", files["ElevesSansAdresses.xml"])   # ExportXML_….zip bytes
    school.expected                           # what a checker given those files must report

The files say what the school's SIECLE base and STS-web know; the LSU file (``school.lsu_xml()``)
says what the school's software exported. Both are written from the same School, so they agree;
a planted fault makes them disagree the way real schools' files do (a pupil who left, an
identifier the software did not fetch, a service missing from STS-web, a division renamed…).
What only the references must know differently lives in ``overrides(school)``.

SIECLE files are written in ISO-8859-15 like real exports; the STS-web file in UTF-8 by default
(the encoding of real sts_emp files is not verified, FORMAT.md §7.4).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from . import vocabulary as voc
from .dates import rentree, year_end

if TYPE_CHECKING:   # the writers know the model by its attributes: no import of it at run time
    from .school import School

#: modalités d'élection as the Nomenclature lists them (FORMAT.md §5.3)
MODALITES = (
    ("S", "TRONC COMM", "MATIERE ENSEIGNEE EN TRONC COMMUN"),
    ("O", "OBLIGATOIR", "MATIERE ENSEIGNEE OPTION OBLIGATOIRE"),
    ("F", "FACULTATIF", "MATIERE ENSEIGNEE OPTION FACULTATIVE"),
    ("N", "OBL OU FAC", "MATIERE ENSEIGNEE OBLIG. OU FACULTATIVE"),
    ("X", "MESURE SPE", "MESURE SPECIFIQUE"),
    ("L", "AJOUT ACAD", "AJOUT ACADEMIQUE AU PROGRAMME"),
    ("R", "ENS.RELIG.", "ENSEIGNEMENT RELIGIEUX"),
)

#: the ID the STS-web file gives the school's direction (INDIVIDU FONCTION DIR)
DIRECTION_ID = 900001


@dataclass
class Overrides:
    """What the reference files say differently from the LSU file (set by planted faults)."""

    siecle_id: dict = field(default_factory=dict)          # eleve id → ELEVE_ID in SIECLE
    siecle_division: dict = field(default_factory=dict)    # eleve id → division in SIECLE
    siecle_export_at: datetime | None = None
    nomenclature_uai: str | None = None
    nomenclature_annee: int | None = None
    sts_id: dict = field(default_factory=dict)             # enseignant id → INDIVIDU/@ID
    sts_type: dict = field(default_factory=dict)           # enseignant id → INDIVIDU/@TYPE
    sts_annee: int | None = None
    sts_drop_divisions: set = field(default_factory=set)   # division codes missing from STS-web
    sts_drop_services: set = field(default_factory=set)    # (structure code, code matière)


def overrides(school: School) -> Overrides:
    """The school's reference-side overrides (created empty on first use; copied with the school)."""
    found = school.__dict__.get("reference_overrides")
    if found is None:
        found = school.__dict__["reference_overrides"] = Overrides()
    return found


# ---- small writers -------------------------------------------------------------------------------
def _fr(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _leaf(tag: str, value, indent: str) -> str:
    if value is None or value == "":
        return ""
    return f"{indent}<{tag}>{escape(str(value))}</{tag}>\n"


def _a(value) -> str:
    return quoteattr(str(value))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="xmlcharrefreplace")


def _siecle_params(uai: str, annee: int, stamp: datetime) -> str:
    return ("  <PARAMETRES>\n"
            f"    <UAJ>{escape(uai)}</UAJ>\n"
            f"    <ANNEE_SCOLAIRE>{annee}</ANNEE_SCOLAIRE>\n"
            f"    <DATE_EXPORT>{_fr(stamp)}</DATE_EXPORT>\n"
            f"    <HORODATAGE>{_fr(stamp)} {stamp:%H:%M:%S}</HORODATAGE>\n"
            "  </PARAMETRES>\n")


def _header(encoding: str) -> str:
    return f"<?xml version='1.0' encoding='{encoding}'?>\n"


# ---- SIECLE élèves -------------------------------------------------------------------------------
def siecle_eleves_xml(school: School, *, encoding: str = "ISO-8859-15") -> bytes:
    """``ElevesSansAdresses.xml`` (root ``BEE_ELEVES``, FORMAT.md §5.2)."""
    ov = overrides(school)
    stamp = ov.siecle_export_at or school.export_at
    w = [_header(encoding), '<BEE_ELEVES VERSION="3.0">\n', _siecle_params(school.uai, school.annee, stamp),
         "  <DONNEES>\n    <ELEVES>\n"]
    for n, e in enumerate(school.eleves, start=1):
        ident = ov.siecle_id.get(e.id, e.id_be)
        elenoet = 10000 + n
        w.append(f"      <ELEVE ELEVE_ID={_a(ident)} ELENOET={_a(elenoet)}>\n")
        ind = "        "
        # the fields of a real export (FORMAT.md §5.2), so that its size and parse time are realistic
        for tag, value in (
                ("ID_NATIONAL", e.ine), ("INE_RNIE", e.ine), ("ELENOET", elenoet), ("ID_ELEVE_ETAB", elenoet),
                ("NOM_DE_FAMILLE", e.nom.upper()), ("NOM_USAGE", e.nom.upper()), ("PRENOM", e.prenom),
                ("DATE_NAISS", _fr(e.date_naissance)), ("CODE_PAYS", "100"), ("VILLE_NAISS", school.commune.upper()),
                ("CODE_SEXE", e.sexe), ("CODE_PAYS_NAT", "100"), ("DOUBLEMENT", "0"), ("CODE_REGIME", "2"),
                ("CODE_STATUT", "ST"), ("DATE_ENTREE", _fr(e.date_entree)), ("DATE_SORTIE", _fr(e.date_sortie)),
                ("CODE_MEF", e.mef), ("CODE_PROVENANCE", "1"), ("DATE_MODIFICATION", _fr(e.date_entree))):
            w.append(_leaf(tag, value, ind))
        w.append(f"{ind}<SCOLARITE_AN_DERNIER>\n" + _leaf("CODE_RNE", school.uai, ind + "  ")
                 + _leaf("DENOM_PRINC", school.nom.upper(), ind + "  ") + f"{ind}</SCOLARITE_AN_DERNIER>\n")
        w.append("      </ELEVE>\n")
    w.append("    </ELEVES>\n    <OPTIONS>\n")
    for n, e in enumerate(school.eleves, start=1):
        if not e.options:
            continue
        w.append(f"      <OPTION ELEVE_ID={_a(ov.siecle_id.get(e.id, e.id_be))} ELENOET={_a(10000 + n)}>\n")
        for k, (code, modalite) in enumerate(e.options, start=1):
            w.append("        <OPTIONS_ELEVE>\n"
                     f"          <NUM_OPTION>{k}</NUM_OPTION>\n"
                     f"          <CODE_MODALITE_ELECT>{escape(modalite)}</CODE_MODALITE_ELECT>\n"
                     f"          <CODE_MATIERE>{escape(code)}</CODE_MATIERE>\n"
                     "        </OPTIONS_ELEVE>\n")
        w.append("      </OPTION>\n")
    w.append("    </OPTIONS>\n    <STRUCTURES>\n")
    for e in school.eleves:
        w.append(f"      <STRUCTURES_ELEVE ELEVE_ID={_a(ov.siecle_id.get(e.id, e.id_be))}>\n")
        structures = [(ov.siecle_division.get(e.id, e.division), "D")] + [(g, "G") for g in e.groupes]
        for code, kind in structures:
            w.append("        <STRUCTURE>\n"
                     f"          <CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE>\n"
                     f"          <TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>\n"
                     "        </STRUCTURE>\n")
        w.append("      </STRUCTURES_ELEVE>\n")
    w.append("    </STRUCTURES>\n  </DONNEES>\n</BEE_ELEVES>\n")
    return _encode("".join(w), encoding)


# ---- Nomenclature --------------------------------------------------------------------------------
def programme_rows(school: School) -> list[tuple[str, str, str, float]]:
    """(CODE_MEF, CODE_MATIERE, modalité, horaire): each discipline in tronc commun for the MEF of
    every level that teaches it, and each option (modalité O/F discipline) for the same levels."""
    rows = []
    seen = set()
    mefs = [(n, voc.MEFS[n][0]) for n in ("6", "5", "4", "3") if any(d.niveau == n for d in school.divisions)]
    for niveau, mef in mefs:
        for d in school.disciplines:
            if niveau not in d.niveaux:
                continue
            modalite = d.modalite if d.modalite in ("S", "O", "F", "L", "R") else None
            if modalite is None:
                continue   # X and fictitious codes are not in any programme
            key = (mef, d.code, modalite)
            if key not in seen:
                seen.add(key)
                rows.append((mef, d.code, modalite, 3.0 if modalite == "S" else 1.0))
    return rows


def nomenclature_xml(school: School, *, encoding: str = "ISO-8859-15") -> bytes:
    """``Nomenclature.xml`` (root ``BEE_NOMENCLATURES``, FORMAT.md §5.3)."""
    ov = overrides(school)
    w = [_header(encoding), '<BEE_NOMENCLATURES VERSION="3.1">\n',
         _siecle_params(ov.nomenclature_uai or school.uai, ov.nomenclature_annee or school.annee,
                        school.export_at),
         "  <DONNEES>\n    <MEFS>\n"]
    for niveau in ("6", "5", "4", "3"):
        if not any(d.niveau == niveau for d in school.divisions):
            continue
        code, formation, long_, edition = voc.MEFS[niveau]
        w.append(f"      <MEF CODE_MEF={_a(code)}>\n")
        for tag, value in (("FORMATION", formation), ("LIBELLE_LONG", long_), ("LIBELLE_EDITION", edition),
                           ("STATUT_MEF", "1"), ("MEF_RATTACHEMENT", code), ("DATE_OUVERTURE", "01/09/2016"),
                           ("DATE_FERMETURE", "31/08/9999")):
            w.append(_leaf(tag, value, "        "))
        w.append("      </MEF>\n")
    w.append("    </MEFS>\n    <MATIERES>\n")
    seen = set()
    for d in school.disciplines:
        if d.code in seen or not (d.in_nomenclature or d.libelle_long) or d.code.startswith("999"):
            continue
        seen.add(d.code)
        w.append(f"      <MATIERE CODE_MATIERE={_a(d.code)}>\n")
        for tag, value in (("CODE_GESTION", d.code_gestion), ("LIBELLE_COURT", d.libelle_court),
                           ("LIBELLE_LONG", d.libelle_long), ("LIBELLE_EDITION", d.libelle),
                           ("MATIERE_ETP", "0")):
            w.append(_leaf(tag, value, "        "))
        w.append("      </MATIERE>\n")
    w.append("    </MATIERES>\n    <PROGRAMMES>\n")
    for mef, code, modalite, horaire in programme_rows(school):
        w.append("      <PROGRAMME>\n"
                 f"        <CODE_MEF>{mef}</CODE_MEF>\n"
                 f"        <CODE_MATIERE>{escape(code)}</CODE_MATIERE>\n"
                 f"        <CODE_MODALITE_ELECT>{modalite}</CODE_MODALITE_ELECT>\n"
                 f"        <HORAIRE>{horaire:.2f}</HORAIRE>\n"
                 "      </PROGRAMME>\n")
    w.append("    </PROGRAMMES>\n    <MODALITES_ELECTION>\n")
    for code, court, long_ in MODALITES:
        w.append(f"      <MODALITE_ELECTION CODE_MODALITE_ELECT={_a(code)}>\n"
                 f"        <LIBELLE_COURT>{escape(court)}</LIBELLE_COURT>\n"
                 f"        <LIBELLE_LONG>{escape(long_)}</LIBELLE_LONG>\n"
                 "      </MODALITE_ELECTION>\n")
    w.append("    </MODALITES_ELECTION>\n  </DONNEES>\n</BEE_NOMENCLATURES>\n")
    return _encode("".join(w), encoding)


# ---- Communs -------------------------------------------------------------------------------------
def communs_xml(school: School, *, encoding: str = "ISO-8859-15") -> bytes:
    """``Communs.xml`` (root ``BEE_COMMUN``, FORMAT.md §5.4): the pupils' year frame."""
    chef = school.responsables_etab[0] if school.responsables_etab else None
    w = [_header(encoding), "<BEE_COMMUN>\n", _siecle_params(school.uai, school.annee, school.export_at),
         "  <DONNEES>\n    <UAJ>\n",
         _leaf("DENOM_PRINC", school.nom.upper(), "      "),
         _leaf("COMMUNE_ETRANGERE", school.commune, "      "),
         _leaf("NOM_RESP", f"{chef.prenom} {chef.nom.upper()}" if chef else "", "      "),
         _leaf("QUAL_RESP", chef.fonction.upper() if chef else "", "      "),
         "    </UAJ>\n    <ANNEE_SCOLAIRE>\n",
         _leaf("DATE_DEBUT_ELEVE", _fr(rentree(school.annee)), "      "),
         _leaf("DATE_FIN_ELEVE", _fr(year_end(school.annee)), "      "),
         "    </ANNEE_SCOLAIRE>\n  </DONNEES>\n</BEE_COMMUN>\n"]
    return _encode("".join(w), encoding)


# ---- STS-web -------------------------------------------------------------------------------------
def sts_xml(school: School, *, encoding: str = "UTF-8", application_source: str | None = None) -> bytes:
    """``sts_emp_<UAI>_<année>.xml`` (root ``STS_EDT``, FORMAT.md §5.5). With
    ``application_source``, the same file as a timetable publisher writes it (not STS-web: C1)."""
    ov = overrides(school)
    annee = ov.sts_annee or school.annee
    w = [_header(encoding), "<STS_EDT>\n  <PARAMETRES>\n",
         f"    <UAJ CODE={_a(school.uai)}>\n", _leaf("DENOM_PRINC", school.nom.upper(), "      "),
         "    </UAJ>\n",
         f"    <ANNEE_SCOLAIRE ANNEE={_a(annee)}>\n",
         _leaf("DATE_DEBUT", rentree(annee).isoformat(), "      "),
         _leaf("DATE_FIN", year_end(annee).isoformat(), "      "),
         "    </ANNEE_SCOLAIRE>\n"]
    if application_source:
        w.append(f"    <APPLICATION_SOURCE>{escape(application_source)}</APPLICATION_SOURCE>\n")
    w.append("  </PARAMETRES>\n  <NOMENCLATURES>\n    <MATIERES>\n")
    seen = set()
    for d in school.disciplines:
        if d.code in seen or d.code.startswith("999"):
            continue
        seen.add(d.code)
        w.append(f"      <MATIERE CODE={_a(d.code)}>\n")
        for tag, value in (("CODE_GESTION", d.code_gestion), ("LIBELLE_COURT", d.libelle_court),
                           ("LIBELLE_LONG", d.libelle_long), ("LIBELLE_EDITION", d.libelle)):
            w.append(_leaf(tag, value, "        "))
        w.append("      </MATIERE>\n")
    w.append("    </MATIERES>\n    <MEFS>\n")
    for niveau in ("6", "5", "4", "3"):
        if any(d.niveau == niveau for d in school.divisions):
            code, _f, long_, edition = voc.MEFS[niveau]
            w.append(f"      <MEF CODE={_a(code)}>\n" + _leaf("LIBELLE_LONG", long_, "        ")
                     + _leaf("LIBELLE_EDITION", edition, "        ") + "      </MEF>\n")
    w.append("    </MEFS>\n  </NOMENCLATURES>\n  <DONNEES>\n    <INDIVIDUS>\n")
    pp_of: dict = {}
    for division in school.divisions:
        for ens_id in division.profs_principaux:
            pp_of.setdefault(ens_id, []).append(division.code)

    def sts_id(ens) -> str:
        return str(ov.sts_id.get(ens.id, ens.id_sts))

    for ens in school.enseignants:
        kind = ov.sts_type.get(ens.id, ens.type if ens.type in ("epp", "local") else "epp")
        w.append(f"      <INDIVIDU ID={_a(sts_id(ens))} TYPE={_a(kind)}>\n")
        ind = "        "
        w.append(_leaf("SEXE", "1" if ens.civilite == "M" else "2", ind))
        w.append(_leaf("CIVILITE", "M." if ens.civilite == "M" else "MME", ind))
        w.append(_leaf("NOM_USAGE", ens.nom.upper(), ind))
        w.append(_leaf("NOM_PATRONYMIQUE", ens.nom.upper(), ind))
        w.append(_leaf("PRENOM", ens.prenom, ind))
        if ens.date_naissance:
            w.append(_leaf("DATE_NAISSANCE", ens.date_naissance.isoformat(), ind))
        w.append(_leaf("FONCTION", "ENS", ind))
        if pp_of.get(ens.id):
            w.append(f"{ind}<PROFS_PRINC>\n")
            for code in pp_of[ens.id]:
                w.append(f"{ind}  <PROF_PRINC>\n{ind}    <CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE>\n"
                         f"{ind}  </PROF_PRINC>\n")
            w.append(f"{ind}</PROFS_PRINC>\n")
        if ens.discipline_codes:
            w.append(f"{ind}<DISCIPLINES>\n")
            for code in ens.discipline_codes:
                w.append(f"{ind}  <DISCIPLINE CODE={_a(code)}/>\n")
            w.append(f"{ind}</DISCIPLINES>\n")
        w.append("      </INDIVIDU>\n")
    if school.responsables_etab:
        chef = school.responsables_etab[0]
        w.append(f"      <INDIVIDU ID={_a(DIRECTION_ID)} TYPE=\"epp\">\n"
                 + _leaf("NOM_USAGE", chef.nom.upper(), "        ") + _leaf("PRENOM", chef.prenom, "        ")
                 + _leaf("FONCTION", "DIR", "        ") + "      </INDIVIDU>\n")
    w.append("    </INDIVIDUS>\n    <STRUCTURE>\n      <DIVISIONS>\n")
    ens_by_id = {e.id: e for e in school.enseignants}

    def services(structure_code: str, items, indent: str) -> str:
        out = [f"{indent}<SERVICES>\n"]
        for service in items:
            if (structure_code, service.code_matiere) in ov.sts_drop_services:
                continue
            out.append(f"{indent}  <SERVICE CODE_MATIERE={_a(service.code_matiere)} CODE_MOD_COURS=\"CG\">\n"
                       f"{indent}    <ENSEIGNANTS>\n")
            for ens_id in service.enseignant_ids:
                ens = ens_by_id.get(ens_id)
                if ens is not None:
                    kind = ov.sts_type.get(ens.id, ens.type if ens.type in ("epp", "local") else "epp")
                    out.append(f"{indent}      <ENSEIGNANT ID={_a(sts_id(ens))} TYPE={_a(kind)}/>\n")
            out.append(f"{indent}    </ENSEIGNANTS>\n{indent}  </SERVICE>\n")
        out.append(f"{indent}</SERVICES>\n")
        return "".join(out)

    for division in school.divisions:
        if division.code in ov.sts_drop_divisions:
            continue
        w.append(f"        <DIVISION CODE={_a(division.code)}>\n"
                 + _leaf("LIBELLE_LONG", division.libelle, "          ")
                 + "          <MEFS_APPARTENANCE>\n"
                 f"            <MEF_APPARTENANCE CODE={_a(division.mef)}/>\n"
                 "          </MEFS_APPARTENANCE>\n"
                 + services(division.code, division.services, "          ")
                 + "        </DIVISION>\n")
    w.append("      </DIVISIONS>\n      <GROUPES>\n")
    for groupe in school.groupes:
        w.append(f"        <GROUPE CODE={_a(groupe.code)}>\n" + _leaf("LIBELLE_LONG", groupe.libelle, "          ")
                 + "          <DIVISIONS_APPARTENANCE>\n"
                 + "".join(f"            <DIVISION_APPARTENANCE CODE={_a(c)}/>\n" for c in groupe.divisions)
                 + "          </DIVISIONS_APPARTENANCE>\n"
                 + services(groupe.code, groupe.services, "          ")
                 + "        </GROUPE>\n")
    w.append("      </GROUPES>\n    </STRUCTURE>\n  </DONNEES>\n</STS_EDT>\n")
    return _encode("".join(w), encoding)


# ---- the set ---------------------------------------------------------------------------------------
def sts_file_name(school: School) -> str:
    return f"sts_emp_{school.uai}_{overrides(school).sts_annee or school.annee}.xml"


def reference_files(school: School, *, communs: bool = True) -> dict[str, bytes]:
    """The four exports, by the names schools get them under."""
    files = {"ElevesSansAdresses.xml": siecle_eleves_xml(school),
             "Nomenclature.xml": nomenclature_xml(school)}
    if communs:
        files["Communs.xml"] = communs_xml(school)
    files[sts_file_name(school)] = sts_xml(school)
    return files


def zipped(name: str, data: bytes) -> bytes:
    """``data`` in a zip archive, as SIECLE delivers it (ExportXML_<name>.zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def zip_name(name: str) -> str:
    return f"ExportXML_{name.rsplit('.', 1)[0]}.zip"
