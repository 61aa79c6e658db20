import pytest
from django.core.management import CommandError, call_command

from echanges.models import Importation
from subventions.models import Subvention
from tests.data.subventions_historiques import CHEMIN, classeur_errone

pytestmark = pytest.mark.django_db


def test_essai_a_blanc_puis_import_puis_reimport(referentiel_import, agent, capsys):
    call_command("importer", str(CHEMIN), "--dry-run", "--par", agent.username)
    sortie = capsys.readouterr().out
    assert "6 seraient créées" in sortie and "rien n'a été enregistré" in sortie
    assert not Subvention.objects.exists()

    call_command("importer", str(CHEMIN), "--par", agent.username)
    assert Subvention.objects.count() == 6
    sortie = capsys.readouterr()
    assert "Subventions: 6 ont été créées" in sortie.out
    # Not a terminal here: the progress is a line per quarter, up to the end of the write.
    assert sortie.err.count("Progression:") >= 3 and "Progression: 100%" in sortie.err

    call_command("importer", str(CHEMIN), "--par", agent.username)
    assert Subvention.objects.count() == 6
    assert "0 ont été créées, 0 modifiées, 6 inchangées" in capsys.readouterr().out
    assert list(Importation.objects.order_by("pk").values_list("essai", "source")) == [
        (True, "commande"),
        (False, "commande"),
        (False, "commande"),
    ]


def test_erreurs_sortie_non_nulle_et_chaque_ligne_nommee(
    referentiel_import, agent, tmp_path, capsys
):
    chemin = tmp_path / "ancien.xlsx"
    classeur_errone().save(chemin)
    with pytest.raises(CommandError, match="rien n'a été importé") as erreur:
        call_command("importer", str(chemin), "--par", agent.username)
    assert erreur.value.returncode == 1
    sortie = capsys.readouterr().err
    for ligne in (3, 4, 5, 6):
        assert f"Ligne {ligne}, colonne" in sortie
    assert "Ligne 7" not in sortie
    assert "Ligne 5, colonne « Résolution »: Requis pour une subvention « Approuvée »." in sortie
    assert not Subvention.objects.exists()


def test_fichier_illisible_ou_utilisateur_sans_droit(agent, partenaire, tmp_path):
    chemin = tmp_path / "faux.xlsx"
    chemin.write_bytes(b"pas un classeur")
    with pytest.raises(CommandError, match="ne correspond pas"):
        call_command("importer", str(chemin), "--par", agent.username)
    with pytest.raises(CommandError, match="n'est pas un agent"):
        call_command("importer", str(CHEMIN), "--par", partenaire.username)
    with pytest.raises(CommandError, match="introuvable"):
        call_command("importer", str(tmp_path / "absent.csv"), "--par", agent.username)
