"""``generate_school``: a fictitious, realistic collège and its year of bilans, deterministic by seed.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same arguments
give the same School and the same bytes on every run and every Python version (the generator
only uses ``random()``, ``randrange`` and ``choice``-like draws, whose results CPython keeps
stable for a given seed).
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from . import vocabulary as voc
from .dates import _conseil_day, calendrier, rentree
from .faults import plant
from .school import (FICTIVE_UAI, AccPerso, AccPersoEleve, AccPersoGroupe, Acquis, BilanCycle,
                     BilanPeriodique, CompetencesNumeriques, CompetencesNumeriquesCommun, Discipline,
                     Division, Domaine, Eleve, ElementProgramme, Enseignant, EnseignantDiscipline,
                     EnseignementComplement, Epi, EpiEleve, EpiGroupe, EpiThematique, Groupe,
                     ModaliteAccompagnement, Parcours, ParcoursCommun, Periode, ResponsableEtab,
                     School, Service, VieScolaire, VieScolaireCommun)

#: Size presets (FORMAT of the benchmark, issue 4): keyword arguments of ``generate_school``.
SIZES = {
    # one 6e class, first trimestre only (≈ 0.13 Mo)
    "petit": {"divisions": ("6 A",), "eleves_par_division": 28, "periodes": (1,)},
    # a whole collège's year: 24 divisions, ≈ 650 pupils, 3 trimestres, bilans de cycle (≈ 11 Mo)
    "college": {"nb_divisions_par_niveau": 6, "eleves_par_division": 27},
    # a very large school for stress tests: 96 divisions, ≈ 3,000 pupils (≈ 50 Mo)
    "grand": {"nb_divisions_par_niveau": 24, "eleves_par_division": 31},
}

LETTRES_DIVISIONS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
NIVEAUX = ("6", "5", "4", "3")


def _division_codes(divisions, nb_par_niveau) -> list[str]:
    if divisions:
        return list(divisions)
    if nb_par_niveau > len(LETTRES_DIVISIONS):
        raise ValueError(f"au plus {len(LETTRES_DIVISIONS)} divisions par niveau")
    return [f"{n} {LETTRES_DIVISIONS[i]}" for n in NIVEAUX for i in range(nb_par_niveau)]


class _Draw:
    """Thin helpers over one Random (all draws go through it, in order)."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[int(self.r.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def between(self, a: int, b: int) -> int:
        return a + int(self.r.random() * (b - a + 1))

    def gauss(self, mu: float, sigma: float) -> float:
        return self.r.gauss(mu, sigma)

    def sample(self, seq, k):
        return self.r.sample(list(seq), k)

    def shuffled(self, seq):
        out = list(seq)
        self.r.shuffle(out)
        return out


def _band(moyenne: float | None) -> int:
    if moyenne is None:
        return 2
    if moyenne >= 16:
        return 0
    if moyenne >= 13:
        return 1
    if moyenne >= 10:
        return 2
    if moyenne >= 7:
        return 3
    return 4


def appreciation(draw: _Draw, code: str, band: int, mot: str = "trimestre") -> str:
    """A 150–300 character appreciation assembled from phrase fragments (``mot`` names the
    period: "trimestre", "semestre")."""
    savoirs = voc.SAVOIRS[code]
    s1, s2 = draw.sample(savoirs, 2)
    r1, r2 = draw.sample(voc.REMARQUES[band], 2)
    parts = [draw.pick(voc.OUVERTURES[band]), _fill(r1, s1)]
    conseil = draw.pick(voc.CONSEILS[band])
    text = " ".join(parts + [conseil])
    if len(text) < 150:
        text = " ".join(parts + [_fill(r2, s2), conseil])
    if len(text) > 300:
        text = " ".join(parts)
    if len(text) < 150:
        text = " ".join([parts[0], _fill(r1, s1), _fill(r2, s2)])
    return _periode_mot(text, mot)


def _periode_mot(text: str, mot: str) -> str:
    if mot == "trimestre":
        return text
    return text.replace("trimestre", mot).replace("Trimestre", mot.capitalize())


