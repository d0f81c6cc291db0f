"""Bytes → element tree, safely. The only module that imports an XML parser.

* defusedxml with DTDs, entities and external references forbidden (billion laughs, XXE and
  quadratic blow-up are refused before anything is expanded);
* a size limit checked before the bytes are read;
* the declared encoding honoured by expat (UTF-8 with or without BOM, UTF-16, ISO-8859-1/15…);
* every element's line number recorded (users need them), and its parent (for context).

Every failure raises an :class:`~lsucheck.errors.LsucheckError` with a French message that says
what is wrong, where (line, column) and what to do.
"""
from __future__ import annotations

import hashlib
import operator
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from .errors import HostileInputError, TooLargeError, UnreadableError

DEFAULT_MAX_SIZE = 200 * 1024 * 1024  # 200 Mo

# Limits no real export approaches (issue 16 item 2): an LSU, SIECLE or STS-web element has at most
# about fifteen attributes, a few thousand children (the pupils of a large collège or lycée), a depth
# of about ten, a few dozen ids in a list (enseignant-refs…), attributes of at most a few hundred
# characters and texts of at most 1,500 (appréciations). Beyond them a file is refused while it is
# read — before any check could do work per pair of elements, ids or characters.
MAX_ATTRIBUTES = 100          # attributes of one element
MAX_CHILDREN = 500_000        # children of one element
MAX_DEPTH = 100               # elements nested in one another
MAX_IDS_PER_LIST = 1_000      # ids in one list attribute (…-refs)
MAX_ATTRIBUTE_LENGTH = 10_000  # characters of one attribute value
MAX_TEXT_LENGTH = 1_000_000   # characters of text between two tags

_MAGIC = [
    (b"PK\x03\x04", "une archive ZIP", "Décompressez-la et déposez le fichier XML qu'elle contient"),
    (b"%PDF", "un document PDF", "Déposez le fichier XML exporté par votre logiciel, pas un PDF"),
    (b"\xd0\xcf\x11\xe0", "un document Office (Word ou Excel)",
     "Déposez le fichier XML exporté par votre logiciel, pas un document Office"),
    (b"\x89PNG", "une image PNG", "Déposez le fichier XML exporté par votre logiciel"),
    (b"\xff\xd8\xff", "une image JPEG", "Déposez le fichier XML exporté par votre logiciel"),
    (b"\x1f\x8b", "une archive compressée (gzip)", "Décompressez-la et déposez le fichier XML"),
]


