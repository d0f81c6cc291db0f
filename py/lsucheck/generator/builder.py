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
    school = School(seed=seed, annee=annee, uai=uai, nom=nom, commune=commune,
                    export_at=datetime(annee, 9, 1))
    used_names: set = set()

    def person(sexe: str | None = None):
        sexe = sexe or draw.pick("12")
        while True:
            prenom = draw.pick(voc.PRENOMS_M if sexe == "1" else voc.PRENOMS_F)
            nom_ = draw.pick(voc.NOMS)
            if (prenom, nom_) not in used_names:
                used_names.add((prenom, nom_))
                return sexe, prenom, nom_

    # -- établissement -------------------------------------------------------------------
    s1, p1, n1 = person()
    s2, p2, n2 = person()
    school.responsables_etab = [
        ResponsableEtab("RESP_01", "M" if s1 == "1" else "MME", n1, p1,
                        "Principal" if s1 == "1" else "Principale"),
        ResponsableEtab("RESP_02", "M" if s2 == "1" else "MME", n2, p2,
                        "Principal adjoint" if s2 == "1" else "Principale adjointe"),
    ]

    # -- periods ---------------------------------------------------------------------------
    cal = calendrier(annee, nb_periodes)
    wanted = set(periodes) if periodes else set(range(1, len(cal) + 1))
    for i, (debut, fin, _c) in enumerate(cal, start=1):
        if i in wanted:
            school.periodes.append(Periode(f"P_{i:02d}", str(annee), i, len(cal), debut, fin))
    last_exported = max(p.indice for p in school.periodes)
    if bilans_cycle is None:
        bilans_cycle = last_exported == len(cal)

    # -- disciplines and programme elements ----------------------------------------------------
    niveaux_present = {c[:1] for c in division_codes}
    for code, libelle, court, long_, gestion, niveaux, _per, in_nom in voc.DISCIPLINES:
        if not set(niveaux) & niveaux_present:
            continue
        school.disciplines.append(Discipline(f"DI_{code}", code, libelle, "S", None, None, court, long_,
                                             gestion, niveaux, in_nom))
    ep_of: dict[str, list[str]] = {}
    for d in school.disciplines:
        ids = []
        for libelle in voc.ELEMENTS_PROGRAMME[d.code]:
            ep = ElementProgramme(f"EP_{len(school.elements_programme) + 1:03d}", libelle, d.id)
            school.elements_programme.append(ep)
            ids.append(ep.id)
        ep_of[d.id] = ids

    # -- divisions, teachers, services, groups -------------------------------------------------
    for code in division_codes:
        niveau = code[:1]
        mef = voc.MEFS[niveau]
        school.divisions.append(Division(code, niveau, mef[0], f"{mef[3]} {code[1:].strip()}".strip(),
                                         responsable_etab_id="RESP_02" if niveau in "65" else "RESP_01"))
    groupes_lv2: dict[str, Groupe] = {}
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
                groupes_lv2[d.code] = g

    id_sts_used: set = set()
    per_prof = {c[0]: c[6] for c in voc.DISCIPLINES}
    teacher_of: dict[tuple[str, str], str] = {}   # (division code, discipline id) -> enseignant id
    for disc in school.disciplines:
        structures: list = []
        for d in school.divisions:
            if d.niveau not in disc.niveaux:
                continue
            g = groupes_lv2.get(d.code) if disc.code == "030602" else None
            target = g if g is not None else d
            if target not in structures:
                structures.append(target)
        order = draw.shuffled(range(len(structures)))
        chunk = per_prof[disc.code] if disc.code != "030602" else max(1, per_prof[disc.code] // 2)
        for start in range(0, len(order), chunk):
            sexe, prenom, nom_ = person()
            while True:
                id_sts = draw.between(100000, 999999)
                if id_sts not in id_sts_used:
                    id_sts_used.add(id_sts)
                    break
            t = Enseignant(f"ENS_{len(school.enseignants) + 1:03d}", id_sts, "M" if sexe == "1" else "MME",
                           nom_, prenom, "epp", date(annee - draw.between(25, 62), draw.between(1, 12),
                                                     draw.between(1, 28)), [disc.code])
            school.enseignants.append(t)
            for idx in order[start:start + chunk]:
                target = structures[idx]
                target.services.append(Service(disc.id, disc.code, [t.id]))
                for dcode in (target.divisions if isinstance(target, Groupe) else [target.code]):
                    teacher_of[(dcode, disc.id)] = t.id

    pp_taken: set = set()
    pp_disciplines = ("DI_020700", "DI_061300", "DI_043700", "DI_030201", "DI_062900", "DI_100100",
                      "DI_070800", "DI_062300", "DI_030602", "DI_090100", "DI_081300")
    for d in school.divisions:
        want = 2 if d.niveau == "3" else 1
        for disc_id in pp_disciplines:
            t = teacher_of.get((d.code, disc_id))
            if t and t not in pp_taken:
                d.profs_principaux.append(t)
                pp_taken.add(t)
                if len(d.profs_principaux) == want:
                    break
        if not d.profs_principaux:  # tiny schools: a teacher may lead two divisions
            d.profs_principaux.append(teacher_of[(d.code, school.disciplines[0].id)])

    # -- pupils ----------------------------------------------------------------------------------
    n_id_be = draw.between(1200000, 4800000)
    counter = 0
    cal_by_indice = {i: c for i, c in enumerate(cal, start=1)}
    for d in school.divisions:
        n = max(1, eleves_par_division + draw.between(-2, 2))
        age = {"6": 11, "5": 12, "4": 13, "3": 14}[d.niveau]
        for _ in range(n):
            counter += 1
            sexe, prenom, nom_ = person()
            n_id_be += draw.between(1, 97)
            naissance = date(annee - age - (1 if draw.chance(0.05) else 0), draw.between(1, 12),
                             draw.between(1, 28))
            years_here = {"6": 0, "5": 1, "4": 2, "3": 3}[d.niveau]
            if years_here and draw.chance(0.12):
                years_here = draw.between(0, years_here - 1)   # arrived in a later level
            entree = rentree(annee - years_here)
            if draw.chance(0.02) and len(cal) >= 2:
                # a newcomer during the year (first or second period)
                debut, fin, _c = cal_by_indice[draw.between(1, min(2, len(cal)))]
                entree = debut + timedelta(days=draw.between(10, max(10, (fin - debut).days - 20)))
            e = Eleve(f"EL_{counter:04d}", str(n_id_be), nom_, prenom, d.code, d.mef, sexe, naissance,
                      entree, ine=f"99{counter:07d}ZZ")
            if d.code in groupes_lv2:
                g = groupes_lv2[d.code]
                g.eleve_ids.append(e.id)
                e.groupes.append(g.code)
            school.eleves.append(e)

    # -- EPI, AP, communs --------------------------------------------------------------------------
    epi_periods = {3: ((1, 2), (3,)), 2: ((1,), (2,))}.get(len(cal), (tuple(range(1, len(cal) + 1)),) * 2)
    disc_ids = {d.code: d.id for d in school.disciplines}
    if any(code.startswith(("5", "4", "3")) for code in division_codes):
        school.epis_thematiques = [EpiThematique(c, l) for c, l in voc.EPIS_THEMATIQUES_DECLAREES]
    epi_groupe_of: dict[tuple[str, str], str] = {}       # (division, epi id) -> epi-groupe id
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
                              [EnseignantDiscipline(teacher_of[(d.code, did)], did) for did in epi.discipline_refs],
                              f"Projet mené en {d.code} par les professeurs des deux disciplines.", d.code)
                school.epis_groupes.append(g)
                epi_groupe_of[(d.code, epi.id)] = g.id
    ap_groupe_of: dict[str, list[str]] = {}
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
                                   [EnseignantDiscipline(teacher_of[(d.code, did)], did) for did in ap.discipline_refs],
                                   None, d.code)
                school.acc_persos_groupes.append(g)
                ap_groupe_of.setdefault(d.code, []).append(g.id)
    cn_commun_of: dict[str, str] = {}
    for d in school.divisions:
        if d.niveau == "6":
            c = CompetencesNumeriquesCommun(f"CNC_{d.code.replace(' ', '')}", d.code, "D",
                                            draw.pick(voc.COMPETENCES_NUMERIQUES_COMMUNS))
            school.competences_numeriques_communs.append(c)
            cn_commun_of[d.code] = c.id
    for p in school.periodes:
        for d in school.divisions:
            codes = ["PAR_CIT", "PAR_ART", "PAR_SAN"] + (["PAR_AVN"] if d.niveau in "43" else [])
            chosen = sorted(draw.sample(codes, 2), key=codes.index)
            school.parcours_communs.append(ParcoursCommun(p.id, d.code, [Parcours(c, voc.PARCOURS_COMMUNS[c])
                                                                        for c in chosen]))
            school.vies_scolaires_communs.append(VieScolaireCommun(p.id, d.code, draw.pick(voc.VIE_SCOLAIRE_COMMUNS)))

    # -- bilans ------------------------------------------------------------------------------------
    eleves_of: dict[str, list[Eleve]] = {}
    for e in school.eleves:
        eleves_of.setdefault(e.division, []).append(e)
    ability = {e.id: min(19.0, max(3.0, draw.gauss(12.0, 3.2))) for e in school.eleves}
    modalites = {}
    for e in school.eleves:
        if draw.chance(0.07):
            code = draw.pick(("PAP", "PPRE", "PAI", "PPS", "PAP"))
            modalites[e.id] = [ModaliteAccompagnement(code, draw.pick(voc.COMPLEMENTS_PPRE) if code == "PPRE" else None)]
    devoirs = {e.id for e in school.eleves if e.niveau in "65" and draw.chance(0.25)}
    talent = {}     # per pupil and discipline offset
    last_conseil: date = date(annee, 9, 1)
    conseil_of: dict[tuple[str, str], date] = {}
    mot = {3: "trimestre", 2: "semestre"}.get(len(cal), "période")
    for p in school.periodes:
        debut, fin, first_conseil = cal_by_indice[p.indice]
        for k, d in enumerate(school.divisions):
            conseil = _conseil_day(first_conseil, k % 10)
            conseil_of[(d.code, p.id)] = conseil
            last_conseil = max(last_conseil, conseil)
            pupils = [e for e in eleves_of.get(d.code, []) if e.date_entree <= fin - timedelta(days=7)]
            taught = [disc for disc in school.disciplines if d.niveau in disc.niveaux]
            # first pass: averages, so that the class average (moyenne-structure) is real
            notes: dict[tuple[str, str], float | None] = {}
            for e in pupils:
                for disc in taught:
                    key = (e.id, disc.id)
                    if key not in talent:
                        talent[key] = draw.gauss(0.0, 1.8)
                    if disc.code == "100100" and draw.chance(0.01):
                        notes[key] = None       # dispensé d'EPS this period (statut 3)
                        continue
                    m = ability[e.id] + talent[key] + draw.gauss(0.0, 1.3)
                    notes[key] = round(min(20.0, max(0.0, m)), 2)
            moy_structure = {}
            for disc in taught:
                vals = [notes[(e.id, disc.id)] for e in pupils if notes.get((e.id, disc.id)) is not None]
                moy_structure[disc.id] = round(sum(vals) / len(vals), 2) if vals else None
            for e in pupils:
                acquis = []
                for disc in taught:
                    m = notes[(e.id, disc.id)]
                    eps = ep_of[disc.id]
                    j = (p.indice - 1) * 2 + "6543".index(d.niveau)
                    refs = [eps[j % len(eps)], eps[(j + 1) % len(eps)]]
                    acquis.append(Acquis(
                        disc.id, [teacher_of[(d.code, disc.id)]], refs,
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
                if d.niveau == "6" and p.indice == len(cal):
                    b.competences_numeriques = CompetencesNumeriques(
                        [cn_commun_of[d.code]], draw.pick(voc.COMPETENCES_NUMERIQUES),
                        [(c, draw.between(1, 3)) for c in sorted(draw.sample(voc.CODES_COMPETENCES_NUMERIQUES, 5),
                                                                  key=voc.CODES_COMPETENCES_NUMERIQUES.index)])
                for epi in school.epis:
                    if epi.niveau == d.niveau and p.indice in epi.periodes:
                        b.epis_eleve.append(EpiEleve(epi_groupe_of[(d.code, epi.id)],
                                                     draw.pick(voc.COMMENTAIRES_EPI) if draw.chance(0.6) else None))
                groups = ap_groupe_of.get(d.code, [])
                if groups and (d.niveau == "6" or p.indice >= 2):
                    b.acc_persos_eleve.append(AccPersoEleve(groups[(p.indice - 1) % len(groups)],
                                                            draw.pick(voc.COMMENTAIRES_AP) if draw.chance(0.5) else None))
                if draw.chance(0.3):
                    codes = ["PAR_CIT", "PAR_ART", "PAR_SAN"] + (["PAR_AVN"] if d.niveau in "43" else [])
                    c = draw.pick(codes)
                    b.parcours.append(Parcours(c, draw.pick(voc.PARCOURS[c])))
                b.modalites = list(modalites.get(e.id, []))
                if e.id in devoirs:
                    b.devoirs_faits = draw.pick(voc.DEVOIRS_FAITS)
                school.bilans_periodiques.append(b)

    # -- bilans de fin de cycle (6e: cycle 3, 3e: cycle 4) -------------------------------------------
    if bilans_cycle:
        last = school.periodes[-1]
        for d in school.divisions:
            if d.niveau not in "63":
                continue
            created = conseil_of.get((d.code, last.id), date(annee + 1, 6, 15))
            for e in eleves_of.get(d.code, []):
                if e.date_entree > created:
                    continue
                lvl = ability[e.id]
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
    school.export_at = datetime.combine(last_conseil + timedelta(days=draw.between(2, 6)),
                                        time(draw.between(8, 17), draw.between(0, 59), draw.between(0, 59)))
    return school


def _vie_scolaire(draw: _Draw) -> VieScolaire:
    retards = min(999, int(abs(draw.gauss(0, 2.2))))
    just = min(999, int(abs(draw.gauss(0, 4.0))))
    injust = draw.pick((0, 0, 0, 0, 0, 1, 2))
    heures = (just + injust) * draw.between(2, 4) if (just + injust) else 0
    return VieScolaire(retards, just, injust, heures,
                       draw.pick(voc.COMMENTAIRES_VIE_SCOLAIRE) if draw.chance(0.3) else None)
