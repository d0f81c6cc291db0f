"""A pseudonymised report for the académie's assistance (issue 15, item 3).

The same report, with every pupil, teacher and responsable replaced by a stable pseudonym
(« Élève 17 », « Enseignant 4 », « Responsable 2 »), their identifiers (id-be, id STS, the file's
own identifiers) replaced by neutral ones, the UAI and the file names removed, and every
appreciation or free text the messages quote removed. Codes, labels, counts, divisions,
disciplines, périodes and line numbers are kept, so an assistance team can diagnose the file.
``data["pseudonymisation"]`` and the report's notice say exactly what was removed.

    reports = pseudonym.check_inputs([("import_lsu.xml", None), ("ElevesSansAdresses.xml", None)])
    p = Pseudonymiser.from_sources([...]); p.report(report)      # one already made

Pseudonyms are numbered in the order the people appear in the files given (LSU files first, then
SIECLE and STS-web exports), so the same files give the same pseudonyms, and a pupil known to both
the LSU file and SIECLE (same id-be) is one pseudonym.
"""
from __future__ import annotations

import copy
import re

from . import recognise as rec
from .model import LsuDocument, q
from .report import Report

UAI_REMOVED = "UAI retirée"
TEXT_REMOVED = "texte retiré"
NAME_REMOVED = "nom retiré"

#: report keys whose values are lsucheck's own words (the catalogue), never the school's
_CATALOGUE_KEYS = {"code", "label", "title", "level", "certain", "level_source", "count", "explanation",
                   "fix", "fixes", "verdict", "verdict_label", "report_version", "notice"}
#: occurrence keys that are kept as they are (structure, not people)
_KEPT_OCCURRENCE_KEYS = {"division", "periode", "discipline", "path", "line", "bilan", "bilans"}
_FILE_KEPT = ("size", "size_label", "editeur", "application", "appli_version", "schema_version", "encoding",
              "checked_at")
#: the entête texts that name the software, kept (they help the diagnosis)
_KEPT_TEXTS = {q("editeur"), q("application"), q("appliVersion"), q("etablissement")}
#: name particles never replaced on their own ("de", "la"… are French words too)
_PARTICLES = {"de", "la", "le", "du", "des", "del", "van", "von", "ben", "dos", "das", "les", "los", "las",
              "di", "da", "el", "al", "d", "l", "mc", "st"}
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"«(\s*)(.*?)(\s*)»", re.S)
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _words(text: str) -> tuple:
    return tuple(w.casefold() for w in _WORD.findall(text or ""))