@dataclass
class Source:
    """The raw input: its name, its bytes, and facts about them."""

    name: str
    data: bytes
    size: int
    sha256: str

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "fichier.xml") -> "Source":
        return cls(name=name, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def human_size(size: int) -> str:
    """A size in the way LSU's report shows it ("0.378 Mo", "11.53 ko")."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.2f} Mo".replace(".", ",")
    if size >= 1024:
        return f"{size / 1024:.2f} ko".replace(".", ",")
    return f"{size} octets"


def read_source(src, *, name: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> Source:
    """Read a path, a file object or bytes, refusing anything over ``max_size`` first."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
        _check_size(len(data), max_size)
        return Source.from_bytes(data, name or "fichier.xml")
    if isinstance(src, (str, os.PathLike)):
        path = os.fspath(src)
        if os.path.isdir(path):
            raise UnreadableError(
                f"« {path} » est un dossier, pas un fichier : lsucheck vérifie un fichier.",
                fix="Donnez le fichier d'import LSU (import_lsu_….xml) et les exports qui se trouvent dans ce "
                    "dossier, un par un.")
        try:
            size = os.stat(path).st_size
            _check_size(size, max_size)
            with open(path, "rb") as fh:
                data = fh.read(max_size + 1)
        except OSError as exc:
            raise UnreadableError(
                f"Le fichier « {path} » est introuvable ou illisible ({_strerror(exc)}).",
                fix="Vérifiez le chemin du fichier et vos droits de lecture.") from None
        _check_size(len(data), max_size)
        return Source.from_bytes(data, name or os.path.basename(path))
    # a binary file object
    data = src.read(max_size + 1)
    _check_size(len(data), max_size)
    return Source.from_bytes(data, name or getattr(src, "name", None) or "fichier.xml")


def _strerror(exc: OSError) -> str:
    """The system's reason, in French for the usual ones (the system says them in its own language)."""
    import errno
    return {errno.ENOENT: "fichier introuvable", errno.EACCES: "droits insuffisants",
            errno.EPERM: "droits insuffisants", errno.EISDIR: "c'est un dossier",
            errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
            errno.ENAMETOOLONG: "chemin trop long"}.get(exc.errno, "erreur de lecture")


def _check_size(size: int, max_size: int) -> None:
    if size > max_size:
        raise TooLargeError(
            f"Le fichier fait {human_size(size)}, plus que la limite de {human_size(max_size)}.",
            fix="Exportez les bilans par niveau ou par classe pour obtenir des fichiers plus petits.")


#: Below this many bytes per « < », a file is built compactly (see _Element). Exports have 21 to
#: 30 (SIECLE, Nomenclature, Communs, STS-web: one short text per element) and 50 to 170 (LSU
#: files: attributes and appréciations), measured on the samples in ../shared and the generated
#: collèges; 200,000 empty <eleve/> have 8, 380,000 nested <x></x> 3.5.
COMPACT_BYTES_PER_TAG = 16


class _Element(ET.Element):
    """ElementTree's element (the C one), with its line number and its parent in two slots: the
    tree of a file dense in tags (COMPACT_BYTES_PER_TAG).

    Two dicts keyed by element (the lines, the parents) cost 60 to 120 bytes per element more,
    as much as the element itself: little beside an export's elements of 40 to 170 bytes, but
    380,000 nested empty elements (a 2.5 Mo file) grew the process by 113 Mo, 45× the file
    (issue 16 item 2, ``bench.py --worst``), 62 Mo with the slots. Not for every file: the C
    TreeBuilder takes its slow paths for a subclass (its text and tail set by attribute, its
    children appended by a method call), 40 % more time to read a collège's year. Copies
    (``copy``, ``deepcopy``) and elements made later are plain elements, without a line or a
    parent."""

    __slots__ = ("line", "parent")

    def __iter__(self):
        # the children, as fast as ElementTree's own element gives them: a subclass would go
        # through the generic ``__getitem__`` for each child (2.5× slower)
        return iter(self[:])


class _SlotView:
    """The lines or the parents of a compact tree as a read-only mapping element → value, as the
    dicts of the other trees: ``get``, ``[]`` and ``in`` (an element of another tree has none)."""

    __slots__ = ("_get",)

    def __init__(self, name: str):
        self._get = operator.attrgetter(name)

    def get(self, elem, default=None):
        try:
            return self._get(elem)
        except AttributeError:
            return default

    def __getitem__(self, elem):
        try:
            return self._get(elem)
        except AttributeError:
            raise KeyError(elem) from None

    def __contains__(self, elem) -> bool:
        try:
            self._get(elem)
        except AttributeError:
            return False
        return True


LINES = _SlotView("line")
PARENTS = _SlotView("parent")


@dataclass
class Tree:
    """A parsed document: the root element, and each element's line number and parent (``lines``
    and ``parents``: mappings element → value, dicts or views of the elements' slots)."""

    root: ET.Element
    lines: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    encoding: str | None = None
    #: the model.LsuDocument over this tree, made once (model.LsuDocument.of): the engine's and
    #: the structure's wording share its indexes
    document: object = field(default=None, repr=False, compare=False)

    def line(self, elem) -> int | None:
        return self.lines.get(elem)

    def parent(self, elem):
        return self.parents.get(elem)

    def ancestors(self, elem):
        """The element's ancestors, nearest first."""
        parents = self.parents
        elem = parents.get(elem)
        while elem is not None:
            yield elem
            elem = parents.get(elem)


class _ClarkNames(dict):
    """expat's names ("uri}local" with ElementTree's separator) in ElementTree's Clark notation
    ("{uri}local"); a name without namespace is itself. Filled on first sight of each name."""

    def __missing__(self, name):
        fixed = self[name] = ("{" + name) if "}" in name else name
        return fixed


class _LineTreeBuilder:
    """Builds the tree with ElementTree's C TreeBuilder and records each element's line.

    Speed and memory matter here (issue 4: a collège's year is 10–15 Mo, 50 Mo must pass, in
    Pyodide too). defusedxml's parser is ElementTree's pure-Python XMLParser, which routes every
    expat event through two Python calls; :meth:`install` instead wires expat straight to the C
    TreeBuilder for end tags and text, and keeps one small Python handler per start tag (the
    tag's Clark name, the line number, shared copies of attribute values). Text that is
    only blanks (the indentation between elements, one string per element otherwise) is shared
    too. Parents are computed once the tree is built (a compact tree's as each element opens).
    defusedxml's own handlers (DTD, entities, external references) are left untouched.
    """

    __slots__ = ("_tb", "lines", "parents", "start", "end", "data", "close", "_parser")

    def __init__(self, compact: bool = False):
        # compact: each element's line and parent in its slots (_Element), else in two dicts
        self._tb = ET.TreeBuilder(element_factory=_Element) if compact else ET.TreeBuilder()
        self.lines = LINES if compact else {}
        self.parents = PARENTS if compact else {}
        # XMLParser installs its handlers for the methods its target has; install() replaces them
        self.start = self._tb.start
        self.end = self._tb.end
        self.data = self._tb.data
        self.close = self._tb.close

    def install(self, expat_parser, size: int | None = None) -> None:
        """Wire ``expat_parser`` to the tree builder; ``size``: the file's bytes, when known."""
        self._parser = expat_parser
        tb_start = self._tb.start
        tb_end = self._tb.end
        tb_data = self._tb.data
        lines = None if self.lines is LINES else self.lines
        clark = _ClarkNames().__getitem__   # expat's "uri}local" → "{uri}local", cached
        values: dict = {}
        blanks: dict = {}
        share = values.setdefault           # one shared copy of each attribute value
        # the elements open (their number: the depth) above None, the root's parent; the
        # characters of text since the last tag; against the limits
        open_ = [None]
        push, pop = open_.append, open_.pop
        state = [0]
        long_value = min(MAX_ATTRIBUTE_LENGTH, 2 * MAX_IDS_PER_LIST - 1)

        def on_start(name, attrs):
            if len(open_) > MAX_DEPTH:
                self._refuse(name, f"est imbriqué dans plus de {_n(MAX_DEPTH)} éléments les uns dans les autres")
            state[0] = 0
            if attrs:
                if len(attrs) > MAX_ATTRIBUTES:
                    self._refuse(name, f"a {_n(len(attrs))} attributs, plus que la limite de {_n(MAX_ATTRIBUTES)}")
                for key, value in attrs.items():
                    if len(value) >= long_value:
                        self._check_value(name, key, value)
                    if "}" in key:  # a namespaced attribute (xsi:…): Clark notation, as ElementTree
                        attrs = {clark(k): v for k, v in attrs.items()}
                        for k, v in attrs.items():
                            if len(v) >= long_value:
                                self._check_value(name, k, v)
                        break
                    attrs[key] = share(value, value)  # refs, dates, codes: repeated thousands of times
            elem = tb_start(clark(name), attrs)
            if lines is None:
                elem.line = expat_parser.CurrentLineNumber
                elem.parent = open_[-1]
            else:
                lines[elem] = expat_parser.CurrentLineNumber
            push(elem)

        def on_end(name):
            pop()
            state[0] = 0
            tb_end(name)

        def on_data(text):
            if text.isspace():
                text = blanks.setdefault(text, text)
            else:
                state[0] += len(text)
                if state[0] > MAX_TEXT_LENGTH:
                    self._refuse(None, f"contient un texte de plus de {_n(MAX_TEXT_LENGTH)} caractères")
            tb_data(text)

        expat_parser.ordered_attributes = 0
        expat_parser.StartElementHandler = on_start
        expat_parser.EndElementHandler = on_end
        if size is not None and size <= MAX_TEXT_LENGTH:
            # no text of the file can pass the limit (a character takes one byte at least, an
            # entity or character reference several), and sharing the blanks of a file this small
            # saves less than a Python call per text costs: texts go straight to the C builder
            expat_parser.CharacterDataHandler = tb_data
        else:
            expat_parser.CharacterDataHandler = on_data

    def _check_value(self, name, key, value) -> None:
        attr = key.rsplit("}", 1)[-1]
        if len(value) > MAX_ATTRIBUTE_LENGTH:
            self._refuse(name, f"a un attribut « {attr} » de {_n(len(value))} caractères, plus que la limite "
                               f"de {_n(MAX_ATTRIBUTE_LENGTH)}")
        if attr.endswith("-refs"):
            count = len(value.split())
            if count > MAX_IDS_PER_LIST:
                self._refuse(name, f"cite {_n(count)} identifiants dans son attribut « {attr} », plus que la "
                                   f"limite de {_n(MAX_IDS_PER_LIST)}")

    def _refuse(self, name, what: str) -> None:
        p = self._parser
        line, column = p.CurrentLineNumber, p.CurrentColumnNumber + 1
        where = f"ligne {line}, colonne {column}"
        subject = (f"L'élément « {name.rsplit('}', 1)[-1]} » ({where})" if name is not None
                   else f"Le fichier ({where})")
        raise UnreadableError(
            f"Le fichier ne peut pas être lu : {subject[0].lower()}{subject[1:]} {what}. Aucun export "
            "de SIECLE, de STS-web ou d'un logiciel de vie scolaire n'en a autant : le fichier a été "
            "produit ou modifié par un autre programme.", line=line, column=column,
            fix="Refaites l'export depuis votre logiciel, sans ouvrir ni modifier le fichier.")

    def finish(self, root) -> None:
        parents = self.parents if self.parents is not PARENTS else None   # a compact tree has them
        for parent in root.iter():
            if len(parent) > MAX_CHILDREN:
                line = self.lines.get(parent)
                raise UnreadableError(
                    f"Le fichier ne peut pas être lu : l'élément « {parent.tag.rsplit('}', 1)[-1]} » (ligne "
                    f"{line}) contient {_n(len(parent))} éléments, plus que la limite de {_n(MAX_CHILDREN)}. "
                    "Aucun export de SIECLE, de STS-web ou d'un logiciel de vie scolaire n'en a autant : le "
                    "fichier a été produit ou modifié par un autre programme.", line=line,
                    fix="Refaites l'export depuis votre logiciel, sans ouvrir ni modifier le fichier.")
            if parents is not None:
                for child in parent:
                    parents[child] = parent


def _n(number: int) -> str:
    """A count as French writes it: 1 000 000 (narrow no-break spaces)."""
    return f"{number:,}".replace(",", "\u202f")


def parse(source: Source, compact: bool | None = None) -> Tree:
    """Parse the bytes into a :class:`Tree`, or raise a French, located error. ``compact``: the
    lines and parents in the elements' slots (None: when the file is dense in tags, below
    COMPACT_BYTES_PER_TAG; the tree, its lines and its parents are the same either way)."""
    data = source.data
    if not data.strip():
        raise UnreadableError(
            "Le fichier est vide.",
            fix="Refaites l'export depuis votre logiciel et vérifiez que le fichier n'est pas vide "
                "(sa taille doit dépasser quelques ko).")
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise UnreadableError(f"Ce fichier n'est pas un fichier XML : c'est {what}.", fix=fix + ".")
    head = data[:4096]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00?\x00", b"\x00<\x00?"))):
        raise UnreadableError("Ce fichier n'est pas un fichier texte XML (il contient des données binaires).",
                              fix="Déposez le fichier XML exporté par votre logiciel (import_lsu_….xml).")

    if compact is None:
        compact = len(data) < COMPACT_BYTES_PER_TAG * data.count(b"<")
    builder = _LineTreeBuilder(compact)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.install(parser.parser, len(data))
    try:
        parser.feed(data)
        root = parser.close()
        builder.finish(root)
    except DTDForbidden:
        raise HostileInputError(
            f"Fichier refusé : il contient une déclaration DOCTYPE (ligne {parser.parser.CurrentLineNumber}). "
            "Un fichier d'import LSU n'en contient jamais ; elle peut servir à une attaque (entités, "
            "références externes).",
            line=parser.parser.CurrentLineNumber, column=parser.parser.CurrentColumnNumber + 1,
            fix="Refaites l'export depuis votre logiciel ; ne modifiez pas le fichier à la main.") from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise HostileInputError(
            f"Fichier refusé : il déclare des entités XML (ligne {parser.parser.CurrentLineNumber}), "
            "ce qu'un fichier d'import LSU ne fait jamais.",
            line=parser.parser.CurrentLineNumber,
            fix="Refaites l'export depuis votre logiciel ; ne modifiez pas le fichier à la main.") from None
    except ET.ParseError as exc:
        raise _explain(exc, data) from None
    except (ValueError, LookupError) as exc:  # unknown or inconsistent encoding
        raise _explain_codec(exc, _declared_encoding(head)) from None
    return Tree(root=root, lines=builder.lines, parents=builder.parents, encoding=_declared_encoding(head))


def _declared_encoding(head: bytes) -> str | None:
    """The encoding the XML declaration names (None when there is no declaration)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[:200].decode("utf-16", errors="replace").encode("ascii", errors="replace")
    elif head.startswith((b"<\x00", b"\x00<")):
        head = head[:200].decode("utf-16-le" if head[:1] == b"<" else "utf-16-be",
                                 errors="replace").encode("ascii", errors="replace")
    m = _DECL.match(head.lstrip(b"\xef\xbb\xbf"))
    return m.group(1).decode("ascii") if m else None


_DECL = re.compile(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")


def _explain(exc: ET.ParseError, data: bytes) -> UnreadableError:
    line, column = exc.position
    column += 1  # expat counts columns from 0
    code = exc.code
    E = expat.errors
    where = f"ligne {line}, colonne {column}"
    fix = ("Refaites l'export depuis votre logiciel sans ouvrir ni modifier le fichier ; s'il a été "
           "copié ou envoyé par courriel, reprenez l'original.")
    msg = E.messages.get(code, str(exc))
    if (msg != E.XML_ERROR_NO_ELEMENTS and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")):
        # a text file or a CSV: expat's "syntax error" or "invalid token" means nothing to a secretary
        return UnreadableError(
            "Ce fichier n'est pas un fichier XML : il ne commence pas par une balise « < » "
            "(c'est peut-être un fichier texte ou un tableau).", line=line, column=column,
            fix="Déposez le fichier XML exporté par votre logiciel (import_lsu_….xml), sans l'ouvrir "
                "ni le modifier.")
    if msg == E.XML_ERROR_NO_ELEMENTS:
        text = ("Le fichier est tronqué : il s'arrête avant la fin du document XML "
                f"({where}).") if data.strip().startswith(b"<") or data.startswith(b"\xef\xbb\xbf") \
            else f"Ce fichier ne contient pas de document XML ({where})."
        return UnreadableError(text, line=line, column=column,
                               fix="Le téléchargement ou la copie a probablement été interrompu. " + fix)
    if msg in (E.XML_ERROR_UNCLOSED_TOKEN, E.XML_ERROR_UNCLOSED_CDATA_SECTION):
        return UnreadableError(f"Le fichier est tronqué : une balise n'est pas terminée ({where}).",
                               line=line, column=column, fix=fix)
    if msg == E.XML_ERROR_TAG_MISMATCH:
        return UnreadableError(
            f"XML mal formé : une balise fermante ne correspond pas à la balise ouverte ({where}).",
            line=line, column=column, fix=fix)
    if msg == E.XML_ERROR_JUNK_AFTER_DOC_ELEMENT:
        return UnreadableError(
            f"XML mal formé : du contenu suit la fin du document ({where}). Deux exports ont peut-être "
            "été collés dans le même fichier.", line=line, column=column, fix=fix)
    if msg in (E.XML_ERROR_UNKNOWN_ENCODING, E.XML_ERROR_INCORRECT_ENCODING):
        return UnreadableError(
            f"L'encodage déclaré par le fichier est inconnu ou ne correspond pas à son contenu ({where}).",
            line=line, column=column,
            fix="Réenregistrez le fichier en UTF-8, ou refaites l'export depuis votre logiciel.")
    if msg == E.XML_ERROR_INVALID_TOKEN:
        byte = _byte_at(data, line, column)
        if byte is not None and byte >= 0x80:
            return UnreadableError(
                f"Le fichier contient un caractère qui ne correspond pas à l'encodage déclaré ({where}, "
                f"octet 0x{byte:02X}) : il a sans doute été réenregistré dans un autre encodage que celui "
                "qu'il annonce.", line=line, column=column,
                fix="Refaites l'export depuis votre logiciel ; si vous avez modifié le fichier, "
                    "réenregistrez-le en UTF-8.")
        if byte is not None and byte < 0x20 and byte not in (9, 10, 13):
            return UnreadableError(
                f"Le fichier contient un caractère de contrôle interdit en XML ({where}, octet "
                f"0x{byte:02X}), souvent copié-collé depuis un traitement de texte dans une appréciation.",
                line=line, column=column,
                fix="Retrouvez le texte concerné dans votre logiciel, retapez-le, puis refaites l'export.")
        return UnreadableError(f"XML mal formé : caractère ou balise invalide ({where}).",
                               line=line, column=column, fix=fix)
    if msg == E.XML_ERROR_SYNTAX:
        return UnreadableError(f"XML mal formé : erreur de syntaxe ({where}).",
                               line=line, column=column, fix=fix)
    if msg in (E.XML_ERROR_UNDEFINED_ENTITY,):
        return UnreadableError(
            f"XML mal formé : entité inconnue ({where}). Un « & » isolé doit s'écrire « &amp; ».",
            line=line, column=column, fix=fix)
    text = _EXPAT_FR.get(code, "le fichier ne respecte pas les règles d'écriture du XML")
    return UnreadableError(f"XML mal formé ({where}) : {text}.", line=line, column=column, fix=fix)


def _expat_codes(table: dict) -> dict:
    """{expat error code: French text}, from the names of xml.parsers.expat.errors (an expat
    without one of them simply has no entry: its error gets the generic sentence)."""
    E = expat.errors
    return {E.codes[getattr(E, name)]: text for name, text in table.items()
            if getattr(E, name, None) in E.codes}


# Every expat error kind in French (the specific cases above come first; these complete them).
# Those a school file cannot meet (DTD, parser states) still get a French sentence.
_EXPAT_FR = _expat_codes({
    "XML_ERROR_NO_MEMORY": "mémoire insuffisante pour lire le fichier ; fermez d'autres applications et "
                           "réessayez",
    "XML_ERROR_SYNTAX": "erreur de syntaxe",
    "XML_ERROR_NO_ELEMENTS": "le fichier ne contient aucune balise",
    "XML_ERROR_INVALID_TOKEN": "caractère ou balise invalide",
    "XML_ERROR_UNCLOSED_TOKEN": "une balise n'est pas terminée",
    "XML_ERROR_PARTIAL_CHAR": "un caractère est coupé (fichier tronqué ou mal encodé)",
    "XML_ERROR_TAG_MISMATCH": "une balise fermante ne correspond pas à la balise ouverte",
    "XML_ERROR_DUPLICATE_ATTRIBUTE": "un même attribut est écrit deux fois dans une balise",
    "XML_ERROR_JUNK_AFTER_DOC_ELEMENT": "du contenu suit la fin du document",
    "XML_ERROR_PARAM_ENTITY_REF": "référence à une entité de paramètre interdite à cet endroit",
    "XML_ERROR_UNDEFINED_ENTITY": "entité inconnue ; un « & » isolé doit s'écrire « &amp; »",
    "XML_ERROR_RECURSIVE_ENTITY_REF": "une entité se référence elle-même",
    "XML_ERROR_ASYNC_ENTITY": "une entité est mal imbriquée",
    "XML_ERROR_BAD_CHAR_REF": "une référence de caractère (« &#…; ») désigne un caractère interdit en XML",
    "XML_ERROR_BINARY_ENTITY_REF": "référence à une entité binaire",
    "XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF": "référence à une entité externe dans un attribut",
    "XML_ERROR_MISPLACED_XML_PI": "la déclaration « <?xml … ?> » n'est pas au tout début du fichier (deux "
                                  "exports collés, ou une ligne ou un espace avant elle)",
    "XML_ERROR_UNKNOWN_ENCODING": "l'encodage déclaré est inconnu",
    "XML_ERROR_INCORRECT_ENCODING": "l'encodage déclaré ne correspond pas au contenu",
    "XML_ERROR_UNCLOSED_CDATA_SECTION": "une section CDATA n'est pas terminée",
    "XML_ERROR_EXTERNAL_ENTITY_HANDLING": "erreur en lisant une entité externe",
    "XML_ERROR_NOT_STANDALONE": "le document n'est pas autonome (standalone)",
    "XML_ERROR_UNEXPECTED_STATE": "état inattendu du lecteur XML",
    "XML_ERROR_ENTITY_DECLARED_IN_PE": "entité déclarée dans une entité de paramètre",
    "XML_ERROR_FEATURE_REQUIRES_XML_DTD": "le fichier demande la prise en charge des DTD",
    "XML_ERROR_CANT_CHANGE_FEATURE_ONCE_PARSING": "réglage du lecteur XML impossible pendant la lecture",
    "XML_ERROR_UNBOUND_PREFIX": "un préfixe d'espace de noms (« xxx: ») est employé sans être déclaré",
    "XML_ERROR_UNDECLARING_PREFIX": "un préfixe d'espace de noms est déclaré vide",
    "XML_ERROR_INCOMPLETE_PE": "entité de paramètre incomplète",
    "XML_ERROR_XML_DECL": "la déclaration « <?xml … ?> » est mal écrite (elle doit être de la forme "
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>)",
    "XML_ERROR_TEXT_DECL": "une déclaration de texte est mal écrite",
    "XML_ERROR_PUBLICID": "caractère interdit dans un identifiant public",
    "XML_ERROR_SUSPENDED": "lecture suspendue",
    "XML_ERROR_NOT_SUSPENDED": "lecture non suspendue",
    "XML_ERROR_ABORTED": "lecture interrompue",
    "XML_ERROR_FINISHED": "lecture déjà terminée",
    "XML_ERROR_SUSPEND_PE": "lecture suspendue dans une entité de paramètre",
    "XML_ERROR_RESERVED_PREFIX_XML": "le préfixe réservé « xml » est redéclaré",
    "XML_ERROR_RESERVED_PREFIX_XMLNS": "le préfixe réservé « xmlns » est déclaré",
    "XML_ERROR_RESERVED_NAMESPACE_URI": "un préfixe est lié à un espace de noms réservé",
    "XML_ERROR_INVALID_ARGUMENT": "argument invalide pour le lecteur XML",
    "XML_ERROR_NO_BUFFER": "erreur interne du lecteur XML",
    "XML_ERROR_AMPLIFICATION_LIMIT_BREACH": "le fichier se démultiplie à la lecture (entités imbriquées), "
                                            "ce qu'un export ne fait jamais",
})


def _explain_codec(exc: Exception, declared: str | None) -> UnreadableError:
    """An encoding Python cannot use for this file, said in French with the declared name."""
    named = f"l'encodage « {declared} » que déclare le fichier" if declared else "l'encodage du fichier"
    fix = ("Refaites l'export depuis votre logiciel en choisissant l'encodage UTF-8 ; si vous avez modifié "
           "le fichier, réenregistrez-le en UTF-8.")
    if isinstance(exc, UnicodeError):
        where = f" (octet {getattr(exc, 'start', 0) + 1})" if isinstance(getattr(exc, "start", None), int) else ""
        text = f"Le contenu du fichier ne correspond pas à {named}{where}."
    elif isinstance(exc, LookupError):
        text = f"{named[0].upper()}{named[1:]} est inconnu."
    elif "multi-byte" in str(exc):
        text = (f"{named[0].upper()}{named[1:]} ne peut pas être lu : seuls l'UTF-8, l'UTF-16 et les "
                "encodages à un octet par caractère (ISO-8859-1, ISO-8859-15, Windows-1252) le sont.")
    else:
        text = f"{named[0].upper()}{named[1:]} ne peut pas être lu."
    return UnreadableError(text, fix=fix)


def _byte_at(data: bytes, line: int, column: int) -> int | None:
    lines = data.split(b"\n", line)
    if len(lines) < line:
        return None
    text = lines[line - 1]
    # expat columns count characters for UTF-8 input; search the first non-ASCII or control byte
    # from the reported column onwards
    for b in text[max(0, column - 1):max(0, column - 1) + 8]:
        if b >= 0x80 or b < 0x20:
            return b
    for b in text:
        if b >= 0x80 or (b < 0x20 and b not in (9, 13)):
            return b
    return text[column - 1] if 0 < column <= len(text) else None
