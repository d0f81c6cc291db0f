"""Which version of the LSU format a file declares, and how lsucheck checks it (F3).

The versions are data (``data/versions.toml``); this module only applies them (FORMAT.md §1.1,
§2.6):

* the reference version (10.0) is checked fully with the shipped schema, plus a ``CONSEIL``: LSU
  probably requires 13.0 since 2025-2026;
* a *tolerated* version (11.0–13.0: it exists, its XSD is not public) is checked with the 10.0
  schema, the documented differences tolerated (``<acc-persos>`` removed in 12.0;
  ``<moyennes-annuelles>`` added in 13.0, its content not checked), and a ``CONSEIL`` says so;
* an *obsolete* version (2.0…7.0), an unknown one, or none at all: the whole file is rejected
  (``FICHIER``), and its structure is still checked against the reference schema so that the user
  sees everything at once;
* with an official XSD given by the user (``Options.xsd``), that XSD decides alone (see schema.py).
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Iterator

from .findings import Finding, Level

REFERENCE = "reference"
TOLERATED = "tolerated"
OBSOLETE = "obsolete"
UNKNOWN = "unknown"
MISSING = "missing"
USER_XSD = "user_xsd"


@dataclass(frozen=True)
class Version:
    """One known version, as ``data/versions.toml`` describes it."""

    id: str
    status: str
    schema: str
    removed: tuple[str, ...] = ()
    removed_label: str = ""
    unchecked: tuple[str, ...] = ()
    unchecked_label: str = ""


@dataclass(frozen=True)
class Versions:
    reference: str
    probably_required: str
    known: dict

    def get(self, version_id: str | None) -> Version | None:
        return self.known.get(version_id) if version_id is not None else None

    def ids(self, status: str) -> list[str]:
        return sorted((v.id for v in self.known.values() if v.status == status), key=_numeric)


@functools.lru_cache(maxsize=1)
def load() -> Versions:
    """The versions known to lsucheck (``data/versions.toml``)."""
    raw = tomllib.loads((resources.files("lsucheck") / "data" / "versions.toml").read_text("utf-8"))
    known = {}
    for item in raw["version"]:
        version = Version(
            id=item["id"], status=item["status"], schema=item.get("schema", raw["reference"]),
            removed=tuple(item.get("removed", ())), removed_label=item.get("removed_label", ""),
            unchecked=tuple(item.get("unchecked", ())), unchecked_label=item.get("unchecked_label", ""))
        if version.status not in (REFERENCE, TOLERATED, OBSOLETE):
            raise ValueError(f"versions.toml: statut inconnu {version.status!r} pour {version.id}")
        known[version.id] = version
    return Versions(reference=raw["reference"], probably_required=raw["probably_required"], known=known)


@dataclass(frozen=True)
class VersionPolicy:
    """What lsucheck decided for one file.

    declared   the file's ``schemaVersion`` (None when the attribute is absent)
    status     reference | tolerated | obsolete | unknown | missing | user_xsd
    schema     the shipped schema the structure is checked with ("10.0"); None with a user XSD
    removed    elements the declared version removed (their presence gets a CONSEIL)
    unchecked  elements the declared version added: accepted anywhere, content not checked
    """

    declared: str | None
    status: str
    schema: str | None
    removed: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    version: Version | None = None

    @property
    def rejected(self) -> bool:
        """The whole file is rejected for its version (F3 FICHIER)."""
        return self.status in (OBSOLETE, UNKNOWN, MISSING)


def decide(declared: str | None, *, user_xsd: bool = False) -> VersionPolicy:
    """The policy for a file that declares ``schemaVersion=declared``."""
    versions = load()
    if user_xsd:
        return VersionPolicy(declared=declared, status=USER_XSD, schema=None)
    if declared is None:
        return VersionPolicy(declared=None, status=MISSING, schema=versions.reference)
    version = versions.get(declared)
    if version is None:
        return VersionPolicy(declared=declared, status=UNKNOWN, schema=versions.reference)
    return VersionPolicy(declared=declared, status=version.status, schema=version.schema,
                         removed=version.removed if version.status == TOLERATED else (),
                         unchecked=version.unchecked if version.status == TOLERATED else (),
                         version=version)


def findings(policy: VersionPolicy, root, doc=None) -> Iterator[Finding]:
    """The F3 findings for this policy, on the root element ``root`` (``lsun-bilans``)."""
    versions = load()
    ref = versions.reference
    latest = versions.probably_required
    if policy.status == USER_XSD:
        return  # the user's XSD decides (schema.py says which XSD was used)
    if policy.status == MISSING:
        yield Finding("F3", "L'attribut « schemaVersion » (version du format) manque sur l'élément "
                            "racine <lsun-bilans> : le LSU ne sait pas quelle version du format lire et "
                            f"rejettera le fichier. La structure a été vérifiée avec les règles de la "
                            f"version {ref}.", root)
        return
    declared = policy.declared
    if policy.status == UNKNOWN:
        accepted = ", ".join(versions.ids(REFERENCE) + versions.ids(TOLERATED))
        yield Finding("F3", f"La version du format « {declared} » (attribut schemaVersion) est inconnue : "
                            f"le LSU rejettera le fichier. Versions connues : {accepted}. La structure a "
                            f"été vérifiée avec les règles de la version {ref}.", root)
        return
    if policy.status == OBSOLETE:
        yield Finding("F3", f"Le fichier est en version {declared} du format LSU, que le LSU n'accepte "
                            f"plus (au moins {ref}, probablement {latest} en 2025-2026) : le fichier "
                            "entier sera rejeté. Sa structure a tout de même été vérifiée avec les "
                            f"règles de la version {ref} : les autres erreurs ci-dessous montrent ce "
                            "qu'il faudrait corriger.", root)
        return
    if policy.status == REFERENCE:
        if declared != latest:
            yield Finding("F3", f"Le fichier est en version {declared} du format LSU. Depuis la rentrée "
                                f"2025, le LSU exige probablement la version {latest} (moyennes annuelles "
                                "de 3e pour le DNB 2026) : si l'import est refusé pour sa version, mettez "
                                "à jour votre logiciel et refaites l'export.", root, level=Level.CONSEIL)
        return
    # tolerated: say plainly what was and was not checked
    version = policy.version
    tolerated = [label for label in (version.removed_label, version.unchecked_label) if label]
    what = (", en tolérant les différences connues (" + " ; ".join(tolerated) + ")") if tolerated \
        else f" (aucune différence connue avec la {policy.schema})"
    yield Finding("F3", f"Le fichier est en version {declared} du format LSU, dont le schéma officiel "
                        f"n'est pas public : lsucheck a vérifié sa structure avec les règles de la "
                        f"version {policy.schema}{what}. Une erreur propre à la version {declared} "
                        "peut donc échapper à ce contrôle ; pour une vérification exacte, fournissez "
                        f"le XSD officiel {declared} (option --xsd).", root, level=Level.CONSEIL)
    if policy.removed and root is not None:
        seen = set()
        for elem in root.iter():
            name = _local(elem.tag)
            if name in policy.removed and name not in seen:
                seen.add(name)  # once per element name: the point is the version, not each bilan
                yield Finding("F3", f"L'élément <{name}> est présent alors que {version.removed_label} : "
                                    "le LSU risque de refuser le fichier. Retirez l'accompagnement "
                                    "personnalisé de l'export, ou vérifiez le fichier avec le XSD "
                                    f"officiel {declared}.", elem, level=Level.CONSEIL)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _numeric(version_id: str) -> tuple:
    try:
        return tuple(int(p) for p in version_id.split("."))
    except ValueError:
        return (10**6, version_id)
