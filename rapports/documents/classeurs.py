"""Workbooks over a period: one sheet written by the reports' one sheet writer
(rapports.feuilles: title row with the period and the date generated, frozen header,
auto-filter, typed cells, widths, totals row)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from noyau.classeurs import Classeur
from noyau.exports import CHUNK
from noyau.formats import date_longue, heure
from rapports import feuilles
from rapports.feuilles import Colonne


def titre_periode(titre, du, au) -> str:
    """`Échéancier des versements — du 1er janvier 2026 au 31 décembre 2026 — généré le …`"""
    maintenant = timezone.localtime()
    return _("%(titre)s — du %(du)s au %(au)s — généré le %(date)s à %(heure)s") % {
        "titre": titre,
        "du": date_longue(du),
        "au": date_longue(au),
        "date": date_longue(maintenant.date()),
        "heure": heure(maintenant),
    }


def classeur(*, feuille, titre, colonnes, lignes, totaux) -> Classeur:
    """`lignes` is an iterable of value lists (read lazily, memory stays flat); `totaux(n)`
    gives the totals row once `n` rows are written."""
    wb = Classeur()
    feuilles.feuille(
        wb,
        nom=feuille,
        titre=titre,
        colonnes=colonnes,
        lignes=lignes,
        totaux=lambda nombre, _sommes: totaux(nombre),
        taille_titre=12,
    )
    return wb


def nom_periode(prefixe, du, au) -> str:
    """`echeancier-versements-2026-01-01-au-2026-12-31-2026-11-27.xlsx`"""
    return f"{prefixe}-{du.isoformat()}-au-{au.isoformat()}-{timezone.localdate().isoformat()}.xlsx"


__all__ = ["CHUNK", "Colonne", "classeur", "nom_periode", "titre_periode"]
