"""Hostile uploads: a zip bomb is refused with memory kept flat; a long name is shortened."""

import io
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organismes.fichiers import DECOMPRESSE_MAX, MEMBRES_MAX, verifier_fichier
from organismes.models import Document
from tests.factories import PDF_MINIMAL

MO = 1024 * 1024
PIC_MAX = 20 * MO


def bombe(membres: dict[str, int]) -> bytes:
    """A zip whose entries are `taille` bytes of zeros each (whole Mo), deflated.

    Written by hand rather than by `zipfile`, which deflates every Mo again (about 1 s of CPU for
    each 150 Mo): one Mo of zeros is deflated once, ended by a full flush (so that it refers to
    nothing before it), and repeated; the stream is what zlib would read for the whole entry."""
    bloc = zlib.compressobj(9, zlib.DEFLATED, -15)
    bloc = bloc.compress(bytes(MO)) + bloc.flush(zlib.Z_FULL_FLUSH)
    fin = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the last (empty) block
    locaux, central = io.BytesIO(), io.BytesIO()
    for nom, taille in membres.items():
        nom, crc = nom.encode(), 0
        for _ in range(taille // MO):
            crc = zlib.crc32(bytes(MO), crc)
        donnees = bloc * (taille // MO) + fin
        # version 2.0, no flag, deflate, 1980-01-01 00:00, crc, sizes, name length, no extra.
        entete = struct.pack(
            "<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(donnees), taille // MO * MO, len(nom), 0
        )
        central.write(b"PK\x01\x02" + struct.pack("<H", 20) + entete)
        central.write(struct.pack("<HHHII", 0, 0, 0, 0, locaux.tell()) + nom)
        locaux.write(b"PK\x03\x04" + entete + nom + donnees)
    debut, central = locaux.tell(), central.getvalue()
    nombre = len(membres)
    fin_du_repertoire = struct.pack("<HHHHIIH", 0, 0, nombre, nombre, len(central), debut, 0)
    return locaux.getvalue() + central + b"PK\x05\x06" + fin_du_repertoire


@pytest.fixture(scope="module")
def odt_150_mo():
    # Under the declared-size limit: only a bounded read keeps memory flat here.
    return bombe({"mimetype": 150 * MO})


@pytest.fixture(scope="module")
def docx_geant():
    return bombe({"[Content_Types].xml": 0, "word/document.xml": DECOMPRESSE_MAX + 10 * MO})


def pic_memoire(fonction):
    tracemalloc.start()
    try:
        fonction()
    except ValidationError:
        pass
    finally:
        _, pic = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return pic


def test_lecture_du_mimetype_bornee(odt_150_mo):
    assert len(odt_150_mo) < 1 * MO
    fichier = SimpleUploadedFile("bombe.odt", odt_150_mo)
    assert pic_memoire(lambda: verifier_fichier(fichier)) < PIC_MAX
    with pytest.raises(ValidationError) as erreur:
        verifier_fichier(fichier)
    assert erreur.value.code == "contenu"


def test_taille_declaree_absurde_refusee(docx_geant):
    fichier = SimpleUploadedFile("bombe.docx", docx_geant)
    assert pic_memoire(lambda: verifier_fichier(fichier)) < PIC_MAX
    with pytest.raises(ValidationError) as erreur:
        verifier_fichier(fichier)
    assert erreur.value.code == "archive"
    assert "anormal" in erreur.value.messages[0]


def test_trop_de_membres_refuse():
    membres = {"[Content_Types].xml": 0, "word/document.xml": 0}
    membres.update({f"vide/{i}.xml": 0 for i in range(MEMBRES_MAX)})
    fichier = SimpleUploadedFile("nombreux.docx", bombe(membres))
    with pytest.raises(ValidationError) as erreur:
        verifier_fichier(fichier)
    assert erreur.value.code == "archive"


def test_televersement_d_une_bombe_ne_stocke_rien(
    client_de, agent, organisme, docx_geant, stockage_prive
):
    reponse = client_de(agent).post(
        f"/organismes/{organisme.pk}/documents/ajouter/",
        {
            "type": "autre",
            "titre": "Bombe",
            "fichier": SimpleUploadedFile("bombe.docx", docx_geant),
        },
    )
    assert reponse.status_code == 200
    assert "anormal" in reponse.content.decode()
    assert not Document.objects.exists()
    assert not stockage_prive.exists() or not any(stockage_prive.rglob("*.docx"))


def test_nom_de_fichier_trop_long_en_octets_raccourci(client_de, agent, organisme, stockage_prive):
    reponse = client_de(agent).post(
        f"/organismes/{organisme.pk}/documents/ajouter/",
        {
            "type": "autre",
            "titre": "Nom long",
            "fichier": SimpleUploadedFile("é" * 200 + ".pdf", PDF_MINIMAL),
        },
    )
    assert reponse.status_code == 302
    document = Document.objects.get()
    nom = document.nom_fichier
    assert nom.endswith(".pdf") and nom.startswith("éé")
    assert len(nom.encode()) <= 255
    assert (stockage_prive / document.fichier.name).read_bytes() == PDF_MINIMAL
