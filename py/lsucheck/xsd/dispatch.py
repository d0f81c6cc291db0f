"""The XSD a file is validated with, and the single place that decides *how* it is validated.

* :func:`load_schema` compiles the project's own schema (``data/xsd/<version>/lsun-bilans.xsd``,
  written from FORMAT.md §2) once per process, from package data.
* :func:`load_user_schema` compiles an official XSD given by the user (``Options.xsd``: a path or
  bytes), once per content.
* :func:`validate` is the dispatcher. It yields the structural findings (F5–F27) of a document:

  - with a user XSD (policy status "user_xsd", decided by the rule once the XSD has loaded):
    xmlschema with that XSD, exactly, and a ``CONSEIL`` naming the XSD used;
  - otherwise, when ``Options.fast`` is true and ``lsucheck.xsd.fast`` is importable and handles
    the version: the fast one-pass validator;
  - otherwise: xmlschema with the project's schema.

xmlschema never fetches anything: schemas are built from bytes with ``allow="none"`` (no file,
no network; an ``xs:import`` that would need one is refused and reported) and ``defuse="always"``;
documents are validated as the ElementTree already parsed by ``parsing.py`` (no second parse,
no ``xsi:schemaLocation`` hint followed).

Contract for the optional fast validator, ``lsucheck.xsd.fast``:

    iter_findings(tree: parsing.Tree) -> Iterable[findings.Finding]
        the structural findings of the parsed tree against the package 10.0 schema, the same
        verdict as xmlschema with data/xsd/10.0 (tests/conformance/test_differential.py decides),
        with each Finding's ``elem`` the element at fault; may raise (e.g. its ``Unsupported``)
        before yielding anything, and xmlschema then validates instead;
    handles(schema_version: str) -> bool      (optional; default: schema_version == "10.0")

``validate`` hands it a tree already adjusted to the version policy (``schemaVersion`` set to the
schema's version and the unchecked elements of a tolerated version left out), exactly as xmlschema
sees it, and falls back to xmlschema if it raises. The adjusted tree is a copy (:func:`adjusted`):
the caller's tree is never modified, and findings are mapped back onto the caller's elements.

This package imports nothing above it (not ``rules``, not ``engine``, not ``catalogue``): the
xmlschema path's French wording lives in :mod:`lsucheck.xsd.words`.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import io
import os
import warnings
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterator

from ..errors import LsucheckError
from ..findings import Finding
from ..recognise import local as _local

SCHEMA_FILE = "lsun-bilans.xsd"


class SchemaLoadError(LsucheckError):
    """An XSD given by the user cannot be used (unreadable, not an XSD, needs remote files)."""

    code = "F3"


@dataclass
class LoadedSchema:
    """A compiled schema and what the user should know about it."""

    schema: object
    label: str                      # how reports name it
    sha256: str
    warnings: list = field(default_factory=list)
    versions: tuple = ()            # the schemaVersion values it accepts, read from its enumeration
    name: str | None = None         # the file's name, when it has one

    @property
    def version(self) -> str | None:
        """The version it describes: the highest its enumeration accepts."""
        return max(self.versions, key=_numeric) if self.versions else None

    def accepts(self, declared: str | None) -> bool:
        return declared is not None and declared.strip() in self.versions

    def said(self) -> str:
        """« le XSD officiel 13.0 que vous avez fourni (« x.xsd », empreinte SHA-256 …) »."""
        others = [v for v in self.versions if v != self.version]
        also = f", qui accepte aussi la version {', '.join(sorted(others, key=_numeric))}" if others else ""
        named = f"« {self.name} », " if self.name else ""
        return (f"le XSD officiel {self.version} que vous avez fourni ({named}empreinte SHA-256 "
                f"{self.sha256[:12]}…{also})")


_XS = "{http://www.w3.org/2001/XMLSchema}"


def _numeric(version: str) -> tuple:
    try:
        return (0,) + tuple(int(p) for p in version.split("."))
    except ValueError:
        return (-1, version)


def lsu_versions(data: bytes, name: str | None = None) -> tuple:
    """The ``schemaVersion`` values an XSD of the LSU accepts, read from its enumeration.

    Raises :class:`SchemaLoadError` (in French, naming the file) when ``data`` is not readable
    XML, not an XSD, not an XSD of the LSU's import files (namespace and ``lsun-bilans``), or does
    not say which version it describes. Needs no xmlschema: the page says so before installing it."""
    from ..parsing import Source, parse
    from ..recognise import NS
    label = _label(name)
    fix = "Donnez le fichier XSD officiel du LSU (import-bilan-complet.xsd), tel que le ministère le diffuse."
    try:
        root = parse(Source.from_bytes(data, name or "schema.xsd")).root
    except LsucheckError as exc:
        said = exc.message[:1].lower() + exc.message[1:]
        raise SchemaLoadError(f"Le {label} n'est pas un fichier XSD lisible : {said}", fix=fix) from None
    if root.tag != f"{_XS}schema":
        raise SchemaLoadError(f"Le {label} n'est pas un XSD (un schéma de fichiers XML) : c'est un autre "
                              "fichier XML.", fix=fix)
    roots = {e.get("name") for e in root.findall(f"{_XS}element")}
    if root.get("targetNamespace") != NS or "lsun-bilans" not in roots:
        raise SchemaLoadError(f"Le {label} n'est pas le XSD du LSU : il ne décrit pas les fichiers d'import "
                              "des bilans (élément lsun-bilans).", fix=fix)
    types = {t.get("name"): t for t in root.findall(f"{_XS}simpleType")}
    found: list[str] = []
    for attr in root.iter(f"{_XS}attribute"):
        if attr.get("name") != "schemaVersion":
            continue
        if attr.get("fixed"):   # the oldest XSDs fix the version instead of listing it
            found.append(attr.get("fixed").strip())
        simple = attr.find(f"{_XS}simpleType")
        if simple is None and attr.get("type"):
            simple = types.get(attr.get("type").rpartition(":")[2])
        if simple is not None:
            found += [e.get("value", "").strip() for e in simple.iter(f"{_XS}enumeration")]
    versions = tuple(dict.fromkeys(v for v in found if v))
    if not versions:
        raise SchemaLoadError(f"Le {label} ne dit pas quelle version du format il décrit (aucune liste de "
                              "versions pour l'attribut schemaVersion) : lsucheck ne peut pas savoir s'il "
                              "convient à ce fichier.", fix=fix)
    return versions


def _build(data: bytes) -> tuple[object, list[str]]:
    # imported on first use: the fast path never needs xmlschema (issue 4: its import costs
    # ≈0.15 s and 13 Mo natively, 0.6–1.4 s in Pyodide)
    import xmlschema
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schema = xmlschema.XMLSchema(io.BytesIO(data), allow="none", defuse="always")
    return schema, [str(w.message) for w in caught]


@functools.lru_cache(maxsize=4)
def load_schema(version: str = "10.0") -> LoadedSchema:
    """The project's schema for ``version`` (compiled once per process)."""
    data = (resources.files("lsucheck") / "data" / "xsd" / version / SCHEMA_FILE).read_bytes()
    schema, _ = _build(data)
    return LoadedSchema(schema=schema, label=f"schéma {version} de lsucheck",
                        sha256=hashlib.sha256(data).hexdigest())


