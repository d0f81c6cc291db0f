"""School → LSU import file (FORMAT.md §2.1), written as text for speed.

Element order follows the XSD sequences exactly; ``None`` fields are omitted (that is how a
planted F6 fault removes a required attribute or element). Attribute values escape CR, LF and
TAB as character references so that they survive attribute-value normalisation; text escapes
CR as ``&#13;`` so that a planted CR (F11) reaches the checker.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .vocabulary import NS

if TYPE_CHECKING:   # the writer knows the model by its attributes: no import of it at run time
    from .school import School

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})
#: whether a value needs escaping at all: a regex search is C, ``str.translate`` with a dict looks
#: up every character (70 % of the writer's time went to it, for values that hardly ever need it)
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')


def _escaped_attr(value: str) -> str:
    return value.translate(_ATTR) if _ATTR_SPECIAL.search(value) else value


def _v(value) -> str:
    if isinstance(value, float):
        return format_moyenne(value)
    if isinstance(value, (list, tuple)):
        return " ".join(str(x) for x in value)
    return str(value)


def format_moyenne(value: float) -> str:
    """A 0–20 average as LSU 10.0 wants it: decimal point, at most 2 decimals, no trailing 0."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _attrs(pairs, extra=None) -> str:
    out = []
    for name, value in pairs:
        if value is None:
            continue
        out.append(f' {name}="{_escaped_attr(_v(value))}"')
    if extra:
        for name, value in extra.items():
            out.append(f' {name}="{_escaped_attr(_v(value))}"')
    return "".join(out)


def _text(value) -> str:
    text = str(value)
    return text.translate(_TEXT) if _TEXT_SPECIAL.search(text) else text


def _leaf(tag: str, text, indent: str) -> str:
    if text is None:
        return ""
    return f"{indent}<{tag}>{_text(text)}</{tag}>\n"


def _empty(tag: str, attrs: str, indent: str) -> str:
    return f"{indent}<{tag}{attrs}/>\n"


def write_lsu(school: School) -> bytes:
    w = []
    add = w.append
    add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    add(f'<lsun-bilans xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS} import-bilan-complet.xsd"'
        f'{_attrs([("schemaVersion", school.schema_version)], school.root_extra)}>\n')
    add("  <entete>\n")
    add(_leaf("editeur", school.editeur, "    "))
    add(_leaf("application", school.application, "    "))
    add(_leaf("appliVersion", school.appli_version, "    "))
    add(_leaf("etablissement", school.uai, "    "))
    add("  </entete>\n  <donnees>\n")
    for section in school.donnees_order:
        _SECTIONS[section](school, add)
    add("  </donnees>\n</lsun-bilans>\n")
    data = "".join(w).encode("utf-8")
    for edit in school.raw_edits:
        data = edit(data)
    return data


# -- sections ----------------------------------------------------------------------------------
I2, I3, I4, I5, I6, I7 = (" " * n for n in (4, 6, 8, 10, 12, 14))


def _responsables_etab(s: School, add) -> None:
    add(f"{I2}<responsables-etab>\n")
    for r in s.responsables_etab:
        add(_empty("responsable-etab", _attrs([("id", r.id), ("libelle", r.libelle)], r.extra), I3))
    add(f"{I2}</responsables-etab>\n")


def _eleves(s: School, add) -> None:
    add(f"{I2}<eleves>\n")
    for e in s.eleves:
        add(_empty("eleve", _attrs([("id", e.id), ("id-be", e.id_be), ("nom", e.nom),
                                    ("prenom", e.prenom), ("code-division", e.division)], e.extra), I3))
    add(f"{I2}</eleves>\n")


def _periodes(s: School, add) -> None:
    if not s.periodes:
        return
    add(f"{I2}<periodes>\n")
    for p in s.periodes:
        add(_empty("periode", _attrs([("id", p.id), ("millesime", p.millesime), ("indice", p.indice),
                                      ("nb-periodes", p.nb_periodes)], p.extra), I3))
    add(f"{I2}</periodes>\n")


