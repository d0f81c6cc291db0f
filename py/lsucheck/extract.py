"""One division's file for a first import, and the file « sans les bilans rejetés » (issue 15, item 4).

From a checked LSU file, ``extract`` writes a new LSU file holding only the chosen division(s) —
their pupils, their bilans, their parcours and vie scolaire communs, and every shared element
those use (périodes, disciplines, enseignants, éléments de programme, EPI and their groups and
thématiques, AP and their groups, compétences numériques communes, responsables), nothing else —
named ``import_lsu_<date>_<division>.xml``. With ``sans_rejetes=True`` the bilans the report
predicts rejected are left out too, and listed.

The new file is cut out of the ORIGINAL BYTES: what is kept is byte for byte what the school's
software wrote (attribute order, encoding, indentation, comments); only whole lines of the elements
left out are removed. The original is never modified. Before it is offered, the engine checks the
new file again: its structure must be valid wherever the original's was, and its findings must be
those of the original file for what remains (``Extraction.same_findings``, ``new_findings``).

    ex = extract("import_lsu_20260612153012.xml", ["6 A"])
    ex.name, ex.data, ex.left_out, ex.report.verdict, ex.same_findings
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import engine
from . import recognise as rec
from .errors import LsucheckError
from .model import IDREF_TARGETS, LsuDocument, local, q, refs
from .report import Report

#: What the page and the CLI say beside the file (the LSU's own rule: a bilan imported again replaces it).
REPLACE_NOTICE = ("Le LSU remplace un bilan déjà importé quand il est importé à nouveau : importer ensuite un "
                  "fichier qui contient les mêmes bilans (même élève, même période) les remplace, sans doublon.")

#: Sections of <donnees> that must keep at least one child (the format requires them).
_REQUIRED = ("responsables-etab", "eleves")
_ASCII_COMPATIBLE = re.compile(r"^(utf-?8|us-ascii|ascii|iso-?8859-\d+|latin-?\d|windows-125\d|cp125\d)$", re.I)
_TAG = re.compile(rb"<([^\s/>!?]+)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_LINE = re.compile(r"\blignes? \d+")


class ExtractError(LsucheckError):
    """Why the file cannot be cut (French, for the page and the CLI)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.code = "F1"
        self.line = None
        self.fix = None


@dataclass
class Extraction:
    name: str                     # import_lsu_<date>_<division>.xml
    data: bytes                   # the new file
    divisions: list               # the divisions kept
    sans_rejetes: bool
    report: Report                # the engine's check of the new file
    source_report: Report         # the check of the original file
    left_out: list = field(default_factory=list)      # bilans left out as predicted rejected
    kept: dict = field(default_factory=dict)          # section → elements kept
    removed: dict = field(default_factory=dict)       # section → elements left out
    new_findings: list = field(default_factory=list)  # findings of the new file the original lacks
    gone_findings: list = field(default_factory=list)  # findings of the original that no longer arise
    notice: str = REPLACE_NOTICE

    @property
    def same_findings(self) -> bool:
        return not self.new_findings and not self.gone_findings

    @property
    def offered(self) -> bool:
        """The file may be offered: nothing new is wrong in it (structure included)."""
        return not self.new_findings

    def summary(self) -> str:
        """What was kept and left out, in French."""
        which = ", ".join(self.divisions) if self.divisions else "toutes les divisions"
        n_bilans = sum(c["traites"] for c in self.report.counts.values())
        text = (f"Fichier « {self.name} » : {which}, {n_bilans} bilan{'s' if n_bilans > 1 else ''}, "
                f"{self.kept.get('eleves', 0)} élève{'s' if self.kept.get('eleves', 0) > 1 else ''}.")
        if self.sans_rejetes:
            n = len(self.left_out)
            text += (f" {n} bilan{'s' if n > 1 else ''} prévu{'s' if n > 1 else ''} rejeté{'s' if n > 1 else ''} "
                     f"{'ont été laissés' if n > 1 else 'a été laissé'} de côté." if n else
                     " Aucun bilan n'était prévu rejeté.")
        if self.new_findings:
            text += " Attention : la vérification du nouveau fichier trouve des messages absents du fichier d'origine."
        elif self.gone_findings:
            text += (f" {len(self.gone_findings)} message(s) du fichier d'origine ne se posent plus (ils concernaient "
                     "aussi des élèves ou des éléments laissés de côté).")
        else:
            text += " Vérifié : mêmes messages que le fichier d'origine pour ce qui est gardé."
        return text + " " + self.notice

    def to_dict(self) -> dict:
        return {"name": self.name, "size": len(self.data), "divisions": self.divisions,
                "sans_rejetes": self.sans_rejetes, "left_out": self.left_out, "kept": self.kept,
                "removed": self.removed, "same_findings": self.same_findings, "offered": self.offered,
                "new_findings": self.new_findings, "gone_findings": self.gone_findings,
                "verdict": self.report.verdict, "counts": self.report.counts, "summary": self.summary(),
                "notice": self.notice}


