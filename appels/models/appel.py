"""Calls for projects (appels de projets) (domain.md, "Before the grant: calls for projects").

A call's stored state says what staff decided (draft, published, decided); whether a published
call is upcoming, open or closed is read from the server clock (`etat_effectif`), so closing at
16 h 00 needs no scheduled job and cannot be late.
"""

import os
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import ExerciceField, MontantField
from organismes.models import NOM_FICHIER_OCTETS_MAX
from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.models import Programme

# Calls open and close at Montréal's hour, whatever the server's time zone.
MONTREAL = zoneinfo.ZoneInfo("America/Montreal")


def chemin_guide(instance, filename):
    base, ext = os.path.splitext(os.path.basename(filename))
    ext = ext[:10]
    octets = NOM_FICHIER_OCTETS_MAX - len(ext.encode())
    base = base.encode()[:octets].decode(errors="ignore") or "guide"
    return f"appels/guides/{base}{ext}"


class EtatEffectif(models.TextChoices):
    """What a call is now: its stored state, and for a published one, the clock's word."""

    BROUILLON = "brouillon", _("Brouillon")
    A_VENIR = "a_venir", _("À venir")
    OUVERT = "ouvert", _("Ouvert")
    FERME = "ferme", _("Fermé")
    DECIDE = "decide", _("Décidé")


class AppelQuerySet(models.QuerySet):
    def avec_etat_effectif(self, maintenant=None):
        """Annotated with `etat_calcule` (EtatEffectif), from the same clock as the property."""
        maintenant = maintenant or timezone.now()
        E = AppelDeProjets.Etat
        return self.annotate(
            etat_calcule=Case(
                When(etat=E.BROUILLON, then=Value(EtatEffectif.BROUILLON)),
                When(etat=E.DECIDE, then=Value(EtatEffectif.DECIDE)),
                When(ouverture__gt=maintenant, then=Value(EtatEffectif.A_VENIR)),
                When(cloture__gt=maintenant, then=Value(EtatEffectif.OUVERT)),
                default=Value(EtatEffectif.FERME),
                output_field=models.CharField(),
            )
        )

    def dans_l_etat(self, etat, maintenant=None):
        """The calls whose effective state is `etat`, as conditions on stored columns."""
        maintenant = maintenant or timezone.now()
        E = AppelDeProjets.Etat
        conditions = {
            EtatEffectif.BROUILLON: Q(etat=E.BROUILLON),
            EtatEffectif.DECIDE: Q(etat=E.DECIDE),
            EtatEffectif.A_VENIR: Q(etat=E.PUBLIE, ouverture__gt=maintenant),
            EtatEffectif.OUVERT: Q(
                etat=E.PUBLIE, ouverture__lte=maintenant, cloture__gt=maintenant
            ),
            EtatEffectif.FERME: Q(etat=E.PUBLIE, cloture__lte=maintenant),
        }
        return self.filter(conditions[etat])

    def publics(self, maintenant=None):
        """What the public pages list: published calls, open or upcoming."""
        maintenant = maintenant or timezone.now()
        return self.filter(etat=AppelDeProjets.Etat.PUBLIE, cloture__gt=maintenant)


