"""The LSU's own rapport d'exécution, read back (issue 14).

After an import, the LSU shows a « rapport d'exécution » (Bilans > Import > Rapport d'exécution). The
user copies that page (select all, copy) or saves it (HTML) and gives it to lsucheck beside the same LSU
file. :func:`read` turns it into a :class:`LsuReport`: counters per bilan type, classes concernées, file
name and size, source, date, and each message label with its count and whether it is an error or an
alert. Copying produces numbers and labels on separate lines (« 33 » then « Traités »), « Tous (12) »,
« Disciplines non enseignées (280) »: all are read. What could not be read is said in French
(``LsuReport.problems``), never guessed.

No pupil data leaves this module's caller: a report holds what the page showed.
"""
from __future__ import annotations

import html.parser
import re
import unicodedata
from dataclasses import dataclass, field

from .findings import Level

ERREUR = "erreur"
ALERTE = "alerte"

#: what the LSU's level means for lsucheck's levels
LEVEL_OF = {ERREUR: Level.BILAN, ALERTE: Level.ALERTE}
NIVEAU_FR = {ERREUR: "erreur (bilan rejeté)", ALERTE: "alerte (bilan importé)", None: "non lu"}

SECTIONS = ("periodiques", "cycle")
SECTION_FR = {"periodiques": "Bilans périodiques", "cycle": "Bilans de fin de cycle"}
COUNTERS = ("traites", "importes", "succes", "alertes", "rejetes")
COUNTER_FR = {"traites": "Traités", "importes": "Importés", "succes": "avec succès",
              "alertes": "avec alerte(s)", "rejetes": "Rejetés"}

MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")


def norm(text: str) -> str:
    """A label as compared: no accents, lower case, single spaces, no trailing count or icon."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" .:;")


# ---------------------------------------------------------------------------------------------
@dataclass
class Message:
    """One message label of the LSU's report."""

    label: str
    count: int | None = None
    level: str | None = None          # ERREUR | ALERTE | None (not readable from the page)
    by_section: dict = field(default_factory=dict)   # {"periodiques": n, "cycle": n} from the summary
    occurrences: int = 0              # detail lines seen under the label (never kept: they name pupils)

    def to_dict(self) -> dict:
        return {"label": self.label, "count": self.count, "level": self.level}


@dataclass
class LsuReport:
    counts: dict = field(default_factory=lambda: {s: {} for s in SECTIONS})
    classes: list = field(default_factory=list)
    file_name: str | None = None
    file_size: str | None = None
    source: str | None = None
    date: str | None = None           # ISO date of the import, "2017-02-08"
    time: str | None = None
    total: int | None = None          # « Tous (N) »
    messages: list = field(default_factory=list)
    unread: list = field(default_factory=list)       # lines not understood
    problems: list = field(default_factory=list)     # French sentences: what could not be read

    def message(self, label: str) -> Message | None:
        key = norm(label)
        return next((m for m in self.messages if norm(m.label) == key), None)

    @property
    def date_fr(self) -> str | None:
        if not self.date:
            return None
        y, m, d = (int(x) for x in self.date.split("-"))
        return f"{d}{'er' if d == 1 else ''} {MONTHS_FR[m - 1]} {y}"

    def to_dict(self) -> dict:
        return {"counts": self.counts, "classes": self.classes, "file_name": self.file_name,
                "file_size": self.file_size, "source": self.source, "date": self.date, "time": self.time,
                "total": self.total, "messages": [m.to_dict() for m in self.messages],
                "problems": list(self.problems)}


# ---------------------------------------------------------------------------------------------
_NUM = r"(\d{1,6})"
_COUNTER_WORDS = [
    ("traites", r"trait[ée]s?"),
    ("importes", r"import[ée]s?"),
    ("succes", r"(?:import[ée]s? )?avec succ[eè]s"),
    ("alertes", r"(?:import[ée]s? )?avec alertes?(?: ?\(s\))?"),
    ("rejetes", r"rejet[ée]s?"),
]
_COUNTER_RE = [(k, re.compile(rf"^{w}$", re.I)) for k, w in _COUNTER_WORDS]
_ERROR_ICONS = "×✖✕❌✗⨯"
_ALERT_ICONS = "⚠▲△⚠️"
_IGNORED = [re.compile(p, re.I) for p in (
    r"^(?:>\s*)?bilans?\s*>\s*import", r"^r[ée]sum[ée]$", r"^filtrer les r[ée]sultats", r"^statut$",
    r"^statut\s+message", r"^messages? d'erreurs?$", r"^message$", r"^rapport d'ex[ée]cution$", r"^[q⌕🔍~∨v˅]$",
    r"^(?:afficher|masquer|d[ée]tails?|voir)(?: le d[ée]tail)?$",
)]
_OCCURRENCE = re.compile(r"(pour la p[ée]riode|ne sera pas import|pour la classe|^le bilan|^la classe |"
                         r"^l'[ée]l[èe]ve |^veuillez|\(\d{4}[-/]\d{4}\))", re.I)


