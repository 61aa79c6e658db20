"""Every write on an application: the partner's draft (create or resume, save), its submission
and withdrawal; the agent's extension of the deadline and screening.

Each service asks its rule of `appels.permissions` (`.exiger()`: the refusal carries its
reason), runs in one transaction on the application's locked row and names its author in the
history. Mails leave once the transaction has committed (noyau.courriels).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from noyau.courriels import lien, signature
from noyau.formats import format_money, heure
from noyau.historique import auteur
from noyau.permissions import verdict
from noyau.versions import verifier_version
from organismes.fichiers import verifier_fichier
from organismes.membres import organisme_de

from ..models import (
    MONTREAL,
    AppelDeProjets,
    AutreFinancement,
    CibleDemande,
    Demande,
    DemandeService,
    LigneBudgetDemande,
    PieceDemande,
    ProlongationDemande,
    Recevabilite,
)
from .courriels import courriel_apres_validation, destinataires

CHAMPS_DEMANDE = frozenset(
    {"titre_projet", "description_projet", "montant_demande", "date_debut", "date_fin"}
)


class DemandeExistante(ValidationError):
    """A second application to the same call: the message says what exists, `demande` is it."""

    def __init__(self, demande):
        super().__init__(
            _(
                "Votre organisme a déjà une demande pour cet appel : « %(titre)s » (%(etat)s). "
                "Une seule demande par organisme et par appel."
            )
            % {"titre": str(demande), "etat": demande.get_etat_communique_display().lower()}
        )
        self.demande = demande


def erreur_montant(appel, montant) -> str | None:
    """The French sentence refusing `montant` outside the call's range, or None."""
    if montant is None or appel.montant_minimum <= montant <= appel.montant_maximum:
        return None
    return _("Le montant demandé doit être entre %(mini)s et %(maxi)s (bornes de l'appel).") % {
        "mini": format_money(appel.montant_minimum),
        "maxi": format_money(appel.montant_maximum),
    }


def manques_pour_soumettre(demande) -> list[str]:
    """Every piece a submission needs and the application lacks, each its own sentence."""
    manques = []
    if not demande.titre_projet.strip():
        manques.append(_("Le titre du projet manque."))
    if not demande.description_projet.strip():
        manques.append(_("La description du projet manque."))
    if demande.montant_demande is None:
        manques.append(_("Le montant demandé manque."))
    elif erreur := erreur_montant(demande.appel, demande.montant_demande):
        manques.append(erreur)
    if not (demande.date_debut and demande.date_fin):
        manques.append(_("Les dates de début et de fin du projet manquent."))
    services = list(demande.services.prefetch_related("cibles"))
    if not services:
        manques.append(_("La demande ne propose aucun service."))
    for service in services:
        if not service.participants:
            manques.append(
                _("Le service « %(rubrique)s » ne vise aucun participant.")
                % {"rubrique": service.rubrique}
            )
    if not demande.lignes_budget.exists():
        manques.append(_("Le budget du projet n'a aucune ligne."))
    jointes = set(demande.pieces.values_list("document_id", flat=True))
    for document in demande.appel.documents_requis.all():
        if document.obligatoire and document.pk not in jointes:
            manques.append(_("Document manquant : %(document)s.") % {"document": document})
    return manques


def demande_deposer(*, appel, par) -> Demande:
    """Starts the organisation's draft for an open call, or resumes it (rule
    appels.deposer_demande). One application per organisation and call: when one was already
    submitted, DemandeExistante says which."""
    verdict(par, "appels.deposer_demande", appel).exiger()
    organisme = organisme_de(par)
    with transaction.atomic():
        AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        existante = Demande.objects.filter(appel=appel, organisme=organisme).first()
        if existante is not None:
            if existante.etat == Demande.Etat.BROUILLON:
                return existante
            raise DemandeExistante(existante)
        demande = Demande(appel=appel, organisme=organisme)
        auteur(demande, par)
        demande.save()
    return demande


def _verrouiller(demande):
    return Demande.objects.select_for_update().select_related("appel").get(pk=demande.pk)


