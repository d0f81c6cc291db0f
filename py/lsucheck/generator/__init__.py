"""A generator of fictitious, realistic collèges (issue 2 item 10), deterministic by seed.

    from lsucheck.generator import generate_school, SIZES
    school = generate_school(seed=1, annee=2025, taille="college", faults=["B10", "F19"])
    data = school.lsu_xml()          # bytes of import_lsu_….xml (UTF-8, schemaVersion 10.0)
    school.file_name                 # "import_lsu_20260612153012.xml"
    school.expected                  # [Expected(code="B10", count=1, …), …]: what a checker must find

Names are common French first names and surnames combined at random; the UAI belongs to a
département that does not exist (099). Nothing produced describes a real person or school.
"""
from .builder import SIZES, calendrier, generate_school, rentree
from .school import DONNEES_ORDER, FICTIVE_UAI, School, uai_with_letter

__all__ = ["generate_school", "SIZES", "School", "FICTIVE_UAI", "DONNEES_ORDER", "uai_with_letter",
           "calendrier", "rentree"]
