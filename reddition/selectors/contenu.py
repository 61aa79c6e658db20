"""A report's content: what a version keeps and what its pages draw."""

from decimal import Decimal

from noyau.formats import pourcentage
from referentiel.models import LigneBudgetaire, StatutImmigration

from .participants import comparaison_cibles


def contenu_rapport(rapport, obligation=None) -> dict:
    """The report as one JSON-ready dict: what a version keeps, what the screens draw. The
    grid is the grant's funded services × the statuses active today (a status added later is
    an empty column); totals are summed here, never taken from the browser."""
    obligation = obligation or rapport.obligation
    subvention = obligation.subvention
    statuts = list(StatutImmigration.objects.actifs().values_list("pk", "nom"))
    nombres, montants, pieces, activites = {}, {}, [], ""
    if rapport is not None and rapport.pk:
        activites = rapport.activites
        nombres = {
            (p.service_finance_id, p.statut_id): p.nombre for p in rapport.participations.all()
        }
        montants = {d.ligne_id: d.montant for d in rapport.depenses.all()}
        pieces = [{"id": p.pk, "nom": p.nom} for p in rapport.pieces.filter(retiree=False)]
    services = []
    totaux_statuts = {str(pk): 0 for pk, _nom in statuts}
    for sf in subvention.services_finances.select_related("service").order_by("pk"):
        cellules = {str(st): nombres.get((sf.pk, st), 0) for st, _nom in statuts}
        for st, n in cellules.items():
            totaux_statuts[st] += n
        services.append(
            {
                "id": sf.pk,
                "nom": str(sf.service),
                "cible": sf.participants_cibles,
                "nombres": cellules,
                "total": sum(cellules.values()),
            }
        )
    lignes = [
        {"id": pk, "nom": nom, "montant": str(montants.get(pk, Decimal("0.00")))}
        for pk, nom in LigneBudgetaire.objects.actifs().values_list("pk", "nom")
    ]
    return {
        "activites": activites,
        "statuts": [[pk, nom] for pk, nom in statuts],
        "services": services,
        "totaux_statuts": totaux_statuts,
        "total": sum(totaux_statuts.values()),
        "lignes": lignes,
        "total_depenses": str(sum((Decimal(li["montant"]) for li in lignes), Decimal("0.00"))),
        "montant_accorde": str(subvention.montant_accorde or Decimal("0.00")),
        "pieces": pieces,
    }


def lecture_rapport(contenu, precedent=None) -> dict:
    """What a page draws of a report or a version: grid rows with their totals, expenses with
    the budget comparison, and, against the `precedent` version, which cells changed (with the
    earlier value, shown as text)."""
    avant_p, avant_d = {}, {}
    if precedent:
        for s in precedent["services"]:
            for st, n in s["nombres"].items():
                avant_p[(s["id"], st)] = n
        avant_d = {li["id"]: Decimal(li["montant"]) for li in precedent["lignes"]}

    def cellule(valeur, avant):
        modifie = precedent is not None and avant != valeur
        return {"valeur": valeur, "avant": avant, "modifie": modifie}

    lignes_grille = [
        {
            "id": s["id"],
            "nom": s["nom"],
            "cible": s["cible"],
            "total": s["total"],
            "pourcentage": pourcentage(s["total"], s["cible"]),
            "cellules": [
                cellule(s["nombres"].get(str(pk), 0), avant_p.get((s["id"], str(pk)), 0))
                | {"statut": pk}
                for pk, _nom in contenu["statuts"]
            ],
        }
        for s in contenu["services"]
    ]
    total_depenses = Decimal(contenu["total_depenses"])
    accorde = Decimal(contenu["montant_accorde"])
    postes = dict(LigneBudgetaire.noms_affiches([li["id"], li["nom"]] for li in contenu["lignes"]))
    return {
        "activites": contenu["activites"],
        "activites_modifiees": precedent is not None
        and precedent["activites"] != contenu["activites"],
        "statuts": StatutImmigration.noms_affiches(contenu["statuts"]),
        "grille": lignes_grille,
        "totaux_statuts": [
            contenu["totaux_statuts"].get(str(pk), 0) for pk, _n in contenu["statuts"]
        ],
        "colonnes": [
            (pk, nom, contenu["totaux_statuts"].get(str(pk), 0))
            for pk, nom in StatutImmigration.noms_affiches(contenu["statuts"])
        ],
        "total": contenu["total"],
        "depenses": [
            cellule(Decimal(li["montant"]), avant_d.get(li["id"], Decimal("0")))
            | {"id": li["id"], "nom": postes[li["id"]]}
            for li in contenu["lignes"]
        ],
        "total_depenses": total_depenses,
        "montant_accorde": accorde,
        "pourcentage_depense": pourcentage(total_depenses, accorde),
        "pieces": contenu["pieces"],
        "cibles": comparaison_cibles(contenu),
    }
