"""The LSU document as the checks see it: indexes over the parsed tree, and the context
(pupil, division, période, discipline, teacher, path, line) of any element.

Checks read attributes straight from the ElementTree elements (``elem.get("code")``); this
module only adds what ElementTree lacks: typed indexes, parents, lines and context. Nothing
here assumes the document is valid: every lookup tolerates missing attributes and elements.
"""
from __future__ import annotations

import functools
from array import array
from bisect import bisect_left
from collections import defaultdict

from .parsing import Tree
from .calendar import ascii_int, year_label  # noqa: F401  (ascii_int re-exported: model.ascii_int)
from .recognise import NS, local  # noqa: F401  (re-exported: model.local, the tag-name helper)

_P = f"{{{NS}}}"


def q(name: str) -> str:
    """Qualified tag of an LSU element: ``q("eleve")`` → ``{urn:…:import}eleve``."""
    return _P + name



def refs(value: str | None) -> list[str]:
    """The IDs of an IDREFS attribute."""
    return value.split() if value else []


BILAN_TAGS = (q("bilan-periodique"), q("bilan-cycle"))
_COMMUN_TAGS = (q("parcours-commun"), q("vie-scolaire-commun"), q("competences-numeriques-commun"))
_ACQUIS_TAGS = (q("acquis"),)

#: IDREF attribute → the kind of element it must point to (FORMAT.md §2.3). xs:IDREF is
#: untyped: this table is what B1 checks and what structure messages name.
IDREF_TARGETS = {
    "eleve-ref": "eleve",
    "periode-ref": "periode",
    "responsable-etab-ref": "responsable-etab",
    "prof-princ-refs": "enseignant",
    "enseignant-refs": "enseignant",
    "enseignant-ref": "enseignant",
    "discipline-ref": "discipline",
    "discipline-refs": "discipline",
    "id-lv": "discipline",            # 7.0+, undocumented: the language of a DNL [inferred]
    "element-programme-refs": "element-programme",
    "epi-ref": "epi",
    "epi-groupe-ref": "epi-groupe",
    "acc-perso-ref": "acc-perso",
    "acc-perso-groupe-ref": "acc-perso-groupe",
    "comp-num-commun-refs": "competences-numeriques-commun",
}
PERIODIQUE = "periodique"
CYCLE = "cycle"

_CIVILITE = {"M": "M.", "MME": "Mme"}


