"""Reading any file safely (issue 2 item 1): hostile, malformed, truncated, empty, binary input
gives a French message with the place and what to do — never a traceback — within 2 s."""
from __future__ import annotations

import copy
import pathlib
import time

import pytest

from lsucheck import parsing
from lsucheck.errors import HostileInputError, TooLargeError, UnreadableError
from lsucheck.parsing import Source, parse, read_source

NS = "urn:fr:edu:scolarite:lsun:bilans:import"


def parse_bytes(data: bytes):
    return parse(Source.from_bytes(data, "import_lsu_test.xml"))


@pytest.fixture(params=["dicts", "compact"])
def builder(request, monkeypatch):
    """Both ways of keeping lines and parents (parsing.COMPACT_BYTES_PER_TAG), whatever the density."""
    monkeypatch.setattr(parsing, "COMPACT_BYTES_PER_TAG", 0 if request.param == "dicts" else 10**9)
    return request.param


def test_an_element_keeps_its_line_number_and_parent(builder):
    tree = parse_bytes(b'<?xml version="1.0"?>\n<a>\n  <b>\n    <c/>\n  </b>\n</a>\n')
    c = tree.root.find("b/c")
    assert tree.line(tree.root) == 2
    assert tree.line(c) == 4
    assert tree.parent(c).tag == "b"
    assert [e.tag for e in tree.ancestors(c)] == ["b", "a"]


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1", "ISO-8859-15", "UTF-16"])
def test_the_declared_encoding_is_honoured(encoding):
    text = f'<?xml version="1.0" encoding="{encoding}"?><eleve nom="Éloïse Noël"/>'
    tree = parse_bytes(text.encode(encoding.lower().replace("utf-16", "utf-16")))
    assert tree.root.get("nom") == "Éloïse Noël"
    assert tree.encoding == encoding