class Pseudonymiser:
    """What to replace, learnt from the files; ``report()`` applies it to a report."""

    def __init__(self):
        self.eleves: dict = {}        # person key → number
        self.by_id_be: dict = {}      # id-be → the number of the first LSU pupil that has it
        self.enseignants: dict = {}
        self.responsables: dict = {}  # responsables légaux (bilans)
        self.chefs: dict = {}         # responsables de l'établissement
        self.phrases: dict = {}       # word tuple → replacement
        self.exact: dict = {}         # folded whole field value → replacement (eleve, enseignant fields)
        self.uais: set = set()
        self.file_names: dict = {}    # name → placeholder
        self.n_files = 0
        self.free_texts: set = set()  # folded free texts
        self.prefixes: dict = {}      # first 20 folded chars → [folded texts]
        self.max_words = 1
        self.removed_texts = 0

    # ---- learning ------------------------------------------------------------------------
    @classmethod
    def from_inputs(cls, inputs) -> "Pseudonymiser":
        """From loaded engine inputs (``engine.load_inputs``): LSU trees first, then references."""
        p = cls()
        for inp in inputs:
            p.add_file_name(inp.source.name)
        for inp in inputs:
            if inp.tree is not None and inp.kind is not None and inp.kind.kind == rec.LSU2D:
                p.add_lsu(inp.tree)
        for inp in inputs:
            if inp.tree is not None and inp.kind is not None and inp.kind.kind in rec.REFERENCE_KINDS:
                try:
                    from . import references
                    model, meta = references.load(inp.kind.kind, inp.tree, inp.source)
                except Exception:  # an unreadable export: its header at least
                    model, meta = None, {}
                p.add_reference(inp.kind.kind, model, meta or {})
            elif inp.tree is not None and (inp.kind is None or inp.kind.kind != rec.LSU2D):
                p.add_other_tree(inp.tree)
        return p

    @classmethod
    def from_sources(cls, sources, options=None) -> "Pseudonymiser":
        """From (source, name) pairs or sources (paths, bytes), as ``engine.check_inputs`` takes them."""
        from . import engine
        options = options or engine.Options()
        loaded = []
        for item in sources:
            src, name = item if isinstance(item, tuple) else (item, None)
            loaded += engine.load_inputs(src, name=name, options=options, progress=lambda *_: None)
        return cls.from_inputs(loaded)

    def add_file_name(self, name: str | None) -> None:
        """Every file name given is replaced by « fichier N » (an archive's member: « fichier N › fichier M »)."""
        if not name or name in self.file_names:
            return
        parts = [p.strip() for p in name.split(" › ")]
        for part in parts:
            if part and part not in self.file_names:
                self.n_files += 1
                self.file_names[part] = f"fichier {self.n_files}"
                self._phrase(part, self.file_names[part], min_len=1)
        self.file_names[name] = " › ".join(self.file_names.get(p, "fichier") for p in parts)

    def _number(self, table: dict, key) -> int:
        if key not in table:
            table[key] = len(table) + 1
        return table[key]

    def _phrase(self, text: str | None, replacement: str, min_len: int = 3) -> None:
        words = _words(text)
        if not words or (len(words) == 1 and len(words[0]) < min_len):
            return
        if len(words) == 1 and words[0] in _PARTICLES:
            return
        self.phrases.setdefault(words, replacement)
        self.max_words = max(self.max_words, len(words))

    def _person(self, pseudonym: str, nom: str | None, prenom: str | None, *extra) -> None:
        nom, prenom = (nom or "").strip(), (prenom or "").strip()
        for a, b in ((nom, prenom), (prenom, nom)):
            if a and b:
                self._phrase(f"{a} {b}", pseudonym)
        for text in (nom, prenom, *extra):
            if not text:
                continue
            self._phrase(text, pseudonym if text in extra else NAME_REMOVED, min_len=2)
            for part in _WORD.findall(text):  # "Jean-Pierre", "De La Fontaine"
                if len(part) >= 3 and part.casefold() not in _PARTICLES:
                    self._phrase(part, NAME_REMOVED)

    def _ident(self, value: str | None, replacement: str) -> None:
        value = (value or "").strip()
        if len(value) >= 3 or (value and not value.isdigit()):
            self._phrase(value, replacement, min_len=1)

    def add_uai(self, uai: str | None) -> None:
        uai = (uai or "").strip()
        if uai:
            self.uais.add(uai)
            if len(uai) >= 7:
                self.uais.add(uai[:7])

    def _free_text(self, text: str | None) -> None:
        folded = _fold(text or "")
        if folded:
            self.free_texts.add(folded)
            self.prefixes.setdefault(folded[:20], []).append(folded)

    def add_lsu(self, tree) -> None:
        doc = LsuDocument(tree)
        self.add_uai(doc.entete_text("etablissement"))
        for e in doc.eleves:
            id_be = (e.get("id-be") or "").strip()
            n = self._number(self.eleves, ("lsu", id_be, _fold(f"{e.get('nom')} {e.get('prenom')}")))
            if id_be:
                self.by_id_be.setdefault(id_be, n)
            pseudo = f"Élève {n}"
            self.exact.setdefault(_fold(doc.describe_eleve(e) or ""), pseudo)
            self._person(pseudo, e.get("nom"), e.get("prenom"))
            self._ident(e.get("id-be"), f"IDBE_{n}")
            self._ident(e.get("id"), f"ID_ELEVE_{n}")
        for t in doc.enseignants:
            key = ("sts", (t.get("id-sts") or "").strip()) if (t.get("id-sts") or "").strip() else \
                ("nom", _fold(f"{t.get('nom')} {t.get('prenom')}"))
            n = self._number(self.enseignants, key)
            pseudo = f"Enseignant {n}"
            self.exact.setdefault(_fold(doc.describe_enseignant(t) or ""), pseudo)
            self._person(pseudo, t.get("nom"), t.get("prenom"))
            self._ident(t.get("id-sts"), f"STS_{n}")
            self._ident(t.get("id"), f"ID_ENS_{n}")
        for r in doc.responsables_etab:
            n = self._number(self.chefs, _fold(r.get("libelle") or r.get("id") or ""))
            pseudo = f"Responsable de l'établissement {n}"
            self._person(pseudo, r.get("libelle"), None)
            self._phrase(r.get("libelle"), pseudo)
            self._ident(r.get("id"), f"ID_RESP_{n}")
        for r in tree.root.iter(q("responsable")):
            n = self._number(self.responsables, (_fold(r.get("nom") or ""), _fold(r.get("prenom") or ""),
                                                 _fold(r.get("denomination") or "")))
            pseudo = f"Responsable {n}"
            self._person(pseudo, r.get("nom"), r.get("prenom"))
            self._phrase(r.get("denomination"), pseudo)
            for a in r.iter(q("adresse")):
                for value in a.attrib.values():
                    self._free_text(value)
                    self._phrase(value, TEXT_REMOVED, min_len=1)
        for elem in tree.root.iter():
            if elem.tag not in _KEPT_TEXTS and elem.text and elem.text.strip():
                self._free_text(elem.text)
            if elem.tail and elem.tail.strip():
                self._free_text(elem.tail)

    def add_other_tree(self, tree) -> None:
        """A file that is neither an LSU file nor a known export: its texts are free texts."""
        for elem in tree.root.iter():
            for text in (elem.text, elem.tail, *elem.attrib.values()):
                if text and text.strip():
                    self._free_text(text)

    def add_reference(self, kind: str, model, meta: dict) -> None:
        self.add_uai(meta.get("uai"))
        header = getattr(model, "header", None)
        self.add_uai(getattr(header, "uai", None))
        for pupil in (getattr(model, "eleves", None) or {}).values() if kind == rec.SIECLE_ELEVES else ():
            n = self.by_id_be.get(pupil.eleve_id.strip()) or self._number(self.eleves, ("siecle", pupil.eleve_id))
            pseudo = f"Élève {n}"
            self.exact.setdefault(_fold(pupil.name), pseudo)
            self._person(pseudo, pupil.nom, pupil.prenom)
            self._ident(pupil.eleve_id, f"IDBE_{n}")
        for ind in (getattr(model, "individus", None) or {}).values() if kind == rec.STS else ():
            key = ("sts", ind.id.strip()) if ind.id.strip() else ("nom", _fold(ind.name))
            n = self._number(self.enseignants, key)
            pseudo = f"Enseignant {n}"
            self.exact.setdefault(_fold(ind.name), pseudo)
            self._person(pseudo, ind.nom, ind.prenom)
            self._ident(ind.id, f"STS_{n}")

    # ---- applying ------------------------------------------------------------------------
    def text(self, value):
        """One string of the school's, pseudonymised (quoted free texts, names, ids, UAI)."""
        if not isinstance(value, str) or not value:
            return value
        out = _QUOTED.sub(self._quoted, value)
        for uai in sorted(self.uais, key=len, reverse=True):
            out = re.sub(re.escape(uai), UAI_REMOVED, out, flags=re.I)
        return self._names(out)

    def _quoted(self, m) -> str:
        inner = m.group(2)
        shown = inner.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
        clipped = shown.endswith("…")
        folded = _fold(shown[:-1] if clipped else shown)
        if self._is_free_text(folded, clipped):
            self.removed_texts += 1
            return f"«{m.group(1)}{TEXT_REMOVED}{m.group(3)}»"
        return m.group(0)

    def _is_free_text(self, folded: str, clipped: bool) -> bool:
        """Is a quoted piece of a message one of the file's free texts (or its beginning)?"""
        if not folded:
            return False
        if folded in self.free_texts:
            return True
        if len(folded) >= 20:
            candidates = self.prefixes.get(folded[:20], ())
            return any(t.startswith(folded) if clipped else folded in t for t in candidates)
        return clipped and any(t.startswith(folded) for t in self.free_texts)

    def _names(self, text: str) -> str:
        matches = list(_WORD.finditer(text))
        if not matches:
            return text
        words = [m.group(0).casefold() for m in matches]
        out, pos, i = [], 0, 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                replacement = self.phrases.get(tuple(words[i:i + n]))
                if replacement is not None:
                    out.append(text[pos:matches[i].start()])
                    out.append(replacement)
                    pos = matches[i + n - 1].end()
                    i += n
                    break
            else:
                i += 1
        out.append(text[pos:])
        return "".join(out)

    def person_field(self, value):
        """An occurrence's ``eleve`` or ``enseignant``: each person named, as a pseudonym."""
        if not isinstance(value, str) or not value:
            return value
        whole = self.exact.get(_fold(value))
        if whole is not None:
            return whole
        parts = [self.exact.get(_fold(p)) or self.text(p) for p in value.split(", ")]
        return ", ".join(parts)

    def _walk(self, value, key=None):
        if isinstance(value, dict):
            return {k: (v if k in _CATALOGUE_KEYS else self._walk(v, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, key) for v in value]
        return self.text(value)

    def report(self, report) -> Report:
        """A pseudonymised copy of ``report`` (a Report or its data); the original is unchanged."""
        data = copy.deepcopy(report.data if isinstance(report, Report) else report)
        self.removed_texts = 0
        f = data.get("file") or {}
        data["file"] = {**{k: f.get(k) for k in _FILE_KEPT if k in f},
                        "name": self.file_names.get(f.get("name"), "fichier"), "sha256": "", "uai": None}
        for m in data.get("messages") or []:
            for o in m.get("occurrences") or []:
                for k in list(o):
                    if k in ("eleve", "enseignant"):
                        o[k] = self.person_field(o[k])
                    elif k not in _KEPT_OCCURRENCE_KEYS:
                        o[k] = self.text(o[k])
        for b in data.get("banner") or []:
            b["text"] = self.text(b.get("text"))
        data["not_run"] = self._walk(data.get("not_run") or [])
        refs = []
        for ref in data.get("references") or []:
            name = self.file_names.get(ref.get("name")) or self.text(ref.get("name"))
            ref = self._walk(ref)
            ref["name"] = name
            ref["uai"] = None
            refs.append(ref)
        data["references"] = refs
        skip = {"file", "messages", "banner", "not_run", "references", "counts", "classes"} | _CATALOGUE_KEYS
        for k in list(data):
            if k not in skip and k not in ("target_year", "year_source", "timings"):
                data[k] = self._walk(data[k])
        summary = self.summary()
        data["pseudonymisation"] = summary
        data["notice"] = summary["text"] + " " + (data.get("notice") or "")
        return Report(data)

    def summary(self) -> dict:
        """What was removed, in numbers and in one French paragraph."""
        n_el, n_en, n_re, n_ch = len(self.eleves), len(self.enseignants), len(self.responsables), len(self.chefs)
        people = []
        for n, one, many, word in ((n_el, "de l'élève", "des {n} élèves", "Élève"),
                                   (n_en, "de l'enseignant", "des {n} enseignants", "Enseignant"),
                                   (n_re, "du responsable de l'élève", "des {n} responsables des élèves",
                                    "Responsable"),
                                   (n_ch, "du responsable de l'établissement",
                                    "des {n} responsables de l'établissement", "Responsable de l'établissement")):
            if n == 1:
                people.append(f"{one} (« {word} 1 »)")
            elif n > 1:
                people.append(f"{many.format(n=n)} (« {word} 1 » à « {word} {n} »)")
        removed = []
        if people:
            removed.append("les noms et prénoms " + _join(people))
        removed.append("leurs identifiants (identifiant de l'élève dans la base élèves SIECLE, identifiant STS, identifiants propres au "
                       "fichier), remplacés par des identifiants neutres (IDBE_…, STS_…, ID_ELEVE_…)")
        removed.append("le code UAI de l'établissement")
        removed.append("le nom des fichiers (remplacé par « fichier 1 », « fichier 2 »…) et leur empreinte")
        removed.append("les appréciations, synthèses, commentaires et adresses cités dans les messages"
                       + (f" ({self.removed_texts} citation{'s' if self.removed_texts > 1 else ''} remplacée"
                          f"{'s' if self.removed_texts > 1 else ''} par « {TEXT_REMOVED} »)" if self.removed_texts else ""))
        text = ("Rapport pseudonymisé pour l'assistance. Ont été retirés : " + " ; ".join(removed) + ". "
                "Sont conservés : les codes, les libellés, les nombres de bilans, les divisions, les disciplines, "
                "les périodes et les numéros de ligne. Le collège garde le fichier d'origine et retrouve chaque "
                "élève par son numéro de ligne.")
        return {"eleves": n_el, "enseignants": n_en, "responsables": n_re, "responsables_etab": n_ch,
                "textes_retires": self.removed_texts, "removed": removed, "text": text}


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def pseudonymise(reports, sources, options=None) -> list[Report]:
    """Pseudonymised copies of ``reports``, learnt from the files they were made from."""
    p = Pseudonymiser.from_sources(sources, options)
    return [p.report(r) for r in reports]


def check_inputs(inputs, *, options=None, progress=None) -> list[Report]:
    """``engine.check_inputs``, then pseudonymised (the same files teach the pseudonyms)."""
    from . import engine
    reports = engine.check_inputs(inputs, options=options, progress=progress)
    return pseudonymise(reports, inputs, options)
