"""A generator of fictitious, realistic collèges (issue 2 item 10), deterministic by seed.

    from lsucheck.generator import generate_school, SIZES
    school = generate_school(seed=1, annee=2025, taille="college", faults=["B10", "F19"])
    data = school.lsu_xml()          # bytes of import_lsu_….xml (UTF-8, schemaVersion 10.0)
    school.file_name                 # "import_lsu_20260612153012.xml"
    school.expected                  # [Expected(code="B10", count=1, …), …]: what a checker must find
    plant(school, "B14")             # one more fault on an existing school
    school.reference_files()         # {"ElevesSansAdresses.xml": bytes, …} (references.py)

Sizes (SIZES, measured on this 2-core machine, seed 1): "petit" one 6e class, first trimestre,
0.13 Mo; "college" 24 divisions, ≈ 650 pupils, ≈ 1,940 bilans périodiques + ≈ 320 de cycle,
≈ 11 Mo in about a second; "grand" 96 divisions, ≈ 3,000 pupils, ≈ 50 Mo in about 6 s.

Names are common French first names and surnames combined at random; the UAI belongs to a
département that does not exist (099). Nothing produced describes a real person or school.
"""
from .builder import SIZES, generate_school
from .dates import calendrier, rentree
from .faults import FAULTS, Expected, plant
from .school import DONNEES_ORDER, FICTIVE_UAI, School, uai_with_letter

__all__ = ["generate_school", "SIZES", "School", "FICTIVE_UAI", "DONNEES_ORDER", "uai_with_letter",
           "calendrier", "rentree", "plant", "Expected", "FAULTS"]