# ---------------------------------------------------------------------------------------------
def divisions_of(src, *, name: str | None = None, options: engine.Options | None = None) -> list[str]:
    """The divisions of an LSU file's pupils, in the file's order (for the page's choice)."""
    inp = _load_lsu(src, name, options or engine.Options())
    return list(dict.fromkeys(e.get("code-division") for e in LsuDocument(inp.tree).eleves
                              if e.get("code-division")))


def extract(src, divisions=None, *, sans_rejetes: bool = False, name: str | None = None, references=(),
            options: engine.Options | None = None) -> Extraction:
    """Cut the chosen divisions (None: all) out of an LSU file; see the module docstring."""
    options = options or engine.Options()
    inp = _load_lsu(src, name, options)
    ref_inputs = engine.load_references(references, options=options, progress=_noop)
    full = engine.check_loaded(inp, ref_inputs, options=options, progress=_noop)
    doc = LsuDocument(inp.tree)
    chosen = _chosen(doc, divisions)
    encoding = (inp.tree.encoding or "utf-8").strip()
    if inp.source.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    if not _ASCII_COMPATIBLE.match(encoding):
        raise ExtractError(f"Ce fichier est écrit en {encoding} : lsucheck ne sait en extraire une classe que "
                           "pour un fichier en UTF-8 ou ISO-8859 (comme les exports de PRONOTE, SACoche ou GEPI).")
    if sans_rejetes and any(m["level"] == "FICHIER" for m in full.messages):
        raise ExtractError("Le LSU refuserait ce fichier entier : retirer les bilans rejetés n'y suffit pas. "
                           "Corrigez d'abord les erreurs bloquantes (« Fichier rejeté ») dans votre logiciel.")
    spans = _spans(inp.source.data)
    items = _items(doc, spans)

    removed_bilans: set = set()
    reasons: dict = {}
    report, data, kept = full, None, None
    for _round in range(4):  # a bilan left out may change a class's majority (B2): check again
        if sans_rejetes:
            more = _rejected(report, doc if report is full else LsuDocument(_reparse(data, options)), doc)
            for b, labels in more.items():
                removed_bilans.add(b)
                reasons.setdefault(b, []).extend(x for x in labels if x not in reasons.get(b, []))
            if report is not full and not more:
                break
        kept = _closure(doc, chosen, removed_bilans)
        new_name = _new_name(inp.source.name, chosen, options, full.data.get("target_year"), doc)
        data = _cut(inp.source.data, items, kept)
        new_inp = engine.load_input(data, name=new_name, options=options, progress=_noop)
        report = engine.check_loaded(new_inp, ref_inputs, options=options, progress=_noop)
        if not sans_rejetes or sum(c["rejetes"] for c in report.counts.values()) == 0:
            break
    new, gone = _compare(full, doc, kept, removed_bilans, report, chosen)
    sections = Counter(local(doc.parent(e).tag) for e in kept if doc.parent(e) is not None)
    all_items = Counter(local(doc.parent(e).tag) for e in items if not _is_section(e))
    left = []
    for b in sorted(removed_bilans, key=lambda b: doc.line(b) or 0):
        ctx = doc.context(b)
        left.append({"eleve": ctx["eleve"], "division": ctx["division"], "periode": ctx["periode"],
                     "bilan": ctx["bilan"], "line": ctx["line"], "raisons": reasons.get(b, [])})
    return Extraction(name=new_name, data=data, divisions=chosen or [], sans_rejetes=sans_rejetes, report=report,
                      source_report=full, left_out=left, kept=dict(sections),
                      removed={k: all_items[k] - sections.get(k, 0) for k in all_items if all_items[k] - sections.get(k, 0)},
                      new_findings=new, gone_findings=gone)


# ---------------------------------------------------------------------------------------------
def _noop(*_args) -> None:
    pass


