"""The organisations: money committed per organisation and borough, the late ones."""

from decimal import Decimal

from django.db.models import Count, Min, Sum
from django.utils.translation import gettext as _

from organismes.models import Organisme, nom_affiche
from reddition.models import Obligation

from .portee import Filtres, _des_subventions, _repartitions_engagees

ZERO = Decimal("0")
NB_ORGANISMES = 10  # the "top organisations" chart
NB_RETARDATAIRES = 50  # late organisations listed on the dashboard (the count covers them all)


def obligations_en_retard(*, user, filtres: Filtres, limite=NB_RETARDATAIRES) -> dict:
    """Reports owed past their due date: how many, and the late organisations (most overdue
    first, with their number of late reports)."""
    retards = _des_subventions(Obligation.objects.en_retard(), user, filtres)
    # Every late organisation in one grouped query (a few hundred rows at most), counted here
    # rather than by a second query over the same rows.
    organismes = list(
        retards.order_by()
        .values("subvention__organisme")
        .annotate(
            nom=Min(nom_affiche("subvention__organisme__")),
            nombre=Count("pk"),
            plus_ancienne=Min("date_echeance"),
        )
        .order_by("plus_ancienne", "nom")
    )
    nombre = sum(ligne["nombre"] for ligne in organismes)
    organismes = organismes[:limite]
    for ligne in organismes:
        ligne["organisme_id"] = ligne.pop("subvention__organisme")
    return {"nombre": nombre, "organismes": organismes}


def engage_par_organisme(*, user, filtres: Filtres) -> list[dict]:
    """Money committed (engagé) per organisation, with its arrondissement: one aggregate that
    both the arrondissements and the top organisations read (each was a join of every
    répartition with its grant and organisation, 50 ms at 20,000 grants)."""
    lignes = list(
        _repartitions_engagees(user, filtres)
        .order_by()
        .values("subvention__organisme")
        .annotate(montant=Sum("montant"), nombre=Count("subvention", distinct=True))
    )
    if not lignes:
        return []
    # Names apart: carried through the aggregate, they made its sort spill to disk.
    noms = {
        pk: (nom, arrondissement)
        for pk, nom, arrondissement in Organisme.objects.annotate(nom=nom_affiche(""))
        .order_by()
        .values_list("pk", "nom", "arrondissement__nom")
    }
    return [
        {
            "organisme_id": ligne["subvention__organisme"],
            "nom": noms[ligne["subvention__organisme"]][0],
            "arrondissement": noms[ligne["subvention__organisme"]][1],
            "montant": ligne["montant"],
            "nombre": ligne["nombre"],
        }
        for ligne in lignes
    ]


def engage_par_arrondissement(*, user, filtres: Filtres, par_organisme=None) -> list[dict]:
    """Money committed (engagé) by the organisation's arrondissement, largest first; an
    organisation without one is counted under "Non précisé". (A grant has one organisation:
    adding the organisations' grant counts counts each grant once.)"""
    if par_organisme is None:
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
    cumuls = {}
    for ligne in par_organisme:
        cumul = cumuls.setdefault(ligne["arrondissement"], {"montant": ZERO, "nombre": 0})
        cumul["montant"] += ligne["montant"]
        cumul["nombre"] += ligne["nombre"]
    return ordre_des_arrondissements(cumuls)


def ordre_des_arrondissements(cumuls) -> list[dict]:
    """{borough name or None: {"montant", "nombre"}} as engage_par_arrondissement's rows:
    largest first; equal amounts by name, "Non précisé" (no name) last among them."""
    ordre = sorted(cumuls, key=lambda nom: (-cumuls[nom]["montant"], nom is None, nom or ""))
    return [{"arrondissement": nom or _("Non précisé"), **cumuls[nom]} for nom in ordre]


def principaux_organismes(
    *, user, filtres: Filtres, limite=NB_ORGANISMES, par_organisme=None
) -> list[dict]:
    """The organisations with the most money committed (Σ répartition of their grants approved
    or later: over every exercice, that is Σ montant accordé)."""
    if par_organisme is None:
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
    lignes = sorted(par_organisme, key=lambda li: (-li["montant"], li["nom"]))[:limite]
    return [{k: v for k, v in li.items() if k != "arrondissement"} for li in lignes]
