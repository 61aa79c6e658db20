"""Reference data edited by administrators (seeded by data migrations, never hard-coded)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class Reference(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    nom = models.CharField(_("nom"), max_length=200, unique=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class Rubrique(Reference):
    """One of the sections of the Montréal Nouveau Départ guide."""

    class Meta(Reference.Meta):
        verbose_name = _("rubrique Nouveau Départ")
        verbose_name_plural = _("rubriques Nouveau Départ")


class StatutImmigration(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("statut d'immigration")
        verbose_name_plural = _("statuts d'immigration")


class LigneBudgetaire(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")


class Territoire(Reference):
    class Type(models.TextChoices):
        ARRONDISSEMENT = "arrondissement", _("Arrondissement de Montréal")
        MUNICIPALITE = "municipalite", _("Municipalité de l'agglomération")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices)

    class Meta(Reference.Meta):
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["type", "nom"]
