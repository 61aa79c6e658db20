"""What an application holds (services proposed with their targets by status, budget lines,
other funding, the required documents) and what staff record on it (an extension of the
deadline, the screening decision)."""

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import MontantField
from noyau.validators import PARTICIPANTS_MAX, valider_participants
from organismes.models import NOM_FICHIER_OCTETS_MAX
from referentiel.models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire

from .demande import Demande
from .lignes import DocumentRequis


def chemin_piece(instance, filename):
    base, ext = os.path.splitext(os.path.basename(filename))
    ext = ext[:10]
    octets = NOM_FICHIER_OCTETS_MAX - len(ext.encode())
    base = base.encode()[:octets].decode(errors="ignore") or "piece"
    return f"appels/demandes/{base}{ext}"


class DemandeService(models.Model):
    """A service the project proposes, as a grant's funded service: a rubrique of the call,
    the territories served, the participants aimed at by status (CibleDemande)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="services")
    rubrique = models.ForeignKey(
        Rubrique, verbose_name=_("rubrique"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    territoires = models.ManyToManyField(
        Territoire, verbose_name=_("territoires"), related_name="+", blank=True
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords(m2m_fields=[territoires])

    class Meta:
        verbose_name = _("service proposé")
        verbose_name_plural = _("services proposés")
        ordering = ["demande", "ordre", "pk"]

    def __str__(self):
        return str(self.rubrique)

    @property
    def participants(self) -> int:
        return sum(c.participants_cibles for c in self.cibles.all())


class CibleDemande(models.Model):
    service = models.ForeignKey(DemandeService, on_delete=models.CASCADE, related_name="cibles")
    statut = models.ForeignKey(
        StatutImmigration,
        verbose_name=_("statut d'immigration"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants_cibles = models.PositiveIntegerField(
        _("participants visés"), validators=[valider_participants]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cible par statut (demande)")
        verbose_name_plural = _("cibles par statut (demande)")
        ordering = ["statut__ordre", "statut__nom"]
        constraints = [
            models.UniqueConstraint(fields=["service", "statut"], name="cible_demande_unique"),
            models.CheckConstraint(
                condition=Q(participants_cibles__lte=PARTICIPANTS_MAX),
                name="cible_demande_bornee",
            ),
        ]

    def __str__(self):
        return f"{self.statut}: {self.participants_cibles}"


class LigneBudgetDemande(models.Model):
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="lignes_budget")
    ligne = models.ForeignKey(
        LigneBudgetaire,
        verbose_name=_("poste budgétaire"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    montant = MontantField(_("montant"))
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne du budget de la demande")
        verbose_name_plural = _("lignes du budget de la demande")
        ordering = ["demande", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="ligne_demande_positive")
        ]

    def __str__(self):
        return str(self.ligne)


class AutreFinancement(models.Model):
    demande = models.ForeignKey(
        Demande, on_delete=models.CASCADE, related_name="autres_financements"
    )
    source = models.CharField(_("source"), max_length=200)
    montant = MontantField(_("montant"))
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("autre source de financement")
        verbose_name_plural = _("autres sources de financement")
        ordering = ["demande", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="autre_financement_positif")
        ]

    def __str__(self):
        return self.source


class PieceDemande(models.Model):
    """The file an organisation joined for one required document. Private: stored under
    PRIVATE_MEDIA_ROOT and served by a view that asks appels.voir_demande."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="pieces")
    document = models.ForeignKey(
        DocumentRequis, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    fichier = models.FileField(_("fichier"), upload_to=chemin_piece, max_length=300)
    nom = models.CharField(_("nom du fichier"), max_length=255)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    televerse_le = models.DateTimeField(_("téléversé le"), default=timezone.now)
    # Its copy among the organisation's private documents once the application became a grant
    # (served by organismes' own download view, which the grant's page links to).
    copie = models.ForeignKey(
        "organismes.Document",
        verbose_name=_("copie au dossier de l'organisme"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce de la demande")
        verbose_name_plural = _("pièces de la demande")
        ordering = ["demande", "document__ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["demande", "document"], name="piece_demande_unique")
        ]

    def __str__(self):
        return self.nom


class ProlongationDemande(models.Model):
    """An agent's recorded decision: this application may still be submitted until `jusqu_au`."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="prolongations")
    jusqu_au = models.DateTimeField(_("jusqu'au"))
    motif = models.TextField(_("motif"))
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(_("le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prolongation du délai")
        verbose_name_plural = _("prolongations du délai")
        ordering = ["demande", "-jusqu_au", "pk"]

    def __str__(self):
        return f"{self.demande} → {self.jusqu_au:%Y-%m-%d %H:%M}"


class Recevabilite(models.Model):
    """The screening decision on a submitted application, with its reason (sent to the
    organisation when it is not admissible)."""

    demande = models.OneToOneField(Demande, on_delete=models.CASCADE, related_name="recevabilite")
    recevable = models.BooleanField(_("recevable"))
    motif = models.TextField(_("motif"), blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(_("le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision de recevabilité")
        verbose_name_plural = _("décisions de recevabilité")
        constraints = [
            models.CheckConstraint(
                condition=Q(recevable=True) | ~Q(motif=""), name="non_recevable_avec_motif"
            )
        ]

    def __str__(self):
        return f"{self.demande}: {self.recevable}"
