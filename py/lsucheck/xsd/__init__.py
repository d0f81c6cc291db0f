"""Structural validation of an LSU file against an XSD: the dispatcher and the project's schema
(:mod:`.dispatch`), the fast one-pass validator and its table (:mod:`.fast`, table as data in
``data/xsd/<version>/``), the neutral record of a problem (:mod:`.problems`) and the one French
wording of structural problems (:mod:`.words`), whatever validator found them.

Imports nothing above it: not ``rules``, not ``engine``, not ``catalogue``.
"""
from .dispatch import (SCHEMA_FILE, LoadedSchema, SchemaLoadError, adjusted,  # noqa: F401
                       fast_module, load_schema, load_user_schema, lsu_versions, path_for,
                       validate)
from .problems import Problem  # noqa: F401,E402