def _disciplines(s: School, add) -> None:
    if not s.disciplines:
        return
    add(f"{I2}<disciplines>\n")
    for d in s.disciplines:
        add(_empty("discipline", _attrs([("id", d.id), ("code", d.code), ("code-national", d.code_national),
                                         ("modalite-election", d.modalite), ("libelle", d.libelle),
                                         ("id-lv", d.id_lv)], d.extra), I3))
    add(f"{I2}</disciplines>\n")


def _enseignants(s: School, add) -> None:
    if not s.enseignants:
        return
    add(f"{I2}<enseignants>\n")
    for t in s.enseignants:
        add(_empty("enseignant", _attrs([("id", t.id), ("type", t.type), ("id-sts", t.id_sts),
                                         ("civilite", t.civilite), ("nom", t.nom), ("prenom", t.prenom)],
                                        t.extra), I3))
    add(f"{I2}</enseignants>\n")


def _elements_programme(s: School, add) -> None:
    if not s.elements_programme:
        return
    add(f"{I2}<elements-programme>\n")
    for ep in s.elements_programme:
        add(_empty("element-programme", _attrs([("id", ep.id), ("libelle", ep.libelle)], ep.extra), I3))
    add(f"{I2}</elements-programme>\n")


def _competences_numeriques_communs(s: School, add) -> None:
    if not s.competences_numeriques_communs:
        return
    add(f"{I2}<competences-numeriques-communs>\n")
    for c in s.competences_numeriques_communs:
        add(f"{I3}<competences-numeriques-commun"
            f"{_attrs([('id', c.id), ('code-structure', c.code_structure), ('type-structure', c.type_structure)])}>"
            f"{_text(c.texte)}</competences-numeriques-commun>\n")
    add(f"{I2}</competences-numeriques-communs>\n")


def _parcours_list(parcours, add, indent) -> None:
    for p in parcours:
        add(f"{indent}<parcours{_attrs([('code', p.code)])}>{_text(p.texte)}</parcours>\n")


def _parcours_communs(s: School, add) -> None:
    if not s.parcours_communs:
        return
    add(f"{I2}<parcours-communs>\n")
    for pc in s.parcours_communs:
        add(f"{I3}<parcours-commun{_attrs([('periode-ref', pc.periode_ref), ('code-division', pc.code_division)])}>\n")
        _parcours_list(pc.parcours, add, I4)
        add(f"{I3}</parcours-commun>\n")
    add(f"{I2}</parcours-communs>\n")


def _vies_scolaires_communs(s: School, add) -> None:
    if not s.vies_scolaires_communs:
        return
    add(f"{I2}<vies-scolaires-communs>\n")
    for v in s.vies_scolaires_communs:
        add(f"{I3}<vie-scolaire-commun{_attrs([('periode-ref', v.periode_ref), ('code-division', v.code_division)])}>\n")
        add(_leaf("commentaire", v.commentaire, I4))
        add(f"{I3}</vie-scolaire-commun>\n")
    add(f"{I2}</vies-scolaires-communs>\n")


def _epis_thematiques(s: School, add) -> None:
    if not s.epis_thematiques:
        return
    add(f"{I2}<epis-thematiques>\n")
    for t in s.epis_thematiques:
        add(_empty("epi-thematique", _attrs([("code", t.code), ("libelle", t.libelle)]), I3))
    add(f"{I2}</epis-thematiques>\n")


def _epis(s: School, add) -> None:
    if not s.epis:
        return
    add(f"{I2}<epis>\n")
    for e in s.epis:
        attrs = _attrs([("id", e.id), ("intitule", e.intitule), ("thematique", e.thematique),
                        ("discipline-refs", e.discipline_refs)])
        if e.description is None:
            add(_empty("epi", attrs, I3))
        else:
            add(f"{I3}<epi{attrs}>\n{_leaf('description', e.description, I4)}{I3}</epi>\n")
    add(f"{I2}</epis>\n")


def _enseignants_disciplines(pairs, add, indent) -> None:
    add(f"{indent}<enseignants-disciplines>\n")
    inner = indent + "  "
    for p in pairs:
        add(_empty("enseignant-discipline", _attrs([("enseignant-ref", p.enseignant_ref),
                                                    ("discipline-ref", p.discipline_ref)]), inner))
    add(f"{indent}</enseignants-disciplines>\n")


