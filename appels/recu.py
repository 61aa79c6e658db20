"""The receipt of a submitted application: one page, written with reportlab when asked.

`rapports/pdf` comes after `appels` in the house's order: this small page registers the same
vendored DejaVu Sans itself (the PDF standard fonts lack `œ` and the narrow no-break space)."""

import functools
import io
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from noyau.formats import format_money, heure

from .models import MONTREAL

DOSSIER = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu-sans"


@functools.cache
def _polices():
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DOSSIER / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DOSSIER / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def numero_de(demande) -> str:
    return f"D-{demande.appel_id}-{demande.pk:05d}"


def recu_pdf(demande) -> HttpResponse:
    normal, gras = _polices()
    tampon = io.BytesIO()
    page = canvas.Canvas(tampon, pagesize=letter)
    page.setTitle(_("Accusé de réception"))
    page.setAuthor("BINAM")
    _largeur, hauteur = letter
    y = hauteur - 2.5 * cm
    page.setFont(gras, 16)
    page.drawString(2 * cm, y, _("Accusé de réception d'une demande"))
    y -= 0.8 * cm
    page.setFont(normal, 10)
    page.drawString(2 * cm, y, _("Bureau d'intégration des nouveaux arrivants à Montréal (BINAM)"))
    quand = timezone.localtime(demande.soumise_le, MONTREAL)
    lignes = [
        (_("Numéro"), numero_de(demande)),
        (_("Appel de projets"), demande.appel.titre),
        (_("Organisme"), str(demande.organisme)),
        (_("Projet"), demande.titre_projet),
        (_("Montant demandé"), format_money(demande.montant_demande)),
        (
            _("Soumise le"),
            _("%(date)s à %(heure)s (heure de Montréal)")
            % {"date": quand.strftime("%Y-%m-%d"), "heure": heure(quand.time())},
        ),
    ]
    y -= 1.5 * cm
    for libelle, valeur in lignes:
        page.setFont(gras, 11)
        page.drawString(2 * cm, y, libelle)
        page.setFont(normal, 11)
        page.drawString(6.5 * cm, y, str(valeur)[:90])
        y -= 0.8 * cm
    y -= 0.6 * cm
    page.setFont(normal, 9)
    page.drawString(
        2 * cm,
        y,
        _(
            "La demande sera d'abord jugée recevable ou non, puis évaluée par le comité de "
            "sélection."
        ),
    )
    page.showPage()
    page.save()
    reponse = HttpResponse(tampon.getvalue(), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="recu-{numero_de(demande)}.pdf"'
    return reponse
