"""Reference data edited by administrators (seeded by data migrations, never hard-coded).

Each item has a French name and an English one (`nom_en`), shown when the interface is in
English. Territories are proper names: their English name stays empty, and the French one is
shown in both languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def en_anglais() -> bool:
    return (get_language() or "").lower().startswith("en")


class ReferenceQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class Reference(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    nom = models.CharField(_("nom"), max_length=200, unique=True)
    nom_en = models.CharField(
        _("nom en anglais"),
        max_length=200,
        blank=True,
        help_text=_("Affiché quand l'interface est en anglais; vide : le nom français."),
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom_affiche

    @property
    def nom_affiche(self) -> str:
        """The name in the active language: screens, workbooks and PDFs all go through it."""
        return (en_anglais() and self.nom_en) or self.nom

    @classmethod
    def noms_affiches(cls, paires) -> list:
        """`[[pk, nom], ...]` as a report's version keeps them (in French), with each name in
        the active language where the item still exists: a report read in English says
        "Rent", not "Loyer". In French the names stay as they were saved."""
        paires = [list(p) for p in paires]
        if not en_anglais():
            return paires
        noms = {o.pk: o.nom_affiche for o in cls.objects.filter(pk__in=[p[0] for p in paires])}
        return [[pk, noms.get(pk, nom)] for pk, nom in paires]


class Rubrique(Reference):
    """One of the sections of the Montréal Nouveau Départ guide."""

    class Meta(Reference.Meta):
        verbose_name = _("rubrique Nouveau Départ")
        verbose_name_plural = _("rubriques Nouveau Départ")


class StatutImmigration(Reference):
    # A table's column header is the short form; its full name stays for screen readers.
    sigle = models.CharField(_("sigle"), max_length=10, blank=True)
    sigle_en = models.CharField(_("sigle en anglais"), max_length=10, blank=True)

    class Meta(Reference.Meta):
        verbose_name = _("statut d'immigration")
        verbose_name_plural = _("statuts d'immigration")

    @property
    def sigle_affiche(self) -> str:
        """The column header's short form in the active language (the name when none)."""
        if en_anglais():
            return self.sigle_en or self.nom_en or self.sigle or self.nom
        return self.sigle or self.nom


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
