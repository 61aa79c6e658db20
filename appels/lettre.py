"""The letter to an organisation whose project the committee did not retain: the project, the
decision and its reason, signed by the BINAM. Written with reportlab when asked (the decision
is stored, the letter is not), in the fonts of the receipt (appels.recu)."""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from noyau.formats import format_money

from .models import MONTREAL
from .recu import _polices, numero_de


def _paragraphe(texte, style):
    # Every text the organisation or the committee typed is escaped: reportlab reads markup.
    return Paragraph(escape(str(texte)).replace("\n", "<br/>"), style)


def lettre_pdf(demande) -> HttpResponse:
    normal, gras = _polices()
    recommandation = demande.recommandation
    corps = ParagraphStyle("corps", fontName=normal, fontSize=11, leading=15, spaceAfter=8)
    titre = ParagraphStyle("titre", parent=corps, fontName=gras, fontSize=14, spaceAfter=14)
    petit = ParagraphStyle("petit", parent=corps, fontSize=9, leading=12)
    envoyee = timezone.localtime(recommandation.lettre_envoyee_le, MONTREAL)
    organisme = demande.organisme
    tampon = io.BytesIO()
    document = SimpleDocTemplate(
        tampon,
        pagesize=letter,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Décision du comité de sélection"),
        author="BINAM",
    )
    contenu = [
        _paragraphe(_("Bureau d'intégration des nouveaux arrivants à Montréal (BINAM)"), petit),
        _paragraphe(_("Montréal, le %(date)s") % {"date": formats.date_format(envoyee)}, corps),
        Spacer(1, 0.3 * cm),
        _paragraphe(organisme.nom_legal, corps),
        Spacer(1, 0.4 * cm),
        _paragraphe(
            _("Objet : appel de projets « %(appel)s », demande %(numero)s")
            % {"appel": demande.appel.titre, "numero": numero_de(demande)},
            titre,
        ),
        _paragraphe(_("Madame, Monsieur,"), corps),
        _paragraphe(
            _(
                "Nous vous remercions d'avoir présenté le projet « %(projet)s » (montant demandé : "
                "%(montant)s) à l'appel de projets « %(appel)s »."
            )
            % {
                "projet": demande.titre_projet,
                "montant": format_money(demande.montant_demande),
                "appel": demande.appel.titre,
            },
            corps,
        ),
        _paragraphe(
            _(
                "Après l'évaluation de toutes les demandes recevables, le comité de sélection n'a "
                "pas retenu votre projet, pour le motif suivant :"
            ),
            corps,
        ),
        _paragraphe(recommandation.motif, ParagraphStyle("motif", parent=corps, leftIndent=1 * cm)),
        _paragraphe(
            _(
                "Cette décision ne préjuge pas de vos prochaines demandes : nous vous invitons à "
                "répondre aux prochains appels de projets du BINAM."
            ),
            corps,
        ),
        _paragraphe(_("Veuillez agréer nos salutations distinguées."), corps),
        Spacer(1, 1 * cm),
        _paragraphe(_("Direction du BINAM"), corps),
        _paragraphe(_("Ville de Montréal"), petit),
    ]
    document.build(contenu)
    reponse = HttpResponse(tampon.getvalue(), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="lettre-{numero_de(demande)}.pdf"'
    return reponse
