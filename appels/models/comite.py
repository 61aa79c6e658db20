"""The selection committee's work on a call: each évaluateur's declaration of conflict of
interest, its evaluation (a score per criterion), and the deliberation's recommendation and
decision per application (domain.md, "Before the grant: calls for projects")."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import MontantField

from .demande import Demande
from .lignes import CritereEvaluation


class Conflit(models.Model):
    """An évaluateur's declaration for one application: a conflict of interest, or its absence.
    Asked before anything else of the application is shown; a conflicted évaluateur never opens
    it again."""

    demande = models.ForeignKey(
        Demande, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="conflits"
    )
    evaluateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur"),
        on_delete=models.PROTECT,
        related_name="conflits_declares",
    )
    a_conflit = models.BooleanField(_("conflit d'intérêts"))
    commentaire = models.TextField(_("commentaire"), blank=True)
    declare_le = models.DateTimeField(_("déclaré le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("déclaration de conflit d'intérêts")
        verbose_name_plural = _("déclarations de conflit d'intérêts")
        ordering = ["demande", "evaluateur", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "evaluateur"], name="conflit_unique_par_evaluateur"
            )
        ]

    def __str__(self):
        return f"{self.evaluateur} — {self.demande}"


class Evaluation(models.Model):
    """One évaluateur's scoring of one application: a draft until `soumise_le`, then final."""

    demande = models.ForeignKey(
        Demande, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    soumise_le = models.DateTimeField(_("soumise le"), null=True, blank=True)
    # Set on submission (`score_pondere`): notes and grid are frozen from then on, so the
    # ranking averages this column instead of re-reading every note (500 applications × 10
    # évaluateurs × 5 criteria is 25,000 notes on each view of the ranking).
    score = models.DecimalField(
        _("score pondéré (sur 100)"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        editable=False,
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["demande", "evaluateur", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "evaluateur"], name="evaluation_unique_par_evaluateur"
            ),
            # The ranking averages `score`: a submitted evaluation always carries one.
            models.CheckConstraint(
                condition=Q(soumise_le__isnull=True) | Q(score__isnull=False),
                name="evaluation_soumise_a_un_score",
            ),
        ]

    def __str__(self):
        return f"{self.evaluateur} — {self.demande}"

    @property
    def est_soumise(self) -> bool:
        return self.soumise_le is not None


SIX_DECIMALES = Decimal("0.000001")


def score_pondere(notes) -> Decimal:
    """An evaluation's weighted score out of 100 from its (valeur, note_maximale, ponderation)
    triples: Σ valeur ÷ note maximale × pondération, in Decimal, to six decimals (the ranking
    rounds the mean to the cent)."""
    total = sum(
        (Decimal(valeur) / Decimal(maximum) * Decimal(ponderation))
        for valeur, maximum, ponderation in notes
    )
    return Decimal(total).quantize(SIX_DECIMALES, ROUND_HALF_UP)


class Note(models.Model):
    """The score of one criterion, between 0 and the criterion's maximum, with its comment."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("évaluation"), on_delete=models.CASCADE, related_name="notes"
    )
    critere = models.ForeignKey(
        CritereEvaluation, verbose_name=_("critère"), on_delete=models.PROTECT, related_name="+"
    )
    valeur = models.DecimalField(_("note"), max_digits=6, decimal_places=2)
    commentaire = models.TextField(_("commentaire"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["evaluation", "critere__ordre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "critere"], name="note_unique_par_critere"
            ),
            models.CheckConstraint(condition=Q(valeur__gte=0), name="note_positive"),
        ]

    def __str__(self):
        return f"{self.critere}: {self.valeur}"


class Recommandation(models.Model):
    """The deliberation's word on one application: the amount recommended (at most the amount
    requested) and the decision with its reason, who and when. The application's state follows
    the decision (retenue, liste d'attente, non retenue); the history keeps every change."""

    class Decision(models.TextChoices):
        RETENUE = Demande.Etat.RETENUE.value, _("Retenu")
        LISTE_ATTENTE = Demande.Etat.LISTE_ATTENTE.value, _("Liste d'attente")
        NON_RETENUE = Demande.Etat.NON_RETENUE.value, _("Non retenu")

    demande = models.OneToOneField(
        Demande,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="recommandation",
    )
    montant_recommande = MontantField(_("montant recommandé"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices)
    motif = models.TextField(_("motif"), blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decide_le = models.DateTimeField(_("décidé le"), default=timezone.now)
    # When the organisation of a non-retained application was sent its letter (the decision and
    # its reason): the letter is downloadable from then on.
    lettre_envoyee_le = models.DateTimeField(_("lettre envoyée le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommandation du comité")
        verbose_name_plural = _("recommandations du comité")
        ordering = ["demande"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_recommande__isnull=True)
                | Q(montant_recommande__gte=Decimal("0")),
                name="recommandation_montant_positif",
            )
        ]

    def __str__(self):
        return f"{self.demande} — {self.get_decision_display()}"
