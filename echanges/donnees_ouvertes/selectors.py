"""What the open data publishes: the grants approved or later, nothing else.

The figures are the other apps' words: accordé is Subvention.STATUTS_ENGAGES, the exercice's
share is the répartition the dashboard's workbook writes (rapports.selectors), versé is the
instalments paid (versements.selectors). Nothing here depends on the user: these grants are
published by the city (CE resolutions are public), and the views decide who may download.
"""

from django.db.models import QuerySet

from subventions.models import Subvention
from versements.selectors import verse_par_subvention

CHAMPS = (
    "numero",
    "titre",
    "description",
    "statut",
    "montant_accorde",
    "numero_resolution",
    "date_decision",
    "date_signature",
    "date_debut",
    "date_fin",
    "cree_le",
    "modifie_le",
    "organisme__nom_legal",
    "organisme__neq",
    "organisme__arrondissement__nom",
    "programme__code",
    "programme__nom",
)
# Rows read from the database at a time: the memory a download holds whatever its length.
CHUNK = 500


def subventions_publiables() -> QuerySet[Subvention]:
    """Every grant approved or later (refused, cancelled or undecided files never appear)."""
    return Subvention.objects.filter(statut__in=Subvention.STATUTS_ENGAGES)


def subventions_ouvertes(*, programme, exercice) -> QuerySet[Subvention]:
    """The programme's grants approved or later that have a share in `exercice`, with that
    share as `part_exercice` and what each row writes loaded in the same query, in number
    order."""
    return (
        subventions_publiables()
        .filter(programme=programme)
        .avec_argent_en(exercice)
        .avec_part_exercice(exercice)
        .select_related("organisme__arrondissement", "programme")
        # Only what the files write: the organisation's and the grant's long texts (mission,
        # address…) made each row 5 Kio in memory, a chunk of rows 10 Mio.
        .only(*CHAMPS)
        .par_numero()
    )


def verse_des_subventions(subventions) -> dict:
    """{grant pk: Σ paid} for these grants, one query (a grant with nothing paid is absent)."""
    return verse_par_subvention(subventions=subventions)