def _fill(template: str, savoir: str) -> str:
    return template.replace("{Savoir}", savoir[:1].upper() + savoir[1:]).replace("{savoir}", savoir)


def _synthese_conseil(draw: _Draw, band: int, mot: str) -> str:
    """The conseil de classe's appreciation (acquis-conseils), 150–350 characters."""
    text = draw.pick(voc.SYNTHESES_CONSEIL[band])
    fins = draw.shuffled(voc.FINS_SYNTHESE[band])
    while len(text) < 150 and fins:
        text += " " + fins.pop()
    return _periode_mot(text, mot)


def _position(moyenne: float) -> int:
    """A 1–4 socle positionnement from a 0–20 level."""
    if moyenne >= 15.5:
        return 4
    if moyenne >= 11.5:
        return 3
    if moyenne >= 8:
        return 2
    return 1


def generate_school(seed: int = 0, annee: int = 2025, *, taille: str | None = None,
                    divisions=None, nb_divisions_par_niveau: int | None = None,
                    eleves_par_division: int | None = None, nb_periodes: int = 3,
                    periodes=None, bilans_cycle: bool | None = None, faults=(),
                    uai: str = FICTIVE_UAI, nom: str = "Collège des Tilleuls",
                    commune: str = "Valbois-sur-Lèze") -> School:
    """A fictitious collège for the school year ``annee``-``annee+1``.

    taille                 a SIZES preset ("petit", "college", "grand"); explicit arguments win
    divisions              division codes ("6 A", "5 B"…; the first character is the niveau)
    nb_divisions_par_niveau  else this many divisions in each of 6e, 5e, 4e, 3e (default 1)
    eleves_par_division    mean pupils per division (±2; default 26)
    nb_periodes            3 trimestres or 2 semestres (other counts are split evenly)
    periodes               the period indices whose bilans are exported (default: all)
    bilans_cycle           write bilans de fin de cycle (6e: cycle 3, 3e: cycle 4); default: when
                           the last period is exported
    faults                 catalogue codes to plant (see ``faults.FAULTS``), or (code, kwargs) pairs
    """
    if taille and taille not in SIZES:
        raise ValueError(f"taille inconnue : {taille!r} (connues : {', '.join(SIZES)})")
    params = dict(SIZES[taille]) if taille else {}
    divisions = divisions if divisions is not None else params.get("divisions")
    nb_divisions_par_niveau = nb_divisions_par_niveau or params.get("nb_divisions_par_niveau") or 1
    eleves_par_division = eleves_par_division or params.get("eleves_par_division") or 26
    periodes = periodes if periodes is not None else params.get("periodes")

    draw = _Draw(seed)
    school = _build(draw, seed, annee, _division_codes(divisions, nb_divisions_par_niveau),
                    eleves_par_division, nb_periodes, periodes, bilans_cycle, uai, nom, commune)
    if faults:
        for fault in faults:
            code, kw = (fault, {}) if isinstance(fault, str) else (fault[0], dict(fault[1]))
            plant(school, code, **kw)
    return school


# ---------------------------------------------------------------------------------------------
def _build(draw: _Draw, seed, annee, division_codes, eleves_par_division, nb_periodes, periodes,
           bilans_cycle, uai, nom, commune) -> School:
    """The school, drawn step by step in a fixed order (each step draws from ``draw`` in turn:
    reordering the steps would change every school)."""
    school = School(seed=seed, annee=annee, uai=uai, nom=nom, commune=commune,
                    export_at=datetime(annee, 9, 1))
    b = _Building(draw, school, calendrier(annee, nb_periodes))
    b.responsables_etab()
    b.periodes(periodes)
    if bilans_cycle is None:   # by default, when the last period is exported
        bilans_cycle = max(p.indice for p in school.periodes) == len(b.cal)
    b.disciplines({c[:1] for c in division_codes})
    b.divisions(division_codes)
    b.enseignants()
    b.profs_principaux()
    b.eleves(eleves_par_division)
    if any(code.startswith(("5", "4", "3")) for code in division_codes):
        school.epis_thematiques = [EpiThematique(c, l) for c, l in voc.EPIS_THEMATIQUES_DECLAREES]
    b.epis()
    b.acc_persos()
    b.communs()
    b.bilans_periodiques()
    if bilans_cycle:
        b.bilans_cycle()
    school.export_at = datetime.combine(b.last_conseil + timedelta(days=draw.between(2, 6)),
                                        time(draw.between(8, 17), draw.between(0, 59), draw.between(0, 59)))
    return school