def _load_lsu(src, name, options):
    inp = engine.load_input(src, name=name, options=options, progress=_noop)
    if inp.error is not None:
        raise ExtractError(f"Ce fichier ne peut pas être lu : {inp.error.message}")
    if inp.kind is None or inp.kind.kind != rec.LSU2D:
        raise ExtractError("Ce fichier n'est pas un fichier d'import LSU du second degré (import_lsu_….xml).")
    return inp


def _reparse(data: bytes, options):
    return engine.load_input(data, name="x.xml", options=options, progress=_noop).tree


def _chosen(doc: LsuDocument, divisions) -> list | None:
    if divisions is None:
        return None
    if isinstance(divisions, str):
        divisions = [divisions]
    known = list(dict.fromkeys(e.get("code-division") for e in doc.eleves if e.get("code-division")))
    squash = {re.sub(r"\s+", "", d).casefold(): d for d in known}
    out = []
    for d in divisions:
        exact = d if d in known else squash.get(re.sub(r"\s+", "", d or "").casefold())
        if exact is None:
            raise ExtractError(f"La division « {d} » n'a aucun élève dans ce fichier. Divisions du fichier : "
                               + ", ".join(known) + ".")
        if exact not in out:
            out.append(exact)
    if not out:
        raise ExtractError("Choisissez au moins une division.")
    return out


def _spans(data: bytes) -> dict:
    """(depth, index path) → (start, end) byte offsets of the elements down to depth 3 (root = 0).

    The file was parsed before: it is well-formed, so a small scanner over the bytes finds each
    element's first and last byte (comments, CDATA, processing instructions and quoted attribute
    values are skipped)."""
    out: dict = {}
    stack: list = []     # (start, index path)
    counts: list = [0]   # children seen per open level
    pos, n = 0, len(data)
    while True:
        i = data.find(b"<", pos)
        if i < 0:
            break
        if data.startswith(b"<!--", i):
            pos = data.index(b"-->", i + 4) + 3
            continue
        if data.startswith(b"<![CDATA[", i):
            pos = data.index(b"]]>", i + 9) + 3
            continue
        if data.startswith(b"<?", i):
            pos = data.index(b"?>", i + 2) + 2
            continue
        if data.startswith(b"<!", i):
            pos = data.index(b">", i + 2) + 1
            continue
        if data.startswith(b"</", i):
            end = data.index(b">", i + 2) + 1
            start, path = stack.pop()
            counts.pop()
            if len(path) <= 4:
                out[path] = (start, end)
            pos = end
            continue
        m = _TAG.match(data, i)
        if m is None:  # pragma: no cover - the file parsed, so every tag is well-formed
            raise ExtractError("Le fichier n'a pas pu être découpé (balise illisible).")
        path = (tuple(stack[-1][1]) if stack else ()) + (counts[-1],)
        counts[-1] += 1
        if m.group(2):
            if len(path) <= 4:
                out[path] = (i, m.end())
        else:
            stack.append((i, path))
            counts.append(0)
        pos = m.end()
        if pos >= n:
            break
    return out


def _items(doc: LsuDocument, spans: dict) -> dict:
    """Each element of a <donnees> section (and each section) → its byte span."""
    out: dict = {}
    root = doc.root
    kids = list(root)
    if doc.donnees is None:
        raise ExtractError("Le fichier n'a pas de partie <donnees> : il n'y a rien à extraire.")
    d_index = kids.index(doc.donnees)
    for s_index, section in enumerate(doc.donnees):
        span = spans.get((0, d_index, s_index))
        if span is None:
            raise ExtractError("Le fichier n'a pas pu être découpé (structure inattendue).")
        out[section] = span
        for i_index, item in enumerate(section):
            span = spans.get((0, d_index, s_index, i_index))
            if span is None:
                raise ExtractError("Le fichier n'a pas pu être découpé (structure inattendue).")
            out[item] = span
    return out


