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
    p.add_argument("--version", action="store_true", help="affiche la version de lsucheck")
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
    levels = dict(args.niveau)
    try:
        cat = catalogue.load(levels)
    except KeyError as exc:
        code = exc.args[0].rsplit(":", 1)[-1].strip() if exc.args else ""
        raise UsageError(f"--niveau : code de contrôle inconnu « {code} » (voir lsucheck --regles)") from None
    if args.regles:
        if args.files:
            raise UsageError("--regles s'emploie sans fichier")
        return _write_regles(cat, args)
    if not args.files:
        raise UsageError("donnez au moins un fichier à vérifier (le fichier d'import LSU)")
    inputs = _inputs(args.files)
    if args.xsd is not None:
        _readable(args.xsd, "le schéma XSD")
    out = args.output
    if out and not (os.path.isdir(out) or out.endswith(("/", os.sep))) and _is_input(out, _input_paths(args)):
        raise UsageError(f"« {out} » est l'un des fichiers donnés à vérifier : lsucheck ne l'écrase pas. "
                         f"Donnez un autre nom au rapport (par exemple « rapport.{FORMATS[args.format]} »)")

    from .engine import Options, check_inputs
    from .parsing import DEFAULT_MAX_SIZE
    options = Options(max_size=args.max_size or DEFAULT_MAX_SIZE, annee=args.annee, xsd=args.xsd,
                      levels=levels)
    reports = check_inputs(inputs, options=options)
    if not reports:
        raise UsageError("aucun fichier à vérifier")
    if all(r.data.get("missing_lsu") for r in reports):  # SIECLE/STS-web exports without an LSU file
        for sentence in dict.fromkeys(r.data["missing_lsu"] for r in reports):
            _err(sentence)
        return EXIT_USAGE
    _write_reports(reports, args, [name for _src, name in inputs])
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
