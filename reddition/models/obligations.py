"""Reporting obligations: what a signed grant's organisation owes the BINAM, and by when.

"En retard" is not stored: it depends on today's date, so it is computed when read
(`ObligationQuerySet.avec_etat()` for lists that filter and sort on it, `Obligation.etat` for one
object). A stored flag would be wrong the morning after its due date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.validators import valider_date_plausible
from subventions.models import Subvention


class ObligationQuerySet(models.QuerySet):
    def avec_etat(self):
        """Annotates `etat`: the stored status, or "en_retard" for a report still owed (à venir
        or à corriger) whose due date has passed."""
        return self.annotate(
            etat=Case(
                When(
                    statut__in=Obligation.STATUTS_DUS,
                    date_echeance__lt=timezone.localdate(),
                    then=Value(Obligation.Etat.EN_RETARD),
                ),
                default=F("statut"),
                output_field=CharField(),
            )
        )

    def en_retard(self):
        return self.filter(
            statut__in=Obligation.STATUTS_DUS, date_echeance__lt=timezone.localdate()
        )


class Obligation(models.Model):
    class Type(models.TextChoices):
        RAPPORT_ETAPE = "rapport_etape", _("Rapport d'étape")
        RAPPORT_FINAL = "rapport_final", _("Rapport final")
        ETATS_FINANCIERS = "etats_financiers", _("États financiers")

    class Statut(models.TextChoices):
        A_VENIR = "a_venir", _("À venir")
        SOUMIS = "soumis", _("Soumis")
        A_CORRIGER = "a_corriger", _("À corriger")
        ACCEPTE = "accepte", _("Accepté")

    class Etat(models.TextChoices):
        """What a reader sees: the status, with "en retard" computed from today's date."""

        A_VENIR = "a_venir", _("À venir")
        EN_RETARD = "en_retard", _("En retard")
        SOUMIS = "soumis", _("Soumis")
        A_CORRIGER = "a_corriger", _("À corriger")
        ACCEPTE = "accepte", _("Accepté")

    # Still owed by the organisation: these become "en retard" past their due date.
    STATUTS_DUS = (Statut.A_VENIR, Statut.A_CORRIGER)

    subvention = models.ForeignKey(
        Subvention,
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    periode_debut = models.DateField(
        _("début de la période couverte"), validators=[valider_date_plausible]
    )
    periode_fin = models.DateField(
        _("fin de la période couverte"), validators=[valider_date_plausible]
    )
    date_echeance = models.DateField(_("date d'échéance"), validators=[valider_date_plausible])
    statut = models.CharField(
        _("statut"), max_length=12, choices=Statut.choices, default=Statut.A_VENIR, db_index=True
    )

    history = HistoricalRecords()
    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation de reddition de comptes")
        verbose_name_plural = _("obligations de reddition de comptes")
        ordering = ["date_echeance", "pk"]
        # The list's default order read from an index: LIMIT 25 does not join and sort 13,000
        # obligations with their grants first (185 ms → a few ms on PostgreSQL).
        indexes = [models.Index(fields=["date_echeance", "id"], name="obligation_par_echeance")]
        constraints = [
            models.CheckConstraint(
                condition=Q(periode_debut__lte=F("periode_fin")),
                name="obligation_periode_ordonnee",
            ),
            # A report is due once the period it covers is over, never before.
            models.CheckConstraint(
                condition=Q(date_echeance__gte=F("periode_fin")),
                name="obligation_echeance_apres_periode",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=["a_venir", "soumis", "a_corriger", "accepte"]),
                name="obligation_statut_connu",
            ),
            models.CheckConstraint(
                condition=Q(type__in=["rapport_etape", "rapport_final", "etats_financiers"]),
                name="obligation_type_connu",
            ),
            # Closing a grant asks whether "the" final report is accepted: there is one.
            models.UniqueConstraint(
                fields=["subvention"],
                condition=Q(type="rapport_final"),
                name="obligation_un_rapport_final",
            ),
        ]

    def __str__(self):
        return _("%(type)s, %(numero)s") % {
            "type": self.get_type_display(),
            "numero": self.subvention.numero,
        }

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reddition:detail", kwargs={"pk": self.pk})

    @property
    def etat(self):
        """Same rule as ObligationQuerySet.avec_etat(), from the fields as they are now (a row
        changed in memory after it was read never shows a stale annotation)."""
        if self.statut in self.STATUTS_DUS and self.date_echeance < timezone.localdate():
            return self.Etat.EN_RETARD
        return self.statut

    @etat.setter
    def etat(self, valeur):
        # avec_etat()'s annotation lands here; it serves the database (filters, sorting) and
        # says the same as the property above.
        pass

    def get_etat_display(self):
        return self.Etat(self.etat).label

    @property
    def en_retard(self):
        return self.etat == self.Etat.EN_RETARD


class Suivi(models.Model):
    """One step of an obligation's review (received, accepted, sent back), with the officer's
    comment. A comment marked internal stays with the staff; the reason for a correction is
    always meant for the organisation."""

    class Action(models.TextChoices):
        SOUMISE = "soumise", _("Reçue")
        ACCEPTEE = "acceptee", _("Acceptée")
        A_CORRIGER = "a_corriger", _("Renvoyée pour correction")

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="suivis"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.PROTECT, related_name="+"
    )
    le = models.DateTimeField(_("le"), default=timezone.now)
    commentaire = models.TextField(_("commentaire"), blank=True)
    interne = models.BooleanField(_("note interne"), default=False)

    class Meta:
        verbose_name = _("suivi d'obligation")
        verbose_name_plural = _("suivis d'obligation")
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="a_corriger") | (~Q(commentaire="") & Q(interne=False)),
                name="suivi_correction_motivee_et_communiquee",
            ),
        ]

    def __str__(self):
        return f"{self.obligation} — {self.get_action_display()}"


class RappelEnvoye(models.Model):
    """A reminder that went out (reddition.services.rappels): written only once the email is
    sent, so a failed send is retried by the next run, and unique so that a sent one never goes
    twice."""

    class Type(models.TextChoices):
        AVANT_14 = "avant_14", _("14 jours avant l'échéance")
        RETARD_1 = "retard_1", _("Premier jour de retard")
        DOCUMENT_30 = "document_30", _("30 jours avant l'expiration")
        DOCUMENT_0 = "document_0", _("Jour de l'expiration")
        # Weekly overdue reminders are "retard_semaine_<n>": not an enumerable choice.

    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        on_delete=models.CASCADE,
        related_name="rappels",
        null=True,
        blank=True,
    )
    document = models.ForeignKey(
        "organismes.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="rappels",
        null=True,
        blank=True,
    )
    type = models.CharField(_("type de rappel"), max_length=30)
    envoye_le = models.DateTimeField(_("envoyé le"), default=timezone.now)
    destinataires = models.TextField(_("destinataires"))

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        ordering = ["-envoye_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(obligation__isnull=True) ^ Q(document__isnull=True),
                name="rappel_obligation_ou_document",
            ),
            models.UniqueConstraint(
                fields=["obligation", "type"],
                condition=Q(obligation__isnull=False),
                name="rappel_obligation_unique",
            ),
            models.UniqueConstraint(
                fields=["document", "type"],
                condition=Q(document__isnull=False),
                name="rappel_document_unique",
            ),
        ]

    def __str__(self):
        return f"{self.obligation or self.document} — {self.type}"
