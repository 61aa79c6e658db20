"""What the later steps fill in: an organisation's application, the committee's members."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import MontantField
from organismes.models import Organisme

from .appel import AppelDeProjets


class Demande(models.Model):
    """An organisation's application to a call (filled in the portal by a later step)."""

    class Etat(models.TextChoices):
        BROUILLON = "brouillon", _("Brouillon")
        SOUMISE = "soumise", _("Soumise")
        RECEVABLE = "recevable", _("Recevable")
        NON_RECEVABLE = "non_recevable", _("Non recevable")
        RETIREE = "retiree", _("Retirée")
        RETENUE = "retenue", _("Retenue")
        LISTE_ATTENTE = "liste_attente", _("Liste d'attente")
        NON_RETENUE = "non_retenue", _("Non retenue")

    # The committee's decisions: they move the state while the deliberation may still change
    # them; the organisation is told when the call is decided (its letter goes out then).
    DECISIONS_DU_COMITE = (Etat.RETENUE, Etat.LISTE_ATTENTE, Etat.NON_RETENUE)
    # Submitted and beyond: the application the grid was published for (it freezes the grid).
    ETATS_DEPOSES = (Etat.SOUMISE, Etat.RECEVABLE, Etat.NON_RECEVABLE, *DECISIONS_DU_COMITE)

    appel = models.ForeignKey(
        AppelDeProjets,
        verbose_name=_("appel de projets"),
        on_delete=models.PROTECT,
        related_name="demandes",
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="demandes"
    )
    etat = models.CharField(
        _("état"), max_length=20, choices=Etat.choices, default=Etat.BROUILLON, db_index=True
    )
    titre_projet = models.CharField(_("titre du projet"), max_length=250, blank=True)
    description_projet = models.TextField(_("description du projet"), blank=True)
    montant_demande = MontantField(_("montant demandé"), null=True, blank=True)
    date_debut = models.DateField(_("date de début"), null=True, blank=True)
    date_fin = models.DateField(_("date de fin"), null=True, blank=True)
    soumise_le = models.DateTimeField(_("soumise le"), null=True, blank=True)
    # The grant a retained application became (appels.services.conversion): the link is kept
    # here, since grants come before calls in the house's order and never name them.
    subvention = models.OneToOneField(
        "subventions.Subvention",
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="demande_d_origine",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["appel", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["appel", "organisme"], name="demande_unique_par_appel"),
            models.CheckConstraint(
                condition=Q(montant_demande__isnull=True) | Q(montant_demande__gt=0),
                name="demande_montant_positif",
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_fin__isnull=True)
                | Q(date_debut__lte=F("date_fin")),
                name="demande_dates_ordonnees",
            ),
        ]

    def __str__(self):
        return self.titre_projet or f"{self.organisme} — {self.appel}"

    @property
    def decision_communiquee(self) -> bool:
        """Whether the organisation may know this state: any but a decision of the committee,
        which it learns once the call is decided."""
        return (
            self.etat not in self.DECISIONS_DU_COMITE or self.appel.etat == self.appel.Etat.DECIDE
        )

    def get_etat_communique_display(self):
        """The state as the organisation knows it: « Recevable » while the committee's decision
        is not yet communicated."""
        if self.decision_communiquee:
            return self.get_etat_display()
        return self.Etat.RECEVABLE.label


class Evaluateur(models.Model):
    """A member of a call's selection committee: the évaluateur role sees this call only."""

    appel = models.ForeignKey(
        AppelDeProjets,
        verbose_name=_("appel de projets"),
        on_delete=models.CASCADE,
        related_name="evaluateurs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur"),
        on_delete=models.PROTECT,
        related_name="affectations_evaluation",
    )
    ajoute_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ajoute_le = models.DateTimeField(_("ajouté le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("évaluateur d'un appel")
        verbose_name_plural = _("évaluateurs d'un appel")
        ordering = ["appel", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["appel", "user"], name="evaluateur_unique_par_appel")
        ]

    def __str__(self):
        return f"{self.user} — {self.appel}"