class AppelDeProjets(models.Model):
    class Etat(models.TextChoices):
        BROUILLON = "brouillon", _("Brouillon")
        PUBLIE = "publie", _("Publié")
        DECIDE = "decide", _("Décidé")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="appels"
    )
    # The exercices the call's money counts in (a calendar year each, as grants' répartition
    # and envelopes): from the first to the last, one year when they are equal.
    exercice_debut = ExerciceField(_("premier exercice financé"))
    exercice_fin = ExerciceField(_("dernier exercice financé"))
    titre = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Private like every uploaded file: served by a view (appels:guide), never a media URL.
    guide = models.FileField(
        _("guide de l'appel"), upload_to=chemin_guide, max_length=300, blank=True
    )
    budget = MontantField(_("budget de l'appel"))
    montant_minimum = MontantField(_("montant minimum par projet"))
    montant_maximum = MontantField(_("montant maximum par projet"))
    ouverture = models.DateTimeField(_("ouverture"))
    cloture = models.DateTimeField(_("clôture"))
    etat = models.CharField(
        _("état"), max_length=20, choices=Etat.choices, default=Etat.BROUILLON, db_index=True
    )
    rubriques = models.ManyToManyField(
        Rubrique, verbose_name=_("rubriques visées"), related_name="appels", blank=True
    )
    statuts = models.ManyToManyField(
        StatutImmigration,
        verbose_name=_("statuts d'immigration visés"),
        related_name="appels",
        blank=True,
    )
    territoires_prioritaires = models.ManyToManyField(
        Territoire,
        verbose_name=_("territoires prioritaires"),
        related_name="appels_prioritaires",
        blank=True,
    )
    # The committee: a spread of weighted scores above this many points is flagged.
    ecart_signale = models.DecimalField(
        _("écart signalé entre évaluateurs (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
    )
    publie_le = models.DateTimeField(_("publié le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[rubriques, statuts, territoires_prioritaires])
    objects = AppelQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel de projets")
        verbose_name_plural = _("appels de projets")
        ordering = ["-cloture", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_minimum__gt=0, montant_maximum__gt=0),
                name="appel_montants_positifs",
            ),
            models.CheckConstraint(
                condition=Q(montant_minimum__lte=F("montant_maximum")),
                name="appel_minimum_sous_maximum",
            ),
            models.CheckConstraint(
                condition=Q(montant_maximum__lte=F("budget")), name="appel_maximum_sous_budget"
            ),
            models.CheckConstraint(
                condition=Q(ouverture__lt=F("cloture")), name="appel_ouverture_avant_cloture"
            ),
            models.CheckConstraint(
                condition=Q(exercice_debut__lte=F("exercice_fin")),
                name="appel_exercices_ordonnes",
            ),
            models.CheckConstraint(condition=Q(ecart_signale__gte=0), name="appel_ecart_positif"),
        ]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("appels:gestion_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("appels:detail", args=[self.pk])

    def clean(self):
        erreurs = {}
        mini, maxi, budget = self.montant_minimum, self.montant_maximum, self.budget
        for nom in ("montant_minimum", "montant_maximum", "budget"):
            valeur = getattr(self, nom)
            if valeur is not None and valeur <= 0:
                erreurs[nom] = _("Le montant doit être plus grand que zéro.")
        if mini is not None and maxi is not None and mini > maxi:
            erreurs.setdefault(
                "montant_minimum",
                _("Le montant minimum ne peut pas dépasser le montant maximum par projet."),
            )
        if maxi is not None and budget is not None and maxi > budget:
            erreurs.setdefault(
                "montant_maximum",
                _("Le montant maximum par projet ne peut pas dépasser le budget de l'appel."),
            )
        if self.ouverture and self.cloture and self.ouverture >= self.cloture:
            erreurs["cloture"] = _("La clôture doit suivre l'ouverture.")
        if (
            self.exercice_debut is not None
            and self.exercice_fin is not None
            and self.exercice_debut > self.exercice_fin
        ):
            erreurs["exercice_fin"] = _(
                "Le dernier exercice financé ne peut pas précéder le premier."
            )
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def exercices(self) -> list[int]:
        return list(range(self.exercice_debut, self.exercice_fin + 1))

    def etat_effectif_a(self, maintenant) -> str:
        if self.etat != self.Etat.PUBLIE:
            return EtatEffectif(self.etat)
        if maintenant < self.ouverture:
            return EtatEffectif.A_VENIR
        if maintenant < self.cloture:
            return EtatEffectif.OUVERT
        return EtatEffectif.FERME

    @property
    def etat_effectif(self) -> str:
        return self.etat_effectif_a(timezone.now())

    def get_etat_effectif_display(self):
        return EtatEffectif(self.etat_effectif).label

    @property
    def est_public(self) -> bool:
        """Shown to everyone: published (open, upcoming, closed) or decided."""
        return self.etat != self.Etat.BROUILLON

    @property
    def est_ferme(self) -> bool:
        return self.etat == self.Etat.DECIDE or (
            self.etat == self.Etat.PUBLIE and timezone.now() >= self.cloture
        )

    @property
    def nom_guide(self):
        return os.path.basename(self.guide.name) if self.guide else ""

    @property
    def format_guide(self):
        return os.path.splitext(self.guide.name)[1].lstrip(".").upper() if self.guide else ""

    @property
    def ouverture_montreal(self):
        return timezone.localtime(self.ouverture, MONTREAL)

    @property
    def cloture_montreal(self):
        return timezone.localtime(self.cloture, MONTREAL)
