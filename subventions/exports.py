"""What the grants list's xlsx and CSV carry beyond the seven columns on screen: amounts asked,
dates, decision, borough, rubriques funded, and the granted répartition in one column per
exercice.

The rows still stream (`noyau.exports`): the amounts per exercice and the rubriques funded are
subquery annotations of the one list query, never a query per row. The rubriques are one yes/no
annotation each (seven reference rows) rather than a prefetch: prefetched lines, services and
rubriques as model instances took three times the memory of the rows themselves.
"""

import django_tables2 as tables
from django.db.models import Case, Exists, Max, Min, OuterRef, Subquery, When
from django.utils.translation import gettext_lazy as _

from noyau.exports import Valeur
from noyau.requetes import parmi
from noyau.tables import MontantColumn
from referentiel.models import Rubrique, en_anglais

from .models import Repartition, ServiceFinance, Subvention
from .tables import SubventionListeTable

# A grant spans a few exercices; a range wider than this comes from odd data, not from a need
# for fifty columns.
EXERCICES_MAX = 15


def exercices_a_exporter(subventions, exercice=None) -> list[int]:
    """The filter's exercice, or every exercice from the first to the last that the filtered
    grants' répartitions touch (one aggregate query)."""
    if exercice is not None:
        return [exercice]
    bornes = parmi(Repartition.objects.all(), "subvention", subventions).aggregate(
        debut=Min("exercice"), fin=Max("exercice")
    )
    if bornes["debut"] is None:
        return []
    return list(range(bornes["debut"], min(bornes["fin"], bornes["debut"] + EXERCICES_MAX - 1) + 1))


def _annotation(exercice):
    return f"repartition_{exercice}"


def _drapeau(rubrique_pk):
    return f"rubrique_{rubrique_pk}"


def rubriques_a_exporter() -> list[tuple[int, str]]:
    """Every rubrique (a deactivated one may still be funded), in the guide's order."""
    return list(Rubrique.objects.order_by("ordre", "nom").values_list("pk", "nom"))


def subventions_a_exporter(subventions, exercices, rubriques):
    """The filtered grants with what the export columns read."""
    annotations = {
        # The granted part only: a proposal's répartition is not accordé (its amount is in the
        # "Montant proposé" column), so each column adds up to the exercice's engagé.
        _annotation(e): Case(
            When(
                statut__in=Subvention.STATUTS_ENGAGES,
                then=Subquery(
                    Repartition.objects.filter(subvention=OuterRef("pk"), exercice=e).values(
                        "montant"
                    )[:1]
                ),
            )
        )
        for e in exercices
    }
    for pk, _nom in rubriques:
        annotations[_drapeau(pk)] = Exists(
            ServiceFinance.objects.filter(subvention=OuterRef("pk"), service__rubrique=pk)
        )
    return subventions.select_related("organisme__arrondissement").annotate(**annotations)


class SubventionExportTable(SubventionListeTable):
    """Export-only columns are not sortable: the file is sorted exactly like the screen."""

    montant_demande = MontantColumn(verbose_name=_("Montant demandé"), orderable=False)
    date_debut = tables.Column(verbose_name=_("Date de début"), orderable=False)
    date_fin = tables.Column(verbose_name=_("Date de fin"), orderable=False)
    numero_resolution = tables.Column(verbose_name=_("Numéro de résolution"), orderable=False)
    date_decision = tables.Column(verbose_name=_("Date de la décision"), orderable=False)
    numero_gdd = tables.Column(verbose_name=_("Numéro GDD"), orderable=False)
    arrondissement = tables.Column(
        verbose_name=_("Arrondissement de l'organisme"),
        accessor="organisme__arrondissement",
        orderable=False,
    )
    rubriques = tables.Column(
        verbose_name=_("Rubriques financées"), empty_values=(), orderable=False
    )

    class Meta(SubventionListeTable.Meta):
        pass  # django-tables2 reads only a class's own Meta: model, fields and order kept

    export_totaux = True
    # Characters; names and projects are wider than their headers.
    largeurs_export = {
        "numero": 17,
        "organisme": 42,
        "titre": 50,
        "programme": 30,
        "statut": 18,
        "agent": 24,
        "montant_propose": 17,
        "montant_accorde": 17,
        "montant_demande": 17,
        "date_debut": 13,
        "date_fin": 13,
        "numero_resolution": 14,
        "date_decision": 13,
        "numero_gdd": 13,
        "arrondissement": 40,
        "rubriques": 50,
    }

    def __init__(self, data, *, exercices=(), rubriques=(), **kwargs):
        self.rubriques = rubriques
        colonnes = [
            (
                _annotation(e),
                MontantColumn(
                    verbose_name=_("Part accordée %(exercice)s") % {"exercice": e},
                    orderable=False,
                ),
            )
            for e in exercices
        ]
        self.largeurs_export = {
            **self.largeurs_export,
            **{_annotation(e): 19 for e in exercices},
        }
        drapeaux = [_drapeau(pk) for pk, _nom in rubriques]
        self.valeurs_export = {
            **self.valeurs_export,
            "arrondissement": Valeur(
                "organisme__arrondissement__nom",
                "organisme__arrondissement__nom_en",
                calcul=lambda nom, nom_en: (en_anglais() and nom_en) or nom,
            ),
            "rubriques": Valeur(*drapeaux, calcul=self._rubriques_financees),
        }
        super().__init__(data, extra_columns=colonnes, **kwargs)

    def _rubriques_financees(self, *drapeaux):
        return ", ".join(
            nom for (_pk, nom), oui in zip(self.rubriques, drapeaux, strict=True) if oui
        )

    def value_rubriques(self, record):
        return ", ".join(nom for pk, nom in self.rubriques if getattr(record, _drapeau(pk)))
