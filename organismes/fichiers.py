"""What an uploaded document may be: its extension AND its first bytes must agree.

The extension alone is whatever the sender typed; the content alone can be a polyglot. Checking
both keeps an HTML page renamed `.pdf` (or a `.docx` that is some other zip) out of the storage.
"""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo
TAILLE_MAX_LIBELLE = "10 Mo"

ZIP = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# extension → (content type sent on download, kind of content expected)
FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
}
FORMATS_LIBELLE = "PDF, PNG, JPEG, DOCX, XLSX, ODT"
ACCEPT = ",".join(f".{ext}" for ext in FORMATS)


def extension(nom: str) -> str:
    return os.path.splitext(nom or "")[1].lstrip(".").lower()


def type_contenu(nom: str) -> str:
    return FORMATS.get(extension(nom), ("application/octet-stream", None))[0]


def _membres_zip(fichier) -> list[str] | None:
    try:
        with zipfile.ZipFile(fichier) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _lire_membre(fichier, nom) -> bytes:
    with zipfile.ZipFile(fichier) as archive:
        return archive.read(nom)[:100]


def nature(fichier) -> str | None:
    """The kind of content the first bytes reveal (`pdf`, `docx`…), or None if none allowed."""
    fichier.seek(0)
    debut = fichier.read(8)
    fichier.seek(0)
    if debut.startswith(b"%PDF-"):
        return "pdf"
    if debut.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if debut.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if not debut.startswith(ZIP):
        return None
    try:
        membres = _membres_zip(fichier) or []
        if "[Content_Types].xml" in membres:
            if "word/document.xml" in membres:
                return "docx"
            if "xl/workbook.xml" in membres:
                return "xlsx"
        if "mimetype" in membres and _lire_membre(fichier, "mimetype").strip() == ODT_MIMETYPE:
            return "odt"
        return None
    finally:
        fichier.seek(0)


def verifier_fichier(fichier) -> None:
    """Raises a French ValidationError unless the file is an allowed, non-empty document ≤ 10 Mo."""
    ext = extension(getattr(fichier, "name", ""))
    if ext not in FORMATS:
        raise ValidationError(
            _("Format de fichier refusé. Formats acceptés: %(formats)s."),
            code="format",
            params={"formats": FORMATS_LIBELLE},
        )
    taille = fichier.size
    if not taille:
        raise ValidationError(_("Le fichier est vide."), code="vide")
    if taille > TAILLE_MAX:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(max)s."),
            code="taille",
            params={"max": TAILLE_MAX_LIBELLE},
        )
    if nature(fichier) != FORMATS[ext][1]:
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension .%(ext)s: "
                "enregistrez-le de nouveau dans un format accepté (%(formats)s)."
            ),
            code="contenu",
            params={"ext": ext, "formats": FORMATS_LIBELLE},
        )
