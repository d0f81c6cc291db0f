"""P1, P2: the LSU's own settings per class (issue 14), which the file cannot show.

Evidence: Opencomp's public documentation (a 1st-degree editor, 2019–2021), « à confirmer » for
collèges. Both are CONSEIL: a reminder per class, never a change of the verdict or the counters.
"""
from __future__ import annotations

from .. import recognise as rec
from ..findings import Finding
from . import CheckContext, rule

MENUS = "Paramétrage > Paramétrage par classe et Paramétrage > Paramétrage des périodes"


def periodicity(nb: set) -> str:
    """« trimestres : 3 périodes », « semestres : 2 périodes »."""
    names = {"3": "trimestres : 3 périodes", "2": "semestres : 2 périodes"}
    return " ou ".join(names.get(n, f"{n} périodes") for n in sorted(nb))


def classes(ctx: CheckContext) -> dict:
    """{division: set of nb-periodes of its bilans périodiques}, in the file's order."""
    doc = ctx.doc
    out: dict = {}
    for bilan in doc.bilans:
        eleve = doc.ref(bilan.get("eleve-ref"), "eleve")
        division = (eleve.get("code-division") or "").strip() if eleve is not None else ""
        if not division:
            continue
        nbs = out.setdefault(division, set())
        periode = doc.ref(bilan.get("periode-ref"), "periode") if bilan.get("periode-ref") else None
        if periode is not None and periode.get("nb-periodes"):
            nbs.add(periode.get("nb-periodes"))
    return out


@rule("P1", needs=("lsu",))
def class_settings_checklist(ctx: CheckContext):
    for division, nbs in classes(ctx).items():
        if nbs:
            text = (f"Dans le LSU, la classe {division} doit être en Import(s) Editeur(s) et avoir sa périodicité "
                    f"({periodicity(nbs)}) — sinon « Paramétrage incohérent » / « Périodes non paramétrées » "
                    f"rejettera ses bilans ({MENUS}).")
        else:
            text = (f"Dans le LSU, la classe {division} doit être en Import(s) Editeur(s) — sinon « Paramétrage "
                    f"incohérent » rejettera ses bilans (Paramétrage > Paramétrage par classe).")
        yield Finding(None, text, bilans=[], context={"division": division})


@rule("P2", needs=("lsu", "references"))
def class_not_found_means_no_periods(ctx: CheckContext):
    siecle, sts = ctx.refs.get(rec.SIECLE_ELEVES), ctx.refs.get(rec.STS)
    if siecle is None and sts is None:
        return
    for division in classes(ctx):
        if (siecle is None or division in siecle.divisions) and (sts is None or division in sts.divisions):
            continue
        yield Finding(None, f"La classe {division} ne sera pas trouvée par le LSU (« Classe non trouvée ») : le "
                             "rapport d'exécution signalera aussi « Périodes non paramétrées » pour ses bilans.",
                      bilans=[], context={"division": division})
