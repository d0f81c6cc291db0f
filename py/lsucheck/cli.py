"""Command line: ``python -m lsucheck FICHIER... [options]`` (also the ``lsucheck`` console script).

Every file is recognised from its content (engine.check_inputs): each LSU import file gets a
report, checked against every SIECLE / STS-web export given beside it. Output: text (default),
json (one object for one report, an array for several), html (the standalone document) or csv.
With ``-o DOSSIER`` (an existing directory, or a path ending with "/"), one output file per report,
named after its input (``import_lsu_….xml`` → ``import_lsu_….html``).

Exit code: the worst of the reports — 0 import prévu (avec ou sans alertes), 1 rejets prévus,
2 fichier illisible (also: bad arguments, unreadable paths), 3 internal error of lsucheck.
Messages are French and never a traceback (set LSUCHECK_DEBUG=1 to get one).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

EXIT_USAGE = 2
EXIT_INTERNAL = 3
FORMATS = {"text": "txt", "json": "json", "html": "html", "csv": "csv"}
LEVELS = ("FICHIER", "BILAN", "ALERTE", "CONSEIL")

DESCRIPTION = """\
Prévoit le rapport d'exécution du LSU pour un fichier d'import (import_lsu_….xml), avant l'import,
sur votre ordinateur : rien n'est envoyé sur Internet.

Donnez le fichier d'import LSU et, si vous les avez, les exports SIECLE (ElevesSansAdresses,
Nomenclature, Communs) et STS-web (sts_emp_<UAI>_<année>.xml) : chaque fichier est reconnu d'après
son contenu, et les exports servent aux contrôles croisés."""

EPILOG = """\
Code de sortie : 0 import prévu (avec ou sans alertes), 1 rejets prévus, 2 fichier illisible ou
arguments incorrects.

