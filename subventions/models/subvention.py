import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat, Substr, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import ServiceIntegration
from noyau.champs import ExerciceField, MontantField
from noyau.formats import format_money
from noyau.validators import valider_date_plausible, valider_participants
from organismes.models import Organisme

from .programme import Enveloppe, Programme

valider_resolution = RegexValidator(
    r"^CE\d{2} \d{4}$", _("Numéro de résolution du comité exécutif attendu, ex. CE25 1234.")
)
valider_gdd = RegexValidator(
    r"^\d{10}$", _("Le numéro de dossier décisionnel (GDD) compte 10 chiffres.")
)

# domain.md: the final report is due 60 days after the grant's end date; the last instalment,
# paid on that report, is planned for the same day.
DELAI_RAPPORT_FINAL = datetime.timedelta(days=60)


def ordre_numero(chemin: str = "", *, decroissant: bool = False) -> tuple[str, str]:
    """The sort by grant number, read as numbers (BINAM-2026-999 before BINAM-2026-9915): for
    grants (`chemin=""`) or for rows that point to one (`chemin="subvention__"`), newest first
    when `decroissant`. Every list and file sorts grants this way (the index serves it)."""
    signe = "-" if decroissant else ""
    return (f"{signe}{chemin}annee_numero", f"{signe}{chemin}sequence_numero")


class SubventionQuerySet(models.QuerySet):
    def sous_convention(self):
        """Signed and not closed: where money may move (Subvention.STATUTS_SOUS_CONVENTION)."""
        return self.filter(sous_convention_q())

    def par_numero(self, *, decroissant: bool = False):
        return self.order_by(*ordre_numero(decroissant=decroissant))

    def _repartitions(self):
        # Repartition (models/repartition.py) imports this module for its foreign key.
        return self.model.repartitions.rel.related_model.objects

    def avec_argent_en(self, exercice):
        """The grants with part of their amount charged to `exercice` (a répartition that
        year): what "in exercice X" means on every list, the dashboard and the open data.
        Exists() rather than a join, so that a grant stays one row."""
        return self.filter(
            Exists(self._repartitions().filter(subvention=OuterRef("pk"), exercice=exercice))
        )

    def avec_part_exercice(self, exercice):
        """Annotated with `part_exercice`, the grant's répartition for `exercice` (None when it
        has none): the workbook's column, the annual report's and the open data's MONTANT."""
        part = self._repartitions().filter(subvention=OuterRef("pk"), exercice=exercice)
        return self.annotate(part_exercice=Subquery(part.values("montant")[:1]))


def sous_convention_q(chemin=""):
    """`Q` for rows whose grant (through `chemin`, e.g. "subvention") is sous convention."""
    champ = f"{chemin}__statut__in" if chemin else "statut__in"
    return Q(**{champ: Subvention.STATUTS_SOUS_CONVENTION})


