from django.db import migrations


def creer_groupe(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="evaluateur")


def supprimer_groupe(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="evaluateur").delete()


class Migration(migrations.Migration):
    dependencies = [("comptes", "0002_journal_roles")]
    operations = [migrations.RunPython(creer_groupe, supprimer_groupe)]
