"""Every instalment belongs to an exercice (domain.md, "Invariants"): the field, each existing
instalment's exercice, then the CHECK that its planned date lies in it.

Existing instalments are allocated per grant so that the per-exercice sums match the
répartition where they can: the not-cancelled instalments, in rank order, fill the exercices in
order, each wholly inside one exercice. When they cannot (an instalment larger than what is left
of its exercice), every instalment takes the year of its planned date, clamped into the grant's
exercices, and `manage.py verifier_exercices` lists what the officers must correct. A planned
date outside its exercice is brought to its nearest day inside it, and the instalment's motif
keeps the original date.
"""

import django.core.validators
from django.db import migrations, models

ANNULE = "annule"


def _remplir(versements, parts):
    """[exercice per instalment] when the rank-order filling matches every part exactly, else
    None."""
    exercices = [e for e in sorted(parts) if parts[e] > 0]
    restes = {e: parts[e] for e in exercices}
    resultat, i = [], 0
    for v in versements:
        if v.statut == ANNULE:
            resultat.append(None)
            continue
        while i < len(exercices) and restes[exercices[i]] == 0:
            i += 1
        if i == len(exercices) or v.montant > restes[exercices[i]]:
            return None
        restes[exercices[i]] -= v.montant
        resultat.append(exercices[i])
    if any(restes.values()):
        return None
    return resultat


def _le_plus_proche(annee, exercices):
    if not exercices:
        return annee
    return min(exercices, key=lambda e: (abs(e - annee), e))


def attribuer_exercices(apps, schema_editor):
    import datetime

    Versement = apps.get_model("versements", "Versement")
    Repartition = apps.get_model("subventions", "Repartition")
    parts_par_subvention = {}
    for r in Repartition.objects.order_by():
        parts_par_subvention.setdefault(r.subvention_id, {})[r.exercice] = r.montant
    par_subvention = {}
    for v in Versement.objects.order_by("subvention_id", "rang"):
        par_subvention.setdefault(v.subvention_id, []).append(v)
    modifies = []
    for subvention_id, versements in par_subvention.items():
        parts = parts_par_subvention.get(subvention_id, {})
        exercices = sorted(parts)
        remplis = _remplir(versements, parts) or [None] * len(versements)
        for v, exercice in zip(versements, remplis):
            v.exercice = exercice or _le_plus_proche(v.date_prevue.year, exercices)
            if v.date_prevue.year != v.exercice:
                avant = v.date_prevue
                if avant.year < v.exercice:
                    v.date_prevue = datetime.date(v.exercice, 1, 1)
                else:
                    v.date_prevue = datetime.date(v.exercice, 12, 31)
                note = (
                    f"Date prévue initiale {avant.isoformat()}, ramenée dans l'exercice "
                    f"{v.exercice} auquel le versement appartient."
                )
                v.motif = f"{v.motif}\n{note}" if v.motif else note
            modifies.append(v)
    Versement.objects.bulk_update(
        modifies, ["exercice", "date_prevue", "motif"], batch_size=1000
    )
    # The history's earlier rows name the exercice their instalment now belongs to.
    Historique = apps.get_model("versements", "HistoricalVersement")
    exercice_de = {v.pk: v.exercice for v in modifies}
    lignes = list(Historique.objects.filter(exercice__isnull=True))
    for ligne in lignes:
        ligne.exercice = exercice_de.get(ligne.id, ligne.date_prevue.year)
    Historique.objects.bulk_update(lignes, ["exercice"], batch_size=1000)


def _champ(null):
    return models.PositiveSmallIntegerField(
        null=null,
        validators=[
            django.core.validators.MinValueValidator(2000),
            django.core.validators.MaxValueValidator(2100),
        ],
        verbose_name="exercice",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("subventions", "0009_index_couvrants"),
        ("versements", "0005_index_verse"),
    ]

    operations = [
        migrations.AddField(model_name="versement", name="exercice", field=_champ(True)),
        migrations.AddField(model_name="historicalversement", name="exercice", field=_champ(True)),
        migrations.RunPython(attribuer_exercices, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(model_name="versement", name="exercice", field=_champ(False)),
        migrations.AlterField(
            model_name="historicalversement", name="exercice", field=_champ(False)
        ),
        migrations.AddIndex(
            model_name="versement",
            index=models.Index(
                fields=["statut", "exercice", "subvention", "montant"],
                name="versement_statut_exercice",
            ),
        ),
        migrations.AddConstraint(
            model_name="versement",
            constraint=models.CheckConstraint(
                condition=models.Q(date_prevue__year=models.F("exercice")),
                name="versement_date_dans_exercice",
            ),
        ),
    ]