_USER_SCHEMAS: dict = {}   # sha256 → (compiled schema, blocked imports)


def load_user_schema(xsd) -> LoadedSchema:
    """An official XSD given by the user: a path, bytes, or a binary file object."""
    if isinstance(xsd, (bytes, bytearray, memoryview)):
        data, name = bytes(xsd), None
    elif isinstance(xsd, (str, os.PathLike)):
        path = os.fspath(xsd)
        name = os.path.basename(path)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise SchemaLoadError(f"Le XSD « {path} » est introuvable ou illisible ({exc.strerror}).",
                                  fix="Vérifiez le chemin du fichier XSD donné.") from None
    else:
        data, name = xsd.read(), os.path.basename(getattr(xsd, "name", "") or "") or None
    digest = hashlib.sha256(data).hexdigest()
    cached = _USER_SCHEMAS.get(digest)
    if cached is None:
        versions = lsu_versions(data, name)
        try:
            schema, notes = _build(data)
        except ImportError:   # the page could not install the validator it needs (issue 11 item 5)
            raise SchemaLoadError(
                f"Le {_label(name)} (version {max(versions, key=_numeric)}) n'a pas pu servir : le module "
                "qui valide avec un XSD n'a pas pu être installé dans la page.",
                fix="Vérifiez la connexion, puis relancez la vérification.") from None
        except Exception:  # xmlschema raises many kinds; its text is not the user's words
            raise SchemaLoadError(
                f"Le {_label(name)} (version {max(versions, key=_numeric)}) n'est pas un schéma utilisable : "
                "il contient une erreur de construction (un type ou un élément qu'il cite n'existe pas, "
                "ou il a été modifié à la main).",
                fix="Reprenez le fichier XSD officiel du LSU (import-bilan-complet.xsd) tel qu'il a été "
                    "diffusé.") from None
        blocked = [n for n in notes if "block" in n or "import" in n.lower() or "include" in n.lower()]
        cached = _USER_SCHEMAS[digest] = (schema, blocked, versions)
    return LoadedSchema(schema=cached[0], label=_label(name), sha256=digest, warnings=list(cached[1]),
                        versions=cached[2], name=name)


def _label(name: str | None) -> str:
    return f"XSD fourni « {name} »" if name else "XSD fourni"


