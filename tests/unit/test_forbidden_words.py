"""The administration's words only (issue 12 item 2): no CLI flag, XPath, XML attribute path, code
symbol or internal term in anything a user reads.

Every fault the generator can plant (``lsucheck.generator.FAULTS``, F1 and F2 each alone since the
file then cannot be read) is planted in a generated collège checked with its SIECLE and STS-web
exports; the reports are rendered in every user format: the page's fragment (and its per-pupil and
per-class views, every group open), the print view, the exported standalone HTML (with the Règles
page), the exports of « ce qui est affiché », the CSV and the text; and the page's own static text
(web/index.html). What a user reads is scanned: the text of the HTML (not its tags, ids, classes or
data attributes, but the attributes a user hears or sees: aria-label, title, placeholder, alt), the
CSV's cells, the text output (minus the one line that names the CLI's formats, a CLI's own words).

The forbidden patterns (FORBIDDEN below), decided here:

- a command-line flag: « --xsd », « --annee », « -o » (a word starting with one or two hyphens);
- an XPath or an XML path: an element path with « / » between names (« SERVICE/@CODE_MATIERE »,
  « /lsun-bilans/donnees »), an attribute « @code », a position « [1] »;
- a code symbol: « To::annee_scolaire », a snake_case or SCREAMING_SNAKE identifier (« prof_princ »,
  « CODE_MATIERE »), a Python value or repr (« None », « True », « False », « {'…': », « [] »,
  « <… object at », « Traceback », « Error: »);
- an LSU element or attribute name with a hyphen (« prof-princ-refs », « bilan-periodique »: every
  hyphenated name of the LSU schema): the report says « le professeur principal », « le bilan »;
- an internal term: « Précision technique », « choix de lsucheck », « parse », « tag », « regex »,
  « namespace », « xmlschema », « schemaVersion », « XPath »; « XSD » is allowed only in a sentence
  about a schema file the user gave (a sentence with « fourni », « donné », « déposez », « disposez »), since the page accepts
  one.

File names the user gave or the generator wrote (« import_lsu_….xml », « sts_emp_0999001W_2025.xml »,
the STS-web export's own name « sts_emp »), what the report quotes from the file (an element as the
file writes it, between angle brackets, so that the user can find it there; a value between « »)
and the values the generator plants (ALLOWED_DATA) are the user's own text, not words of the report:
they are taken out before the scan (QUOTED, FILE_NAME)."""
from __future__ import annotations

import functools
import html
import html.parser
import pathlib
import re

import pytest

from lsucheck import engine, render
from lsucheck.generator import generate_school, plant
from lsucheck.generator import references as gref
from lsucheck.generator.faults import LSU_FAULTS, REFERENCE_FAULTS

ROOT = pathlib.Path(__file__).resolve().parents[2]
XSD = ROOT / "py" / "lsucheck" / "data" / "xsd" / "10.0" / "lsun-bilans.xsd"


def _schema_names() -> list[str]:
    names = set(re.findall(r'<xs:(?:element|attribute)\b[^>]*\bname="([a-z]+(?:-[a-z]+)+)"', XSD.read_text("utf-8")))
    assert "prof-princ-refs" in names and "bilan-periodique" in names
    return sorted(names, key=len, reverse=True)


FORBIDDEN = {
    "option de la ligne de commande": r"(?:^|[\s(«\"'])--?[a-z][a-z-]*\b",
    "chemin XML": r"(?<![\w.])/[A-Za-z][\w-]*|\b[A-Za-z][\w-]*/@|\b[A-Za-z][\w-]*/[A-Za-z][\w-]*/[A-Za-z]",
    "attribut XML": r"(?<![\w.])@[A-Za-z_]",
    "position XPath": r"\[\d+\]",
    "symbole de code": r"\w::\w|\b[A-Za-z][a-z0-9]*_[A-Za-z0-9_]+\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b",
    "valeur Python": r"\bNone\b|\bTrue\b|\bFalse\b|\{'|\[\]|\bobject at\b|Traceback|\w+Error\b|\bself\b",
    "nom d'élément LSU": r"\b(?:" + "|".join(re.escape(n) for n in _schema_names()) + r")\b",
    "terme interne": r"Précision technique|choix de lsucheck|\bparse|\btags?\b|\bregex|namespace|xmlschema"
                     r"|schemaVersion|XPath|\bstdout\b",
    "XSD": r"\bXSD\b",
}
#: « XSD » is said only where the user gave a schema file.
XSD_SENTENCE = re.compile(r"fourni|donné|déposé|déposez|disposez", re.I)

#: What the user's files hold and the report quotes: file names, the generator's planted values.
FILE_NAME = re.compile(r"[\w.…-]+\.(?:xml|zip|xsd|csv|html?|json|txt)\b|\bsts_emp(?:_<UAI>_<année>\.xml)?")
#: The file's own text, quoted: an element as the file writes it (« <acquis discipline-ref="DI_1"> »,
#: in the schema's messages, so that it can be found in the file) and a value in guillemets.
QUOTED = re.compile(r"<[^<>]*>|«[^«»]*»")
ALLOWED_DATA = ("ENS_INCONNU", "EPI_XYZ", "P_ERRONEE")