def _counter_key(word: str) -> str | None:
    w = re.sub(r"\s+", " ", word.strip())
    for key, rx in _COUNTER_RE:
        if rx.match(w):
            return key
    return None


def _strip_icon(line: str) -> tuple[str, str | None]:
    line = line.strip()
    if line and line[0] in _ERROR_ICONS:
        return line[1:].strip(), ERREUR
    if line and line[0] in _ALERT_ICONS:
        return line.lstrip(_ALERT_ICONS + "\ufe0f").strip(), ALERTE
    return line, None


class _Reader:
    def __init__(self):
        self.r = LsuReport()
        self.section: str | None = None
        self.group: str | None = None      # ERREUR / ALERTE block of the summary
        self.pending: int | None = None    # a number alone on its line, waiting for its word
        self.last: Message | None = None

    # -- messages --------------------------------------------------------------------------
    def add_message(self, label: str, count: int | None, level: str | None, summary: bool) -> None:
        label = re.sub(r"\s+", " ", label).strip(" :")
        m = self.r.message(label)
        if m is None:
            m = Message(label=label)
            self.r.messages.append(m)
        if level and not m.level:
            m.level = level
        elif level and m.level != level:
            self.r.problems.append(f"Le message « {label} » figure à la fois parmi les erreurs et parmi "
                                   "les alertes : lsucheck retient le premier niveau lu.")
        if count is not None:
            if summary:
                m.by_section[self.section or "periodiques"] = count
                m.count = sum(m.by_section.values())
            elif m.count is None:
                m.count = count
        self.last = m

    # -- one line --------------------------------------------------------------------------
    def line(self, raw: str) -> None:
        text = raw.replace("\u00a0", " ").strip()
        if not text:
            return
        text, icon = _strip_icon(text)
        low = norm(text)
        if not text or any(rx.search(text) for rx in _IGNORED):
            return
        if re.fullmatch(r"bilans? periodiques?(?: \(?\d+\)?)*", low):
            self.section, self.group, self.pending = "periodiques", None, None
            return
        if re.fullmatch(r"bilans? de fin de cycle(?: \(?\d+\)?)*", low):
            self.section, self.group, self.pending = "cycle", None, None
            return
        if re.fullmatch(r"(erreurs?|messages? d'erreurs?)(?: \(\d+\))?", low):
            self.group, self.pending = ERREUR, None
            return
        if re.fullmatch(r"(alertes?|avertissements?)(?: \(\d+\))?", low):
            self.group, self.pending = ALERTE, None
            return
        m = re.fullmatch(r"tous ?\((\d+)\)", low)
        if m:
            self.r.total = int(m.group(1))
            return
        m = re.match(r"classes? concern[ée]es? par l'import\s*:?\s*(.*)$", text, re.I)
        if m:
            self.r.classes = [c.strip() for c in m.group(1).split(",") if c.strip()]
            return
        if self.file_line(text):
            return
        if re.fullmatch(_NUM, text):
            self.pending = int(text)
            return
        m = re.fullmatch(rf"{_NUM}\s+(.+)", text)
        if m:
            self.counted(int(m.group(1)), m.group(2), icon)
            return
        if self.pending is not None:
            n, self.pending = self.pending, None
            self.counted(n, text, icon)
            return
        m = re.fullmatch(r"(.+?)\s*\((\d+)\)", text)
        if m and not _OCCURRENCE.search(text):
            self.add_message(m.group(1), int(m.group(2)), icon or None, summary=False)
            return
        if _OCCURRENCE.search(text) and self.last is not None:
            self.last.occurrences += 1
            return
        if icon:  # « × Elève non scolarisé »: a label of the detail list, without its count
            self.add_message(text, None, icon, summary=False)
            return
        self.r.unread.append(text)

    def counted(self, n: int, word: str, icon: str | None) -> None:
        key = _counter_key(word)
        if key is not None:
            if self.section is None:
                self.section = "periodiques"
                self.r.problems.append("Le type de bilans (périodiques ou de fin de cycle) des compteurs n'a "
                                       "pas été lu : lsucheck les compte comme bilans périodiques.")
            self.r.counts[self.section][key] = n
            return
        self.add_message(word, n, icon or self.group, summary=True)

    def file_line(self, text: str) -> bool:
        r = self.r
        m = re.match(r"import du fichier\s*<?\s*([^<>()]+?)\s*>?\s*(?:<[^>]*>)?\s*(?:\(([^)]+)\))?\s*"
                     r"(?:depuis\s+(.+?))?\s*(?:le\s+(.+))?$", text, re.I)
        if m:
            r.file_name, r.file_size = m.group(1).strip(), m.group(2)
            r.source = m.group(3).strip() if m.group(3) else None
            if m.group(4):
                self.date(m.group(4))
            return True
        m = re.match(r"fichier\s*:\s*(.+?)\s*(?:\(([^)]+)\))?$", text, re.I)
        if m:
            r.file_name, r.file_size = m.group(1), m.group(2)
            return True
        m = re.match(r"source\s*:\s*(.*)$", text, re.I)
        if m:
            rest = m.group(1)
            d = re.search(r"import[ée]e? le\s+(.+)$", rest, re.I)
            if d:
                self.date(d.group(1))
                rest = rest[:d.start()]
            r.source = rest.strip() or r.source
            return True
        m = re.match(r"import[ée]e? le\s+(.+)$", text, re.I)
        if m:
            self.date(m.group(1))
            return True
        if r.file_name and r.date is None and re.match(r"\w+ \d{4} [àa] \d", text):  # « février 2017 à 15:39:44 »
            return self.date(text, month_only=True)
        return False

    def date(self, text: str, month_only: bool = False) -> bool:
        t = norm(text)
        rx = r"(\d{4})\s*(?:a\s*(\d{1,2}:\d{2}(?::\d{2})?))?" if month_only else \
             r"(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})\s*(?:a\s*(\d{1,2}:\d{2}(?::\d{2})?))?"
        if month_only:
            m = re.match(r"([a-z]+)\s+" + rx, t)
            day = getattr(self, "_day", None)
            if not m or day is None or m.group(1) not in MONTHS:
                return False
            self.r.date = f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}-{day:02d}"
            self.r.time = m.group(3)
            return True
        m = re.match(rx, t)
        if m and m.group(2) in MONTHS:
            self.r.date = f"{int(m.group(3)):04d}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
            self.r.time = m.group(4)
        else:
            day = re.fullmatch(r"(\d{1,2})", t)
            if day:  # the date cut by the page's layout: « le 08 » … « février 2017 à 15:39:44 »
                self._day = int(day.group(1))
        return True

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> LsuReport:
        r = self.r
        for section in SECTIONS:
            c = r.counts[section]
            if "importes" not in c and "succes" in c and "alertes" in c:
                c["importes"] = c["succes"] + c["alertes"]
        if not any(r.counts[s] for s in SECTIONS):
            r.problems.append("Aucun compteur de bilans (Traités, Importés, Rejetés) n'a été lu : copiez toute "
                              "la page du rapport d'exécution, du titre jusqu'à la liste des messages.")
        for section in SECTIONS:
            c = r.counts[section]
            if all(k in c for k in ("traites", "importes", "rejetes")) and c["traites"] != c["importes"] + c["rejetes"]:
                r.problems.append(f"{SECTION_FR[section]} : les compteurs lus ne concordent pas ({c['traites']} "
                                  f"traités, {c['importes']} importés, {c['rejetes']} rejetés) : vérifiez-les sur "
                                  "la page du LSU.")
            if c and "traites" in c:
                missing = [COUNTER_FR[k] for k in COUNTERS if k not in c]
                if missing:
                    r.problems.append(f"{SECTION_FR[section]} : compteur{'s' if len(missing) > 1 else ''} "
                                      f"non lu{'s' if len(missing) > 1 else ''} : {', '.join(missing)}.")
        if not r.classes:
            r.problems.append("La liste « Classes concernées par l'import » n'a pas été lue.")
        if not r.file_name:
            r.problems.append("Le nom du fichier importé n'a pas été lu.")
        if not r.date:
            r.problems.append("La date de l'import n'a pas été lue.")
        for m in r.messages:
            if m.level is None:
                m.level = None
                r.problems.append(f"Le message « {m.label} » : lsucheck n'a pas pu lire s'il s'agit d'une erreur "
                                  "ou d'une alerte.")
            if m.count is None:
                r.problems.append(f"Le message « {m.label} » : son nombre n'a pas été lu.")
        if r.total is not None and r.messages and all(m.count is not None for m in r.messages):
            seen = sum(m.count for m in r.messages)
            if seen != r.total:
                r.problems.append(f"La page annonce « Tous ({r.total}) » mais les messages lus en comptent {seen} : "
                                  "une partie de la liste manque peut-être dans la copie.")
        if r.unread:
            shown = " ; ".join(f"« {u[:60]} »" for u in r.unread[:5])
            more = f" et {len(r.unread) - 5} autres" if len(r.unread) > 5 else ""
            r.problems.append(f"{len(r.unread)} ligne{'s' if len(r.unread) > 1 else ''} de la page "
                              f"n'{'ont' if len(r.unread) > 1 else 'a'} pas été comprise{'s' if len(r.unread) > 1 else ''} "
                              f": {shown}{more}.")
        return r