def _epis_groupes(s: School, add) -> None:
    if not s.epis_groupes:
        return
    add(f"{I2}<epis-groupes>\n")
    for g in s.epis_groupes:
        add(f"{I3}<epi-groupe{_attrs([('id', g.id), ('epi-ref', g.epi_ref), ('intitule', g.intitule)])}>\n")
        add(_leaf("commentaire", g.commentaire, I4))
        _enseignants_disciplines(g.enseignants_disciplines, add, I4)
        add(f"{I3}</epi-groupe>\n")
    add(f"{I2}</epis-groupes>\n")


def _acc_persos(s: School, add) -> None:
    if not s.acc_persos:
        return
    add(f"{I2}<acc-persos>\n")
    for a in s.acc_persos:
        attrs = _attrs([("id", a.id), ("intitule", a.intitule), ("discipline-refs", a.discipline_refs)])
        if a.description is None:
            add(_empty("acc-perso", attrs, I3))
        else:
            add(f"{I3}<acc-perso{attrs}>\n{_leaf('description', a.description, I4)}{I3}</acc-perso>\n")
    add(f"{I2}</acc-persos>\n")


def _acc_persos_groupes(s: School, add) -> None:
    if not s.acc_persos_groupes:
        return
    add(f"{I2}<acc-persos-groupes>\n")
    for g in s.acc_persos_groupes:
        add(f"{I3}<acc-perso-groupe"
            f"{_attrs([('id', g.id), ('acc-perso-ref', g.acc_perso_ref), ('intitule', g.intitule)])}>\n")
        add(_leaf("commentaire", g.commentaire, I4))
        _enseignants_disciplines(g.enseignants_disciplines, add, I4)
        add(f"{I3}</acc-perso-groupe>\n")
    add(f"{I2}</acc-persos-groupes>\n")


def _socle(domaines, add, indent) -> None:
    if domaines is None:
        return
    add(f"{indent}<socle>\n")
    inner = indent + "  "
    for d in domaines:
        add(_empty("domaine", _attrs([("code", d.code), ("positionnement", d.positionnement)]), inner))
    add(f"{indent}</socle>\n")


