"""From the committee's decisions to grants and letters, in one action (rule appels.convertir).

Each retained application becomes a grant in "recommandée" through subventions' own service
(`subvention_creer_recommandee`, plain values: this app leans on subventions, never the
reverse); its proposed services become the organisation's catalogue services (an existing one
of the same rubrique that aims at the same statuses, or a new one) with their targets by status;
its files are copied among the organisation's private documents. Each non-retained organisation
is sent its letter (PDF on its application page, e-mail with the reason and the link). The call
is then decided. One transaction: everything or nothing; an application already converted is
skipped, a letter already sent is not sent again.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import ServiceIntegration
from catalogue.services import service_creer
from comptes.permissions import est_agent
from noyau.courriels import lien, signature
from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import verdict
from organismes.models import Document
from organismes.services import document_televerser
from subventions.services import subvention_creer_recommandee

from ..models import AppelDeProjets, CibleDemande, Demande, Recommandation
from ..permissions_conversion import lettres_a_envoyer, retenues_a_convertir
from ..recu import numero_de
from ..selectors.comite import montant_recommande_de
from .comite import decision_concurrente, montant_au_dela_du_demande
from .courriels import courriel_apres_validation, destinataires

CENT = Decimal("0.01")


@dataclass
class Bilan:
    """What one action did: the grants created (application, grant), the letters sent, whether
    the call became decided."""

    subventions: list = field(default_factory=list)
    lettres: list = field(default_factory=list)
    appel_decide: bool = False


def repartition_au_prorata(montant, debut, fin, exercices) -> list[dict]:
    """The amount split over the project's calendar years that the call funds (`exercices`; all
    of the project's years when the call funds none of them), in proportion to the project's
    days in each, to the cent (the last year takes the rounding)."""
    annees = list(range(debut.year, fin.year + 1))
    annees = [a for a in annees if a in exercices] or annees
    jours = {
        a: (min(fin, datetime.date(a, 12, 31)) - max(debut, datetime.date(a, 1, 1))).days + 1
        for a in annees
    }
    total, reste, lignes = sum(jours.values()), montant, []
    for annee in annees[:-1]:
        part = (montant * jours[annee] / total).quantize(CENT, rounding=ROUND_HALF_UP)
        lignes.append({"exercice": annee, "montant": part})
        reste -= part
    lignes.append({"exercice": annees[-1], "montant": reste})
    return lignes


def _service_catalogue(demande, propose, statuts, deja, par):
    """The organisation's catalogue service for a proposed one: an active service of the same
    rubrique aiming at every targeted status (not yet used by this grant), or a new one."""
    candidats = (
        ServiceIntegration.objects.filter(
            organisme_id=demande.organisme_id, rubrique_id=propose.rubrique_id, actif=True
        )
        .exclude(pk__in=deja)
        .prefetch_related("statuts_vises")
        .order_by("pk")
    )
    voulus = {s.pk for s in statuts}
    for service in candidats:
        if voulus <= {s.pk for s in service.statuts_vises.all()}:
            return service
    return service_creer(
        par=par,
        nom=(propose.description or f"{propose.rubrique} — {demande.titre_projet}")[:250],
        organisme=demande.organisme,
        rubrique=propose.rubrique,
        statuts_vises=statuts or list(demande.appel.statuts.all()),
        territoires=list(propose.territoires.all()),
        description=propose.description,
    )


def _services_finances(demande, par) -> list[dict]:
    lignes, deja = [], set()
    proposes = demande.services.select_related("rubrique").prefetch_related(
        "territoires", Prefetch("cibles", CibleDemande.objects.select_related("statut"))
    )
    for propose in proposes:
        cibles = {c.statut: c.participants_cibles for c in propose.cibles.all()}
        service = _service_catalogue(demande, propose, list(cibles), deja, par)
        deja.add(service.pk)
        # The application gives no amount per service: the parts stay at zero (the grant's
        # amount is the committee's), and the agent sets them if the file goes back to analysis.
        lignes.append(
            {
                "service": service,
                "participants_cibles": sum(cibles.values()),
                "montant": Decimal(0),
                "cibles": cibles,
            }
        )
    return lignes


def _copier_pieces(demande, subvention, par):
    """Each file of the application, copied among the organisation's private documents (a new
    stored file: deleting one never takes the other); the piece keeps a link to its copy."""
    for piece in demande.pieces.select_related("document"):
        try:
            with piece.fichier.open("rb") as source:
                contenu = source.read()
        except OSError:
            raise ValidationError(
                _("Le fichier « %(nom)s » de la demande « %(demande)s » est introuvable.")
                % {"nom": piece.nom, "demande": demande}
            ) from None
        titre = _("%(document)s — demande à l'appel « %(appel)s » (%(numero)s)") % {
            "document": piece.document.libelle,
            "appel": demande.appel.titre,
            "numero": subvention.numero,
        }
        piece.copie = document_televerser(
            organisme=demande.organisme,
            par=par,
            type_document=Document.Type.AUTRE,
            titre=titre[:200],
            fichier=ContentFile(contenu, name=piece.nom),
        )
        auteur(piece, par, _("Copiée au dossier de l'organisme"))
        piece.save(update_fields=["copie"])


def demande_convertir(*, demande, par):
    """One retained application into a grant in "recommandée" (call inside appel_convertir)."""
    appel = demande.appel
    montant = montant_recommande_de(demande)
    commentaire = _(
        "Recommandée par le comité de sélection de l'appel « %(appel)s » (demande %(numero)s) "
        "pour %(montant)s."
    )
    subvention = subvention_creer_recommandee(
        par=par,
        champs={
            "organisme": demande.organisme,
            "programme": appel.programme,
            "titre": demande.titre_projet,
            "description": demande.description_projet,
            # A manager who converts is not the file's agent: an agent takes it later.
            "agent": par if est_agent(par) else None,
            "montant_demande": demande.montant_demande or Decimal(0),
            "montant_accorde": montant,
            "date_debut": demande.date_debut,
            "date_fin": demande.date_fin,
        },
        repartitions=repartition_au_prorata(
            montant, demande.date_debut, demande.date_fin, appel.exercices
        ),
        services_finances=_services_finances(demande, par),
        commentaire=commentaire
        % {"appel": appel.titre, "numero": numero_de(demande), "montant": format_money(montant)},
    )
    demande.subvention = subvention
    demande.version += 1
    auteur(demande, par, _("Devenue la subvention %(numero)s") % {"numero": subvention.numero})
    demande.save()
    _copier_pieces(demande, subvention, par)
    return subvention


def appel_convertir(*, appel, par) -> Bilan:
    """Rule appels.convertir (closed call, every admissible application decided, something left
    to do, each retained application with a recommended amount; agents and managers). Every
    retained application without a grant becomes one; every non-retained organisation without
    its letter is sent it; the call becomes decided. All or nothing."""
    bilan = Bilan()
    with transaction.atomic():
        appel = AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        verdict(par, "appels.convertir", appel).exiger()
        retenues = (
            retenues_a_convertir(appel)
            .select_for_update(of=("self",))
            .select_related("appel", "appel__programme", "organisme", "recommandation")
            .order_by("pk")
        )
        for demande in retenues:
            bilan.subventions.append((demande, demande_convertir(demande=demande, par=par)))
        maintenant = timezone.now()
        decisions = (
            lettres_a_envoyer(appel)
            .select_for_update(of=("self",))
            .select_related("demande", "demande__appel", "demande__organisme")
            .order_by("demande_id")
        )
        for recommandation in decisions:
            recommandation.lettre_envoyee_le = maintenant
            auteur(recommandation, par, _("Lettre envoyée à l'organisme"))
            recommandation.save(update_fields=["lettre_envoyee_le"])
            demande = recommandation.demande
            courriel_apres_validation(_courriel_lettre, demande, destinataires(demande))
            bilan.lettres.append(demande)
        if (
            appel.etat != AppelDeProjets.Etat.DECIDE
            and not appel.demandes.filter(etat=Demande.Etat.RECEVABLE).exists()
        ):
            appel.etat = AppelDeProjets.Etat.DECIDE
            appel.version += 1
            auteur(appel, par, _("Appel décidé"))
            appel.save()
            bilan.appel_decide = True
    return bilan


def _courriel_lettre(demande):
    recommandation = Recommandation.objects.get(demande=demande)
    sujet = _("Décision sur votre demande : %(titre)s") % {"titre": demande.titre_projet}
    corps = _(
        "Bonjour,\n\nLe comité de sélection de l'appel « %(appel)s » n'a pas retenu le projet "
        "« %(titre)s », pour le motif suivant :\n\n%(motif)s\n\nLa lettre de décision : "
        "%(lettre)s\n\nNous vous remercions de l'intérêt que vous portez à l'intégration des "
        "personnes immigrantes à Montréal."
    ) % {
        "appel": demande.appel.titre,
        "titre": demande.titre_projet,
        "motif": recommandation.motif,
        "lettre": lien(reverse("appels:demande_lettre", args=[demande.pk])),
    }
    return sujet, corps + signature()


def demande_retenir_de_la_liste(*, demande, par, montant_recommande, motif, version=None):
    """Rule appels.retenir_de_la_liste: a waitlisted application of a decided call retained after
    all (a retained organisation withdrew, money came back). The committee's decision becomes
    « retenue » with its amount and reason (a new version in its history), and the application
    becomes its grant in « recommandée » at once, as the call's conversion did for the others.
    All or nothing; returns the grant."""
    with transaction.atomic():
        AppelDeProjets.objects.select_for_update().get(pk=demande.appel_id)
        demande = (
            Demande.objects.select_for_update(of=("self",))
            .select_related("appel", "appel__programme", "organisme", "recommandation")
            .get(pk=demande.pk)
        )
        verdict(par, "appels.retenir_de_la_liste", demande).exiger()
        recommandation = demande.recommandation
        if version is not None and version != recommandation.version:
            raise ValidationError(decision_concurrente())
        erreurs = {}
        trop = montant_au_dela_du_demande(demande, montant_recommande)
        if montant_recommande is None or montant_recommande <= 0:
            erreurs["montant_recommande"] = _("Donnez le montant recommandé.")
        elif trop:
            erreurs["montant_recommande"] = trop
        if not motif.strip():
            erreurs["motif"] = _("Donnez le motif de cette décision.")
        if erreurs:
            raise ValidationError(erreurs)
        raison = _("Retenue depuis la liste d'attente")
        recommandation.version += 1
        recommandation.decision = Recommandation.Decision.RETENUE
        recommandation.montant_recommande = montant_recommande
        recommandation.motif = motif
        recommandation.decide_par = par
        recommandation.decide_le = timezone.now()
        auteur(recommandation, par, raison)
        recommandation.save()
        demande.etat = Demande.Etat.RETENUE
        demande.version += 1
        auteur(demande, par, raison)
        demande.save()
        return demande_convertir(demande=demande, par=par)