def _closure(doc: LsuDocument, chosen, removed_bilans: set) -> set:
    """The <donnees> items (depth-3 elements) the chosen divisions use; sections kept when non-empty."""
    top: dict = {}   # id → its depth-3 item
    for section in doc.donnees:
        for item in section:
            for el in item.iter():
                ident = el.get("id")
                if ident is not None:
                    top.setdefault(ident, item)
    thematiques = {t.get("code"): t for t in doc.epis_thematiques}
    want = (lambda d: True) if chosen is None else (lambda d: d in chosen)
    eleves = [e for e in doc.eleves if want(e.get("code-division"))]
    ids = {e.get("id") for e in eleves}
    bilans = [b for b in doc.bilans if b.get("eleve-ref") in ids and b not in removed_bilans]
    if removed_bilans:  # a pupil whose every bilan is left out is left out too
        with_bilans = {b.get("eleve-ref") for b in bilans}
        had = {b.get("eleve-ref") for b in removed_bilans}
        eleves = [e for e in eleves if e.get("id") in with_bilans or e.get("id") not in had]
    communs = [c for c in doc.parcours_communs + doc.vies_scolaires_communs if want(c.get("code-division"))]
    cnc = [c for c in doc.competences_numeriques_communs
           if c.get("type-structure") in (None, "D") and want(c.get("code-structure")) and chosen is not None]
    if chosen is None:
        cnc = list(doc.competences_numeriques_communs)
        communs = list(doc.parcours_communs + doc.vies_scolaires_communs)
    kept = set(eleves) | set(bilans) | set(communs) | set(cnc)
    todo = list(kept)
    while todo:
        item = todo.pop()
        for el in item.iter():
            targets = []
            for attr, value in el.attrib.items():
                if attr in IDREF_TARGETS:
                    targets += refs(value)
            if el.tag == q("epi") and el.get("thematique") in thematiques:
                t = thematiques[el.get("thematique")]
                if t not in kept:
                    kept.add(t)
                    todo.append(t)
            for ident in targets:
                target = top.get(ident)
                if target is not None and target not in kept and target not in removed_bilans:
                    if target.tag in (q("eleve"),) and chosen is not None and not want(target.get("code-division")):
                        continue  # a reference to a pupil of another division stays dangling, as B1 says
                    kept.add(target)
                    todo.append(target)
    for name in _REQUIRED:  # the format wants one element at least
        section = doc.donnees.find(q(name))
        if section is not None and len(section) and not any(c in kept for c in section):
            kept.add(section[0])
    return kept


def _cut(data: bytes, items: dict, kept: set) -> bytes:
    """The original bytes without the spans of the items left out (whole lines when alone on them)."""
    cuts = []
    for elem, (start, end) in items.items():
        if _is_section(elem):  # a section none of whose elements is kept goes too (all are optional)
            if len(elem) and not any(c in kept for c in elem) and local(elem.tag) not in _REQUIRED:
                cuts.append(_widen(data, start, end))
        elif elem not in kept:
            cuts.append(_widen(data, start, end))
    cuts.sort()
    out, pos = [], 0
    for start, end in cuts:
        if start < pos:  # inside a section already cut
            continue
        out.append(data[pos:start])
        pos = end
    out.append(data[pos:])
    return b"".join(out)


_SECTIONS = {q(n) for n in ("responsables-etab", "eleves", "periodes", "disciplines", "enseignants",
                            "elements-programme", "competences-numeriques-communs", "parcours-communs",
                            "vies-scolaires-communs", "epis-thematiques", "epis", "epis-groupes", "acc-persos",
                            "acc-persos-groupes", "bilans-periodiques", "bilans-cycle")}


def _is_section(elem) -> bool:
    return elem.tag in _SECTIONS