class _Building:
    """One school being drawn: the steps of ``_build`` and what later steps need of earlier ones."""

    def __init__(self, draw: _Draw, school: School, cal):
        self.draw = draw
        self.school = school
        self.annee = school.annee
        self.cal = cal
        self.cal_by_indice = {i: c for i, c in enumerate(cal, start=1)}
        self.mot = {3: "trimestre", 2: "semestre"}.get(len(cal), "période")
        self.used_names: set = set()
        self.ep_of: dict[str, list[str]] = {}            # discipline id -> element-programme ids
        self.groupes_lv2: dict[str, Groupe] = {}         # division code -> its LV2 group
        self.teacher_of: dict[tuple[str, str], str] = {}   # (division code, discipline id) -> enseignant id
        self.epi_groupe_of: dict[tuple[str, str], str] = {}   # (division, epi id) -> epi-groupe id
        self.ap_groupe_of: dict[str, list[str]] = {}     # division code -> acc-perso-groupe ids
        self.cn_commun_of: dict[str, str] = {}           # division code -> compétences numériques commun
        self.eleves_of: dict[str, list[Eleve]] = {}      # division code -> pupils
        self.ability: dict[str, float] = {}              # pupil id -> mean level
        self.conseil_of: dict[tuple[str, str], date] = {}   # (division, période id) -> conseil de classe
        self.last_conseil: date = date(self.annee, 9, 1)

    def person(self, sexe: str | None = None):
        """(sexe, prénom, nom) never drawn before in this school."""
        draw = self.draw
        sexe = sexe or draw.pick("12")
        while True:
            prenom = draw.pick(voc.PRENOMS_M if sexe == "1" else voc.PRENOMS_F)
            nom_ = draw.pick(voc.NOMS)
            if (prenom, nom_) not in self.used_names:
                self.used_names.add((prenom, nom_))
                return sexe, prenom, nom_

    # -- établissement, periods, disciplines, divisions ---------------------------------------------
    def responsables_etab(self) -> None:
        s1, p1, n1 = self.person()
        s2, p2, n2 = self.person()
        self.school.responsables_etab = [
            ResponsableEtab("RESP_01", "M" if s1 == "1" else "MME", n1, p1,
                            "Principal" if s1 == "1" else "Principale"),
            ResponsableEtab("RESP_02", "M" if s2 == "1" else "MME", n2, p2,
                            "Principal adjoint" if s2 == "1" else "Principale adjointe"),
        ]

    def periodes(self, periodes) -> None:
        wanted = set(periodes) if periodes else set(range(1, len(self.cal) + 1))
        for i, (debut, fin, _c) in enumerate(self.cal, start=1):
            if i in wanted:
                self.school.periodes.append(Periode(f"P_{i:02d}", str(self.annee), i, len(self.cal), debut, fin))

    def disciplines(self, niveaux_present: set) -> None:
        """The disciplines taught in the niveaux present, and their programme elements."""
        school = self.school
        for code, libelle, court, long_, gestion, niveaux, _per, in_nom in voc.DISCIPLINES:
            if not set(niveaux) & niveaux_present:
                continue
            school.disciplines.append(Discipline(f"DI_{code}", code, libelle, "S", None, None, court, long_,
                                                 gestion, niveaux, in_nom))
        for d in school.disciplines:
            ids = []
            for libelle in voc.ELEMENTS_PROGRAMME[d.code]:
                ep = ElementProgramme(f"EP_{len(school.elements_programme) + 1:03d}", libelle, d.id)
                school.elements_programme.append(ep)
                ids.append(ep.id)
            self.ep_of[d.id] = ids

    def divisions(self, division_codes) -> None:
        """The divisions, and the LV2 groups that join two divisions of a niveau (5e, 4e, 3e)."""
        school = self.school
        for code in division_codes:
            niveau = code[:1]
            mef = voc.MEFS[niveau]
            school.divisions.append(Division(code, niveau, mef[0], f"{mef[3]} {code[1:].strip()}".strip(),
                                             responsable_etab_id="RESP_02" if niveau in "65" else "RESP_01"))
        for niveau in NIVEAUX:
            divs = [d for d in school.divisions if d.niveau == niveau]
            if niveau == "6" or len(divs) < 2:
                continue
            for k in range(0, len(divs), 2):
                pair = divs[k:k + 2]
                g = Groupe(f"{niveau}ESP{k // 2 + 1}", f"Espagnol LV2 {niveau}e groupe {k // 2 + 1}",
                           [d.code for d in pair])
                school.groupes.append(g)
                for d in pair:
                    self.groupes_lv2[d.code] = g

    # -- teachers ------------------------------------------------------------------------------------
    def enseignants(self) -> None:
        """Each discipline's teachers, each with a share of its structures (divisions or groups)."""
        draw, school = self.draw, self.school
        id_sts_used: set = set()
        per_prof = {c[0]: c[6] for c in voc.DISCIPLINES}
        for disc in school.disciplines:
            structures: list = []
            for d in school.divisions:
                if d.niveau not in disc.niveaux:
                    continue
                g = self.groupes_lv2.get(d.code) if disc.code == "030602" else None
                target = g if g is not None else d
                if target not in structures:
                    structures.append(target)
            order = draw.shuffled(range(len(structures)))
            chunk = per_prof[disc.code] if disc.code != "030602" else max(1, per_prof[disc.code] // 2)
            for start in range(0, len(order), chunk):
                sexe, prenom, nom_ = self.person()
                while True:
                    id_sts = draw.between(100000, 999999)
                    if id_sts not in id_sts_used:
                        id_sts_used.add(id_sts)
                        break
                t = Enseignant(f"ENS_{len(school.enseignants) + 1:03d}", id_sts, "M" if sexe == "1" else "MME",
                               nom_, prenom, "epp", date(self.annee - draw.between(25, 62), draw.between(1, 12),
                                                         draw.between(1, 28)), [disc.code])
                school.enseignants.append(t)
                for idx in order[start:start + chunk]:
                    target = structures[idx]
                    target.services.append(Service(disc.id, disc.code, [t.id]))
                    for dcode in (target.divisions if isinstance(target, Groupe) else [target.code]):
                        self.teacher_of[(dcode, disc.id)] = t.id

    def profs_principaux(self) -> None:
        """One professeur principal a division (two in 3e), each leading one division when he can."""
        pp_taken: set = set()
        pp_disciplines = ("DI_020700", "DI_061300", "DI_043700", "DI_030201", "DI_062900", "DI_100100",
                          "DI_070800", "DI_062300", "DI_030602", "DI_090100", "DI_081300")
        for d in self.school.divisions:
            want = 2 if d.niveau == "3" else 1
            for disc_id in pp_disciplines:
                t = self.teacher_of.get((d.code, disc_id))
                if t and t not in pp_taken:
                    d.profs_principaux.append(t)
                    pp_taken.add(t)
                    if len(d.profs_principaux) == want:
                        break
            if not d.profs_principaux:  # tiny schools: a teacher may lead two divisions
                d.profs_principaux.append(self.teacher_of[(d.code, self.school.disciplines[0].id)])

    # -- pupils --------------------------------------------------------------------------------------
    def eleves(self, eleves_par_division: int) -> None:
        draw, school, cal = self.draw, self.school, self.cal
        n_id_be = draw.between(1200000, 4800000)
        counter = 0
        for d in school.divisions:
            n = max(1, eleves_par_division + draw.between(-2, 2))
            age = {"6": 11, "5": 12, "4": 13, "3": 14}[d.niveau]
            for _ in range(n):
                counter += 1
                sexe, prenom, nom_ = self.person()
                n_id_be += draw.between(1, 97)
                naissance = date(self.annee - age - (1 if draw.chance(0.05) else 0), draw.between(1, 12),
                                 draw.between(1, 28))
                years_here = {"6": 0, "5": 1, "4": 2, "3": 3}[d.niveau]
                if years_here and draw.chance(0.12):
                    years_here = draw.between(0, years_here - 1)   # arrived in a later level
                entree = rentree(self.annee - years_here)
                if draw.chance(0.02) and len(cal) >= 2:
                    # a newcomer during the year (first or second period)
                    debut, fin, _c = self.cal_by_indice[draw.between(1, min(2, len(cal)))]
                    entree = debut + timedelta(days=draw.between(10, max(10, (fin - debut).days - 20)))
                e = Eleve(f"EL_{counter:04d}", str(n_id_be), nom_, prenom, d.code, d.mef, sexe, naissance,
                          entree, ine=f"99{counter:07d}ZZ")
                if d.code in self.groupes_lv2:
                    g = self.groupes_lv2[d.code]
                    g.eleve_ids.append(e.id)
                    e.groupes.append(g.code)
                school.eleves.append(e)
        for e in school.eleves:
            self.eleves_of.setdefault(e.division, []).append(e)

    # -- EPI, AP, communs ----------------------------------------------------------------------------
    def epis(self) -> None:
        """Each niveau's EPI (5e, 4e, 3e), with one group per division."""
        school, cal = self.school, self.cal
        epi_periods = {3: ((1, 2), (3,)), 2: ((1,), (2,))}.get(len(cal), (tuple(range(1, len(cal) + 1)),) * 2)
        disc_ids = {d.code: d.id for d in school.disciplines}
        for niveau, epis in voc.EPIS.items():
            divs = [d for d in school.divisions if d.niveau == niveau]
            if not divs:
                continue
            for k, (them, intitule, codes) in enumerate(epis):
                epi = Epi(f"EPI_{niveau}{k + 1}", intitule, them, [disc_ids[c] for c in codes],
                          f"Projet interdisciplinaire de {niveau}e : {intitule.lower()}.", niveau,
                          epi_periods[k])
                school.epis.append(epi)
                for d in divs:
                    g = EpiGroupe(f"EPIG_{d.code.replace(' ', '')}_{k + 1}", epi.id, f"{intitule} ({d.code})",
                                  [EnseignantDiscipline(self.teacher_of[(d.code, did)], did)
                                   for did in epi.discipline_refs],
                                  f"Projet mené en {d.code} par les professeurs des deux disciplines.", d.code)
                    school.epis_groupes.append(g)
                    self.epi_groupe_of[(d.code, epi.id)] = g.id

    def acc_persos(self) -> None:
        """Each niveau's accompagnements personnalisés, with one group per division."""
        school = self.school
        disc_ids = {d.code: d.id for d in school.disciplines}
        for niveau, aps in voc.ACC_PERSOS.items():
            divs = [d for d in school.divisions if d.niveau == niveau]
            if not divs:
                continue
            for k, (intitule, codes) in enumerate(aps):
                ap = AccPerso(f"AP_{niveau}{k + 1}", intitule, [disc_ids[c] for c in codes],
                              f"Accompagnement personnalisé de {niveau}e : {intitule.lower()}.", niveau)
                school.acc_persos.append(ap)
                for d in divs:
                    g = AccPersoGroupe(f"APG_{d.code.replace(' ', '')}_{k + 1}", ap.id, f"{intitule} ({d.code})",
                                       [EnseignantDiscipline(self.teacher_of[(d.code, did)], did)
                                        for did in ap.discipline_refs],
                                       None, d.code)
                    school.acc_persos_groupes.append(g)
                    self.ap_groupe_of.setdefault(d.code, []).append(g.id)

    def communs(self) -> None:
        """What a division shares: compétences numériques (6e), parcours and vie scolaire per period."""
        draw, school = self.draw, self.school
        for d in school.divisions:
            if d.niveau == "6":
                c = CompetencesNumeriquesCommun(f"CNC_{d.code.replace(' ', '')}", d.code, "D",
                                                draw.pick(voc.COMPETENCES_NUMERIQUES_COMMUNS))
                school.competences_numeriques_communs.append(c)
                self.cn_commun_of[d.code] = c.id
        for p in school.periodes:
            for d in school.divisions:
                codes = ["PAR_CIT", "PAR_ART", "PAR_SAN"] + (["PAR_AVN"] if d.niveau in "43" else [])
                chosen = sorted(draw.sample(codes, 2), key=codes.index)
                school.parcours_communs.append(ParcoursCommun(p.id, d.code, [Parcours(c, voc.PARCOURS_COMMUNS[c])
                                                                            for c in chosen]))
                school.vies_scolaires_communs.append(VieScolaireCommun(p.id, d.code,
                                                                       draw.pick(voc.VIE_SCOLAIRE_COMMUNS)))

    # -- bilans périodiques --------------------------------------------------------------------------
    def bilans_periodiques(self) -> None:
        """Every pupil's bilan of every exported period, one conseil de classe a division a day."""
        draw, school = self.draw, self.school
        self.ability = {e.id: min(19.0, max(3.0, draw.gauss(12.0, 3.2))) for e in school.eleves}
        self.modalites = {}
        for e in school.eleves:
            if draw.chance(0.07):
                code = draw.pick(("PAP", "PPRE", "PAI", "PPS", "PAP"))
                self.modalites[e.id] = [ModaliteAccompagnement(code, draw.pick(voc.COMPLEMENTS_PPRE)
                                                               if code == "PPRE" else None)]
        self.devoirs = {e.id for e in school.eleves if e.niveau in "65" and draw.chance(0.25)}
        self.talent = {}     # (pupil, discipline) -> the pupil's offset in that discipline
        for p in school.periodes:
            first_conseil = self.cal_by_indice[p.indice][2]
            for k, d in enumerate(school.divisions):
                conseil = _conseil_day(first_conseil, k % 10)
                self.conseil_of[(d.code, p.id)] = conseil
                self.last_conseil = max(self.last_conseil, conseil)
                self._division_period(p, d, conseil)

    def _division_period(self, p, d, conseil: date) -> None:
        """The bilans of division ``d`` for period ``p``: averages first, so that the class
        average (moyenne-structure) is the mean of the pupils'."""
        draw, school = self.draw, self.school
        fin = self.cal_by_indice[p.indice][1]
        pupils = [e for e in self.eleves_of.get(d.code, []) if e.date_entree <= fin - timedelta(days=7)]
        taught = [disc for disc in school.disciplines if d.niveau in disc.niveaux]
        notes: dict[tuple[str, str], float | None] = {}
        for e in pupils:
            for disc in taught:
                key = (e.id, disc.id)
                if key not in self.talent:
                    self.talent[key] = draw.gauss(0.0, 1.8)
                if disc.code == "100100" and draw.chance(0.01):
                    notes[key] = None       # dispensé d'EPS this period (statut 3)
                    continue
                m = self.ability[e.id] + self.talent[key] + draw.gauss(0.0, 1.3)
                notes[key] = round(min(20.0, max(0.0, m)), 2)
        moy_structure = {}
        for disc in taught:
            vals = [notes[(e.id, disc.id)] for e in pupils if notes.get((e.id, disc.id)) is not None]
            moy_structure[disc.id] = round(sum(vals) / len(vals), 2) if vals else None
        for e in pupils:
            school.bilans_periodiques.append(self._bilan_periodique(p, d, e, conseil, taught, notes, moy_structure))

    def _bilan_periodique(self, p, d, e, conseil, taught, notes, moy_structure) -> BilanPeriodique:
        draw, mot = self.draw, self.mot
        debut = self.cal_by_indice[p.indice][0]
        acquis = []
        for disc in taught:
            m = notes[(e.id, disc.id)]
            eps = self.ep_of[disc.id]
            j = (p.indice - 1) * 2 + "6543".index(d.niveau)
            refs = [eps[j % len(eps)], eps[(j + 1) % len(eps)]]
            acquis.append(Acquis(
                disc.id, [self.teacher_of[(d.code, disc.id)]], refs,
                moyenne_eleve=m, moyenne_structure=moy_structure[disc.id],
                statut_evaluation_eleve=3 if m is None else None,
                appreciation=(appreciation(draw, disc.code, _band(m), mot) if m is not None else
                              "Dispensé(e) d'éducation physique et sportive sur la période pour raison "
                              "médicale ; le certificat a été transmis. Reprise des activités dès que "
                              "possible, avec un suivi des progrès en théorie et en arbitrage.")))
        mean = [v for (eid, _), v in notes.items() if eid == e.id and v is not None]
        avg = sum(mean) / len(mean) if mean else 12.0
        b = BilanPeriodique(
            e.id, p.id, conseil, max(debut, e.date_entree), d.responsable_etab_id,
            list(d.profs_principaux), acquis, _synthese_conseil(draw, _band(avg), mot),
            _vie_scolaire(draw))
        if d.niveau == "6" and p.indice == len(self.cal):
            b.competences_numeriques = CompetencesNumeriques(
                [self.cn_commun_of[d.code]], draw.pick(voc.COMPETENCES_NUMERIQUES),
                [(c, draw.between(1, 3)) for c in sorted(draw.sample(voc.CODES_COMPETENCES_NUMERIQUES, 5),
                                                          key=voc.CODES_COMPETENCES_NUMERIQUES.index)])
        for epi in self.school.epis:
            if epi.niveau == d.niveau and p.indice in epi.periodes:
                b.epis_eleve.append(EpiEleve(self.epi_groupe_of[(d.code, epi.id)],
                                             draw.pick(voc.COMMENTAIRES_EPI) if draw.chance(0.6) else None))
        groups = self.ap_groupe_of.get(d.code, [])
        if groups and (d.niveau == "6" or p.indice >= 2):
            b.acc_persos_eleve.append(AccPersoEleve(groups[(p.indice - 1) % len(groups)],
                                                    draw.pick(voc.COMMENTAIRES_AP) if draw.chance(0.5) else None))
        if draw.chance(0.3):
            codes = ["PAR_CIT", "PAR_ART", "PAR_SAN"] + (["PAR_AVN"] if d.niveau in "43" else [])
            c = draw.pick(codes)
            b.parcours.append(Parcours(c, draw.pick(voc.PARCOURS[c])))
        b.modalites = list(self.modalites.get(e.id, []))
        if e.id in self.devoirs:
            b.devoirs_faits = draw.pick(voc.DEVOIRS_FAITS)
        return b

    # -- bilans de fin de cycle (6e: cycle 3, 3e: cycle 4) -------------------------------------------
    def bilans_cycle(self) -> None:
        draw, school, annee = self.draw, self.school, self.annee
        last = school.periodes[-1]
        for d in school.divisions:
            if d.niveau not in "63":
                continue
            created = self.conseil_of.get((d.code, last.id), date(annee + 1, 6, 15))
            for e in self.eleves_of.get(d.code, []):
                if e.date_entree > created:
                    continue
                lvl = self.ability[e.id]
                socle = [Domaine(c, _position(lvl + draw.gauss(0.0, 1.5))) for c in voc.DOMAINES_SOCLE]
                band = _band(lvl)
                bc = BilanCycle(e.id, 3 if d.niveau == "6" else 4, str(annee), created, d.responsable_etab_id,
                                list(d.profs_principaux), socle,
                                voc.SYNTHESES_CYCLE[band].format(cycle=3 if d.niveau == "6" else 4,
                                                                 prenom=e.prenom))
                if d.niveau == "3":
                    if draw.chance(0.12):
                        bc.enseignement_complement = EnseignementComplement("LCA", draw.between(1, 2))
                    elif draw.chance(0.08):
                        bc.enseignement_complement = EnseignementComplement("CHK", draw.between(1, 2))
                    else:
                        bc.enseignement_complement = EnseignementComplement("AUC")
                school.bilans_cycle.append(bc)


def _vie_scolaire(draw: _Draw) -> VieScolaire:
    retards = min(999, int(abs(draw.gauss(0, 2.2))))
    just = min(999, int(abs(draw.gauss(0, 4.0))))
    injust = draw.pick((0, 0, 0, 0, 0, 1, 2))
    heures = (just + injust) * draw.between(2, 4) if (just + injust) else 0
    return VieScolaire(retards, just, injust, heures,
                       draw.pick(voc.COMMENTAIRES_VIE_SCOLAIRE) if draw.chance(0.3) else None)
