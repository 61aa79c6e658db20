"""Smallest files of each accepted format (and a few impostors) for upload tests."""

import io
import zipfile

from tests.factories import PDF_MINIMAL

PNG_MINIMAL = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG_MINIMAL = b"\xff\xd8\xff\xe0" + b"\x00" * 24


def zip_de(membres: dict) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in membres.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


DOCX = zip_de({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_de({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zip_de({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>"})
ZIP_QUELCONQUE = zip_de({"lisez-moi.txt": "bonjour"})

CONTENUS = {
    "pdf": PDF_MINIMAL,
    "png": PNG_MINIMAL,
    "jpg": JPEG_MINIMAL,
    "jpeg": JPEG_MINIMAL,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
}
