"""The dashboard's running totals (rapports.cumuls): each figure of the dashboard summed per
programme and exercice, kept equal to the live figures as grants, répartitions, instalments,
targets and reports change.

Three tables, none of them edited by hand:
- `Cumul`: one row per figure and key (programme, exercice, grant status, organisation,
  rubrique, immigration status), the sum of the grants' contributions and how many
  contributions make it (a key with none has no row, as a live GROUP BY has no group);
- `ContributionCumul`: what each grant adds to `Cumul` now, so that a change adds the
  difference and never recounts the other grants;
- `CumulAMettreAJour`: the grants whose contribution must be worked out again. Database
  triggers (rapports.cumuls.declencheurs) fill it on every write to the tables the figures
  read, whichever code writes (services, bulk updates, the admin, an import), in the writer's
  transaction: a change is either pending here or already counted, never lost.
"""

from django.db import models

# The exercice of a figure that covers every exercice (no exercice filter), and the programme of
# the money committed per organisation over every programme (no programme filter: 2,000
# organisations to sum rather than their 5,000 pairs with a programme).
TOUS_LES_EXERCICES = 0
TOUS_LES_PROGRAMMES = 0


class Cumul(models.Model):
    class Figure(models.TextChoices):
        # Per grant status (the grants' totals and the table by status); how many grants is
        # how many contributions (`lignes`), here and per organisation.
        DEMANDE = "demande"
        MONTANT = "montant"
        PART = "part"  # the exercice's répartition; also engagé and proposé by programme
        # Per organisation: engagé.
        ENGAGE_ORGANISME = "engage_org"
        # Paid, by the instalment's exercice.
        VERSE = "verse"
        # Participants by rubrique and immigration status (0: not given).
        REJOINTS = "rejoints"
        VISES = "vises"

    figure = models.CharField(max_length=12, choices=Figure.choices)
    programme = models.IntegerField()
    exercice = models.IntegerField()
    statut = models.CharField(max_length=20, default="")
    # A foreign key only to join names and boroughs: no constraint, and 0 (no organisation)
    # rather than NULL on the rows of other figures, so that the unique key holds on SQLite.
    organisme = models.ForeignKey(
        "organismes.Organisme",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        default=0,
    )
    rubrique = models.IntegerField(default=0)
    statut_immigration = models.IntegerField(default=0)
    # Money in cents, exact on SQLite too (its decimals are stored as floats); counts as such.
    valeur = models.BigIntegerField()
    lignes = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "exercice",
                    "figure",
                    "programme",
                    "statut",
                    "organisme",
                    "rubrique",
                    "statut_immigration",
                ],
                name="cumul_une_ligne_par_cle",
            ),
        ]
        # The rows left with no contribution, deleted after each update: a tiny index.
        indexes = [
            models.Index(fields=["lignes"], name="cumul_sans_ligne", condition=models.Q(lignes=0))
        ]

    def __str__(self):
        return f"{self.figure} {self.programme}/{self.exercice}: {self.valeur}"


class ContributionCumul(models.Model):
    subvention = models.IntegerField(primary_key=True)
    # JSON list of [figure, programme, exercice, statut, organisme, rubrique,
    # statut_immigration, valeur]: the grant's share of each Cumul row (one contribution each).
    lignes = models.TextField()

    def __str__(self):
        return f"{self.subvention}"


class CumulAMettreAJour(models.Model):
    """A queue: every write adds a row, even for a grant already listed. A unique grant with
    INSERT … ON CONFLICT DO NOTHING would let a write whose grant is already listed add
    nothing; a fold could then take that row and count the grant without the write, which
    commits after it, and the write would be lost."""

    # No foreign key: a deleted grant stays listed until its contribution is taken out.
    subvention = models.IntegerField()

    def __str__(self):
        return f"{self.subvention}"


ARGENT = frozenset(
    {
        Cumul.Figure.DEMANDE,
        Cumul.Figure.MONTANT,
        Cumul.Figure.PART,
        Cumul.Figure.ENGAGE_ORGANISME,
        Cumul.Figure.VERSE,
    }
)