Exemples :
  lsucheck import_lsu_20251215093000.xml
  lsucheck import_lsu.xml ElevesSansAdresses.zip sts_emp_0382032C_2025.xml --format html -o rapport.html
  lsucheck import_3e.xml import_4e.xml --format csv -o rapports/
  lsucheck --regles --format html -o regles.html"""


class UsageError(Exception):
    """A bad argument or path: a French message, exit code 2."""


# argparse writes its own errors in English: say them in French (patterns of CPython 3.11–3.14)
_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"argument obligatoire manquant : \1"),
    (r"unrecognized arguments: (.*)", r"option ou argument inconnu : \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"option ambiguë : \1 (possibles : \2)"),
    (r"argument (\S+): expected one argument", r"l'option \1 attend une valeur"),
    (r"argument (\S+): expected at least one argument", r"l'option \1 attend au moins une valeur"),
    (r"argument (\S+): expected (\d+) arguments", r"l'option \1 attend \2 valeurs"),
    (r"argument (\S+): ignored explicit argument (.*)", r"l'option \1 ne prend pas de valeur (\2)"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"valeur non reconnue pour \1 : \2 (valeurs possibles : \3)"),
    (r"argument (\S+): (.*)", r"\1 : \2"),
)


def translate(message: str) -> str:
    for pattern, repl in _TRANSLATIONS:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, repl, message, flags=re.S)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(translate(message))


# ---- argument types: each raises a French message ---------------------------------------------
def _format(value: str) -> str:
    value = value.lower()
    if value not in FORMATS:
        raise argparse.ArgumentTypeError(f"format « {value} » inconnu (text, json, html ou csv)")
    return value


def _annee(value: str) -> int:
    """2025, or 2025-2026, for the school year 2025-2026."""
    from .engine import ANNEE_REFUSED, parse_annee
    annee = parse_annee(value)
    if annee is None or not 1990 <= annee <= 2100:
        raise argparse.ArgumentTypeError(ANNEE_REFUSED.format(value=value.strip()))
    return annee


def _max_size(value: str) -> int:
    try:
        mo = float(value.replace(",", "."))
    except ValueError:
        mo = -1.0
    if not mo > 0 or mo != mo or mo > 1024 * 1024:
        raise argparse.ArgumentTypeError(f"taille « {value} » non reconnue : donnez un nombre de Mo, par exemple 200")
    return int(mo * 1024 * 1024)


def _niveau(value: str) -> tuple[str, str]:
    code, sep, level = value.partition("=")
    code, level = code.strip().upper(), level.strip().upper()
    if not sep or not code or not level:
        raise argparse.ArgumentTypeError(f"« {value} » : écrivez CODE=NIVEAU, par exemple B16=ALERTE")
    if level not in LEVELS:
        raise argparse.ArgumentTypeError(f"« {value} » : niveau inconnu (FICHIER, BILAN, ALERTE ou CONSEIL)")
    return code, level


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="lsucheck", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Formatter,
                add_help=False)
    p._positionals.title = "arguments"
    p._optionals.title = "options"
    p.add_argument("files", nargs="*", metavar="FICHIER",
                   help="fichier d'import LSU, export SIECLE ou STS-web (xml ou zip) ; « - » : l'entrée standard")
    p.add_argument("--format", "-f", type=_format, default="text", metavar="FORMAT",
                   help="text (par défaut), json, html (rapport autonome) ou csv (Excel)")
    p.add_argument("-o", "--output", metavar="SORTIE",
                   help="fichier de sortie ; ou un dossier (existant, ou terminé par /) : un fichier par rapport")
    p.add_argument("--xsd", metavar="FICHIER", help="schéma XSD officiel à utiliser pour valider la structure")
    p.add_argument("--annee", type=_annee, metavar="ANNÉE",
                   help="année scolaire visée, par sa première année (2025 pour 2025-2026)")
    p.add_argument("--niveau", type=_niveau, action="append", default=[], metavar="CODE=NIVEAU",
                   help="change le niveau d'un contrôle (FICHIER, BILAN, ALERTE, CONSEIL) ; répétable")
    p.add_argument("--max-size", type=_max_size, metavar="Mo", help="taille maximale d'un fichier (200 Mo par défaut)")
    p.add_argument("--regles", action="store_true", help="écrit la page des règles vérifiées (le catalogue)")
    _add_hotline_arguments(p)
    p.add_argument("--version", action="store_true", help="affiche la version de lsucheck")
    _add_lsu_report_options(p)   # issue 14: --rapport-lsu, --calibration, --calibration-sortie
    p.add_argument("-h", "--help", action="help", help="affiche cette aide")
    return p


# ---------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except UsageError as exc:
        _err(f"lsucheck : {exc}")
        _err("Pour l'aide : lsucheck --help")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("lsucheck : interrompu.")
        return 130
    except BrokenPipeError:
        try:  # the reader went away (| head): nothing more to say
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("LSUCHECK_DEBUG"):
            raise
        _err(f"lsucheck : erreur interne ({type(exc).__name__} : {exc}). "
             "Merci de la signaler, avec si possible le fichier qui la provoque.")
        return EXIT_INTERNAL


def run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    from . import __version__
    if args.version:
        _out(f"lsucheck {__version__}\n", None)
        return 0
    from . import catalogue
    levels = {**_calibration_levels(args), **dict(args.niveau)}   # --niveau wins over --calibration
    try:
        cat = catalogue.load(levels)
    except KeyError as exc:
        code = exc.args[0].rsplit(":", 1)[-1].strip() if exc.args else ""
        raise UsageError(f"--niveau : code de contrôle inconnu « {code} » (voir lsucheck --regles)") from None
    if args.regles:
        if args.files:
            raise UsageError("--regles s'emploie sans fichier")
        return _write_regles(cat, args)
    if args.comparer:
        return _run_compare(args, levels)
    if not args.files:
        raise UsageError("donnez au moins un fichier à vérifier (le fichier d'import LSU)")
    inputs = _inputs(args.files)
    if args.xsd is not None:
        _readable(args.xsd, "le schéma XSD")
    out = args.output
    if out and not (os.path.isdir(out) or out.endswith(("/", os.sep))):
        _never_over_an_input(out, _input_paths(args), "un autre nom au rapport", f"rapport.{FORMATS[args.format]}")

    from .engine import Options, check_inputs
    from .parsing import DEFAULT_MAX_SIZE
    options = Options(max_size=args.max_size or DEFAULT_MAX_SIZE, annee=args.annee, xsd=args.xsd,
                      levels=levels)
    if args.extraire or args.sans_rejetes:
        if args.pseudonymiser:
            raise UsageError("--pseudonymiser s'applique aux rapports, pas au fichier d'import extrait (qui doit "
                             "garder les vrais noms pour le LSU)")
        return _run_extract(args, inputs, options)
    reports = check_inputs(inputs, options=options)
    if args.pseudonymiser:
        reports = _pseudonymise(reports, inputs, options)
    if args.ensemble and reports and not all(r.data.get("missing_lsu") for r in reports):
        return _write_ensemble(reports, args)
    if not reports:
        raise UsageError("aucun fichier à vérifier")
    if all(r.data.get("missing_lsu") for r in reports):  # SIECLE/STS-web exports without an LSU file
        for sentence in dict.fromkeys(r.data["missing_lsu"] for r in reports):
            _err(sentence)
        return EXIT_USAGE
    _write_reports(reports, args, [name for _src, name in inputs])
    _lsu_report(args, reports, inputs)   # issue 14: the LSU's real report beside the prediction
    return max(r.exit_code for r in reports)


def _inputs(paths: list[str]) -> list[tuple]:
    """(source, name) per argument; unreadable paths are refused up front, all named at once."""
    problems, out = [], []
    for path in paths:
        if path == "-":
            out.append((sys.stdin.buffer.read(), "entrée standard"))
            continue
        try:
            _readable(path, "le fichier")
        except UsageError as exc:
            problems.append(str(exc))
            continue
        out.append((path, os.path.basename(path)))
    if problems:
        raise UsageError("\n  ".join(["fichier(s) impossible(s) à lire :"] + problems) if len(problems) > 1
                         else problems[0])
    return out


def _readable(path: str, what: str) -> None:
    if not os.path.exists(path):
        raise UsageError(f"{what} « {path} » est introuvable")
    if os.path.isdir(path):
        raise UsageError(f"« {path} » est un dossier : donnez les fichiers qu'il contient")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{what} « {path} » n'est pas lisible (droits insuffisants)")


# ---- output -----------------------------------------------------------------------------------
def _render(reports, fmt: str) -> str:
    from . import render
    if fmt == "json":
        data = [r.to_dict() for r in reports]
        return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render.standalone(reports)
    if fmt == "csv":
        return render.csv(reports)
    return render.text(reports) + _text_footer(reports)


def _text_footer(reports) -> str:
    """Below the text report: the findings explained by a cause (« cause : … »), then the one
    legend of certainty (catalogue.CERTAINTY_LEGEND, word for word)."""
    from .catalogue import CERTAINTY_LEGEND
    lines = []
    for r in reports:
        labels = {m["code"]: m["label"] for m in r.messages}
        for m in r.messages:
            causes: dict = {}
            for o in m["occurrences"]:
                if o.get("cause"):
                    causes[o["cause"]] = causes.get(o["cause"], 0) + 1
            for cause, n in causes.items():
                what = f"« {labels[cause]} » ({cause})" if cause in labels else cause
                lines.append(f"  [{m['code']}] {m['label']} : {n} constat{'s' if n > 1 else ''}, cause : {what}")
        aside = [n for n in r.data.get("not_run", []) if n.get("cause")]
        if aside:
            lines.append(f"  {len(aside)} contrôle{'s' if len(aside) > 1 else ''} non fait{'s' if len(aside) > 1 else ''}, "
                         f"cause : un fichier de référence écarté (C8)")
    out = ""
    if lines:
        out += "\nCauses :\n" + "\n".join(lines) + "\n"
    out += "\nNiveaux : " + " ; ".join(CERTAINTY_LEGEND.values()) + ".\n"
    return out


def _write_reports(reports, args, names: list[str]) -> None:
    fmt = args.format
    out = args.output
    if out and (os.path.isdir(out) or out.endswith(("/", os.sep))):
        try:
            os.makedirs(out, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"impossible de créer le dossier « {out} » ({exc.strerror})") from None
        inputs = _input_paths(args)
        used: set[str] = set()
        written = []
        for r in reports:
            path = _output_name(out, r.data["file"]["name"], FORMATS[fmt], used, inputs)
            _write_file(path, _render([r], fmt))
            written.append(path)
        for path in written:
            _err(f"Rapport écrit : {path}")
        return
    content = _render(reports, fmt)
    if out:
        _write_file(out, content)
    else:
        _out(content, fmt)


def _output_name(directory: str, name: str, ext: str, used: set, inputs: set) -> str:
    """DIR/<input name without extension>.<ext>, unique, never one of the inputs."""
    base = name.split("›")[-1].strip() if name else ""
    base = os.path.basename(base.replace("\\", "/")) or "rapport"
    stem = os.path.splitext(base)[0] or "rapport"
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip(". ") or "rapport"
    candidate, n = stem, 1
    while True:
        path = os.path.join(directory, f"{candidate}.{ext}")
        if path not in used and not _is_input(path, inputs):
            used.add(path)
            return path
        n += 1
        candidate = f"{stem}-{n}"


def _input_paths(args) -> list[str]:
    """The files the user gave (LSU, exports, XSD): lsucheck never writes onto one of them."""
    paths = [p for p in args.files if p != "-"]
    if getattr(args, "xsd", None):
        paths.append(args.xsd)
    return paths


def _never_over_an_input(path: str, inputs, other: str, example: str) -> None:
    """Refuse to write ``path`` over one of the files given (``-o`` onto an input), in one French
    sentence that ends with its period: ``other`` says what to give instead, ``example`` shows it."""
    if _is_input(path, inputs):
        raise UsageError(f"« {path} » est l'un des fichiers donnés à vérifier : lsucheck ne l'écrase pas. "
                         f"Donnez {other} (par exemple « {example} »).")


def _is_input(path: str, inputs) -> bool:
    """True if writing ``path`` would replace one of ``inputs``: the same path once resolved
    (symbolic links, "..", case of the file system) or the same file (hard link)."""
    real = os.path.normcase(os.path.realpath(path))
    for other in inputs:
        if os.path.normcase(os.path.realpath(other)) == real:
            return True
        try:
            if os.path.samefile(path, other):
                return True
        except OSError:
            pass
    return False


def _write_file(path: str, content: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
    except OSError as exc:
        raise UsageError(f"impossible d'écrire « {path} » ({exc.strerror})") from None


def _out(content: str, fmt: str | None) -> None:
    stream = sys.stdout
    try:
        if stream.isatty():
            stream.reconfigure(errors="replace")  # a console that cannot show ✖ still shows the rest
        elif (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")  # a pipe or a file: UTF-8, as the CSV's BOM says
    except (AttributeError, ValueError, OSError):
        pass
    if fmt == "csv":
        stream.write(content.replace("\r\n", "\n") if stream.isatty() else content)
    else:
        stream.write(content)
    stream.flush()


def _err(message: str) -> None:
    try:
        sys.stderr.write(message + "\n")
    except UnicodeEncodeError:
        sys.stderr.write(message.encode("ascii", "replace").decode("ascii") + "\n")


def _write_regles(cat, args) -> int:
    from . import render
    fmt = args.format
    if fmt == "html":
        content = render.regles_document(cat)
    elif fmt == "json":
        content = json.dumps([c.to_dict() for c in cat.checks()], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        content = render.regles_csv(cat)
    else:
        from .catalogue import CERTAINTY_LEGEND
        content = render.regles_text(cat) + "\nNiveaux : " + " ; ".join(CERTAINTY_LEGEND.values()) + ".\n"
    out = args.output
    if out and (os.path.isdir(out) or out.endswith(("/", os.sep))):
        os.makedirs(out, exist_ok=True)
        out = os.path.join(out, f"regles.{FORMATS[fmt]}")
    if out:
        _write_file(out, content)
    else:
        _out(content, fmt)
    return 0


# ---- issue 15: pseudonymised report, one division's file, comparison, several files ----------
def _add_hotline_arguments(p) -> None:
    p.add_argument("--pseudonymiser", action="store_true",
                   help="rapport pseudonymisé pour l'assistance : élèves, enseignants et responsables "
                        "remplacés par « Élève 17 », « Enseignant 4 »… ; UAI, noms de fichiers, identifiants "
                        "et appréciations retirés")
    p.add_argument("--extraire", action="append", default=[], metavar="DIVISION",
                   help="écrit un fichier d'import LSU ne contenant que cette division (répétable), "
                        "nommé import_lsu_<date>_<division>.xml, dans le dossier de -o (par défaut : ici)")
    p.add_argument("--ensemble", action="store_true",
                   help="plusieurs fichiers LSU (par niveau, par classe) : un rapport d'ensemble (compteurs "
                        "additionnés, chaque message dit son fichier), puis le rapport de chaque fichier")
    p.add_argument("--comparer", nargs=2, metavar=("AVANT", "APRES"),
                   help="compare deux exports LSU (avant et après une correction) : messages disparus, apparus, "
                        "bilans ajoutés ou retirés, compteurs, changements par élève ; les FICHIER donnés à "
                        "côté servent d'exports SIECLE et STS-web")
    p.add_argument("--sans-rejetes", action="store_true",
                   help="écrit le fichier sans les bilans que le rapport prévoit rejetés, et les liste")


def _pseudonymise(reports, inputs, options):
    from . import pseudonym
    return pseudonym.pseudonymise(reports, inputs, options)


def _run_extract(args, inputs, options) -> int:
    """--extraire / --sans-rejetes: write the new LSU file (checked again by the engine), say what it holds."""
    from . import engine, extract
    from . import recognise as rec
    loaded = []
    for src, name in inputs:
        for inp in engine.load_inputs(src, name=name, options=options, progress=lambda *_: None):
            loaded.append((src, name, inp))
    lsu = [(src, name) for src, name, inp in loaded
           if inp.error is None and inp.kind is not None and inp.kind.kind == rec.LSU2D]
    if len(lsu) != 1:
        raise UsageError("--extraire et --sans-rejetes s'emploient avec un seul fichier d'import LSU "
                         f"({len(lsu)} donnés)")
    refs = [(src, name) for src, name in inputs if (src, name) != lsu[0]]
    try:
        ex = extract.extract(lsu[0][0], args.extraire or None, sans_rejetes=args.sans_rejetes,
                             name=lsu[0][1], references=refs, options=options)
    except extract.ExtractError as exc:
        raise UsageError(exc.message) from None
    folder = args.output or "."
    if not (os.path.isdir(folder) or folder.endswith(("/", os.sep))):
        raise UsageError("-o donne le dossier où écrire le fichier extrait (par exemple -o extraits/)")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, ex.name)
    _never_over_an_input(path, _input_paths(args), "un autre dossier au fichier extrait", "extraits/")
    if not ex.offered:
        _err("lsucheck : le fichier extrait n'est pas écrit : sa vérification trouve des messages absents du "
             "fichier d'origine :")
        for f in ex.new_findings:
            _err(f"  [{f['code']}] {f['detail']}")
        return 1
    try:
        with open(path, "wb") as fh:
            fh.write(ex.data)
    except OSError as exc:
        raise UsageError(f"impossible d'écrire « {path} » ({exc.strerror})") from None
    if args.format == "json":
        _out(json.dumps({**ex.to_dict(), "path": path}, ensure_ascii=False, indent=2) + "\n", "json")
    else:
        lines = [f"Fichier écrit : {path}", ex.summary()]
        for b in ex.left_out:
            where = " · ".join(x for x in (b["eleve"], b["division"], b["periode"]) if x)
            lines.append(f"  - laissé de côté : {where} (ligne {b['line']}) — " + ", ".join(b["raisons"]))
        _out("\n".join(lines) + "\n", None)
    return 0


def _run_compare(args, levels) -> int:
    """--comparer AVANT APRES: the comparison in text, json or html; exit code of the APRES file."""
    from . import compare
    from .engine import Options
    from .parsing import DEFAULT_MAX_SIZE
    before, after = _inputs(list(args.comparer))
    refs = _inputs(args.files) if args.files else []
    options = Options(max_size=args.max_size or DEFAULT_MAX_SIZE, annee=args.annee, xsd=args.xsd, levels=levels)
    try:
        c = compare.compare_files(before[0], after[0], names=(before[1], after[1]), references=refs,
                                  options=options, pseudonymise=args.pseudonymiser)
    except compare.CompareError as exc:
        raise UsageError(exc.message) from None
    if args.format == "json":
        content = c.to_json() + "\n"
    elif args.format == "html":
        content = c.html() + "\n"
    elif args.format == "csv":
        raise UsageError("--comparer s'écrit en text, json ou html")
    else:
        content = c.text()
    if args.output and not os.path.isdir(args.output):
        _never_over_an_input(args.output, list(args.comparer) + list(args.files), "un autre nom à la comparaison",
                             f"comparaison.{FORMATS[args.format]}")
        _write_file(args.output, content)
    else:
        _out(content, args.format)
    return c.exit_code


def _write_ensemble(reports, args) -> int:
    """--ensemble: the combined report first, then each file's own; JSON: one object (counts = sums)."""
    from . import ensemble, render
    combined = ensemble.combine(reports)
    fmt = args.format
    if fmt == "json":
        content = json.dumps(ensemble.to_json_object(combined, reports), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        content = render.standalone([combined, *reports])
    elif fmt == "csv":
        content = render.csv(reports)  # one row per occurrence, its file in the first column
    else:
        content = render.text([combined, *reports])
    out = args.output
    if out and (os.path.isdir(out) or out.endswith(("/", os.sep))):
        os.makedirs(out, exist_ok=True)
        out = os.path.join(out, f"rapport_ensemble.{FORMATS[fmt]}")
    if out:
        _never_over_an_input(out, _input_paths(args), "un autre nom au rapport", f"rapport_ensemble.{FORMATS[fmt]}")
        _write_file(out, content)
        _err(f"Rapport écrit : {out}")
    else:
        _out(content, fmt)
    return max(r.exit_code for r in reports)


# ---- the LSU's real rapport d'exécution (issue 14) ------------------------------------------------
def _add_lsu_report_options(p) -> None:
    p.add_argument("--rapport-lsu", metavar="RAPPORT",
                   help="le rapport d'exécution du LSU après l'import (page enregistrée, .html, ou texte copié "
                        "de la page, .txt) : affiche la prévision et le rapport réel côte à côte")
    p.add_argument("--calibration-sortie", metavar="FICHIER",
                   help="avec --rapport-lsu : écrit le fichier de calibration (libellés, niveaux et nombres "
                        "constatés ; aucun nom d'élève, d'enseignant ni d'établissement)")
    p.add_argument("--calibration", metavar="FICHIER",
                   help="applique un fichier de calibration : les niveaux constatés sur un rapport LSU")


def _calibration_levels(args) -> dict:
    """--calibration FILE: {code: level as seen on the LSU's report}; each change said on stderr."""
    if not getattr(args, "calibration", None):
        return {}
    from . import calibration
    _readable(args.calibration, "le fichier de calibration")
    try:
        with open(args.calibration, "rb") as fh:
            cal = calibration.read_calibration(fh.read())
    except calibration.CalibrationError as exc:
        raise UsageError(f"--calibration : {exc}") from None
    levels, notes = calibration.overrides(cal)
    for note in notes:
        _err(note)
    return levels


def _lsu_report(args, reports, inputs) -> None:
    """--rapport-lsu: print the side by side (stdout, after the report); --calibration-sortie: write
    the calibration file."""
    path = getattr(args, "rapport_lsu", None)
    if not path:
        if getattr(args, "calibration_sortie", None):
            raise UsageError("--calibration-sortie s'emploie avec --rapport-lsu (le rapport d'exécution du LSU)")
        return
    from . import calibration, lsureport
    _readable(path, "le rapport d'exécution du LSU")
    with open(path, "rb") as fh:
        real = lsureport.read(fh.read())
    candidates = [(r, src) for r, (src, _name) in zip(reports, inputs) if r.verdict != "illisible"]
    if not candidates:
        raise UsageError("aucun fichier d'import LSU lisible à comparer au rapport du LSU")
    chosen = next(((r, src) for r, src in candidates if real.file_name and r.data["file"]["name"] == real.file_name),
                  candidates[0])
    report, src = chosen
    comparison = calibration.compare(report, real)
    _out("\n" + calibration.render_text(comparison), "text")
    out = getattr(args, "calibration_sortie", None)
    if out:
        _never_over_an_input(out, _input_paths(args) + [path], "un autre nom à la calibration", "calibration.json")
        from .engine import Options, load_input
        from .model import LsuDocument
        inp = load_input(src, options=Options(), progress=lambda *_: None)
        doc = LsuDocument(inp.tree) if inp.tree is not None else None
        _write_file(out, calibration.to_json(calibration.calibration(comparison, report, doc)))
        _err(f"Fichier de calibration écrit : {out}. {calibration.WHAT_THE_FILE_HOLDS}")