def _widen(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Whole lines when the element is alone on its lines: its indentation and its line break too."""
    s = start
    while s > 0 and data[s - 1:s] in (b" ", b"\t"):
        s -= 1
    if s > 0 and data[s - 1:s] not in (b"\n", b"\r"):
        return start, end
    e = end
    while data[e:e + 1] in (b" ", b"\t"):
        e += 1
    if data[e:e + 2] == b"\r\n":
        return s, e + 2
    if data[e:e + 1] in (b"\n", b"\r"):
        return s, e + 1
    if e >= len(data) or data[e:e + 1] == b"<":
        return s, e
    return start, end


def _new_name(name: str, chosen, options, target_year=None, doc: LsuDocument | None = None) -> str:
    """import_lsu_<date>_<division>.xml: the original's time stamp when its name has one; else the
    check's date when it falls in the school year, else the latest date of the file's bilans (a
    date outside the school year would make the new file's name look wrong, C5)."""
    base = (name or "").split(" › ")[-1]
    m = re.search(r"import_lsu_([0-9]{8,14})", base, re.I)
    if m:
        stamp = m.group(1)
    else:
        now = options.clock()
        stamp = now.strftime("%Y%m%d%H%M%S")
        if target_year and not f"{target_year}0801" <= stamp[:8] <= f"{target_year + 1}0831" and doc is not None:
            dates = [d for b in doc.bilans for d in (b.get("date-conseil-classe"), b.get("date-creation"))
                     if d and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d)
                     and f"{target_year}0801" <= d.replace("-", "") <= f"{target_year + 1}0831"]
            if dates:
                stamp = max(dates).replace("-", "") + "000000"
    which = "-".join(re.sub(r"[^\w-]+", "", d) or "division" for d in chosen) if chosen else "toutes"
    return f"import_lsu_{stamp}_{which}.xml"


def _resolve(doc: LsuDocument, path: str | None):
    """The element of an occurrence's path (``/lsun-bilans/donnees/eleves/eleve[3]``), or None."""
    if not path or not path.startswith("/"):
        return None
    steps = path.strip("/").split("/")
    elem = doc.root
    if not steps or local(elem.tag) != steps[0].split("[")[0]:
        return None
    for step in steps[1:]:
        m = re.fullmatch(r"([\w.-]+)(?:\[(\d+)\])?", step)
        if m is None:
            return None
        same = [c for c in elem if local(c.tag) == m.group(1)]
        k = int(m.group(2) or 1) - 1
        if k >= len(same):
            return None
        elem = same[k]
    return elem


def _bilan_key(doc: LsuDocument, b) -> tuple:
    return (b.tag, b.get("eleve-ref"), b.get("periode-ref"), b.get("cycle"), b.get("millesime"))


def _affected(doc: LsuDocument, occurrence: dict) -> list:
    elem = _resolve(doc, occurrence.get("path"))
    if elem is None:
        return []
    bilan = doc.enclosing_bilan(elem)
    return [bilan] if bilan is not None else doc.bilans_of(elem)


def _rejected(report: Report, doc: LsuDocument, original: LsuDocument) -> dict:
    """Bilans of ``original`` that ``report`` (about ``doc``) counts rejected → the messages' labels."""
    by_key = {_bilan_key(original, b): b for b in original.bilans}
    out: dict = {}
    for m in report.messages:
        if m["level"] != "BILAN":
            continue
        for o in m["occurrences"]:
            if not o.get("bilans"):
                continue
            for b in _affected(doc, o):
                target = b if doc is original else by_key.get(_bilan_key(doc, b))
                if target is not None:
                    labels = out.setdefault(target, [])
                    if m["label"] not in labels:
                        labels.append(m["label"])
    return out


def _key(m: dict, o: dict, chosen) -> tuple:
    division = o.get("division")
    if division and chosen is not None:
        division = ", ".join(d for d in division.split(", ") if d in chosen) or division
    return (m["code"], m["level"], o.get("eleve"), division, o.get("periode"), o.get("discipline"),
            o.get("enseignant"), _LINE.sub("ligne …", o.get("detail") or ""))


def _compare(full: Report, doc: LsuDocument, kept: set, removed_bilans: set, new: Report, chosen):
    """(findings of the new file the original lacks, findings of the original that should remain but do not)."""
    expected: Counter = Counter()
    file_level: Counter = Counter()
    for m in full.messages:
        for o in m["occurrences"]:
            elem = _resolve(doc, o.get("path"))
            if elem is None:
                file_level[_key(m, o, chosen)] += 1
                continue
            if elem.tag in (q("lsun-bilans"), q("entete"), q("donnees")) or doc.parent(elem) is doc.entete \
                    or elem.tag in _SECTIONS:
                file_level[_key(m, o, chosen)] += 1
                continue
            item, node = None, elem
            while node is not None:
                parent = doc.parent(node)
                if parent is not None and parent.tag in _SECTIONS:
                    item = node
                    break
                node = parent
            if item is None or item not in kept or item in removed_bilans:
                continue
            expected[_key(m, o, chosen)] += 1
    actual: Counter = Counter()
    for m in new.messages:
        for o in m["occurrences"]:
            actual[_key(m, o, chosen)] += 1
    both = expected + file_level
    new_findings = [_describe(k, n) for k, n in (actual - both).items()]
    gone = [_describe(k, n) for k, n in (expected - actual).items()]
    return new_findings, gone


def _describe(key: tuple, n: int) -> dict:
    code, level, eleve, division, periode, discipline, enseignant, detail = key
    return {"code": code, "level": level, "eleve": eleve, "division": division, "periode": periode,
            "discipline": discipline, "enseignant": enseignant, "detail": detail, "count": n}
