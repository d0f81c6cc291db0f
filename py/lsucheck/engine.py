"""The pipeline: read → parse → recognise → structure and rules → report.

``check`` takes one LSU file (plus optional reference files); ``check_inputs`` takes any mix of
files, recognises each one from its content, and returns one report per LSU file.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from . import catalogue as catalogue_mod
from . import recognise as rec
from . import report as report_mod
from .archives import expand, is_zip
from .errors import LsucheckError, NotLsuError
from .findings import Finding, Level, RuleError
from .calendar import ascii_int, year_label
from .model import LsuDocument, PERIODIQUE, q
from .parsing import DEFAULT_MAX_SIZE, Source, Tree, human_size, parse, read_source
from .references import THE_NAMES, WHERE
from . import rules as rules_mod
from .rules import CheckContext, Rule

Progress = Callable[[str, str], None]


@dataclass
class Options:
    """How to check.

    max_size   refuse inputs larger than this many bytes (default 200 Mo)
    annee      target school year, first calendar year (2025 for 2025-2026), or as users write it
               ("2025-2026", "25-26": parse_annee); None = decide; one it cannot read: ValueError
    xsd        path or bytes of an official XSD given by the user (--xsd): validate exactly with it
    levels     level overrides {code: level}
    now        the check's date and time (tests pin it); None = the clock
    fast       use the fast structural validator when available (xmlschema stays the reference)
    """

    max_size: int = DEFAULT_MAX_SIZE
    annee: int | None = None
    xsd: object = None
    levels: dict = field(default_factory=dict)
    now: datetime | None = None
    fast: bool = True

    def __post_init__(self):
        # a year the checks cannot read is refused with a French sentence, never ignored (issue 10)
        if self.annee not in (None, "") and parse_annee(self.annee) is None:
            raise ValueError(annee_refused(self.annee))

    def clock(self) -> datetime:
        return self.now or datetime.now().astimezone()


@dataclass(eq=False)
class Input:
    """One parsed input file."""

    source: Source
    tree: Tree | None = None
    kind: rec.Kind | None = None
    error: LsucheckError | None = None
    model: object = None     # the reference model for reference kinds
    meta: dict | None = None  # the reference's metadata (kind, name, uai, annee, date_export)
    timings: dict = field(default_factory=dict)


def _noop(phase: str, detail: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------
def check(src, *, name: str | None = None, references=(), options: Options | None = None,
          progress: Progress | None = None, rules: tuple[Rule, ...] | None = None) -> report_mod.Report:
    """Check one LSU file (path, bytes or file object), with optional reference files.
    ``rules``: the rules to run (default: every rule, rules.RULES; tests give their own)."""
    options = options or Options()
    progress = progress or _noop
    lsu = load_input(src, name=name, options=options, progress=progress)
    ref_inputs = load_references(references, options=options, progress=progress)
    return check_loaded(lsu, ref_inputs, options=options, progress=progress, rules=rules)


def load_references(references, *, options: Options, progress: Progress | None = None) -> list[Input]:
    """Read and parse reference files: each a path, bytes, a file object, or (data, name)."""
    progress = progress or _noop
    ref_inputs = []
    for ref in references:
        data, ref_name = ref if isinstance(ref, tuple) else (ref, None)
        ref_inputs += load_inputs(data, name=ref_name, options=options, progress=progress)
    for ref in ref_inputs:
        load_reference(ref, options)
    return ref_inputs


def check_inputs(inputs, *, options: Options | None = None, progress: Progress | None = None,
                 rules: tuple[Rule, ...] | None = None) -> list[report_mod.Report]:
    """Check any mix of files: each LSU file gets a report, checked against every reference
    file given; a file that is neither gets an ``illisible`` report that names what it is."""
    options = options or Options()
    progress = progress or _noop
    loaded = []
    for item in inputs:
        src, name = (item if isinstance(item, tuple) else (item, None))
        loaded.extend(load_inputs(src, name=name, options=options, progress=progress))
    references = [i for i in loaded if i.kind is not None and i.kind.kind in rec.REFERENCE_KINDS]
    has_lsu = any(i.kind is not None and i.kind.kind == rec.LSU2D for i in loaded)
    if has_lsu:  # beside an LSU file, a file lsucheck cannot use is named by the C checks
        references += [i for i in loaded if _is_misfit(i)]
    lsu_files = [i for i in loaded if i not in references]
    for ref in references:
        load_reference(ref, options)
    # the same LSU file given twice (same SHA-256) is checked once; its report names the copies (C9)
    copies: dict = {}
    unique = []
    for inp in lsu_files:
        first = next((u for u in unique if u.error is None and inp.error is None and u.kind is not None
                      and u.kind.kind == rec.LSU2D and u.source.sha256 == inp.source.sha256), None)
        if first is None:
            unique.append(inp)
        else:
            copies.setdefault(first, []).append(inp.source.name)
    overlaps = _overlaps([u for u in unique if u.error is None and u.kind is not None and u.kind.kind == rec.LSU2D])
    reports = []
    for inp in unique:
        reports.append(check_loaded(inp, references, options=options, progress=progress,
                                    alone=not has_lsu and not references, copies=copies.get(inp, ()),
                                    overlaps=overlaps.get(inp, ()), rules=rules))
    if not lsu_files and references:
        # only reference files: say so, and how to use them
        for ref in references:
            reports.append(_not_lsu_report(ref, options, alone=True))
    return reports


def _bilan_keys(inp: Input) -> dict:
    """{(pupil, période or cycle): "NOM Prénom, Trimestre 1 2025-2026"} of an LSU file: the pupil
    by id-be (else name), the période by millésime, indice and number of périodes."""
    doc = LsuDocument.of(inp.tree)
    out = {}
    for bilan in doc.bilans:
        eleve = doc.ref(bilan.get("eleve-ref"), "eleve")
        if eleve is None:
            continue
        who = eleve.get("id-be") or (eleve.get("nom"), eleve.get("prenom"))
        if bilan.tag == q("bilan-cycle"):
            key = (who, "cycle", bilan.get("cycle"))
            what = doc.describe_cycle(bilan)
        else:
            periode = doc.ref(bilan.get("periode-ref"), "periode")
            if periode is None:
                continue
            key = (who, periode.get("millesime"), periode.get("indice"), periode.get("nb-periodes"))
            what = doc.describe_periode(periode)
        out[key] = f"{doc.describe_eleve(eleve)}, {what}"
    return out


def _overlaps(lsu_inputs: list[Input]) -> dict:
    """{input: [C10 sentence per other file holding some of the same bilans]}."""
    if len(lsu_inputs) < 2:
        return {}
    keys = {inp: _bilan_keys(inp) for inp in lsu_inputs}
    out: dict = {}
    for i, a in enumerate(lsu_inputs):
        for b in lsu_inputs[i + 1:]:
            shared = [keys[a][k] for k in keys[a] if k in keys[b]]
            if not shared:
                continue
            shown = " ; ".join(shared[:5]) + (f" ; et {len(shared) - 5} autres" if len(shared) > 5 else "")
            n = f"{len(shared)} bilan{'s' if len(shared) > 1 else ''}"
            for this, other in ((a, b), (b, a)):
                out.setdefault(this, []).append(
                    f"Les fichiers « {a.source.name} » et « {b.source.name} » contiennent les mêmes bilans ({n} : "
                    f"{shown}) : le LSU importerait le second par-dessus le premier. N'importez qu'un fichier "
                    f"par élève et par période, ou retirez ces bilans de l'un des deux.")
    return out


# ---------------------------------------------------------------------------------------------
def load_inputs(src, *, name=None, options: Options, progress: Progress) -> list[Input]:
    """Read (expanding zip archives) and parse; never raises."""
    try:
        source = read_source(src, name=name, max_size=options.max_size)
    except LsucheckError as exc:
        nm = name or (os.path.basename(os.fspath(src)) if isinstance(src, (str, os.PathLike)) else "fichier")
        return [Input(source=Source(nm, b"", _size_of(src), ""), error=exc)]
    if is_zip(source.data):
        try:
            members = expand(source.name, source.data)
        except LsucheckError as exc:
            return [Input(source=source, error=exc)]
        out = []
        for member_name, data in members:
            out.append(_parse_input(Source.from_bytes(data, f"{source.name} › {member_name}"), progress))
        return out
    return [_parse_input(source, progress)]


def load_input(src, *, name=None, options: Options, progress: Progress) -> Input:
    inputs = load_inputs(src, name=name, options=options, progress=progress)
    return inputs[0]


def _size_of(src) -> int:
    try:
        return os.stat(os.fspath(src)).st_size
    except (TypeError, OSError):
        return len(src) if isinstance(src, (bytes, bytearray)) else 0


def _parse_input(source: Source, progress: Progress) -> Input:
    inp = Input(source=source)
    progress("lecture", source.name)
    t0 = time.perf_counter()
    try:
        inp.tree = parse(source)
        inp.kind = rec.recognise(inp.tree.root)
    except LsucheckError as exc:
        inp.error = exc
    inp.timings["parse"] = time.perf_counter() - t0
    return inp


def _is_misfit(inp: Input) -> bool:
    """A non-LSU input given beside an LSU file: a SIECLE/STS-like file lsucheck does not use
    (EDT publisher's file, SIECLE responsables, other XML) or an archive refused on opening."""
    if inp.error is not None:
        return is_zip(inp.source.data) or " › " in inp.source.name
    if inp.kind is None or inp.kind.kind not in (rec.EDT, rec.SIECLE_RESPONSABLES, rec.OTHER):
        return False
    # an lsun-bilans root in the wrong namespace is a broken LSU file: it keeps its own report
    return not (inp.tree is not None and rec.local(inp.tree.root.tag) == "lsun-bilans")


def load_reference(inp: Input, options: Options) -> None:
    """Build the reference model and metadata of a SIECLE/STS input (references.py)."""
    if inp.meta is not None:
        return
    if inp.error is not None:
        inp.meta = {"kind": None, "kind_label": "Fichier illisible", "name": inp.source.name, "uai": None,
                    "annee": None, "school_year": None, "date_export": None, "used": False,
                    "error": inp.error.message}
        return
    try:
        from . import references
    except ImportError:  # pragma: no cover - references.py is part of the package
        inp.meta = {"kind": inp.kind.kind, "name": inp.source.name, "uai": None, "annee": None,
                    "date_export": None}
        return
    try:
        inp.model, inp.meta = references.load(inp.kind.kind, inp.tree, inp.source)
    except LsucheckError as exc:
        inp.error = exc


# ---------------------------------------------------------------------------------------------
def stamp_code(rule: Rule, finding: Finding, cat) -> Finding:
    """Give ``finding`` its code: the rule's only code, or the one it named (``code=``). Raises
    RuleError, naming the rule, for a code the rule did not declare or a missing choice."""
    code = finding.code
    if code is None:
        if len(rule.codes) != 1:
            raise RuleError(f"la règle {rule.name} déclare {', '.join(rule.codes)} : chaque constat doit "
                            "dire son code (code=…)")
        code = rule.codes[0]
    if code not in rule.codes:
        raise RuleError(f"la règle {rule.name} a produit un constat {code}, code qu'elle ne déclare pas "
                        f"({', '.join(rule.codes)})")
    if finding.cause is not None and not cat.is_cause(finding.cause, code):
        raise RuleError(f"la règle {rule.name} attribue un constat {code} à la cause {finding.cause}, "
                        "que data/catalogue/causes.toml ne déclare pas")
    finding.code = code
    return finding


# ---------------------------------------------------------------------------------------------
def _file_meta(source: Source, options: Options, doc: LsuDocument | None = None, tree: Tree | None = None) -> dict:
    meta = {
        "name": source.name, "size": source.size, "size_label": human_size(source.size),
        "sha256": source.sha256, "editeur": None, "application": None, "appli_version": None,
        "uai": None, "schema_version": None, "encoding": tree.encoding if tree else None,
        "checked_at": options.clock().isoformat(timespec="seconds"),
    }
    if doc is not None:
        meta.update(editeur=doc.entete_text("editeur"), application=doc.entete_text("application"),
                    appli_version=doc.entete_text("appliVersion"), uai=doc.entete_text("etablissement"),
                    schema_version=doc.schema_version)
    return meta


def missing_lsu_sentence(kind: str) -> str:
    """What a drop of reference exports without an LSU file gets (issue 10, item 4)."""
    return (f"Vous avez déposé {rec.KIND_NAMES[kind]} ; ajoutez le fichier import_lsu_….xml exporté par "
            "votre logiciel.")


def _not_lsu_report(inp: Input, options: Options, alone: bool) -> report_mod.Report:
    cat = catalogue_mod.load(options.levels)
    kind = inp.kind
    if kind.kind == rec.LSU1D:
        msg = (f"Ce fichier est {kind.name} : lsucheck ne vérifie pour l'instant que les fichiers du "
               "second degré (collège).")
        fix = "Pour une école, vérifiez l'export de votre logiciel avec les outils prévus pour le premier degré."
        code = "F4"
    elif kind.kind in rec.REFERENCE_KINDS and alone:
        return report_mod.illisible(file_meta=_file_meta(inp.source, options, tree=inp.tree), check=cat["F2"],
                                    message=missing_lsu_sentence(kind.kind), line=None,
                                    fix=missing_lsu_sentence(kind.kind),
                                    extra={"kind": kind.kind, "missing_lsu": missing_lsu_sentence(kind.kind)})
    elif kind.kind in rec.REFERENCE_KINDS or kind.kind in (rec.EDT, rec.SIECLE_RESPONSABLES):
        msg = f"Ce fichier est {kind.name}, pas un fichier d'import LSU."
        fix = ("Déposez le fichier d'import LSU exporté par votre logiciel (import_lsu_….xml)"
               + (", et ce fichier à côté de lui pour les contrôles croisés avec SIECLE et STS-web."
                  if kind.kind in rec.REFERENCE_KINDS else "."))
        code = "F2"
    else:
        msg = f"Ce fichier est {kind.name}" + (f" ({kind.detail})" if kind.detail else "") + "."
        fix = "Déposez le fichier d'import LSU exporté par votre logiciel (import_lsu_….xml)."
        code = "F2"
    return report_mod.illisible(file_meta=_file_meta(inp.source, options, tree=inp.tree), check=cat[code],
                                message=msg, line=None, fix=fix, extra={"kind": kind.kind})


def _error_report(inp: Input, options: Options) -> report_mod.Report:
    cat = catalogue_mod.load(options.levels)
    exc = inp.error
    code = exc.code if exc.code in cat else "F1"
    return report_mod.illisible(file_meta=_file_meta(inp.source, options, tree=inp.tree), check=cat[code],
                                message=exc.message, line=exc.line, fix=exc.fix)


ANNEE_REFUSED = ("année scolaire « {value} » non reconnue : écrivez-la comme 2025-2026, 2025/26, 25-26 "
                 "ou 2025 (sa première année)")


def annee_refused(value) -> str:
    """The sentence that refuses a school year lsucheck cannot read (the page, the library)."""
    text = ANNEE_REFUSED.format(value=str(value).strip())
    return text[0].upper() + text[1:] + "."


def parse_annee(value) -> int | None:
    """A school year as users write it — 2025, "2025", "2025-2026", "2025/2026", "2025-26",
    "25-26" — as its first calendar year (2025); None when it is not a school year (the CLI and the
    page then refuse it with ANNEE_REFUSED, never ignore it)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1900 <= value <= 2999 else None
    text = str(value).strip().replace("/", "-")
    first, _, second = text.partition("-")
    first = first.strip()
    if ascii_int(first) is not None and len(first) == 2 and second.strip():  # "25-26": two digits each side
        first = str(2000 + int(first))
        if len(second.strip()) != 2:
            return None
    if not (ascii_int(first) is not None and len(first) == 4):
        return None
    second = second.strip()
    if second and not (ascii_int(second) is not None and len(second) in (2, 4)
                       and int(second) == (int(first) + 1) % 10 ** len(second)):
        return None
    return int(first) if 1900 <= int(first) <= 2999 else None


def decide_target_year(doc: LsuDocument, references: list[Input], options: Options
                       ) -> tuple[int | None, str | None]:
    """The school year to check against: given > reference files > the file's millésimes.
    The clock never decides it (B7 only advises when it differs from the check date's year)."""
    given = parse_annee(options.annee)
    if given is not None:
        return given, "option"
    # the SIECLE élèves / STS year first: a Nomenclature is sometimes last year's
    order = {rec.SIECLE_ELEVES: 0, rec.STS: 1, rec.COMMUNS: 2, rec.NOMENCLATURE: 3}
    for ref in sorted(references, key=lambda r: order.get(r.kind.kind if r.kind else "", 9)):
        annee = parse_annee((ref.meta or {}).get("annee"))
        if annee is not None:
            return annee, "references"
    year = file_year(doc)
    return (year, "fichier") if year is not None else (None, None)


def _plausible_year(value) -> int | None:
    """A millésime as a year the checks can compute dates with (1900–2999), else None."""
    year = ascii_int(value)
    return year if year is not None and 1900 <= year <= 2999 else None


def file_year(doc: LsuDocument) -> int | None:
    """The LSU file's school year: the millésime of most of its périodes and bilans de cycle (a
    millésime « 99999 » does not decide it: the next most frequent plausible one does). The one
    count of millésimes: the target year (decide_target_year), the reference files set aside
    (set_aside_references) and the typed year that disagrees (C11) all read it."""
    years = Counter(e.get("millesime") for e in doc.periodes + doc.bilans_cycle if e.get("millesime"))
    for value, _n in years.most_common():
        year = _plausible_year(value)
        if year is not None:
            return year
    return None


def set_aside_references(doc: LsuDocument, references: list[Input], options: Options) -> dict:
    """The reference files that do not belong to the LSU file, each with the French reason
    (``{input: "il est celui de l'établissement … ; le fichier LSU est celui de …"}``): another UAI
    than the LSU file's entête, another school year than the LSU file's millésimes, or than the
    year typed (Options.annee). They feed neither the target year nor any cross-check (C8)."""
    uai = (doc.entete_text("etablissement") or "").strip()
    lsu_year = file_year(doc)
    given = parse_annee(options.annee)
    out: dict = {}
    for ref in references:
        header = ref.model.header
        if uai and header.uai and header.uai.strip().upper() != uai.upper():
            out[ref] = (f"il est celui de l'établissement {header.uai}, alors que le fichier LSU est celui "
                        f"de {uai}")
        elif header.annee and lsu_year and header.annee != lsu_year:
            out[ref] = (f"il est de l'année scolaire {year_label(header.annee)}, alors que les bilans du "
                        f"fichier LSU sont de {year_label(lsu_year)}")
        elif header.annee and given and header.annee != given:
            out[ref] = (f"il est de l'année scolaire {year_label(header.annee)}, alors que vous avez "
                        f"demandé {year_label(given)}")
    return out


def _set_aside_message(ref: Input, why: str) -> str:
    kind = ref.kind.kind
    return (f"{THE_NAMES[kind]} « {ref.source.name} » n'est pas utilisé : {why}. Aucun contrôle croisé "
            f"n'a été fait avec lui et il ne change rien au rapport. Téléchargez l'export de l'année en cours "
            f"pour cet établissement ({WHERE[kind]}) et relancez la vérification.")


def _reference_entry(ref: Input, set_aside: dict) -> dict:
    entry = dict(ref.meta)
    if ref in set_aside:
        entry["used"] = False
        entry["set_aside"] = set_aside[ref][0].upper() + set_aside[ref][1:] + "."
    return entry


def check_loaded(inp: Input, references: list[Input], *, options: Options, progress: Progress,
                 alone: bool = False, copies=(), overlaps=(), rules: tuple[Rule, ...] | None = None
                 ) -> report_mod.Report:
    if inp.error is not None:
        return _error_report(inp, options)
    if inp.kind.kind != rec.LSU2D:
        return _not_lsu_report(inp, options, alone)
    t_start = time.perf_counter()
    cat = catalogue_mod.load(options.levels)
    doc = LsuDocument.of(inp.tree)
    usable_refs = [r for r in references if r.error is None and r.model is not None]
    set_aside = set_aside_references(doc, usable_refs, options)
    usable_refs = [r for r in usable_refs if r not in set_aside]
    target_year, year_source = decide_target_year(doc, usable_refs, options)
    ref_models: dict = {}
    for r in usable_refs:  # two files of one kind: the first is used, C1 names the other
        ref_models.setdefault(r.kind.kind, r.model)
    ctx = CheckContext(doc=doc, refs=ref_models, options=options, target_year=target_year,
                       year_source=year_source, file_year=file_year(doc), catalogue=cat,
                       inputs=[r for r in references if r not in set_aside], source=inp.source)
    timings = {"parse": inp.timings.get("parse", 0.0)}
    findings: list[Finding] = [Finding(None, _set_aside_message(r, why), code="C8", bilans=[])
                               for r, why in set_aside.items()]
    findings += [Finding(None, f"Le fichier « {name} » est le même fichier que « {inp.source.name} » (contenu "
                               "identique) : il n'a été vérifié qu'une fois. Ne l'importez qu'une fois dans le LSU.",
                         code="C9", bilans=[]) for name in copies]
    findings += [Finding(None, text, code="C10", bilans=[]) for text in overlaps]
    ran: set[str] = {"C8", "C9", "C10"}
    not_run: list[dict] = []
    given = {"lsu", *(kind for kind, model in ref_models.items() if model is not None)}   # as ctx.has
    for rule in (rules_mod.RULES if rules is None else rules):
        needs = rule.needs or tuple(sorted({n for c in rule.codes for n in cat[c].needs}))
        missing = [n for n in needs if n not in given and n != "references"]
        if "references" in needs and not usable_refs:
            missing.append("references")
        if missing:
            continue
        phase = "schema" if rule.codes[0].startswith("F") else "controles"
        progress(phase, rule.name)
        t0 = time.perf_counter()
        try:
            findings.extend(stamp_code(rule, f, cat) for f in rule.func(ctx))
            ran.update(rule.codes)
        except RuleError:
            raise  # a bug in lsucheck's rules: never hidden in "not run"
        except Exception as exc:  # a check must never take the report down with it
            for code in rule.codes:
                not_run.append({"code": code, "label": cat[code].label,
                                "reason": f"Contrôle interrompu par une erreur interne de lsucheck "
                                          f"({type(exc).__name__}) : signalez-le."})
                ran.add(code)
        timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - t0
    ran.update(("F1", "F2", "F4"))  # done while reading and recognising the file
    not_run_codes = {n["code"] for n in not_run}
    for check in cat.checks():
        if check.code in ran or check.code in not_run_codes or check.product_property:
            continue
        missing = [n for n in check.needs if n != "lsu" and n not in given
                   and not (n == "references" and usable_refs)]
        aside = [(r, why) for r, why in set_aside.items()
                 if "references" in missing and not usable_refs or r.kind.kind in missing]
        sentences = [f"{THE_NAMES[r.kind.kind]} « {r.source.name} » a été écarté : {why}." for r, why in aside]
        if aside:
            reason = " ".join(sentences)
        elif missing:
            reason = "Il faut " + " et ".join(catalogue_mod.INPUT_NAMES[n] for n in missing) + "."
        else:
            reason = "Contrôle pas encore disponible dans cette version de lsucheck."
        entry = {"code": check.code, "label": check.label, "reason": reason, "needs": missing}
        if aside:  # the set-aside file (C8) is the cause (data/catalogue/causes.toml)
            entry["cause"] = "C8"
            entry["set_aside"] = sentences   # one per file: the report lists each file once
        not_run.append(entry)

    progress("rapport", inp.source.name)
    t0 = time.perf_counter()
    stamped = []
    sampled: dict = {}   # (code, level) → occurrences so far
    checks: dict = {}
    limit, unbound = report_mod.MAX_OCCURRENCES, (Level.FICHIER, Level.CONSEIL)
    for f in findings:
        check = checks.get(f.code)
        if check is None:
            check = checks[f.code] = cat[f.code]
        key = (f.code, f.level or check.level)
        n = sampled[key] = sampled.get(key, 0) + 1
        if n > limit:
            # a systematic repeat: counted (and against its bilans), not described again (issue 16 item 5)
            affected = (() if key[1] in unbound else
                        f.bilans if f.bilans is not None else doc.bilans_of(f.elem))
            if key[1] not in unbound and getattr(f, "repeated", ()):  # stands for more (xsd.fast.RepeatFinding)
                affected = list(dict.fromkeys([*affected, *(b for e in f.repeated for b in doc.bilans_of(e))]))
            stamped.append((f, check, None, affected))
            continue
        occurrence = doc.context(f.elem)
        occurrence["detail"] = f.message
        occurrence.update(f.context)
        if f.cause is not None:
            occurrence["cause"] = f.cause
        affected = f.bilans if f.bilans is not None else doc.bilans_of(f.elem)
        occurrence["bilans"] = len(affected)
        stamped.append((f, check, occurrence, affected))
    used = {b.get("eleve-ref") for b in doc.bilans}
    classes = sorted({e.get("code-division") for e in doc.eleves
                      if e.get("code-division") and (e.get("id") in used or not used)})
    report = report_mod.build(
        file_meta=_file_meta(inp.source, options, doc, inp.tree), catalogue=cat, stamped=stamped,
        bilans=doc.bilans, bilan_kind=lambda b: "cycle" if b.tag == q("bilan-cycle") else PERIODIQUE,
        not_run=not_run, references=[_reference_entry(r, set_aside) for r in references if r.meta],
        classes=classes,
        extra={"target_year": target_year, "year_source": year_source})
    timings["report"] = time.perf_counter() - t0
    timings["total"] = timings["parse"] + (time.perf_counter() - t_start)
    report.data["timings"] = {k: round(v, 4) for k, v in timings.items()}
    return report