class Subvention(models.Model):
    class Statut(models.TextChoices):
        EN_ANALYSE = "en_analyse", _("En analyse")
        RECOMMANDEE = "recommandee", _("Recommandée")
        APPROUVEE = "approuvee", _("Approuvée")
        CONVENTION_SIGNEE = "convention_signee", _("Convention signée")
        EN_COURS = "en_cours", _("En cours")
        TERMINEE = "terminee", _("Terminée")
        FERMEE = "fermee", _("Fermée")
        REFUSEE = "refusee", _("Refusée")
        ANNULEE = "annulee", _("Annulée")

    # Statuses in which the money is committed against the envelope.
    STATUTS_ENGAGES = (
        Statut.APPROUVEE,
        Statut.CONVENTION_SIGNEE,
        Statut.EN_COURS,
        Statut.TERMINEE,
        Statut.FERMEE,
    )
    # Not decided yet: the amount is a proposal ("proposé"), not a grant.
    STATUTS_PROPOSES = (Statut.EN_ANALYSE, Statut.RECOMMANDEE)
    # Nothing is (or stays) granted: in no sum of amounts.
    STATUTS_ABANDONNES = (Statut.REFUSEE, Statut.ANNULEE)
    # Once recommended, the file the manager approves is the one that was recommended: changing
    # it means sending it back to analysis first (a recorded step).
    STATUTS_MODIFIABLES = (Statut.EN_ANALYSE,)
    # "Sous convention": the agreement is signed and the file not closed. Money may move there
    # (instalments authorised and paid, amendments, reports): the one list of those statuses,
    # asked as `est_sous_convention`, `Subvention.objects.sous_convention()` or, across a
    # relation, `sous_convention_q("subvention")`.
    STATUTS_SOUS_CONVENTION = (Statut.CONVENTION_SIGNEE, Statut.EN_COURS, Statut.TERMINEE)

    numero = models.CharField(_("numéro"), max_length=20, unique=True, editable=False)
    # BINAM-<année>-<séquence> read as numbers, so that 999 sorts before 1000 (the text sorts
    # "999" above "1000"). Stored generated columns (SQLite and PostgreSQL) are indexed and
    # need no code to keep them right, even under bulk_create or update().
    annee_numero = models.GeneratedField(
        verbose_name=_("année du numéro"),
        expression=Cast(Substr("numero", 7, 4), IntegerField()),
        output_field=IntegerField(),
        db_persist=True,
    )
    sequence_numero = models.GeneratedField(
        verbose_name=_("séquence du numéro"),
        expression=Cast(Substr("numero", 12), IntegerField()),
        output_field=IntegerField(),
        db_persist=True,
    )
    # What the search reads: number and title in capitals, written by the database, so that
    # "contains" is one LIKE on a stored column (with a trigram index on PostgreSQL) instead of
    # UPPER() of two columns on every row (50 ms at 20,000 grants).
    recherche = models.GeneratedField(
        verbose_name=_("texte de recherche"),
        expression=Upper(Concat("numero", Value(" "), "titre")),
        output_field=TextField(),
        db_persist=True,
    )
    organisme = models.ForeignKey(
        Organisme,
        verbose_name=_("organisme"),
        on_delete=models.PROTECT,
        related_name="subventions",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="subventions",
        db_index=False,  # subvention_par_programme below starts with it
    )
    titre = models.CharField(_("titre du projet"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent responsable"),
        on_delete=models.PROTECT,
        related_name="subventions_assignees",
        null=True,
        blank=True,
        db_index=False,  # subvention_par_agent below starts with it
    )
    montant_demande = MontantField(_("montant demandé"), default=0)
    montant_accorde = MontantField(_("montant accordé"), default=0)
    date_debut = models.DateField(
        _("date de début"), null=True, blank=True, validators=[valider_date_plausible]
    )
    date_fin = models.DateField(
        _("date de fin"), null=True, blank=True, validators=[valider_date_plausible]
    )
    numero_resolution = models.CharField(
        _("numéro de résolution"), max_length=10, blank=True, validators=[valider_resolution]
    )
    date_decision = models.DateField(
        _("date de la décision"), null=True, blank=True, validators=[valider_date_plausible]
    )
    date_signature = models.DateField(
        _("date de signature de la convention"),
        null=True,
        blank=True,
        validators=[valider_date_plausible],
    )
    numero_gdd = models.CharField(
        _("numéro de dossier décisionnel (GDD)"),
        max_length=10,
        blank=True,
        validators=[valider_gdd],
    )
    statut = models.CharField(
        _("statut"),
        max_length=20,
        choices=Statut.choices,
        default=Statut.EN_ANALYSE,
        db_index=True,
    )
    motif_annulation = models.TextField(_("motif d'annulation"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    # The generated columns follow the numéro: the history has nothing to add about them.
    history = HistoricalRecords(excluded_fields=["annee_numero", "sequence_numero", "recherche"])

    objects = SubventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subvention")
        verbose_name_plural = _("subventions")
        # Every grants list sorts by number, newest first by default (hence the index).
        ordering = list(ordre_numero(decroissant=True))
        indexes = [
            models.Index(
                fields=["annee_numero", "sequence_numero"], name="subvention_ordre_numero"
            ),
            # An agent's work queue counts its files by status and joins their instalments and
            # obligations by id: the three columns let PostgreSQL read the index alone instead
            # of the whole table (an agent may follow half of 20,000 grants).
            models.Index(fields=["agent", "statut", "id"], name="subvention_par_agent"),
            # The same for a programme's committed grants (the programme list's engagé).
            models.Index(fields=["programme", "statut", "id"], name="subvention_par_programme"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_demande__gte=0), name="subvention_demande_positive"
            ),
            models.CheckConstraint(
                condition=Q(montant_accorde__gte=0), name="subvention_accorde_positif"
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True)
                | Q(date_debut__isnull=True)
                | Q(date_fin__gte=F("date_debut")),
                name="subvention_dates_ordonnees",
            ),
        ]

    def __str__(self):
        return f"{self.numero} — {self.titre}"

    def get_absolute_url(self):
        return reverse("subventions:detail", args=[self.pk])

    @property
    def est_engagee(self):
        """Approved or later: the granted amount is a decision, not a recommendation."""
        return self.statut in self.STATUTS_ENGAGES

    @property
    def montant_est_propose(self):
        """No approval yet (en analyse, recommandée), or none ever (refused, or cancelled before
        a decision): the amount is a proposal, "montant proposé", never "montant accordé"."""
        if self.statut == self.Statut.ANNULEE:
            return self.date_decision is None
        return self.statut in (*self.STATUTS_PROPOSES, self.Statut.REFUSEE)

    @property
    def libelle_montant(self):
        """What the amount is called on this file's pages and documents (domain.md, "Proposed
        vs granted")."""
        return _("Montant proposé") if self.montant_est_propose else _("Montant accordé")

    @property
    def est_abandonnee(self):
        """Refused or cancelled: nothing is (or stays) granted."""
        return self.statut in self.STATUTS_ABANDONNES

    @property
    def est_sous_convention(self):
        return self.statut in self.STATUTS_SOUS_CONVENTION

    @property
    def est_modifiable(self):
        return self.statut in self.STATUTS_MODIFIABLES

    def clean(self):
        super().clean()
        if (
            self.montant_accorde is not None
            and self.montant_demande is not None
            and self.montant_accorde > self.montant_demande
        ):
            raise ValidationError(
                {
                    "montant_accorde": _(
                        "Ce montant, %(accorde)s, ne peut pas dépasser le montant demandé, "
                        "%(demande)s."
                    )
                    % {
                        "accorde": format_money(self.montant_accorde),
                        "demande": format_money(self.montant_demande),
                    }
                }
            )

    def exercices_couverts(self):
        if not (self.date_debut and self.date_fin):
            return []
        return list(range(self.date_debut.year, self.date_fin.year + 1))


class ServiceFinance(models.Model):
    """A service paid by a grant, with its participant target and its share of the amount."""

    subvention = models.ForeignKey(
        Subvention, on_delete=models.CASCADE, related_name="services_finances"
    )
    service = models.ForeignKey(
        ServiceIntegration,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="financements",
    )
    participants_cibles = models.PositiveIntegerField(
        _("participants visés"), default=0, validators=[valider_participants]
    )
    montant = MontantField(_("part du montant"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service financé")
        verbose_name_plural = _("services financés")
        constraints = [
            models.UniqueConstraint(
                fields=["subvention", "service"], name="service_finance_unique"
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="service_finance_positif"),
        ]

    def __str__(self):
        return str(self.service)


class Transition(models.Model):
    """One step of a grant's lifecycle: who, when, from, to, why."""

    subvention = models.ForeignKey(Subvention, on_delete=models.PROTECT, related_name="transitions")
    de = models.CharField(_("de"), max_length=20, choices=Subvention.Statut.choices, blank=True)
    vers = models.CharField(_("vers"), max_length=20, choices=Subvention.Statut.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(_("le"), default=timezone.now)
    commentaire = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.subvention.numero}: {self.de} → {self.vers}"


class DerogationEnveloppe(models.Model):
    """A manager's recorded decision to approve beyond an exercice's remaining envelope."""

    subvention = models.ForeignKey(Subvention, on_delete=models.PROTECT, related_name="derogations")
    enveloppe = models.ForeignKey(
        Enveloppe, on_delete=models.PROTECT, related_name="derogations", null=True, blank=True
    )
    exercice = ExerciceField()
    depassement = MontantField(_("dépassement"))
    raison = models.TextField(_("raison"))
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dérogation à l'enveloppe")
        verbose_name_plural = _("dérogations à l'enveloppe")
        ordering = ["le"]

    def __str__(self):
        return f"{self.subvention.numero} {self.exercice}: {self.raison[:40]}"


class SequenceNumero(models.Model):
    """Last number given per year, so that a grant number is never reused."""

    annee = models.PositiveSmallIntegerField(primary_key=True)
    dernier = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.annee}: {self.dernier}"
