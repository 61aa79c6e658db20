"""What each import did: who, when, which file, what it created or updated, dry run or not."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from noyau.formats import date_longue
from noyau.historique import enregistrer_raisons

# The change reason of every history row an import writes, readable in either language.
RAISON = _("Importation n° %(pk)s (%(fichier)s)")
enregistrer_raisons(RAISON)


def chemin_importation(instance, filename):
    # A random name under the private storage: the sender's name is kept in `nom_fichier` only.
    return f"importations/{instance.jeton}{instance.extension}"


class Importation(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("Application web")
        COMMANDE = "commande", _("Ligne de commande")

    class Resultat(models.TextChoices):
        VALIDE = "valide", _("Prêt à importer")
        ERREURS = "erreurs", _("Erreurs")
        IMPORTE = "importe", _("Importé")

    jeton = models.UUIDField(_("jeton"), unique=True, editable=False)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    le = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    nom_fichier = models.CharField(_("fichier"), max_length=255)
    extension = models.CharField(max_length=10, blank=True)
    # Kept privately between the preview and the confirmation (and for the error report), never
    # under a public URL; emptied once the import is done.
    fichier = models.FileField(upload_to=chemin_importation, max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    essai = models.BooleanField(_("essai à blanc"), default=True)
    resultat = models.CharField(_("résultat"), max_length=10, choices=Resultat.choices)
    nb_lignes = models.PositiveIntegerField(_("lignes"), default=0)
    organismes_crees = models.PositiveIntegerField(_("organismes créés"), default=0)
    organismes_modifies = models.PositiveIntegerField(_("organismes modifiés"), default=0)
    subventions_creees = models.PositiveIntegerField(_("subventions créées"), default=0)
    subventions_modifiees = models.PositiveIntegerField(_("subventions modifiées"), default=0)
    nb_erreurs = models.PositiveIntegerField(_("erreurs"), default=0)
    # [{"ligne": 7, "colonne": "Montant accordé", "message": "..."}], capped (see MAX_ERREURS).
    erreurs = models.JSONField(default=list, blank=True)
    # What the preview shows: the first rows to be created or updated, unchanged count, columns
    # ignored (see services.APERCU_MAX).
    details = models.JSONField(default=dict, blank=True)
    # The preview this real import confirms.
    apercu = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="confirmations"
    )

    class Meta:
        verbose_name = _("importation")
        verbose_name_plural = _("importations")
        ordering = ["-le", "-pk"]

    def __str__(self):
        if not self.le:
            return self.nom_fichier
        return f"{self.nom_fichier} ({date_longue(self.le, 'SHORT_DATETIME_FORMAT')})"

    def get_absolute_url(self):
        return reverse("echanges:importation_detail", args=[self.pk])

    @property
    def libelle(self):
        """How history change reasons name this import."""
        return _("Importation n° %(pk)s (%(fichier)s)") % {
            "pk": self.pk,
            "fichier": self.nom_fichier,
        }