def _remplacer(relation, par):
    for ligne in relation.all():
        auteur(ligne, par)
        ligne.delete()


def demande_enregistrer(
    *,
    demande,
    par,
    version=None,
    services=None,
    budget=None,
    financements=None,
    pieces=None,
    **champs,
) -> Demande:
    """Saves a draft as it stands (rule appels.modifier_demande): its own fields, and when
    given, its services (`rubrique`, `description`, `territoires`, `cibles` {statut: n}),
    budget lines (`ligne`, `montant`), other funding (`source`, `montant`) and files
    ({DocumentRequis: file}), if nobody saved it since the form was opened (`version`, when
    given). The amount stays within the call's range; a service's rubrique is
    one the call aims at; a file is a document of the kinds and size organisations' are."""
    inconnus = set(champs) - CHAMPS_DEMANDE
    if inconnus:
        raise TypeError(f"Champs non modifiables: {', '.join(sorted(inconnus))}")
    with transaction.atomic():
        courante = _verrouiller(demande)
        verdict(par, "appels.modifier_demande", courante).exiger()
        verifier_version(courante, version)
        appel = courante.appel
        erreurs = {}
        if erreur := erreur_montant(appel, champs.get("montant_demande")):
            erreurs["montant_demande"] = erreur
        visees = set(appel.rubriques.values_list("pk", flat=True))
        for service in services or ():
            if visees and service["rubrique"].pk not in visees:
                erreurs["__all__"] = _("La rubrique « %(r)s » n'est pas visée par l'appel.") % {
                    "r": service["rubrique"]
                }
        for document, fichier in (pieces or {}).items():
            if document.appel_id != appel.pk:
                raise ValidationError(_("Ce document n'est pas demandé par cet appel."))
            try:
                verifier_fichier(fichier)
            except ValidationError as erreur:
                erreurs[f"document_{document.pk}"] = erreur.messages
        if erreurs:
            raise ValidationError(erreurs)
        for nom, valeur in champs.items():
            if nom in ("titre_projet", "description_projet"):
                valeur = valeur or ""
            setattr(courante, nom, valeur)
        courante.version += 1
        courante.full_clean(exclude=["appel", "organisme"])
        auteur(courante, par)
        courante.save()
        if services is not None:
            _remplacer(courante.services, par)
            for ordre, valeurs in enumerate(services, start=1):
                ligne = DemandeService(
                    demande=courante,
                    rubrique=valeurs["rubrique"],
                    description=valeurs.get("description", ""),
                    ordre=ordre,
                )
                auteur(ligne, par)
                ligne.save()
                ligne.territoires.set(valeurs.get("territoires", ()))
                for statut, nombre in valeurs.get("cibles", {}).items():
                    if nombre:
                        cible = CibleDemande(
                            service=ligne, statut=statut, participants_cibles=nombre
                        )
                        auteur(cible, par)
                        cible.save()
        for relation, modele, lignes in (
            ("lignes_budget", LigneBudgetDemande, budget),
            ("autres_financements", AutreFinancement, financements),
        ):
            if lignes is None:
                continue
            _remplacer(getattr(courante, relation), par)
            for ordre, valeurs in enumerate(lignes, start=1):
                ligne = modele(demande=courante, ordre=ordre, **valeurs)
                auteur(ligne, par)
                ligne.save()
        for document, fichier in (pieces or {}).items():
            _remplacer(courante.pieces.filter(document=document), par)
            piece = PieceDemande(
                demande=courante, document=document, nom=fichier.name[:255], televerse_par=par
            )
            piece.fichier.save(fichier.name, fichier, save=False)
            auteur(piece, par)
            piece.save()
    return courante


def demande_soumettre(*, demande, par) -> Demande:
    """Submits a complete draft before the deadline (rule appels.soumettre_demande: the call's
    closing time, server clock, or an extension recorded for it). Every missing piece is named
    at once. The application is then read-only; its organisation gets an e-mail with the link
    to the receipt."""
    with transaction.atomic():
        courante = _verrouiller(demande)
        verdict(par, "appels.soumettre_demande", courante).exiger()
        manques = manques_pour_soumettre(courante)
        if manques:
            raise ValidationError(manques)
        courante.etat = Demande.Etat.SOUMISE
        courante.soumise_le = timezone.now()
        courante.version += 1
        auteur(courante, par, _("Soumise"))
        courante.save()
        courriel_apres_validation(_courriel_soumission, courante, destinataires(courante, par))
    return courante