# ---------------------------------------------------------------------------------------------
def fast_module():
    """``lsucheck.xsd.fast`` if it is installed and usable, else None."""
    try:
        module = importlib.import_module(f"{__package__}.fast")
    except ImportError as exc:
        if getattr(exc, "name", None) not in (f"{__package__}.fast", None):
            raise
        return None
    return module if hasattr(module, "iter_findings") else None


def _fast_handles(module, version: str) -> bool:
    handles = getattr(module, "handles", None)
    return bool(handles(version)) if handles is not None else version == "10.0"


def path_for(policy, options) -> str:
    """Which validator :func:`validate` will use: "user_xsd", "fast" or "xmlschema"."""
    if policy.status == "user_xsd":
        return "user_xsd"
    if options is None or getattr(options, "fast", True):
        module = fast_module()
        if module is not None and policy.schema is not None and _fast_handles(module, policy.schema):
            return "fast"
    return "xmlschema"


def validate(doc, policy, options=None) -> Iterator[Finding]:
    """The structural findings of ``doc`` under the version ``policy`` (see module docstring)."""
    from .words import findings_from_xmlschema

    root = doc.root
    if policy.status == "user_xsd":
        user = load_user_schema(options.xsd)   # the rule has loaded it once already (cached)
        note = f"Structure vérifiée avec {user.said()}, et non avec les règles de lsucheck."
        if user.warnings:
            note += (" Attention : ce XSD fait appel à d'autres fichiers que lsucheck ne charge pas "
                     "(aucun accès au réseau ni au disque) : les types qu'ils définissent n'ont pas pu "
                     "être vérifiés.")
        yield Finding(root, note, code="F29")   # F29: F3's advice, a check of its own
        yield from findings_from_xmlschema(user.schema.iter_errors(root), doc, user.schema)
        return

    how = path_for(policy, options)
    seen, back = adjusted(doc, policy)
    found = None
    if how == "fast":
        try:
            found = list(fast_module().iter_findings(seen.tree))
        except Exception:  # the reference validator is always there to fall back on
            found = None
        if found is not None and not all(_is_well_formed(f) for f in found):
            found = None  # a malformed finding would crash the report: trust xmlschema instead
    if found is None:
        ours = load_schema(policy.schema)
        found = findings_from_xmlschema(ours.schema.iter_errors(seen.root), seen, ours.schema)
    yield from (back(f) for f in found)


def _is_well_formed(finding) -> bool:
    """A finding the engine can stamp: a known code, a message, an element of the tree (or None)."""
    elem = getattr(finding, "elem", None)
    return (isinstance(getattr(finding, "code", None), str)
            and isinstance(getattr(finding, "message", None), str) and bool(finding.message)
            and (elem is None or isinstance(getattr(elem, "tag", None), str)))


def adjusted(doc, policy):
    """The document as the version policy reads it, and how to bring a finding back to ``doc``.

    ``schemaVersion`` is set to the checking schema's version (F3 is the version check's job, not
    the schema's), and the elements a tolerated version added without a known schema
    (``moyennes-annuelles`` in 13.0) are left out: accepted wherever they are, not checked.
    When something must change, the validator sees a *copy* (same lines, same parents' shape);
    ``doc`` and its tree are never modified. Returns ``(document to validate, back)`` where
    ``back(finding)`` is the finding on the caller's element."""
    root = doc.root
    version_differs = policy.schema is not None and root.get("schemaVersion") != policy.schema
    names = set(policy.unchecked or ())
    if not version_differs and not (names and any(_local(e.tag) in names for e in root.iter())):
        return doc, lambda finding: finding
    from ..model import LsuDocument
    from ..parsing import Tree
    import xml.etree.ElementTree as ET

    lines, originals = doc.tree.lines, {}
    copy_lines, copy_parents = {}, {}

    def copy(elem, parent):
        new = ET.Element(elem.tag, dict(elem.attrib))
        new.text, new.tail = elem.text, elem.tail
        originals[id(new)] = (new, elem)
        if elem in lines:
            copy_lines[new] = lines[elem]
        if parent is not None:
            copy_parents[new] = parent
        for child in elem:
            if isinstance(child.tag, str) and _local(child.tag) in names:
                continue
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions: parsing.py keeps none
            new.append(copy(child, new))
        return new

    new_root = copy(root, None)
    if version_differs:
        new_root.set("schemaVersion", policy.schema)
    tree = Tree(root=new_root, lines=copy_lines, parents=copy_parents,
                encoding=getattr(doc.tree, "encoding", None))
    seen = LsuDocument(tree)

    def back(finding):
        elem = getattr(finding, "elem", None)
        pair = originals.get(id(elem)) if elem is not None else None
        if pair is None or pair[0] is not elem:
            return finding
        if getattr(finding, "repeated", ()):  # xsd.fast.RepeatFinding: the elements it stands for too
            return dataclasses.replace(finding, elem=pair[1], repeated=tuple(
                originals[id(e)][1] if id(e) in originals else e for e in finding.repeated))
        return dataclasses.replace(finding, elem=pair[1])

    return seen, back


