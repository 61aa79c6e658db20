"""The payment batch workbook sent to the city's finance system."""

from django.utils.translation import gettext as _

from noyau.classeurs import Classeur, reponse_classeur

from .selectors import lignes_du_lot


def classeur_lot(lot) -> Classeur:
    wb = Classeur()
    ws = wb.feuille(_("Lot de paiement"))
    ws.figer(1)
    entetes = [
        _("Organisme"),
        _("NEQ"),
        _("Subvention"),
        _("Versement"),
        _("Montant"),
        _("Résolution"),
    ]
    ws.largeurs([24] * len(entetes))
    ws.ajouter(entetes, style="gras")
    for v in lignes_du_lot(lot=lot).iterator(chunk_size=2000):
        s = v.subvention
        ws.ajouter(
            [str(s.organisme), s.organisme.neq, s.numero, v.rang, v.montant, s.numero_resolution]
        )
    ws.filtrer(0, len(entetes))
    return wb


def reponse_lot(lot):
    nom = f"lot-paiement-{lot.pk}-{lot.cree_le.date().isoformat()}.xlsx"
    return reponse_classeur(classeur_lot(lot), nom)