def test_a_utf8_bom_is_accepted():
    tree = parse_bytes(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?><a x="\xc3\xa9"/>')
    assert tree.root.get("x") == "é"


def test_latin1_bytes_in_a_file_declared_utf8_are_named_with_their_place():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\n<b>El\xe8ve</b></a>')
    assert err.value.message == (
        "Le fichier contient un caractère qui ne correspond pas à l'encodage déclaré (ligne 3, "
        "colonne 6, octet 0xE8) : il a sans doute été réenregistré dans un autre encodage que "
        "celui qu'il annonce.")
    assert err.value.line == 3
    assert "UTF-8" in err.value.fix


def test_an_empty_file_says_so():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(b"  \n")
    assert err.value.message == "Le fichier est vide."


def test_a_truncated_file_says_it_is_truncated_and_where():
    data = f'<?xml version="1.0"?>\n<lsun-bilans xmlns="{NS}">\n<entete>\n<editeur>X</edi'.encode()
    with pytest.raises(UnreadableError) as err:
        parse_bytes(data)
    assert err.value.message.startswith("Le fichier est tronqué")
    assert err.value.line == 4


def test_a_mismatched_tag_is_located():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(b"<a>\n<b></c>\n</a>")
    assert err.value.message == ("XML mal formé : une balise fermante ne correspond pas à la "
                                 "balise ouverte (ligne 2, colonne 6).")


def test_a_zip_given_as_xml_is_named():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert err.value.message == "Ce fichier n'est pas un fichier XML : c'est une archive ZIP."


@pytest.mark.parametrize("data", [b"hello world\n", b"Nom;Pr\xe9nom;Classe\r\nNo\xebl;Noah;5 F\r\n",
                                  b"\xef\xbb\xbfNom;Prenom\n"], ids=["texte", "csv-latin1", "csv-bom"])
def test_a_text_or_csv_file_is_named_not_xml_in_french(data):
    # expat's own words ("syntax error", "not well-formed (invalid token)") are English jargon
    with pytest.raises(UnreadableError) as err:
        parse_bytes(data)
    assert err.value.message == ("Ce fichier n'est pas un fichier XML : il ne commence pas par une balise "
                                 "« < » (c'est peut-être un fichier texte ou un tableau).")
    assert err.value.fix.startswith("Déposez le fichier XML exporté par votre logiciel")


def test_a_syntax_error_inside_xml_is_said_in_french():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(b'<?xml version="1.0"?>\n<a>\n<!-- x -- y --></a>')
    assert err.value.message.startswith("XML mal formé : ")
    assert "(ligne 3, colonne " in err.value.message
    assert "error" not in err.value.message


def test_binary_data_is_not_taken_for_xml():
    with pytest.raises(UnreadableError) as err:
        parse_bytes(bytes(range(256)) * 4)
    assert "binaires" in err.value.message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<foo>&xxe;</foo>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE foo SYSTEM "http://127.0.0.1:9/evil.dtd">
<foo/>"""

QUADRATIC = (b'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "' + b"x" * 50_000 + b'">]><k>'
             + b"&a;" * 50_000 + b"</k>")


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE, EXTERNAL_DTD, QUADRATIC],
                         ids=["billion-laughs", "xxe", "external-dtd", "quadratic-blowup"])
def test_hostile_input_is_refused_quickly_with_a_french_message(payload):
    start = time.perf_counter()
    with pytest.raises(HostileInputError) as err:
        parse_bytes(payload)
    assert time.perf_counter() - start < 2
    assert err.value.message.startswith("Fichier refusé : il contient une déclaration DOCTYPE (ligne ")
    assert err.value.fix


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "gros.xml"
    path.write_bytes(b"<a>" + b" " * 3000 + b"</a>")
    with pytest.raises(TooLargeError) as err:
        read_source(path, max_size=1024)
    assert err.value.message == "Le fichier fait 2,94 ko, plus que la limite de 1,00 ko."


def test_a_missing_path_is_a_french_message(tmp_path):
    with pytest.raises(UnreadableError) as err:
        read_source(tmp_path / "absent.xml")
    assert "introuvable" in err.value.message


def test_a_large_malformed_file_is_refused_at_the_place_of_the_fault():
    # its time is measured by tests/benchmark/bench.py, not asserted here (no timed test)
    body = b"<a>" + b"<b x='1'>texte</b>" * 500_000 + b"<c></d></a>"  # ≈9 MB
    with pytest.raises(UnreadableError) as info:
        parse_bytes(body)
    assert info.value.line == 1


# ---- every XML and encoding error is said in French ------------------------------------------
def _error(data: bytes) -> UnreadableError:
    with pytest.raises(UnreadableError) as info:
        parse(Source.from_bytes(data, "x.xml"))
    return info.value


@pytest.mark.parametrize("data,message", [
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml version="1.0"?><a/>',
     "XML mal formé (ligne 2, colonne 1) : la déclaration « <?xml … ?> » n'est pas au tout début du fichier "
     "(deux exports collés, ou une ligne ou un espace avant elle)."),
    (b'<a b="1" b="2"/>', "XML mal formé (ligne 1, colonne 10) : un même attribut est écrit deux fois dans une balise."),
    (b'<x:a/>', "XML mal formé (ligne 1, colonne 1) : un préfixe d'espace de noms (« xxx: ») est employé sans "
                "être déclaré."),
    (b'<a>&#0;</a>', "XML mal formé (ligne 1, colonne 4) : une référence de caractère (« &#…; ») désigne un "
                     "caractère interdit en XML."),
    (b'<?xml version= ?><a/>', "XML mal formé (ligne 1, colonne 16) : la déclaration « <?xml … ?> » est mal "
                               "écrite (elle doit être de la forme <?xml version=\"1.0\" encoding=\"UTF-8\"?>)."),
    (b'<a xmlns:xml="urn:x"/>', "XML mal formé (ligne 1, colonne 1) : le préfixe réservé « xml » est redéclaré."),
])
def test_expat_errors_are_said_in_french(data, message):
    err = _error(data)
    assert str(err) == message
    assert err.fix.startswith("Refaites l'export depuis votre logiciel")


def test_every_expat_error_code_has_a_french_text_and_an_unknown_one_a_generic_sentence(monkeypatch):
    from xml.parsers import expat
    from lsucheck import parsing
    assert set(parsing._EXPAT_FR) == set(expat.errors.codes.values())
    assert not any(text in expat.errors.messages.values() for text in parsing._EXPAT_FR.values())
    monkeypatch.setattr(parsing, "_EXPAT_FR", {})
    assert str(_error(b'<a b="1" b="2"/>')) == ("XML mal formé (ligne 1, colonne 10) : le fichier ne respecte pas "
                                                "les règles d'écriture du XML.")


CODEC_FIX = ("Refaites l'export depuis votre logiciel en choisissant l'encodage UTF-8 ; si vous avez modifié "
             "le fichier, réenregistrez-le en UTF-8.")


@pytest.mark.parametrize("data,message", [
    (b'<?xml version="1.0" encoding="x-inconnu"?><a/>', "L'encodage « x-inconnu » que déclare le fichier est inconnu."),
    (b'<?xml version="1.0" encoding="Shift_JIS"?><a/>',
     "L'encodage « Shift_JIS » que déclare le fichier ne peut pas être lu : seuls l'UTF-8, l'UTF-16 et les "
     "encodages à un octet par caractère (ISO-8859-1, ISO-8859-15, Windows-1252) le sont."),
])
def test_an_encoding_python_cannot_use_is_named_in_french(data, message):
    err = _error(data)
    assert (str(err), err.fix) == (message, CODEC_FIX)


def test_a_decoding_error_names_the_declared_encoding():
    from lsucheck.parsing import _explain_codec
    exc = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "invalid start byte")
    err = _explain_codec(exc, "UTF-8")
    assert (str(err), err.fix) == ("Le contenu du fichier ne correspond pas à l'encodage « UTF-8 » que déclare le "
                                   "fichier (octet 3).", CODEC_FIX)
    assert str(_explain_codec(ValueError("other"), None)) == "L'encodage du fichier ne peut pas être lu."


# ---- limits no real export approaches (issue 16 item 2) --------------------------------------

LIMIT_END = (" Aucun export de SIECLE, de STS-web ou d'un logiciel de vie scolaire n'en a autant : le fichier "
             "a été produit ou modifié par un autre programme.")


def _refused(data: bytes) -> UnreadableError:
    with pytest.raises(UnreadableError) as err:
        parse_bytes(data)
    assert err.value.message.endswith(LIMIT_END)
    assert err.value.fix == "Refaites l'export depuis votre logiciel, sans ouvrir ni modifier le fichier."
    return err.value


def test_attributes_up_to_the_limit_are_read_one_more_is_refused_with_the_count_and_the_place(builder):
    at_limit = b"<a>\n<b " + b" ".join(b'x%d="1"' % i for i in range(parsing.MAX_ATTRIBUTES)) + b"/></a>"
    assert len(parse_bytes(at_limit).root[0].attrib) == 100
    err = _refused(b"<a>\n<b " + b" ".join(b'x%d="1"' % i for i in range(101)) + b"/></a>")
    assert err.message == ("Le fichier ne peut pas être lu : l'élément « b » (ligne 2, colonne 1) a 101 attributs, "
                           "plus que la limite de 100." + LIMIT_END)
    assert (err.line, err.column) == (2, 1)


def test_nesting_up_to_the_limit_is_read_one_level_more_is_refused(builder):
    depth = parsing.MAX_DEPTH
    assert parse_bytes(b"<a>" * depth + b"</a>" * depth).root.tag == "a"
    err = _refused(b"<a>" * (depth + 1) + b"</a>" * (depth + 1))
    assert err.message == ("Le fichier ne peut pas être lu : l'élément « a » (ligne 1, colonne 301) est imbriqué "
                           "dans plus de 100 éléments les uns dans les autres." + LIMIT_END)


def test_nesting_counts_open_elements_only_siblings_do_not_add_up(builder):
    assert len(parse_bytes(b"<a>" + b"<b><c/></b>" * 500 + b"</a>").root) == 500


def test_an_id_list_over_the_limit_is_refused_with_the_attribute_named():
    ok = b'<a><acquis enseignant-refs="' + b" ".join(b"E%d" % i for i in range(1000)) + b'"/></a>'
    assert len(parse_bytes(ok).root[0].get("enseignant-refs").split()) == 1000
    err = _refused(b'<a><acquis enseignant-refs="' + b" ".join(b"E%d" % i for i in range(1001)) + b'"/></a>')
    assert err.message == ("Le fichier ne peut pas être lu : l'élément « acquis » (ligne 1, colonne 4) cite "
                           "1\u202f001 identifiants dans son attribut « enseignant-refs », plus que la limite de "
                           "1\u202f000." + LIMIT_END)


def test_a_long_value_that_is_not_a_list_is_read_up_to_the_attribute_length_limit():
    # 2,000 words in a libellé are not ids: only …-refs attributes are lists
    words = b" ".join(b"mot" for _ in range(2000))
    assert parse_bytes(b'<a libelle="' + words + b'"/>').root.get("libelle").count("mot") == 2000
    err = _refused(b'<a libelle="' + b"x" * 10_001 + b'"/>')
    assert err.message == ("Le fichier ne peut pas être lu : l'élément « a » (ligne 1, colonne 1) a un attribut "
                           "« libelle » de 10\u202f001 caractères, plus que la limite de 10\u202f000." + LIMIT_END)


def test_a_namespaced_attribute_is_held_to_the_same_length_limit():
    err = _refused(b'<a xmlns:x="urn:x" x:y="' + b"z" * 10_001 + b'"/>')
    assert "attribut « y » de 10\u202f001 caractères" in err.message


def test_text_over_the_limit_is_refused_blanks_do_not_count(builder):
    assert parse_bytes(b"<a>" + b" " * 2_000_000 + b"</a>").root.text.isspace()
    err = _refused(b"<a>\n<b>" + b"x" * 1_000_001 + b"</b></a>")
    assert err.message.startswith("Le fichier ne peut pas être lu : le fichier (ligne 2, colonne ")
    assert "contient un texte de plus de 1\u202f000\u202f000 caractères." in err.message


def test_children_over_the_limit_are_refused_with_the_parent_and_its_line(monkeypatch, builder):
    monkeypatch.setattr(parsing, "MAX_CHILDREN", 50)
    assert len(parse_bytes(b"<a>\n<eleves>" + b"<eleve/>" * 50 + b"</eleves></a>").root[0]) == 50
    err = _refused(b"<a>\n<eleves>" + b"<eleve/>" * 51 + b"</eleves></a>")
    assert err.message == ("Le fichier ne peut pas être lu : l'élément « eleves » (ligne 2) contient 51 "
                           "éléments, plus que la limite de 50." + LIMIT_END)
    assert err.line == 2


# ---------------------------------------------------------------------------------------------
# A file dense in tags keeps each element's line and parent in the element (issue 16 item 2)
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
DENSE = (FIXTURES / "valid" / "college_propre_2025.xml").read_bytes().replace(
    b"<entete>", b"<entete>" + (b"<x>" * 20 + b"<y/>" + b"</x>" * 20) * 1000, 1)


def _described(tree) -> list:
    """Every element with what it holds, its line and its parent's place in document order."""
    elems = list(tree.root.iter())
    place = {id(e): i for i, e in enumerate(elems)}
    return [(e.tag, e.attrib, e.text, e.tail, tree.line(e), place.get(id(tree.parent(e))),
             [place[id(c)] for c in e]) for e in elems]


@pytest.mark.parametrize("data", [(FIXTURES / "valid" / "college_propre_2025.xml").read_bytes(), DENSE,
                                  (FIXTURES / "fuzz" / "millesime_20259_ElevesSansAdresses.xml").read_bytes()],
                         ids=["export LSU", "dense", "export SIECLE"])
def test_both_ways_of_keeping_lines_and_parents_give_the_same_tree(data):
    compact = parse(Source.from_bytes(data), compact=True)
    dicts = parse(Source.from_bytes(data), compact=False)
    assert _described(compact) == _described(dicts)
    assert compact.parent(compact.root) is None and dicts.parent(dicts.root) is None
    copied = copy.deepcopy(compact.root)[0]     # an element of no parsed tree: no line, no parent
    assert (compact.line(copied), compact.parent(copied), copied in compact.lines) == (None, None, False)
    with pytest.raises(KeyError):
        compact.lines[copied]


def test_a_file_dense_in_tags_is_built_compactly_an_export_is_not():
    import tracemalloc
    export = (FIXTURES / "valid" / "college_propre_2025.xml").read_bytes()
    assert isinstance(parse(Source.from_bytes(export)).lines, dict)
    assert not isinstance(parse(Source.from_bytes(DENSE)).lines, dict)
    used = {}
    for compact in (False, True):
        tracemalloc.start()
        tree = parse(Source.from_bytes(DENSE), compact=compact)
        used[compact] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        count = sum(1 for _ in tree.root.iter())
        del tree
    # two dicts of 21,109 elements (a line and a parent each) against two slots per element
    assert count == 21_000 + 109   # the 109 of the export
    assert used[False] - used[True] > 30 * count