def _bilans_periodiques(s: School, add) -> None:
    if not s.bilans_periodiques:
        return
    add(f"{I2}<bilans-periodiques>\n")
    for b in s.bilans_periodiques:
        add(f"{I3}<bilan-periodique"
            f"{_attrs([('eleve-ref', b.eleve_ref), ('periode-ref', b.periode_ref), ('date-conseil-classe', b.date_conseil_classe), ('date-scolarite', b.date_scolarite), ('responsable-etab-ref', b.responsable_etab_ref), ('prof-princ-refs', b.prof_princ_refs)], b.extra)}>\n")
        add(f"{I4}<liste-acquis>\n")
        for a in b.acquis:
            attrs = _attrs([("discipline-ref", a.discipline_ref), ("enseignant-refs", a.enseignant_refs),
                            ("element-programme-refs", a.element_programme_refs or None),
                            ("moyenne-eleve", a.moyenne_eleve), ("moyenne-structure", a.moyenne_structure),
                            ("statut-evaluation-eleve", a.statut_evaluation_eleve),
                            ("statut-evaluation-structure", a.statut_evaluation_structure),
                            ("positionnement", a.positionnement)], a.extra)
            if a.appreciation is None:
                add(_empty("acquis", attrs, I5))
            else:
                add(f"{I5}<acquis{attrs}>\n{I6}<appreciation>{_text(a.appreciation)}</appreciation>\n{I5}</acquis>\n")
        add(f"{I4}</liste-acquis>\n")
        cn = b.competences_numeriques
        if cn is not None:
            add(f"{I4}<competences-numeriques{_attrs([('comp-num-commun-refs', cn.comp_num_commun_refs or None)])}>\n")
            add(_leaf("appreciation-num", cn.appreciation_num, I5))
            for code, niveau in cn.competences:
                add(_empty("competence-num", _attrs([("code", code), ("niveau", niveau)]), I5))
            add(f"{I4}</competences-numeriques>\n")
        if b.epis_eleve:
            add(f"{I4}<epis-eleve>\n")
            for e in b.epis_eleve:
                add(f"{I5}<epi-eleve{_attrs([('epi-groupe-ref', e.epi_groupe_ref)])}>\n")
                add(_leaf("commentaire", e.commentaire, I6))
                add(f"{I5}</epi-eleve>\n")
            add(f"{I4}</epis-eleve>\n")
        if b.acc_persos_eleve:
            add(f"{I4}<acc-persos-eleve>\n")
            for e in b.acc_persos_eleve:
                add(f"{I5}<acc-perso-eleve{_attrs([('acc-perso-groupe-ref', e.acc_perso_groupe_ref)])}>\n")
                add(_leaf("commentaire", e.commentaire, I6))
                add(f"{I5}</acc-perso-eleve>\n")
            add(f"{I4}</acc-persos-eleve>\n")
        if b.parcours:
            add(f"{I4}<liste-parcours>\n")
            _parcours_list(b.parcours, add, I5)
            add(f"{I4}</liste-parcours>\n")
        if b.modalites:
            add(f"{I4}<modalites-accompagnement>\n")
            for m in b.modalites:
                attrs = _attrs([("code", m.code)])
                if m.complement_ppre is None:
                    add(_empty("modalite-accompagnement", attrs, I5))
                else:
                    add(f"{I5}<modalite-accompagnement{attrs}>\n{_leaf('complement-ppre', m.complement_ppre, I6)}"
                        f"{I5}</modalite-accompagnement>\n")
            add(f"{I4}</modalites-accompagnement>\n")
        add(_leaf("acquis-conseils", b.acquis_conseils, I4))
        add(_leaf("devoirs-faits", b.devoirs_faits, I4))
        vs = b.vie_scolaire
        if vs is not None:
            attrs = _attrs([("nb-retards", vs.nb_retards), ("nb-abs-justifiees", vs.nb_abs_justifiees),
                            ("nb-abs-injustifiees", vs.nb_abs_injustifiees),
                            ("nb-heures-manquees", vs.nb_heures_manquees)])
            if vs.commentaire is None:
                add(_empty("vie-scolaire", attrs, I4))
            else:
                add(f"{I4}<vie-scolaire{attrs}>\n{_leaf('commentaire', vs.commentaire, I5)}{I4}</vie-scolaire>\n")
        _socle(b.socle, add, I4)
        add(f"{I3}</bilan-periodique>\n")
    add(f"{I2}</bilans-periodiques>\n")


def _bilans_cycle(s: School, add) -> None:
    if not s.bilans_cycle:
        return
    add(f"{I2}<bilans-cycle>\n")
    for b in s.bilans_cycle:
        add(f"{I3}<bilan-cycle"
            f"{_attrs([('eleve-ref', b.eleve_ref), ('cycle', b.cycle), ('millesime', b.millesime), ('date-creation', b.date_creation), ('responsable-etab-ref', b.responsable_etab_ref), ('prof-princ-refs', b.prof_princ_refs)], b.extra)}>\n")
        _socle(b.socle, add, I4)
        add(_leaf("synthese", b.synthese, I4))
        if b.enseignement_complement is not None:
            ec = b.enseignement_complement
            add(_empty("enseignement-complement", _attrs([("code", ec.code), ("positionnement", ec.positionnement)]), I4))
        if b.langue_culture_regionale is not None:
            lcr = b.langue_culture_regionale
            add(_empty("langue-culture-regionale", _attrs([("code", lcr.code), ("positionnement", lcr.positionnement)]), I4))
        add(f"{I3}</bilan-cycle>\n")
    add(f"{I2}</bilans-cycle>\n")


_SECTIONS = {
    "responsables-etab": _responsables_etab, "eleves": _eleves, "periodes": _periodes,
    "disciplines": _disciplines, "enseignants": _enseignants,
    "elements-programme": _elements_programme,
    "competences-numeriques-communs": _competences_numeriques_communs,
    "parcours-communs": _parcours_communs, "vies-scolaires-communs": _vies_scolaires_communs,
    "epis-thematiques": _epis_thematiques, "epis": _epis, "epis-groupes": _epis_groupes,
    "acc-persos": _acc_persos, "acc-persos-groupes": _acc_persos_groupes,
    "bilans-periodiques": _bilans_periodiques, "bilans-cycle": _bilans_cycle,
}