def demande_retirer(*, demande, par) -> Demande:
    """The organisation withdraws its application while it is not decided (rule
    appels.retirer_demande). It stays, withdrawn, in the call's list."""
    with transaction.atomic():
        courante = _verrouiller(demande)
        verdict(par, "appels.retirer_demande", courante).exiger()
        courante.etat = Demande.Etat.RETIREE
        courante.version += 1
        auteur(courante, par, _("Retirée"))
        courante.save()
    return courante


def demande_prolonger(*, demande, par, jusqu_au, motif) -> ProlongationDemande:
    """Records an agent's extension of the deadline for one application not yet submitted
    (rule appels.prolonger_demande): until a time still ahead, with its reason."""
    with transaction.atomic():
        courante = _verrouiller(demande)
        verdict(par, "appels.prolonger_demande", courante).exiger()
        if jusqu_au <= timezone.now():
            raise ValidationError({"jusqu_au": _("La prolongation doit finir dans le futur.")})
        if not (motif or "").strip():
            raise ValidationError({"motif": _("Indiquez le motif de la prolongation.")})
        prolongation = ProlongationDemande(
            demande=courante, jusqu_au=jusqu_au, motif=motif.strip(), par=par
        )
        auteur(prolongation, par)
        prolongation.save()
    return prolongation


def demande_juger_recevabilite(*, demande, par, recevable, motif="") -> Demande:
    """Marks a submitted application admissible or not (rule appels.juger_recevabilite), with
    its reason (required for "non recevable": the organisation is told why, by e-mail and in
    its portal). A non-admissible application is closed."""
    motif = (motif or "").strip()
    with transaction.atomic():
        courante = _verrouiller(demande)
        verdict(par, "appels.juger_recevabilite", courante).exiger()
        if not recevable and not motif:
            raise ValidationError({"motif": _("Indiquez le motif : il est envoyé à l'organisme.")})
        decision = Recevabilite(demande=courante, recevable=recevable, motif=motif, par=par)
        auteur(decision, par)
        decision.save()
        courante.etat = Demande.Etat.RECEVABLE if recevable else Demande.Etat.NON_RECEVABLE
        courante.version += 1
        auteur(courante, par, courante.get_etat_display())
        courante.save()
        if not recevable:
            courriel_apres_validation(_courriel_non_recevable, courante, destinataires(courante))
    return courante


# --- E-mails ---------------------------------------------------------------------------------


def _courriel_soumission(demande):
    quand = timezone.localtime(demande.soumise_le, MONTREAL)
    sujet = _("Demande reçue : %(titre)s") % {"titre": demande.titre_projet}
    corps = _(
        "Bonjour,\n\nLe BINAM a bien reçu la demande « %(titre)s » à l'appel « %(appel)s », "
        "soumise le %(date)s à %(heure)s (heure de Montréal).\n\nL'accusé de réception : %(recu)s"
    ) % {
        "titre": demande.titre_projet,
        "appel": demande.appel.titre,
        "date": quand.strftime("%Y-%m-%d"),
        "heure": heure(quand.time()),
        "recu": lien(reverse("appels:demande_recu", args=[demande.pk])),
    }
    return sujet, corps + signature()


def _courriel_non_recevable(demande):
    sujet = _("Demande non recevable : %(titre)s") % {"titre": demande.titre_projet}
    corps = _(
        "Bonjour,\n\nLa demande « %(titre)s » à l'appel « %(appel)s » n'est pas recevable, "
        "pour le motif suivant :\n\n%(motif)s\n\nLa demande : %(lien)s"
    ) % {
        "titre": demande.titre_projet,
        "appel": demande.appel.titre,
        "motif": demande.recevabilite.motif,
        "lien": lien(reverse("appels:demande", args=[demande.pk])),
    }
    return sujet, corps + signature()
