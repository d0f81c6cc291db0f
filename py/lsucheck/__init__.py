"""lsucheck — predicts LSU's *rapport d'exécution* for an ``import_lsu_*.xml`` file, locally.

Public API::

    import lsucheck
    report = lsucheck.check("import_lsu_20251215093000.xml", references=["ElevesSansAdresses.zip"])
    report.verdict, report.counts, report.messages, report.to_json()
"""
from .catalogue import Check, load as load_catalogue
from .engine import Options, check, check_inputs
from .errors import LsucheckError
from .findings import Finding, Level
from .report import Report

__version__ = "0.1.0"
__all__ = ["check", "check_inputs", "Options", "Report", "Finding", "Level", "Check",
           "load_catalogue", "LsucheckError", "__version__"]