class LsuDocument:
    """Indexes over an LSU 2D document (see FORMAT.md §2.1 for the tree)."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self.root = tree.root
        r = self.root
        self.entete = r.find(q("entete"))
        self.donnees = r.find(q("donnees"))
        d = self.donnees if self.donnees is not None else r
        self.schema_version = r.get("schemaVersion")

        # the children of each container under <donnees>, in one pass (sixteen ``findall`` paths
        # cost more than the rest of the indexes on a small file)
        items: dict = defaultdict(list)
        for container in d:
            items[container.tag].extend(container)

        def section(container, item):
            tag = q(item)
            return [e for e in items.get(q(container), ()) if e.tag == tag]

        self.responsables_etab = section("responsables-etab", "responsable-etab")
        self.eleves = section("eleves", "eleve")
        self.periodes = section("periodes", "periode")
        self.disciplines = section("disciplines", "discipline")
        self.enseignants = section("enseignants", "enseignant")
        self.elements_programme = section("elements-programme", "element-programme")
        self.competences_numeriques_communs = section("competences-numeriques-communs",
                                                      "competences-numeriques-commun")
        self.parcours_communs = section("parcours-communs", "parcours-commun")
        self.vies_scolaires_communs = section("vies-scolaires-communs", "vie-scolaire-commun")
        self.epis_thematiques = section("epis-thematiques", "epi-thematique")
        self.epis = section("epis", "epi")
        self.epis_groupes = section("epis-groupes", "epi-groupe")
        self.acc_persos = section("acc-persos", "acc-perso")
        self.acc_persos_groupes = section("acc-persos-groupes", "acc-perso-groupe")
        self.bilans_periodiques = section("bilans-periodiques", "bilan-periodique")
        self.bilans_cycle = section("bilans-cycle", "bilan-cycle")

        # every element carrying an xs:ID (first one wins when an ID is duplicated: F18)
        self.ids: dict = {}
        for elem in r.iter():
            ident = elem.get("id")
            if ident is not None and ident not in self.ids:
                self.ids[ident] = elem

    @classmethod
    def of(cls, tree: Tree) -> "LsuDocument":
        """The document over ``tree``, made on first use and kept with it (the engine and the
        wording of structural problems read the same indexes). The tree must not change after."""
        if tree.document is None:
            tree.document = cls(tree)
        return tree.document

    # ---- header -------------------------------------------------------------------------
    def entete_text(self, name: str) -> str | None:
        if self.entete is None:
            return None
        el = self.entete.find(q(name))
        return el.text.strip() if el is not None and el.text else None

    @property
    def bilans(self) -> list:
        return self.bilans_periodiques + self.bilans_cycle

    @staticmethod
    def bilan_kind(bilan) -> str:
        return CYCLE if bilan.tag == q("bilan-cycle") else PERIODIQUE

    def ref(self, value: str | None, tag: str | None = None):
        """The element an IDREF points to (None if dangling, or of another kind than ``tag``)."""
        elem = self.ids.get(value) if value else None
        if elem is not None and tag is not None and elem.tag != q(tag):
            return None
        return elem

    # ---- lines, parents, paths ------------------------------------------------------------
    def line(self, elem) -> int | None:
        return self.tree.lines.get(elem)

    def parent(self, elem):
        return self.tree.parents.get(elem)

    def enclosing(self, elem, tags):
        """The nearest element (``elem`` itself included) whose tag is in ``tags``."""
        parents = self.tree.parents
        while elem is not None:
            if elem.tag in tags:
                return elem
            elem = parents.get(elem)
        return None

    def enclosing_bilan(self, elem):
        return self.enclosing(elem, BILAN_TAGS)

    def path(self, elem) -> str:
        """An XPath-like location, e.g. ``/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[12]``."""
        parent = self.tree.parents.get(elem)
        name = local(elem.tag)
        if parent is None:
            return "/" + name
        index, count = self._position(parent, elem)
        return self._container_path(parent) + "/" + (f"{name}[{index}]" if count > 1 else name)

    def _container_path(self, elem) -> str:
        """The path of an element that contains others, made once: the findings of a bilan share
        its path's beginning."""
        cache = self._container_paths
        found = cache.get(elem)
        if found is None:
            found = cache[elem] = self.path(elem)
        return found

    @functools.cached_property
    def _container_paths(self) -> dict:
        return {}

    def _position(self, parent, elem) -> tuple[int, int]:
        cache = self._positions
        table = cache.get(parent)
        if table is None:
            counters: dict = defaultdict(int)
            if len(parent) > 5_000:  # 200,000 <eleve/>: ids in two arrays, 12 bytes a child, not 80
                order = sorted(range(len(parent)), key=lambda i: id(parent[i]))
                ids, ranks = array("Q", (id(parent[i]) for i in order)), array("I", bytes(4 * len(order)))
                for i, child in enumerate(parent):
                    counters[child.tag] += 1
                    ranks[i] = counters[child.tag]
                table = {"#ids": ids, "#ranks": array("I", (ranks[i] for i in order))}
            else:
                table = {}
                for child in parent:
                    counters[child.tag] += 1
                    table[child] = counters[child.tag]
            table["#counts"] = dict(counters)
            cache[parent] = table
        ids = table.get("#ids")
        if ids is not None:
            i = bisect_left(ids, id(elem))
            index = table["#ranks"][i] if i < len(ids) and ids[i] == id(elem) else 1
            return index, table["#counts"].get(elem.tag, 1)
        return table.get(elem, 1), table["#counts"].get(elem.tag, 1)

    @functools.cached_property
    def _positions(self) -> dict:
        return {}

    # ---- human descriptions -------------------------------------------------------------
    @staticmethod
    def describe_eleve(eleve) -> str | None:
        if eleve is None:
            return None
        name = " ".join(p for p in (eleve.get("nom"), eleve.get("prenom")) if p)
        ident = eleve.get("id-be") or eleve.get("id")
        return name or (f"élève id-be {ident}" if ident else "élève sans nom ni identifiant")

    @staticmethod
    def describe_periode(periode) -> str | None:
        if periode is None:
            return None
        indice, nb, mill = periode.get("indice"), periode.get("nb-periodes"), periode.get("millesime")
        if nb == "3":
            text = f"Trimestre {indice}"
        elif nb == "2":
            text = f"Semestre {indice}"
        else:
            text = f"Période {indice}/{nb}"
        return f"{text} {year_label(mill)}" if mill else text

    @staticmethod
    def describe_cycle(bilan) -> str:
        mill = bilan.get("millesime")
        cycle = bilan.get("cycle")
        text = f"Fin de cycle {cycle}" if cycle else "Fin de cycle (cycle non indiqué)"
        return f"{text} {year_label(mill)}" if mill else text

    @staticmethod
    def describe_discipline(discipline) -> str | None:
        if discipline is None:
            return None
        code, libelle = discipline.get("code"), discipline.get("libelle")
        if libelle and code:
            return f"{libelle} ({code})"
        return libelle or code

    @staticmethod
    def describe_enseignant(enseignant) -> str | None:
        if enseignant is None:
            return None
        parts = [_CIVILITE.get(enseignant.get("civilite", ""), ""), enseignant.get("nom") or "",
                 enseignant.get("prenom") or ""]
        name = " ".join(p for p in parts if p)
        ident = enseignant.get("id-sts")
        if name and ident:
            return f"{name} (id STS {ident})"
        return name or (f"enseignant id STS {ident}" if ident else enseignant.get("id"))

    # ---- context --------------------------------------------------------------------------
    def context(self, elem) -> dict:
        """Occurrence fields for ``elem``: eleve, division, periode, discipline, enseignant, bilan,
        path, line (strings or None; line an int or None)."""
        ctx = dict(eleve=None, division=None, periode=None, discipline=None, enseignant=None,
                   bilan=None, path=None, line=None)
        if elem is None:
            return ctx
        ctx["path"] = self.path(elem)
        ctx["line"] = self.line(elem)
        tag = elem.tag
        bilan = self.enclosing_bilan(elem)
        if bilan is not None:
            self._bilan_context(bilan, ctx)
        elif tag == q("eleve"):
            ctx["eleve"] = self.describe_eleve(elem)
            if elem.get("id"):
                ctx["eleve_id"] = elem.get("id")
            ctx["division"] = elem.get("code-division")
        elif tag == q("periode"):
            ctx["periode"] = self.describe_periode(elem)
        else:
            commun = self.enclosing(elem, _COMMUN_TAGS)
            if commun is not None:
                ctx["division"] = commun.get("code-division") or commun.get("code-structure")
                ctx["periode"] = self.describe_periode(self.ref(commun.get("periode-ref"), "periode"))
        # discipline and teacher
        acquis = self.enclosing(elem, _ACQUIS_TAGS)
        if acquis is not None:
            ctx["discipline"] = self.describe_discipline(self.ref(acquis.get("discipline-ref"), "discipline"))
            ctx["enseignant"] = self._teachers_of(acquis)
        elif tag == q("discipline"):
            ctx["discipline"] = self.describe_discipline(elem)
        elif tag == q("enseignant"):
            ctx["enseignant"] = self.describe_enseignant(elem)
        elif tag == q("enseignant-discipline"):
            ctx["discipline"] = self.describe_discipline(self.ref(elem.get("discipline-ref"), "discipline"))
            ctx["enseignant"] = self.describe_enseignant(self.ref(elem.get("enseignant-ref"), "enseignant"))
        return ctx

    def _teachers_of(self, acquis) -> str | None:
        """The teachers an acquis names, described once per acquis (a finding per id of a long
        enseignant-refs list would otherwise describe the whole list each time)."""
        cache = self._teacher_names
        if acquis not in cache:
            names = [self.describe_enseignant(self.ref(r, "enseignant")) for r in refs(acquis.get("enseignant-refs"))]
            cache[acquis] = ", ".join(n for n in names if n) or None
        return cache[acquis]

    @functools.cached_property
    def _teacher_names(self) -> dict:
        return {}

    def _bilan_context(self, bilan, ctx: dict) -> None:
        """The bilan's fields of ``ctx`` (the same for every finding in it: made once per bilan)."""
        cache = self._bilan_contexts
        fields = cache.get(bilan)
        if fields is None:
            fields = cache[bilan] = {}
            self._describe_bilan(bilan, fields)
        ctx.update(fields)

    @functools.cached_property
    def _bilan_contexts(self) -> dict:
        return {}

    def _describe_bilan(self, bilan, ctx: dict) -> None:
        eleve = self.ref(bilan.get("eleve-ref"), "eleve")
        ctx["eleve"] = self.describe_eleve(eleve)
        if eleve is not None and eleve.get("id"):
            ctx["eleve_id"] = eleve.get("id")    # the pupil, whatever their name (issue 9 item 3)
        ctx["division"] = eleve.get("code-division") if eleve is not None else None
        if bilan.tag == q("bilan-cycle"):
            ctx["bilan"] = CYCLE
            ctx["periode"] = self.describe_cycle(bilan)
        else:
            ctx["bilan"] = PERIODIQUE
            ctx["periode"] = self.describe_periode(self.ref(bilan.get("periode-ref"), "periode"))

    # ---- which bilans does an element concern? ---------------------------------------------
    def bilans_of(self, elem) -> list:
        """The bilans a finding on ``elem`` counts against: its enclosing bilan, or every bilan
        that uses the shared element it belongs to (an EPI, a discipline, a teacher…). Empty for
        header-level elements."""
        if elem is None:
            return []
        bilan = self.enclosing_bilan(elem)
        if bilan is not None:
            return [bilan]
        users = self._users
        parents = self.tree.parents
        node = elem
        while node is not None:
            if node.tag in (q("parcours-commun"), q("vie-scolaire-commun")):
                return self._bilans_of_commun(node)
            ident = node.get("id")
            if ident is not None and node.tag != q("lsun-bilans"):
                return list(users.get(ident, ()))
            node = parents.get(node)
        return []

    def _bilans_of_commun(self, commun) -> list:
        return list(self._bilans_by_periode_division.get(
            (commun.get("periode-ref"), commun.get("code-division")), ()))

    @functools.cached_property
    def _bilans_by_periode_division(self) -> dict:
        """(periode-ref, code-division) → bilans périodiques, built once (not once per finding)."""
        out: dict = defaultdict(list)
        for bilan in self.bilans_periodiques:
            eleve = self.ref(bilan.get("eleve-ref"), "eleve")
            if eleve is not None:
                out[(bilan.get("periode-ref"), eleve.get("code-division"))].append(bilan)
        return out

    @functools.cached_property
    def _users(self) -> dict:
        """ID → bilans that use it, directly or through a group (EPI, AP) or a commun block."""
        users: dict = defaultdict(list)
        groups: dict = {}
        for g in self.epis_groupes + self.acc_persos_groupes:
            ids = {g.get("id")}
            ids.add(g.get("epi-ref") or g.get("acc-perso-ref"))
            parent = self.ref(g.get("epi-ref")) if g.get("epi-ref") else self.ref(g.get("acc-perso-ref"))
            if parent is not None:
                ids.update(refs(parent.get("discipline-refs")))
            for ed in g.iter(q("enseignant-discipline")):
                ids.add(ed.get("enseignant-ref"))
                ids.add(ed.get("discipline-ref"))
            groups[g.get("id")] = ids
        for bilan in self.bilans:
            ids = {bilan.get("eleve-ref"), bilan.get("periode-ref"), bilan.get("responsable-etab-ref")}
            ids.update(refs(bilan.get("prof-princ-refs")))
            for acquis in bilan.iter(q("acquis")):
                ids.add(acquis.get("discipline-ref"))
                ids.update(refs(acquis.get("enseignant-refs")))
                ids.update(refs(acquis.get("element-programme-refs")))
            for ref_attr, tag in (("epi-groupe-ref", "epi-eleve"), ("acc-perso-groupe-ref", "acc-perso-eleve")):
                for el in bilan.iter(q(tag)):
                    ids.update(groups.get(el.get(ref_attr), ()))
            for cn in bilan.iter(q("competences-numeriques")):
                ids.update(refs(cn.get("comp-num-commun-refs")))
            ids.discard(None)
            for ident in ids:
                users[ident].append(bilan)
        return users