class _Text(html.parser.HTMLParser):
    """What a user reads or hears in an HTML document or fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
        for k, v in attrs:
            if k in ("aria-label", "title", "placeholder", "alt") and v:
                self.parts.append("\n" + v + "\n")
        if tag in ("p", "li", "tr", "td", "th", "dt", "dd", "div", "summary", "h2", "h3", "h4", "h5", "br",
                   "caption", "label", "option", "button", "legend"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(doc: str) -> str:
    p = _Text()
    p.feed(doc)
    p.close()
    return html.unescape("".join(p.parts))


_FORBIDDEN = [(kind, re.compile(pattern)) for kind, pattern in FORBIDDEN.items()]


@functools.lru_cache(maxsize=None)
def _line_hits(line: str) -> tuple[tuple[str, str], ...]:
    """(kind, word) of each forbidden word in one line (a report repeats the same lines in every
    format: each distinct line is scanned once)."""
    clean = line
    for value in ALLOWED_DATA:
        clean = clean.replace(value, " ")
    out = []
    for kind, pattern in _FORBIDDEN:
        for m in pattern.finditer(clean):
            if kind == "XSD" and XSD_SENTENCE.search(clean):
                continue
            out.append((kind, m.group(0)))
    return tuple(out)


def hits(text: str, where: str) -> list[str]:
    """Every forbidden word in ``text``, as « where: kind: the word in its line »."""
    out = []
    for line in QUOTED.sub(" ", FILE_NAME.sub(" ", text)).splitlines():
        for kind, word in _line_hits(line):
            out.append(f"{where}: {kind}: {word!r} in {line.strip()[:160]!r}")
    return out


# ---------------------------------------------------------------------------------------------
#: The schools: every LSU fault in one; the SIECLE and the STS-web faults in two more; the faults that
#: set a reference export aside (an old Nomenclature, STS-web or SIECLE export) in a fourth; F1 and F2
#: (the file cannot be read) alone.
SCHOOLS = {
    "lsu": ["B8"] + [c for c in LSU_FAULTS if c not in ("F1", "F2", "B8")],
    "siecle": [c for c in REFERENCE_FAULTS if c[0] == "S" and c != "S9"],
    "sts": [c for c in REFERENCE_FAULTS if c[0] == "T" and c != "T7"],
    "ecartes": ["S9", "T7", "C6"],
    "F1": ["F1"],
    "F2": ["F2"],
}


def test_every_plantable_fault_is_planted_in_one_of_the_schools():
    planted = {c for codes in SCHOOLS.values() for c in codes}
    assert planted == set(LSU_FAULTS) | set(REFERENCE_FAULTS)


@functools.lru_cache(maxsize=None)
def reports(key: str):
    school = generate_school(seed=7, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=10)
    for code in SCHOOLS[key]:
        plant(school, code)
    inputs = [(school.lsu_xml(), school.file_name)]
    inputs += [(data, name) for name, data in gref.reference_files(school).items()]
    return tuple(engine.check_inputs(inputs, options=engine.Options()))


def test_the_schools_give_the_messages_of_the_faults_planted():
    """The scan reads the faults' messages: most planted codes are in their school's report."""
    for key, codes in SCHOOLS.items():
        found = {m["code"] for r in reports(key) for m in r.messages}
        missing = set(codes) - found
        assert not missing or key == "ecartes" or missing <= {"F2"}, (key, sorted(missing))


def _views(report) -> list[tuple[str, str]]:
    """The page's views of a report: per message, per pupil and per class with every group open."""
    b = render.Browse(report)
    out = [("fragment", render.fragment_of([b])), ("impression", b.print_html({}))]
    for vue in ("eleves", "classes"):
        ids = re.findall(r'<details class="group" id="([^"]+)"', b.html({"vue": vue}))
        out.append((f"vue {vue}", b.html({"vue": vue, "open": ids})))
    first = b.r["facets"]["divisions"][:1]
    if first:
        shown = b.filtered({"division": first[0]["value"]})
        out.append(("export HTML filtré", render.standalone(shown)))
        out.append(("export CSV filtré", render.csv(shown)))
    return out


@pytest.mark.parametrize("key", list(SCHOOLS))
def test_no_forbidden_word_in_any_format_of_the_report(key):
    rs = list(reports(key))
    found = []
    for name, doc in _views(rs[0]):
        found += hits(doc if "CSV" in name else html_text(doc), f"{key}, {name}")
    found += hits(html_text(render.standalone(rs)), f"{key}, export HTML")
    found += hits(render.csv(rs), f"{key}, CSV")
    found += hits(render.text(rs, cap=None), f"{key}, texte")
    found += hits(render.text(rs), f"{key}, texte abrégé")
    assert not found, "\n".join(found[:60]) + f"\n({len(found)} in all)"


def test_no_forbidden_word_in_the_page_itself():
    page = (ROOT / "web" / "index.html").read_text("utf-8")
    assert not hits(html_text(page), "web/index.html")


def test_the_scan_finds_what_it_is_meant_to_find():
    """The patterns catch the words the issue lists (a scan that cannot fail proves nothing)."""
    for bad in ("relancez avec l'option --xsd", "(--annee 2024)", "ajoutez -o rapport", "To::annee_scolaire",
                "SERVICE/@CODE_MATIERE", "prof-princ-refs manquant", "/lsun-bilans/donnees/eleves",
                "acquis[1]", "Précision technique : choix de lsucheck", "valeur None", "Traceback (most recent",
                "KeyError: 'x'", "le schéma XSD du LSU",
                "l'identifiant (id-be) de l'élève", "(bilans = [])"):
        assert hits(bad, "exemple"), bad
    for good in ("Dans PRONOTE : menu Bilans › Import", "Élève DUPONT Léa, 6e A, Trimestre 1 2025-2026",
                 "le fichier import_lsu_20260612.xml", "un fichier XSD fourni avec le fichier LSU",
                 "sous-dossier, et/ou, 15/12/2025", "Alerte — 3 occurrences", "la référence « ENS_INCONNU »",
                 "l'attribut « moyenne-eleve » (moyenne de l'élève) de <acquis discipline-ref=\"DI_061300\">"):
        assert not hits(good, "exemple"), (good, hits(good, "exemple"))
