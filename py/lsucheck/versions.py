"""Which version of the LSU format a file declares, and how lsucheck checks it (F3).

The versions are data (``data/versions.toml``); this module only applies them (FORMAT.md §1.1,
§2.6):

* the reference version (10.0) is checked fully with the shipped schema;
* whatever the version, when it is not the one the LSU probably requires for the target school
  year (``[[required]]`` in the data: 13.0 from 2025-2026, « déduit, à confirmer »), F28 says so
  in the verdict banner (ALERTE by default, counting against no bilan: the counters, the verdict
  and the exit code stay as they are; ``--niveau F28=FICHIER`` rejects the file);
* a *tolerated* version (11.0–13.0: it exists, its XSD is not public) is checked with the 10.0
  schema, the documented differences tolerated (``<acc-persos>`` removed in 12.0;
  ``<moyennes-annuelles>`` added in 13.0, its content not checked), and a ``CONSEIL`` says so;
* an *obsolete* version (2.0…7.0), an unknown one, or none at all: the whole file is rejected
  (``FICHIER``), and its structure is still checked against the reference schema so that the user
  sees everything at once;
* with an official XSD of the file's version given by the user (``Options.xsd``), that XSD decides
  alone (xsd/dispatch.py); one of another version is named and these rules apply.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Iterator

from .findings import Finding
from .recognise import local

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
    required: tuple = ()  # ((first year, version, status), …) sorted by year

    def required_for(self, year: int | None) -> tuple[str, str, int] | None:
        """(version, status, from year) the LSU probably requires in school year ``year``
        (2026 = 2026-2027); None before the first entry. ``year`` None: the latest entry."""
        chosen = None
        for start, version, status in self.required:
            if year is None or start <= year:
                chosen = (version, status, start)
        return chosen

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
    required = tuple(sorted((int(r["from"]), r["version"], r.get("status", "")) for r in raw.get("required", ())))
    return Versions(reference=raw["reference"], probably_required=raw["probably_required"], known=known,
                    required=required)


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
        yield Finding(root, "L'attribut « schemaVersion » (version du format) manque sur l'élément "
                            "racine <lsun-bilans> : le LSU ne sait pas quelle version du format lire et "
                            f"rejettera le fichier. La structure a été vérifiée avec les règles de la "
                            f"version {ref}.", code="F3")
        return
    declared = policy.declared
    if policy.status == UNKNOWN:
        accepted = ", ".join(versions.ids(REFERENCE) + versions.ids(TOLERATED))
        yield Finding(root, f"La version du format « {declared} » (attribut schemaVersion) est inconnue : "
                            f"le LSU rejettera le fichier. Versions connues : {accepted}. La structure a "
                            f"été vérifiée avec les règles de la version {ref}.", code="F3")
        return
    if policy.status == OBSOLETE:
        yield Finding(root, f"Le fichier est en version {declared} du format LSU, que le LSU n'accepte "
                            f"plus (au moins {ref}, probablement {latest} en 2025-2026) : le fichier "
                            "entier sera rejeté. Sa structure a tout de même été vérifiée avec les "
                            f"règles de la version {ref} : les autres erreurs ci-dessous montrent ce "
                            "qu'il faudrait corriger.", code="F3")
        return
    if policy.status == REFERENCE:
        return
    # tolerated: say plainly what was and was not checked
    version = policy.version
    tolerated = [label for label in (version.removed_label, version.unchecked_label) if label]
    what = (", en tolérant les différences connues (" + " ; ".join(tolerated) + ")") if tolerated \
        else f" (aucune différence connue avec la {policy.schema})"
    yield Finding(root, f"Le fichier est en version {declared} du format LSU, dont le schéma officiel "
                        f"n'est pas public : lsucheck a vérifié sa structure avec les règles de la "
                        f"version {policy.schema}{what}. Une erreur propre à la version {declared} "
                        "peut donc échapper à ce contrôle ; pour une vérification exacte, fournissez "
                        f"le XSD officiel {declared} : déposez-le avec le fichier.", code="F29")
    if policy.removed and root is not None:
        seen = set()
        for elem in root.iter():
            name = local(elem.tag)
            if name in policy.removed and name not in seen:
                seen.add(name)  # once per element name: the point is the version, not each bilan
                yield Finding(elem, f"L'élément <{name}> est présent alors que {version.removed_label} : "
                                    "le LSU risque de refuser le fichier. Retirez l'accompagnement "
                                    "personnalisé de l'export, ou vérifiez le fichier avec le XSD "
                                    f"officiel {declared}.", code="F29")


def banner_finding(policy: VersionPolicy, root, target_year: int | None) -> Finding | None:
    """F28: the file's version is not the one the LSU probably requires in ``target_year``.

    Shown in the verdict banner; it counts against no bilan (``bilans=[]``), so at its default
    level (ALERTE) the counters and the verdict stay as they are. None when the version is the
    required one, when the file declares none (F3 says so), or before the first
    school year the data knows."""
    if policy.status == MISSING or policy.declared is None:
        return None   # with an official XSD of the file's version too: the LSU may want another one
    required = load().required_for(target_year)
    if required is None or policy.declared == required[0]:
        return None
    version, _status, start = required
    year = target_year if target_year is not None else start
    when = f"le LSU de {year}-{year + 1}" if target_year is not None else f"depuis {start}-{start + 1}, le LSU"
    return Finding(root, f"Votre logiciel a produit la version {_short(policy.declared)} ; {when} "
                         f"n'accepte probablement que la {version} : le fichier entier risque d'être "
                         "refusé. Mettez votre logiciel à jour, puis refaites l'export.", code="F28", bilans=[])


def _short(value: str, limit: int = 20) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _numeric(version_id: str) -> tuple:
    try:
        return tuple(int(p) for p in version_id.split("."))
    except ValueError:
        return (10**6, version_id)
