"""Planted faults: one planting per catalogue code the LSU file alone can show (F and B),
each recorded beside the school as the finding a checker must report.

    school = generate_school(seed=1, faults=["B10", "F19"])
    school.expected   # [Expected("B10", 1, "…"), Expected("F19", 1, "…")]
    plant(school, "B14")            # or plant one more on an existing school

A planting changes the School model (never the written bytes, except F1), touches exactly one
element when it can, and spreads successive plantings over different pupils, so that plantings
combine and each expected count stays exact. ``Expected.also`` lists codes that the same change
may legitimately raise too (e.g. an EPI with a single discipline is both F27 and B10).

The SIECLE/STS plantings live in ``reference_faults.py``; ``FAULTS`` joins both tables.
"""
from __future__ import annotations

from datetime import date as date_type

from .planting import (Expected, Planter, _acquis, _bilan, _bilan_cycle, _discipline_text, _eleve_text,
                       _expected, _fresh, _periode_text, _where, registry)
from .reference_faults import REFERENCE_FAULTS
from .school import School

#: the plantings of this module (F and B codes): code -> planting function(school, **kw) -> Expected
LSU_FAULTS, planting = registry()


# ---- F: the whole file is rejected (FORMAT.md §6.1) ---------------------------------------------
@planting("F1")
def truncated_file(school: School) -> Expected:
    """The export stopped half-way: the XML is not well-formed."""
    school.raw_edits.append(lambda data: data[: len(data) // 2])
    return _expected("F1", 1, "fichier tronqué au milieu (XML mal formé)", {"element": "lsun-bilans"})


@planting("F2")
def wrong_root(school: School) -> Expected:
    """Another root element than lsun-bilans."""
    school.raw_edits.append(lambda data: data.replace(b"<lsun-bilans ", b"<lsun-bilan ", 1)
                            .replace(b"</lsun-bilans>", b"</lsun-bilan>", 1))
    return _expected("F2", 1, "élément racine <lsun-bilan> au lieu de <lsun-bilans>", {"element": "lsun-bilan"})


@planting("F3")
def old_schema_version(school: School, version: str = "7.0") -> Expected:
    """A file exported in an older format (schemaVersion 7.0)."""
    school.schema_version = version
    return _expected("F3", 1, f"schemaVersion=\"{version}\" au lieu de 10.0", {"element": "lsun-bilans"})


@planting("F5")
def sections_out_of_order(school: School) -> Expected:
    """<periodes> written before <eleves>."""
    order = list(school.donnees_order)
    i, j = order.index("eleves"), order.index("periodes")
    order[i], order[j] = order[j], order[i]
    school.donnees_order = tuple(order)
    return _expected("F5", 1, "<periodes> écrit avant <eleves> dans <donnees>", {"element": "periodes"})


@planting("F6")
def required_missing(school: School, quoi: str = "element") -> Expected:
    """A bilan without its acquis-conseils (or, quoi="attribut", without date-scolarite)."""
    b = _bilan(school)
    if quoi == "attribut":
        b.date_scolarite = None
        return _expected("F6", 1, "bilan périodique sans attribut date-scolarite",
                         {**_where(school, b), "element": "bilan-periodique"}, bilans=1)
    b.acquis_conseils = None
    return _expected("F6", 1, "bilan périodique sans <acquis-conseils> (appréciation générale)",
                     {**_where(school, b), "element": "acquis-conseils"}, bilans=1)


@planting("F7")
def unknown_attribute(school: School) -> Expected:
    """A 7.0-era date-verrou left on a bilan."""
    b = _bilan(school)
    b.extra["date-verrou"] = f"{school.annee}-12-15T10:00:00"
    return _expected("F7", 1, "attribut date-verrou (supprimé en 10.0) sur un bilan périodique",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("F8")
def value_outside_enumeration(school: School) -> Expected:
    """Modalité d'accompagnement CTR, removed in 10.0."""
    from .school import ModaliteAccompagnement
    b = _bilan(school)
    b.modalites.append(ModaliteAccompagnement("CTR"))
    return _expected("F8", 1, "modalité d'accompagnement CTR (contrat de réussite, supprimée en 10.0)",
                     {**_where(school, b), "element": "modalite-accompagnement"}, bilans=1)


@planting("F9")
def text_too_long(school: School) -> Expected:
    """An appreciation of more than 1000 characters."""
    b = _bilan(school)
    a = _acquis(school, b, "020700")
    text = a.appreciation
    while len(text) <= 1000:
        text += " " + a.appreciation
    a.appreciation = text[:1050].rstrip() + "."
    return _expected("F9", 1, f"appréciation de {len(a.appreciation)} caractères (1000 au plus)",
                     {**_where(school, b, a), "element": "appreciation"}, bilans=1)


@planting("F10")
def blank_text(school: School) -> Expected:
    """An appreciation made of spaces only."""
    b = _bilan(school)
    a = _acquis(school, b, "061300")
    a.appreciation = "   "
    return _expected("F10", 1, "appréciation composée d'espaces",
                     {**_where(school, b, a), "element": "appreciation"}, bilans=1)


@planting("F11")
def carriage_return(school: School) -> Expected:
    """A Windows line break (CR LF) inside an appreciation."""
    b = _bilan(school)
    a = _acquis(school, b, "043700")
    first, _, rest = a.appreciation.partition(". ")
    a.appreciation = f"{first}.\r\n{rest}"
    return _expected("F11", 1, "retour chariot (CR) dans une appréciation",
                     {**_where(school, b, a), "element": "appreciation"}, bilans=1)


@planting("F12")
def bad_uai(school: School, uai: str | None = None) -> Expected:
    """A UAI without its check letter (7 characters)."""
    school.uai = uai if uai is not None else school.uai[:7]
    return _expected("F12", 1, f"UAI « {school.uai} » ({len(school.uai)} caractères au lieu de 8)",
                     {"element": "etablissement"})


@planting("F13")
def bad_moyenne(school: School, valeur: str = "15,5") -> Expected:
    """An average written with a decimal comma."""
    b = _bilan(school)
    a = _acquis(school, b, "061300")
    a.moyenne_eleve = valeur
    return _expected("F13", 1, f"moyenne-eleve=\"{valeur}\"", {**_where(school, b, a), "element": "acquis"},
                     bilans=1)


@planting("F14")
def bad_positionnement(school: School) -> Expected:
    """A socle domaine positionné 5 in a bilan de fin de cycle (0–4 only); without bilans de
    cycle, a statut-evaluation-structure of 3 (1–2 only)."""
    if school.bilans_cycle:
        b = _bilan_cycle(school, school.bilans_cycle[0].cycle)
        b.socle[2].positionnement = 5
        return _expected("F14", 1, f"domaine {b.socle[2].code} positionné 5 (0 à 4)",
                         {**_where(school, b), "element": "domaine"}, bilans=1)
    b = _bilan(school)
    a = _acquis(school, b, "020700")
    a.statut_evaluation_structure = 3
    return _expected("F14", 1, "statut-evaluation-structure=\"3\" (1 ou 2)",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("F15")
def bad_vie_scolaire(school: School) -> Expected:
    """1000 retards (0–999)."""
    b = _bilan(school)
    b.vie_scolaire.nb_retards = 1000
    return _expected("F15", 1, "nb-retards=\"1000\" (0 à 999)", {**_where(school, b), "element": "vie-scolaire"},
                     bilans=1)


@planting("F16")
def bad_date(school: School) -> Expected:
    """A conseil de classe on 30 February."""
    b = _bilan(school)
    b.date_conseil_classe = f"{school.annee + 1}-02-30"
    return _expected("F16", 1, f"date-conseil-classe=\"{b.date_conseil_classe}\" (date qui n'existe pas)",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("F17")
def bad_millesime(school: School) -> Expected:
    """A two-digit millésime ("25") on a bilan de fin de cycle (or on a période)."""
    short = str(school.annee)[2:]
    if school.bilans_cycle:
        b = _bilan_cycle(school, school.bilans_cycle[0].cycle)
        b.millesime = short
        return _expected("F17", 1, f"millesime=\"{short}\" sur un bilan de fin de cycle (4 caractères)",
                         {**_where(school, b), "element": "bilan-cycle"}, bilans=1, also=("B7",))
    p = school.periodes[-1]
    p.millesime = short
    return _expected("F17", 1, f"millesime=\"{short}\" sur la période {p.id} (4 caractères)",
                     {"element": "periode"}, also=("B7",))


@planting("F18")
def duplicate_id(school: School) -> Expected:
    """A second element-programme with the id of an existing one."""
    from .school import ElementProgramme
    first = school.elements_programme[0]
    school.elements_programme.append(ElementProgramme(first.id, "Élément de programme saisi une seconde fois",
                                                      first.discipline_id))
    return _expected("F18", 1, f"identifiant « {first.id} » porté par deux éléments de programme",
                     {"element": "element-programme"})


@planting("F19")
def dangling_reference(school: School, ref: str = "ENS_INCONNU") -> Expected:
    """An acquis whose teacher reference resolves nowhere."""
    b = _bilan(school)
    a = _acquis(school, b, "030201")
    a.enseignant_refs = [ref]
    return _expected("F19", 1, f"enseignant-refs=\"{ref}\" ne désigne aucun élément",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("F20")
def duplicate_id_be(school: School) -> Expected:
    """Two pupils with the same SIECLE identifier (id-be); the finding names the later one in
    the file, where the duplicate is detected."""
    eleves = school.eleves[len(school.eleves) // 2:] + school.eleves[: len(school.eleves) // 2]
    a = _fresh(school, eleves, lambda e: e.id)
    position = {e.id: i for i, e in enumerate(school.eleves)}
    b = _fresh(school, [e for e in eleves if e.id != a.id], lambda e: e.id)
    b.id_be = a.id_be
    later = a if position[a.id] > position[b.id] else b
    return _expected("F20", 1, f"id-be « {a.id_be} » porté par {_eleve_text(a)} et {_eleve_text(b)}",
                     {"eleve": _eleve_text(later), "division": later.division, "element": "eleve"})


@planting("F21")
def duplicate_periode(school: School) -> Expected:
    """A second période with the same millésime, indice and nb-periodes."""
    from .school import Periode
    p = school.periodes[0]
    school.periodes.append(Periode("P_DOUBLON", p.millesime, p.indice, p.nb_periodes, p.debut, p.fin))
    return _expected("F21", 1, f"deux périodes {_periode_text(p)}", {"periode": _periode_text(p), "element": "periode"})


@planting("F22")
def duplicate_discipline(school: School) -> Expected:
    """A second discipline with the same code, modalité d'élection and langue vivante (id-lv): the
    XSD's xs:unique compares only disciplines that have all three (the JDK, XSD 1.0 §3.11.4)."""
    from .school import Discipline
    d = school.disciplines[0]
    d.id_lv = d.id_lv or d.id
    school.disciplines.append(Discipline(f"{d.id}_BIS", d.code, d.libelle, d.modalite, None, d.id_lv,
                                         d.libelle_court, d.libelle_long, d.code_gestion, d.niveaux))
    return _expected("F22", 1, f"deux disciplines {d.code} en modalité {d.modalite}",
                     {"discipline": _discipline_text(d), "element": "discipline"})


@planting("F23")
def duplicate_enseignant(school: School) -> Expected:
    """A second enseignant with the same type and id-sts."""
    from .school import Enseignant
    t = school.enseignants[0]
    school.enseignants.append(Enseignant(f"{t.id}_BIS", t.id_sts, t.civilite, t.nom, t.prenom, t.type))
    return _expected("F23", 1, f"deux enseignants {t.type} d'id-sts {t.id_sts}", {"element": "enseignant"})


@planting("F24")
def duplicate_libelle(school: School) -> Expected:
    """Two programme elements with the same libellé (typed by two teachers)."""
    from .school import ElementProgramme
    first = school.elements_programme[0]
    school.elements_programme.append(ElementProgramme("EP_DOUBLON", first.libelle, first.discipline_id))
    return _expected("F24", 1, f"deux éléments de programme « {first.libelle} »", {"element": "element-programme"})


@planting("F25")
def duplicate_in_bilan(school: School) -> Expected:
    """The same discipline twice in one bilan's liste-acquis."""
    import copy
    b = _bilan(school)
    a = _acquis(school, b, "100100")
    b.acquis.append(copy.deepcopy(a))
    return _expected("F25", 1, "deux acquis pour la même discipline dans un bilan",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("F26")
def incomplete_cycle(school: School) -> Expected:
    """A bilan de fin de cycle with 7 socle domains."""
    cycle = 4 if any(b.cycle == 4 for b in school.bilans_cycle) else 3
    b = _bilan_cycle(school, cycle)
    removed = b.socle.pop(4)
    return _expected("F26", 1, f"bilan de fin de cycle {cycle} sans le domaine {removed.code} (7 domaines sur 8)",
                     {**_where(school, b), "element": "socle"}, bilans=1)


@planting("F27")
def epi_one_discipline(school: School) -> Expected:
    """An EPI that references a single discipline (its groups keep their first teacher only)."""
    if not school.epis:
        raise ValueError("ce collège n'a pas d'EPI (il faut des classes de 5e, 4e ou 3e)")
    epi = school.epis[-1]
    epi.discipline_refs = epi.discipline_refs[:1]
    for g in school.epis_groupes:
        if g.epi_ref == epi.id:
            g.enseignants_disciplines = g.enseignants_disciplines[:1]
    return _expected("F27", 1, f"l'EPI « {epi.intitule} » ne référence qu'une discipline",
                     {"element": "epi"})


# ---- B: a bilan rejected or imported with an alert (FORMAT.md §6.2) ---------------------------------
@planting("B1")
def reference_of_wrong_kind(school: School) -> Expected:
    """prof-princ-refs pointing to the pupil instead of a teacher."""
    b = _bilan(school)
    b.prof_princ_refs = [b.eleve_ref]
    return _expected("B1", 1, f"prof-princ-refs=\"{b.eleve_ref}\" désigne un élève",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("B2")
def two_evaluation_modes(school: School) -> Expected:
    """One acquis evaluated by a positionnement in a class evaluated by averages."""
    b = _bilan(school)
    a = _acquis(school, b, "090100")
    a.moyenne_eleve = None
    a.positionnement = 3
    return _expected("B2", 1, "un positionnement dans une classe évaluée par des moyennes",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("B3")
def no_evaluation(school: School) -> Expected:
    """An acquis with neither average, positionnement nor statut."""
    b = _bilan(school)
    a = _acquis(school, b, "062900")
    a.moyenne_eleve = None
    return _expected("B3", 1, "acquis sans moyenne, positionnement ni statut",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("B4")
def no_appreciation(school: School) -> Expected:
    """An acquis without its appreciation."""
    b = _bilan(school)
    a = _acquis(school, b, "070800")
    a.appreciation = None
    return _expected("B4", 1, "acquis sans appréciation", {**_where(school, b, a), "element": "acquis"}, bilans=1)


@planting("B5")
def conseil_before_scolarite(school: School) -> Expected:
    """A conseil de classe dated before the date de scolarité (still inside the school year)."""
    b = _bilan(school)
    b.date_conseil_classe = date_type(school.annee, 8, 29)
    return _expected("B5", 1, f"date-conseil-classe {b.date_conseil_classe} avant date-scolarite {b.date_scolarite}",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("B6")
def date_outside_year(school: School) -> Expected:
    """A conseil de classe typed one year too late."""
    b = _bilan(school)
    d = b.date_conseil_classe
    b.date_conseil_classe = d.replace(year=d.year + 1)
    return _expected("B6", 1, f"date-conseil-classe {b.date_conseil_classe} hors de l'année scolaire",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("B7")
def other_millesime(school: School) -> Expected:
    """A bilan de fin de cycle with last year's millésime (or, without one, a période)."""
    previous = str(school.annee - 1)
    if school.bilans_cycle:
        b = _bilan_cycle(school, school.bilans_cycle[0].cycle)
        b.millesime = previous
        return _expected("B7", 1, f"millesime {previous} sur un bilan de fin de cycle",
                         {**_where(school, b), "element": "bilan-cycle"}, bilans=1)
    p = school.periodes[-1]
    p.millesime = previous
    n = sum(1 for b in school.bilans_periodiques if b.periode_ref == p.id)
    return _expected("B7", 1, f"millesime {previous} sur la période {p.id}", {"element": "periode"}, bilans=n)


@planting("B8")
def indice_beyond_nb_periodes(school: School) -> Expected:
    """A bilan in a « Trimestre 4 » (indice 4 of 3)."""
    from .school import Periode
    b = _bilan(school, last_period=True)
    last = school.periode(b.periode_ref)
    p = Periode("P_ERRONEE", last.millesime, last.nb_periodes + 1, last.nb_periodes, last.debut, last.fin)
    school.periodes.append(p)
    b.periode_ref = p.id
    return _expected("B8", 1, f"période d'indice {p.indice} sur {p.nb_periodes}",
                     {"periode": _periode_text(p), "element": "periode"}, bilans=1)


@planting("B9")
def unknown_thematique(school: School, code: str = "EPI_XYZ") -> Expected:
    """An EPI with a thématique neither national nor declared."""
    if not school.epis:
        raise ValueError("ce collège n'a pas d'EPI (il faut des classes de 5e, 4e ou 3e)")
    epi = school.epis[0]
    epi.thematique = code
    n = sum(1 for b in school.bilans_periodiques for e in b.epis_eleve
            if any(g.id == e.epi_groupe_ref and g.epi_ref == epi.id for g in school.epis_groupes))
    return _expected("B9", 1, f"thématique « {code} » de l'EPI « {epi.intitule} »", {"element": "epi"}, bilans=n)


@planting("B10")
def teacher_outside_epi(school: School) -> Expected:
    """An EPI group pairing a teacher with a discipline that is not one of the EPI's."""
    if not school.epis_groupes:
        raise ValueError("ce collège n'a pas d'EPI (il faut des classes de 5e, 4e ou 3e)")
    g = school.epis_groupes[0]
    epi = next(e for e in school.epis if e.id == g.epi_ref)
    other = next(d for d in school.disciplines if d.id not in epi.discipline_refs)
    g.enseignants_disciplines[-1].discipline_ref = other.id
    return _expected("B10", 1, f"le groupe « {g.intitule} » associe un enseignant à {other.libelle}, "
                               f"hors des disciplines de l'EPI",
                     {"division": g.division, "discipline": _discipline_text(other),
                      "element": "enseignant-discipline"})


@planting("B11")
def empty_competences_numeriques(school: School) -> Expected:
    """<competences-numeriques/> with nothing in it, in a 6e bilan."""
    from .school import CompetencesNumeriques
    b = _bilan(school, niveau="6")
    b.competences_numeriques = CompetencesNumeriques([], None, [])
    return _expected("B11", 1, "compétences numériques vides",
                     {**_where(school, b), "element": "competences-numeriques"}, bilans=1)


@planting("B12")
def complement_in_cycle_3(school: School) -> Expected:
    """An enseignement de complément in a bilan de fin de cycle 3."""
    from .school import EnseignementComplement
    b = _bilan_cycle(school, 3)
    b.enseignement_complement = EnseignementComplement("AUC")
    return _expected("B12", 1, "enseignement-complement dans un bilan de fin de cycle 3",
                     {**_where(school, b), "element": "enseignement-complement"}, bilans=1)


@planting("B13")
def commun_without_pupil(school: School) -> Expected:
    """A vie-scolaire-commun for a division no pupil is in (the division's old code)."""
    from .school import VieScolaireCommun
    existing = {d.code for d in school.divisions}
    niveau = school.divisions[0].niveau
    code = next(f"{niveau}EME{k}" for k in range(1, 100) if f"{niveau}EME{k}" not in existing)
    school.vies_scolaires_communs.append(VieScolaireCommun(school.periodes[0].id, code,
                                                           "Commentaire de vie scolaire pour une classe disparue."))
    return _expected("B13", 1, f"vie scolaire commune de la classe « {code} », qui n'a aucun élève",
                     {"division": code, "periode": _periode_text(school.periodes[0]),
                      "element": "vie-scolaire-commun"}, bilans=0)


@planting("B14")
def no_prof_principal(school: School) -> Expected:
    """A bilan without prof-princ-refs."""
    b = _bilan(school)
    b.prof_princ_refs = None
    return _expected("B14", 1, "bilan sans professeur principal",
                     {**_where(school, b), "element": "bilan-periodique"}, bilans=1)


@planting("B15")
def complement_without_positionnement(school: School) -> Expected:
    """Latin (LCA) as enseignement de complément, without positionnement."""
    from .school import EnseignementComplement
    b = _bilan_cycle(school, 4)
    b.enseignement_complement = EnseignementComplement("LCA", None)
    return _expected("B15", 1, "enseignement de complément LCA sans positionnement",
                     {**_where(school, b), "element": "enseignement-complement"}, bilans=1)


@planting("B16")
def dispense_not_allowed(school: School) -> Expected:
    """A pupil « dispensé » in Mathématiques."""
    b = _bilan(school)
    a = _acquis(school, b, "061300")
    a.moyenne_eleve = None
    a.statut_evaluation_eleve = 3
    return _expected("B16", 1, "dispense (statut-evaluation-eleve=3) en Mathématiques",
                     {**_where(school, b, a), "element": "acquis"}, bilans=1)


# The SIECLE / STS-web plantings (S, T, C6) live beside the reference files they disagree with.
#: every planting: code -> planting function(school, **kw) -> Expected
FAULTS: dict[str, Planter] = {**LSU_FAULTS, **REFERENCE_FAULTS}


def plant(school: School, code: str, **kw) -> Expected:
    """Plant the fault ``code`` in ``school`` (in place) and record what a checker must find."""
    try:
        func = FAULTS[code]
    except KeyError:
        raise ValueError(f"aucun défaut à planter pour le code {code!r} "
                         f"(connus : {', '.join(FAULTS)})") from None
    expected = func(school, **kw)
    school.plant_cursor += 1
    school.expected.append(expected)
    return expected
