"""What an uploaded document may be: its extension AND its first bytes must agree.

The extension alone is whatever the sender typed; the content alone can be a polyglot. Checking
both keeps an HTML page renamed `.pdf` (or a `.docx` that is some other zip) out of the storage.
"""

import os
import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo
# Lazy: it is shown in the reader's language ("10 MB" in English), long after import.
TAILLE_MAX_LIBELLE = _("10 Mo")

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


def reponse_fichier(fichier, nom: str, introuvable) -> FileResponse:
    """A stored private file (documents, agreements, attachments have no public URL) as a
    download named `nom`, its type from its extension; a 404 saying `introuvable` when the
    storage no longer has it."""
    try:
        contenu = fichier.open("rb")
    except OSError as erreur:
        raise Http404(introuvable) from erreur
    return FileResponse(contenu, as_attachment=True, filename=nom, content_type=type_contenu(nom))


# An honest document has tens of entries that inflate a few times; a zip bomb has thousands of
# entries or a few that claim hundreds of megabytes. Nothing here is ever inflated whole.
MEMBRES_MAX = 2000
DECOMPRESSE_MAX = 200 * 1024 * 1024
EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
LECTURE_MAX = 100


class ArchiveSuspecte(Exception):
    pass


def _nombre_membres(fichier) -> int | None:
    """Entry count read from the end record, before zipfile builds one object per entry."""
    fichier.seek(0, os.SEEK_END)
    taille = fichier.tell()
    fichier.seek(max(0, taille - (EOCD.size + 0xFFFF)))
    fin = fichier.read()
    position = fin.rfind(b"PK\x05\x06")
    if position < 0 or len(fin) - position < EOCD.size:
        return None
    return EOCD.unpack_from(fin, position)[4]


def _examiner_zip(fichier) -> tuple[list[str], bytes]:
    """Entry names and the first bytes of `mimetype` (nothing for a broken zip); raises
    ArchiveSuspecte for a bomb."""
    nombre = _nombre_membres(fichier)
    if nombre is None:
        return [], b""
    # 0xFFFF means the real count is in a ZIP64 record: no office document needs one.
    if nombre > MEMBRES_MAX or nombre == 0xFFFF:
        raise ArchiveSuspecte
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            infos = archive.infolist()
            if len(infos) > MEMBRES_MAX or sum(i.file_size for i in infos) > DECOMPRESSE_MAX:
                raise ArchiveSuspecte
            membres = [i.filename for i in infos]
            mimetype = b""
            if "mimetype" in membres:
                # A bounded read: archive.read() would inflate the whole entry in memory.
                with archive.open("mimetype") as membre:
                    mimetype = membre.read(LECTURE_MAX)
            return membres, mimetype
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ):
        # Broken, encrypted or in a compression method we do not read: not an office document.
        return [], b""


def nature(fichier) -> str | None:
    """The kind of content the first bytes reveal (`pdf`, `docx`…), or None if none allowed.
    Raises ArchiveSuspecte for a zip whose entries are too many or inflate too much."""
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
        membres, mimetype = _examiner_zip(fichier)
        if "[Content_Types].xml" in membres:
            if "word/document.xml" in membres:
                return "docx"
            if "xl/workbook.xml" in membres:
                return "xlsx"
        if mimetype.strip() == ODT_MIMETYPE:
            return "odt"
        return None
    finally:
        fichier.seek(0)


def verifier_fichier(fichier) -> None:
    """Raises a French ValidationError unless the file is an allowed, non-empty document ≤ 10 Mo."""
    ext = extension(getattr(fichier, "name", ""))
    if ext not in FORMATS:
        raise ValidationError(
            _("Format de fichier refusé. Formats acceptés : %(formats)s."),
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
    try:
        trouvee = nature(fichier)
    except ArchiveSuspecte:
        raise ValidationError(
            _(
                "Ce fichier compressé est anormal (trop d'éléments ou trop volumineux une fois "
                "décompressé) : enregistrez-le de nouveau depuis votre traitement de texte ou "
                "votre tableur."
            ),
            code="archive",
        ) from None
    if trouvee != FORMATS[ext][1]:
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension .%(ext)s : "
                "enregistrez-le de nouveau dans un format accepté (%(formats)s)."
            ),
            code="contenu",
            params={"ext": ext, "formats": FORMATS_LIBELLE},
        )
