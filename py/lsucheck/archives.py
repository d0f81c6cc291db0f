"""Zip archives as schools download them (ExportXML_ElevesSansAdresses.zip…), read with limits
so that a zip bomb is refused with a clear message (FORMAT.md C4)."""
from __future__ import annotations

import io
import zipfile
import zlib

from .errors import HostileInputError, UnreadableError

MAX_MEMBERS = 20
MAX_MEMBER_SIZE = 200 * 1024 * 1024
MAX_TOTAL_SIZE = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; XML compresses ≈10–30×


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06"


def expand(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The XML members of a zip archive, as (name, bytes), or a French error."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableError(f"L'archive « {name} » est endommagée ou incomplète.",
                              fix="Téléchargez-la de nouveau depuis SIECLE ou STS-web.") from None
    xml = [i for i in infos if i.filename.lower().endswith(".xml")]
    if len(infos) > MAX_MEMBERS:
        count = f"{len(infos):_}".replace("_", "\u202f")  # 10 000, as French writes it
        raise HostileInputError(f"L'archive « {name} » contient {count} fichiers : c'est trop "
                                "pour un export SIECLE ou STS-web.",
                                fix="Déposez directement le fichier XML attendu.")
    if not xml:
        raise UnreadableError(f"L'archive « {name} » ne contient aucun fichier XML.",
                              fix="Déposez l'export XML téléchargé depuis SIECLE ou STS-web.")
    total = 0
    out = []
    for info in xml:
        if info.flag_bits & 0x1:
            raise UnreadableError(f"L'archive « {name} » est protégée par un mot de passe.",
                                  fix="Décompressez-la vous-même et déposez le fichier XML.")
        ratio = info.file_size / max(info.compress_size, 1)
        total += info.file_size
        if info.file_size > MAX_MEMBER_SIZE or total > MAX_TOTAL_SIZE or ratio > MAX_RATIO:
            raise HostileInputError(
                f"Archive refusée : « {info.filename} » se décompresserait en "
                f"{info.file_size // (1024 * 1024)} Mo (taux de compression {ratio:.0f}:1), ce qui "
                "ressemble à une « bombe de décompression ».",
                fix="Déposez le fichier XML attendu, téléchargé directement depuis SIECLE ou STS-web.")
        try:
            with archive.open(info) as fh:
                content = fh.read(MAX_MEMBER_SIZE + 1)
        except NotImplementedError:
            raise UnreadableError(f"L'archive « {name} » utilise une méthode de compression que lsucheck ne "
                                  "sait pas lire.", fix="Décompressez-la vous-même et déposez le fichier XML.") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            # a corrupted member, or sizes in the headers that lie (CRC check fails)
            raise UnreadableError(f"L'archive « {name} » est endommagée : « {info.filename} » ne se "
                                  "décompresse pas correctement.",
                                  fix="Téléchargez-la de nouveau depuis SIECLE ou STS-web.") from None
        if len(content) > MAX_MEMBER_SIZE:
            raise HostileInputError(f"Archive refusée : « {info.filename} » est trop volumineux.",
                                    fix="Déposez directement le fichier XML attendu.")
        out.append((info.filename.rsplit("/", 1)[-1], content))
    return out
