"""The School model: a fictitious collège as plain dataclasses.

It holds what the LSU import file says (FORMAT.md §2.1) and what the reference files need
(SIECLE ElevesSansAdresses / Nomenclature, STS-web sts_emp: FORMAT.md §5): pupils' MEF, dates of
birth and entry, INE, groups and options; divisions and groups with their services (discipline +
teachers) and professeurs principaux; teachers' STS identity.

Values are plain Python values (``date`` for dates, ``float`` for averages). A planted fault
may put a wrong value of any type in a field (a string where a date is expected, an id that
resolves nowhere): the writer prints ``str(value)`` and skips ``None``, so a field set to
``None`` is an omitted attribute or element. ``extra`` holds attributes the XSD does not know
(planted F7 faults).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import references, writer   # the files a School writes (they never import the model back)
from .vocabulary import NS  # noqa: F401  (the LSU namespace, kept here for callers)


#: <donnees> children, in the XSD sequence order (FORMAT.md §2.1).
DONNEES_ORDER = (
    "responsables-etab", "eleves", "periodes", "disciplines", "enseignants", "elements-programme",
    "competences-numeriques-communs", "parcours-communs", "vies-scolaires-communs",
    "epis-thematiques", "epis", "epis-groupes", "acc-persos", "acc-persos-groupes",
    "bilans-periodiques", "bilans-cycle",
)

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_with_letter(digits: str) -> str:
    """A UAI from its 7 digits and the check letter (FORMAT.md F12)."""
    return digits + UAI_LETTERS[int(digits) % 23]


#: Département 099 does not exist: this UAI belongs to no real school.
FICTIVE_UAI = uai_with_letter("0999001")


@dataclass(slots=True)
class ResponsableEtab:
    id: str
    civilite: str
    nom: str
    prenom: str
    fonction: str                 # "Principal", "Principale adjointe"…
    libelle: str | None = None    # LSU @libelle; default "Prénom NOM"
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.libelle is None:
            self.libelle = f"{self.prenom} {self.nom.upper()}"


@dataclass(slots=True)
class Discipline:
    id: str
    code: str                     # code matière (6 characters)
    libelle: str                  # LSU @libelle (≤ 40)
    modalite: str = "S"           # modalité d'élection
    code_national: str | None = None
    id_lv: str | None = None
    libelle_court: str = ""       # SIECLE/STS labels, for the reference files
    libelle_long: str = ""
    code_gestion: str = ""
    niveaux: str = "6543"
    in_nomenclature: bool = True  # the code exists in the real SIECLE Nomenclature
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class Enseignant:
    id: str
    id_sts: Any                   # STS INDIVIDU/@ID (positive integer)
    civilite: str
    nom: str
    prenom: str
    type: str = "epp"
    date_naissance: date | None = None
    discipline_codes: list = field(default_factory=list)   # codes matière taught
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class Service:
    """A discipline taught to a structure (division or group) by teachers (STS SERVICE)."""
    discipline_id: str
    code_matiere: str
    enseignant_ids: list
    heures: float = 3.0


@dataclass(slots=True)
class Division:
    code: str                     # "5 B"
    niveau: str                   # "6", "5", "4", "3"
    mef: str                      # SIECLE CODE_MEF
    libelle: str
    services: list = field(default_factory=list)
    profs_principaux: list = field(default_factory=list)   # enseignant ids
    responsable_etab_id: str = ""


@dataclass(slots=True)
class Groupe:
    code: str                     # "5ESP1"
    libelle: str
    divisions: list               # division codes (STS DIVISIONS_APPARTENANCE)
    services: list = field(default_factory=list)
    eleve_ids: list = field(default_factory=list)


@dataclass(slots=True)
class Eleve:
    id: str                       # LSU @id
    id_be: Any                    # SIECLE ELEVE_ID (numeric string)
    nom: str
    prenom: str
    division: str                 # code-division
    mef: str
    sexe: str                     # "1" boy, "2" girl (SIECLE CODE_SEXE)
    date_naissance: date
    date_entree: date             # in the school (SIECLE DATE_ENTREE)
    ine: str = ""                 # fictitious, never a real INE ("99…")
    date_sortie: date | None = None
    groupes: list = field(default_factory=list)
    options: list = field(default_factory=list)          # [(code matière, modalité)]
    extra: dict = field(default_factory=dict)

    @property
    def niveau(self) -> str:
        return self.division[:1]


@dataclass(slots=True)
class Periode:
    id: str
    millesime: Any
    indice: Any
    nb_periodes: Any
    debut: date
    fin: date
    extra: dict = field(default_factory=dict)

    @property
    def libelle(self) -> str:
        kind = {3: "Trimestre", 2: "Semestre"}.get(self.nb_periodes, "Période")
        return f"{kind} {self.indice}"


@dataclass(slots=True)
class ElementProgramme:
    id: str
    libelle: str
    discipline_id: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class CompetencesNumeriquesCommun:
    id: str
    code_structure: str
    type_structure: str
    texte: str


@dataclass(slots=True)
class Parcours:
    code: str
    texte: str


@dataclass(slots=True)
class ParcoursCommun:
    periode_ref: str
    code_division: str
    parcours: list


@dataclass(slots=True)
class VieScolaireCommun:
    periode_ref: str
    code_division: str
    commentaire: str


@dataclass(slots=True)
class EpiThematique:
    code: str
    libelle: str


@dataclass(slots=True)
class Epi:
    id: str
    intitule: str
    thematique: str
    discipline_refs: list
    description: str | None = None
    niveau: str = ""
    periodes: tuple = ()          # indices of the periods it runs in


@dataclass(slots=True)
class EnseignantDiscipline:
    enseignant_ref: str
    discipline_ref: str


@dataclass(slots=True)
class EpiGroupe:
    id: str
    epi_ref: str
    intitule: str
    enseignants_disciplines: list
    commentaire: str | None = None
    division: str = ""


@dataclass(slots=True)
class AccPerso:
    id: str
    intitule: str
    discipline_refs: list
    description: str | None = None
    niveau: str = ""


@dataclass(slots=True)
class AccPersoGroupe:
    id: str
    acc_perso_ref: str
    intitule: str
    enseignants_disciplines: list
    commentaire: str | None = None
    division: str = ""


@dataclass(slots=True)
class Acquis:
    discipline_ref: str
    enseignant_refs: list
    element_programme_refs: list = field(default_factory=list)
    moyenne_eleve: Any = None
    moyenne_structure: Any = None
    statut_evaluation_eleve: Any = None
    statut_evaluation_structure: Any = None
    positionnement: Any = None
    appreciation: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class CompetencesNumeriques:
    comp_num_commun_refs: list = field(default_factory=list)
    appreciation_num: str | None = None
    competences: list = field(default_factory=list)     # [(code, niveau)]


@dataclass(slots=True)
class EpiEleve:
    epi_groupe_ref: str
    commentaire: str | None = None


@dataclass(slots=True)
class AccPersoEleve:
    acc_perso_groupe_ref: str
    commentaire: str | None = None


@dataclass(slots=True)
class ModaliteAccompagnement:
    code: str
    complement_ppre: str | None = None


@dataclass(slots=True)
class VieScolaire:
    nb_retards: Any
    nb_abs_justifiees: Any
    nb_abs_injustifiees: Any
    nb_heures_manquees: Any = None
    commentaire: str | None = None


@dataclass(slots=True)
class Domaine:
    code: str
    positionnement: Any


@dataclass(slots=True)
class EnseignementComplement:
    code: str
    positionnement: Any = None


@dataclass(slots=True)
class BilanPeriodique:
    eleve_ref: str
    periode_ref: str
    date_conseil_classe: Any
    date_scolarite: Any
    responsable_etab_ref: str
    prof_princ_refs: list | None
    acquis: list
    acquis_conseils: str | None
    vie_scolaire: VieScolaire | None
    competences_numeriques: CompetencesNumeriques | None = None
    epis_eleve: list = field(default_factory=list)
    acc_persos_eleve: list = field(default_factory=list)
    parcours: list = field(default_factory=list)
    modalites: list = field(default_factory=list)
    devoirs_faits: str | None = None
    socle: list | None = None
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class BilanCycle:
    eleve_ref: str
    cycle: Any
    millesime: Any
    date_creation: Any
    responsable_etab_ref: str
    prof_princ_refs: list | None
    socle: list | None
    synthese: str | None
    enseignement_complement: EnseignementComplement | None = None
    langue_culture_regionale: EnseignementComplement | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class School:
    """A fictitious collège and its year of bilans; ``lsu_xml()`` writes its LSU import file."""

    seed: int
    annee: int                    # first calendar year of the school year (2025 = 2025-2026)
    uai: str
    nom: str
    commune: str
    export_at: datetime           # when the "software" exported the file (the file name)
    editeur: str = "Éditeur fictif"
    application: str = "lsucheck-generateur"
    appli_version: str | None = "1.0"
    schema_version: str = "10.0"
    responsables_etab: list = field(default_factory=list)
    eleves: list = field(default_factory=list)
    periodes: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    enseignants: list = field(default_factory=list)
    elements_programme: list = field(default_factory=list)
    competences_numeriques_communs: list = field(default_factory=list)
    parcours_communs: list = field(default_factory=list)
    vies_scolaires_communs: list = field(default_factory=list)
    epis_thematiques: list = field(default_factory=list)
    epis: list = field(default_factory=list)
    epis_groupes: list = field(default_factory=list)
    acc_persos: list = field(default_factory=list)
    acc_persos_groupes: list = field(default_factory=list)
    bilans_periodiques: list = field(default_factory=list)
    bilans_cycle: list = field(default_factory=list)
    # school structure (for the SIECLE / STS reference files)
    divisions: list = field(default_factory=list)
    groupes: list = field(default_factory=list)
    # how the file is written; planted faults change these
    donnees_order: tuple = DONNEES_ORDER
    root_extra: dict = field(default_factory=dict)
    raw_edits: list = field(default_factory=list)      # callables bytes -> bytes, applied last
    #: the findings a checker must report on this school (one per planted fault)
    expected: list = field(default_factory=list)
    #: how many plantings were made, and the pupils they touched (successive plantings go to
    #: different pupils so that each expected count stays exact)
    plant_cursor: int = 0
    planted_eleves: set = field(default_factory=set)

    # -- lookups ---------------------------------------------------------------------------
    def eleve(self, id_: str) -> Eleve:
        return self._index("eleves")[id_]

    def discipline(self, id_: str) -> Discipline:
        return self._index("disciplines")[id_]

    def enseignant(self, id_: str) -> Enseignant:
        return self._index("enseignants")[id_]

    def periode(self, id_: str) -> Periode:
        return self._index("periodes")[id_]

    def division(self, code: str) -> Division:
        return {d.code: d for d in self.divisions}[code]

    def discipline_by_code(self, code: str, modalite: str = "S") -> Discipline:
        for d in self.disciplines:
            if d.code == code and d.modalite == modalite:
                return d
        raise KeyError(code)

    def _index(self, name: str) -> dict:
        return {x.id: x for x in getattr(self, name)}

    @property
    def file_name(self) -> str:
        """The name PRONOTE-style exporters give the file (FORMAT.md C5)."""
        return f"import_lsu_{self.export_at:%Y%m%d%H%M%S}.xml"

    @property
    def nb_bilans(self) -> int:
        return len(self.bilans_periodiques) + len(self.bilans_cycle)

    def lsu_xml(self) -> bytes:
        """The LSU import file (UTF-8, schemaVersion 10.0 unless a fault changed it)."""
        return writer.write_lsu(self)

    # -- the reference exports (written by references.py, FORMAT.md §5) -----------------------
    def siecle_eleves_xml(self) -> bytes:
        """SIECLE ElevesSansAdresses.xml (ISO-8859-15)."""
        return references.siecle_eleves_xml(self)

    def nomenclature_xml(self) -> bytes:
        """SIECLE Nomenclature.xml (ISO-8859-15)."""
        return references.nomenclature_xml(self)

    def sts_xml(self) -> bytes:
        """STS-web sts_emp_<UAI>_<année>.xml."""
        return references.sts_xml(self)

    def reference_files(self) -> dict:
        """{file name: bytes} of the four reference exports."""
        return references.reference_files(self)

    def copy(self) -> "School":
        """An independent deep copy (a pickle round trip: 2.5 times faster than ``copy.deepcopy``
        on a 160-pupil collège, the same objects shared the same way)."""
        import pickle
        return pickle.loads(pickle.dumps(self, pickle.HIGHEST_PROTOCOL))
