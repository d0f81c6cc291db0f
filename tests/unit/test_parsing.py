"""Reading any file safely (issue 2 item 1): hostile, malformed, truncated, empty, binary input
gives a French message with the place and what to do — never a traceback — within 2 s."""
from __future__ import annotations

import time

import pytest

from lsucheck.errors import HostileInputError, TooLargeError, UnreadableError
from lsucheck.parsing import Source, parse, read_source

NS = "urn:fr:edu:scolarite:lsun:bilans:import"


def parse_bytes(data: bytes):
    return parse(Source.from_bytes(data, "import_lsu_test.xml"))


def test_an_element_keeps_its_line_number_and_parent():
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