# ---------------------------------------------------------------------------------------------
class _HtmlText(html.parser.HTMLParser):
    """The text of a saved page, one block per line; error / alert icons become × / ⚠."""

    BLOCKS = {"p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
              "section", "header", "footer", "table", "ul", "ol", "nav", "option"}
    SKIP = {"script", "style", "head", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")
        else:
            self.parts.append(" ")
        a = dict(attrs)
        hint = norm(" ".join(filter(None, (a.get("class"), a.get("title"), a.get("alt"), a.get("aria-label")))))
        if tag in ("i", "img", "span", "em") and hint:
            if re.search(r"\b(erreur|error|danger|times|rejet)", hint):
                self.parts.append("\n× ")
            elif re.search(r"\b(alerte|warning|avertissement|exclamation)", hint):
                self.parts.append("\n⚠ ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        else:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data.replace("\n", " "))

    def text(self) -> str:
        lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in "".join(self.parts).split("\n")]
        out = []
        for ln in lines:   # an icon alone on its line belongs to the next line
            if out and out[-1] in ("×", "⚠"):
                out[-1] = f"{out[-1]} {ln}" if ln else out[-1]
                continue
            if ln:
                out.append(ln)
        return "\n".join(out)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<!doctype html") or "<html" in head or "<body" in head or "<div" in head


def looks_like_report(text: str) -> bool:
    """Is this text (or saved page) an LSU rapport d'exécution?"""
    t = norm(html_to_text(text) if looks_like_html(text) else text)
    hits = sum(bool(re.search(p, t)) for p in (
        r"rapport d'execution", r"classes? concernees? par l'import", r"\btraites?\b", r"\brejetes?\b",
        r"import du fichier", r"avec succes", r"tous ?\(\d+\)"))
    return hits >= 2


def html_to_text(page: str) -> str:
    p = _HtmlText()
    p.feed(page)
    p.close()
    return p.text()


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read(src) -> LsuReport:
    """Read a rapport d'exécution: pasted text, a text file's content, or a saved HTML page (str or bytes)."""
    text = decode(src) if isinstance(src, (bytes, bytearray)) else str(src)
    if looks_like_html(text):
        text = html_to_text(text)
    reader = _Reader()
    for raw in text.splitlines():
        # a pasted line may hold several cells separated by tabs; an icon alone in its cell (the
        # « Statut » column) belongs to the next cell
        icon = ""
        for cell in raw.split("\t"):
            cell = cell.strip()
            if cell and all(ch in _ERROR_ICONS + _ALERT_ICONS + "\ufe0f" for ch in cell):
                icon = cell[0]
                continue
            if cell:
                reader.line(f"{icon} {cell}" if icon else cell)
                icon = ""
    return reader.finish()
