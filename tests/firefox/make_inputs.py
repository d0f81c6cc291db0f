"""Write the input files the Firefox tests give the app, into the folder given (generated schools,
the same as tests/browser/conftest.py's: nothing from ../shared). Usage: python3 make_inputs.py DIR"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "py"), str(ROOT)]

from lsucheck.generator import generate_school  # noqa: E402
from tests.browser.conftest import siecle_eleves, without_appreciations  # noqa: E402

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
small = generate_school(seed=11, annee=2025, divisions=("6 A",), eleves_par_division=10)
(out / "import_lsu_petit.xml").write_bytes(small.lsu_xml())
(out / "ElevesSansAdresses.xml").write_bytes(siecle_eleves(small))
many = generate_school(seed=3, annee=2025, nb_divisions_par_niveau=1, eleves_par_division=20)
(out / "import_lsu_sans_appreciations.xml").write_bytes(without_appreciations(many.lsu_xml()))
