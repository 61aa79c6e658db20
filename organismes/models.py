import os

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.validators import valider_date_passee, valider_date_plausible
from referentiel.models import Territoire

from . import validators as v


def nom_affiche(prefixe=""):
    """The database expression of `str(organisme)` (nom d'usage, else nom légal), so that
    sorting follows what the screen shows. `prefixe` reaches it through a relation."""
    return Coalesce(NullIf(f"{prefixe}nom_usage", Value("")), f"{prefixe}nom_legal")


class Organisme(models.Model):
    class FormeJuridique(models.TextChoices):
        OBNL = "obnl", _("Organisme à but non lucratif (OBNL)")
        COOPERATIVE = "cooperative", _("Coopérative")
        BIENFAISANCE = "bienfaisance", _("Organisme de bienfaisance enregistré")
        PUBLIC = "public", _("Organisme public ou parapublic")
        AUTRE = "autre", _("Autre")

    nom_legal = models.CharField(_("nom légal"), max_length=200)
    nom_usage = models.CharField(_("nom d'usage"), max_length=200, blank=True)
    neq = models.CharField(
        _("NEQ"),
        max_length=10,
        unique=True,
        validators=[v.valider_neq],
        help_text=_("Numéro d'entreprise du Québec, 10 chiffres."),
    )
    numero_bienfaisance = models.CharField(
        _("numéro d'organisme de bienfaisance"),
        max_length=15,
        blank=True,
        validators=[v.valider_numero_bienfaisance],
        help_text=_("Facultatif, ex. 123456789RR0001."),
    )
    forme_juridique = models.CharField(
        _("forme juridique"),
        max_length=20,
        choices=FormeJuridique.choices,
        default=FormeJuridique.OBNL,
    )
    adresse = models.CharField(_("adresse"), max_length=250, blank=True)
    code_postal = models.CharField(
        _("code postal"), max_length=7, blank=True, validators=[v.valider_code_postal]
    )
    arrondissement = models.ForeignKey(
        Territoire,
        verbose_name=_("arrondissement ou municipalité"),
        on_delete=models.PROTECT,
        related_name="organismes",
        null=True,
        blank=True,
    )
    territoires_desservis = models.ManyToManyField(
        Territoire,
        verbose_name=_("territoires desservis"),
        blank=True,
        related_name="organismes_desservant",
    )
    courriel = models.EmailField(_("courriel"), blank=True)
    telephone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[v.valider_telephone]
    )
    site_web = models.URLField(_("site web"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    date_constitution = models.DateField(
        _("date de constitution"), null=True, blank=True, validators=[valider_date_passee]
    )
    actif = models.BooleanField(_("actif"), default=True)
    # An organisation that registered itself online waits for an agent to check it against
    # the enterprise register (verifie_le null) before an application of it may be retained.
    # One that BINAM's staff created or imported is known from the start: the default.
    verifie_le = models.DateTimeField(_("vérifié le"), null=True, blank=True, default=timezone.now)
    verifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[territoires_desservis])

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["nom_legal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(neq__regex=r"^[0-9]{10}$"), name="organisme_neq_10_chiffres"
            ),
        ]

    def __str__(self):
        return self.nom_usage or self.nom_legal

    def get_absolute_url(self):
        return reverse("organismes:detail", args=[self.pk])

    @property
    def a_verifier(self):
        return self.verifie_le is None

    def normaliser(self):
        self.neq = v.normaliser_neq(self.neq)
        if self.numero_bienfaisance:
            self.numero_bienfaisance = v.normaliser_bienfaisance(self.numero_bienfaisance)
        if self.code_postal:
            self.code_postal = v.normaliser_code_postal(self.code_postal)
        if self.telephone:
            self.telephone = v.normaliser_telephone(self.telephone)

    def clean_fields(self, exclude=None):
        # Field checks (max_length) must see the stored form: "1145-678-901" is a valid NEQ.
        self.normaliser()
        super().clean_fields(exclude=exclude)

    def clean(self):
        self.normaliser()


class Contact(models.Model):
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="contacts"
    )
    nom = models.CharField(_("nom"), max_length=150)
    fonction = models.CharField(_("fonction"), max_length=150, blank=True)
    courriel = models.EmailField(_("courriel"), blank=True)
    telephone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[v.valider_telephone]
    )
    principal = models.BooleanField(_("contact principal"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-principal", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme"],
                condition=Q(principal=True),
                name="un_seul_contact_principal",
            )
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        if self.telephone:
            self.telephone = v.normaliser_telephone(self.telephone)


# Filesystems allow 255 bytes per name (not 255 characters: "é" takes two); leave room for the
# "_abc1234" that the storage appends when the name is taken.
NOM_FICHIER_OCTETS_MAX = 200


def chemin_document(instance, filename):
    base, ext = os.path.splitext(os.path.basename(filename))
    ext = ext[:10]
    octets = NOM_FICHIER_OCTETS_MAX - len(ext.encode())
    base = base.encode()[:octets].decode(errors="ignore") or "document"
    return f"organismes/{instance.organisme_id}/{base}{ext}"


class DocumentQuerySet(models.QuerySet):
    def courants(self):
        """The versions in force: the documents no newer version replaced."""
        return self.filter(remplace_par__isnull=True)

    def remplaces(self):
        return self.filter(remplace_par__isnull=False)


class Document(models.Model):
    class Type(models.TextChoices):
        LETTRES_PATENTES = "lettres_patentes", _("Lettres patentes")
        ETATS_FINANCIERS = "etats_financiers", _("États financiers")
        ASSURANCE = "assurance", _("Attestation d'assurance")
        RAPPORT_ANNUEL = "rapport_annuel", _("Rapport annuel")
        RESOLUTION_CA = "resolution_ca", _("Résolution du conseil d'administration")
        AUTRE = "autre", _("Autre")

    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="documents"
    )
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    titre = models.CharField(_("titre"), max_length=200)
    # Stored under PRIVATE_MEDIA_ROOT, served only by a view that checks permissions.
    fichier = models.FileField(_("fichier"), upload_to=chemin_document, max_length=300)
    date_validite = models.DateField(
        _("valide jusqu'au"), null=True, blank=True, validators=[valider_date_plausible]
    )
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("téléversé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    televerse_le = models.DateTimeField(_("téléversé le"), auto_now_add=True)
    # A new version points to the one it replaces, which stays (file included) as history.
    # One-to-one: a version is replaced once, so two simultaneous replacements cannot fork.
    remplace = models.OneToOneField(
        "self",
        verbose_name=_("remplace"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplace_par",
    )

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["type", "-televerse_le"]

    def __str__(self):
        return self.titre

    @property
    def est_expire(self):
        return self.date_validite is not None and self.date_validite < timezone.localdate()

    @property
    def nom_fichier(self):
        return os.path.basename(self.fichier.name)

    @property
    def format(self):
        return os.path.splitext(self.fichier.name)[1].lstrip(".").upper()

    def taille(self):
        """Size in bytes, or None when the file is missing from storage (shown, not fatal)."""
        try:
            return self.fichier.size
        except OSError:
            return None


class Membre(models.Model):
    """Links a partner user to the single organisation whose portal they use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="membre",
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="membres"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre d'un organisme")
        verbose_name_plural = _("membres d'organismes")

    def __str__(self):
        return f"{self.user} — {self.organisme}"
