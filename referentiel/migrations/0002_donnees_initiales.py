from django.db import migrations
from django.utils.text import slugify

from referentiel import donnees


def charger(apps, schema_editor):
    Rubrique = apps.get_model("referentiel", "Rubrique")
    Statut = apps.get_model("referentiel", "StatutImmigration")
    Ligne = apps.get_model("referentiel", "LigneBudgetaire")
    Territoire = apps.get_model("referentiel", "Territoire")
    for modele, lignes in ((Rubrique, donnees.RUBRIQUES), (Statut, donnees.STATUTS),
                           (Ligne, donnees.LIGNES_BUDGETAIRES)):
        for ordre, (code, nom) in enumerate(lignes, start=1):
            modele.objects.update_or_create(code=code, defaults={"nom": nom, "ordre": ordre})
    for type_, noms in (("arrondissement", donnees.ARRONDISSEMENTS),
                        ("municipalite", donnees.MUNICIPALITES)):
        for ordre, nom in enumerate(noms, start=1):
            Territoire.objects.update_or_create(
                code=slugify(nom), defaults={"nom": nom, "type": type_, "ordre": ordre}
            )


class Migration(migrations.Migration):
    dependencies = [("referentiel", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
