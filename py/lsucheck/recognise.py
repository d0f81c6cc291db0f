"""What kind of file is this? Recognised from the content (root element), never from the name."""
from __future__ import annotations

from dataclasses import dataclass

NS = "urn:fr:edu:scolarite:lsun:bilans:import"
LSU_ROOT = f"{{{NS}}}lsun-bilans"

LSU2D = "lsu"
LSU1D = "lsu_1d"
SIECLE_ELEVES = "siecle_eleves"
NOMENCLATURE = "nomenclature"
COMMUNS = "communs"
STS = "sts"
EDT = "edt"          # an STS_EDT written by a timetable publisher, not STS-web itself
SIECLE_RESPONSABLES = "siecle_responsables"
OTHER = "autre"
LSU_REPORT = "rapport_lsu"    # the LSU's rapport d'exécution, saved (.html) or copied (.txt) (issue 14)
CALIBRATION = "calibration"   # a calibration file written by lsucheck from such a report (issue 14)

#: French names, as the user reads them ("Ce fichier est …").
KIND_NAMES = {
    LSU2D: "un fichier d'import LSU (second degré)",
    LSU1D: "un fichier d'import LSU du premier degré (école)",
    SIECLE_ELEVES: "un export SIECLE (élèves)",
    NOMENCLATURE: "un export SIECLE Nomenclature",
    COMMUNS: "un export SIECLE Communs",
    STS: "un export STS-web (emplois du temps, sts_emp)",
    EDT: "un export d'un logiciel d'emploi du temps (pas un export STS-web)",
    SIECLE_RESPONSABLES: "un export SIECLE (responsables)",
    OTHER: "un fichier XML qui n'est ni un import LSU, ni un export SIECLE ou STS-web",
    LSU_REPORT: "un rapport d'exécution du LSU (page enregistrée ou texte copié)",
    CALIBRATION: "un fichier de calibration lsucheck (niveaux constatés sur un rapport du LSU)",
}

REFERENCE_KINDS = (SIECLE_ELEVES, NOMENCLATURE, COMMUNS, STS)

#: Short French names of the reference files, for the references panel and the lists of files.
SHORT_NAMES = {
    SIECLE_ELEVES: "SIECLE élèves", NOMENCLATURE: "SIECLE Nomenclature",
    COMMUNS: "SIECLE Communs", STS: "STS-web",
}


@dataclass(frozen=True)
class Kind:
    kind: str
    detail: str = ""

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


def local(tag) -> str:
    """The local name of an element's tag (``{urn:…}eleve`` → ``eleve``); "" for a comment or a
    processing instruction. The one tag-name helper of the package (model and versions use it)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def recognise(root) -> Kind:
    tag = root.tag
    name = local(tag)
    if name == "lsun-bilans":
        if tag != LSU_ROOT:
            ns = tag[1:].split("}")[0] if tag.startswith("{") else ""
            return Kind(OTHER, f"élément racine lsun-bilans sans l'espace de noms {NS}"
                        + (f" (espace de noms trouvé : {ns})" if ns else ""))
        donnees = root.find(f"{{{NS}}}donnees")
        version = root.get("schemaVersion", "")
        if version.startswith("1.") or (donnees is not None and (
                donnees.find(f"{{{NS}}}directeurs") is not None or donnees.find(f"{{{NS}}}classes") is not None)):
            return Kind(LSU1D)
        return Kind(LSU2D)
    if name == "BEE_ELEVES":
        return Kind(SIECLE_ELEVES)
    if name == "BEE_NOMENCLATURES":
        return Kind(NOMENCLATURE)
    if name == "BEE_COMMUN":
        return Kind(COMMUNS)
    if name == "BEE_RESPONSABLES":
        return Kind(SIECLE_RESPONSABLES)
    if name == "STS_EDT":
        if root.find("PARAMETRES/APPLICATION_SOURCE") is not None:
            return Kind(EDT)
        return Kind(STS)
    return Kind(OTHER, f"élément racine « {name} »")


def recognise_text(data: bytes) -> Kind | None:
    """A file that is not XML, recognised from its content (issue 14): the LSU's rapport
    d'exécution (saved page or copied text) or a calibration file; None for anything else."""
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"PK"):
        return None
    if head.startswith(b"{"):
        from .calibration import CALIBRATION_FORMAT
        return Kind(CALIBRATION) if CALIBRATION_FORMAT.encode() in data[:400] else None
    from . import lsureport
    text = lsureport.decode(data[:2_000_000])
    return Kind(LSU_REPORT) if lsureport.looks_like_report(text) else None
