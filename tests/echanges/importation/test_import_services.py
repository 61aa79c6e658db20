import datetime
from decimal import Decimal

import pytest

from echanges.importation.services import importation_executer
from echanges.models import Importation
from organismes.models import Organisme
from subventions.models import Repartition, SequenceNumero, Subvention, Transition
from tests.data.subventions_historiques import classeur_errone

from .conftest import en_octets

pytestmark = pytest.mark.django_db


def importer(fichier, par, essai=False, nom="subventions-historiques.xlsx"):
    fichier.seek(0)
    return importation_executer(
        fichier=fichier, nom=nom, par=par, essai=essai, source=Importation.Source.COMMANDE
    )


def etat():
    return (
        Organisme.objects.count(),
        Subvention.objects.count(),
        Repartition.objects.count(),
        Transition.objects.count(),
    )


def test_essai_a_blanc_n_ecrit_rien_que_le_journal(referentiel_import, classeur_historique, agent):
    avant = etat()
    importation, plan = importer(classeur_historique, agent, essai=True)
    assert plan.erreurs == []
    assert etat() == avant
    assert (len(plan.organismes_crees), len(plan.creees), len(plan.organismes_modifies)) == (
        2,
        6,
        1,
    )
    assert importation.essai and importation.resultat == Importation.Resultat.VALIDE
    assert importation.subventions_creees == 6 and importation.par == agent


def test_import_reel_puis_second_import_ne_cree_rien(
    referentiel_import, classeur_historique, agent
):
    avant = etat()
    importation, plan = importer(classeur_historique, agent)
    assert plan.erreurs == []
    assert importation.resultat == Importation.Resultat.IMPORTE and not importation.essai
    # No répartition for the refused grant (nothing granted) nor the one under analysis.
    assert etat() == (avant[0] + 2, avant[1] + 6, avant[2] + 4, avant[3] + 6)

    terminee = Subvention.objects.get(numero="BINAM-2024-003")
    assert terminee.organisme == referentiel_import["carrefour"]
    assert terminee.statut == Subvention.Statut.TERMINEE
    assert terminee.montant_demande == terminee.montant_accorde == Decimal("12500.00")
    assert terminee.date_debut == datetime.date(2025, 4, 1)
    assert terminee.date_fin == datetime.date(2026, 3, 31)
    assert terminee.date_decision == datetime.date(2025, 3, 12)
    assert terminee.numero_resolution == "CE25 0312"
    assert [(r.exercice, r.montant) for r in terminee.repartitions.all()] == [
        (2025, Decimal("12500.00"))
    ]
    # The organisation matched by NEQ gets the borough it lacked.
    assert (
        referentiel_import["carrefour"]
        .__class__.objects.get(pk=referentiel_import["carrefour"].pk)
        .arrondissement.nom
        == "Saint-Laurent"
    )
    verdun = Subvention.objects.get(numero="BINAM-2024-007")
    assert verdun.organisme == referentiel_import["verdun"]
    assert verdun.montant_demande == Decimal("25000.00")
    assert verdun.montant_accorde == Decimal("20000.00")
    assert verdun.statut == Subvention.Statut.APPROUVEE
    ouest = Organisme.objects.get(neq="1160111222")
    assert ouest.arrondissement.nom == "Côte-des-Neiges–Notre-Dame-de-Grâce"
    assert ouest.subventions.count() == 2
    hirondelle = Organisme.objects.get(neq="1171234567")
    assert hirondelle.nom_legal == "Hirondelle, services d'accueil"
    assert set(hirondelle.subventions.values_list("statut", flat=True)) == {
        "refusee",
        "convention_signee",
    }
    # Rows without a number got this year's next numbers; the sequences skip the given ones.
    annee = datetime.date.today().year
    sans_numero = Subvention.objects.filter(organisme=ouest).order_by("numero")
    assert all(s.numero.startswith(f"BINAM-{annee}-") for s in sans_numero)
    assert SequenceNumero.objects.get(annee=2024).dernier == 19
    # History: each object says which import it came from.
    raison = f"Importation n° {importation.pk} (subventions-historiques.xlsx)"
    assert terminee.history.get().history_change_reason == raison
    assert terminee.history.get().history_user == agent
    assert ouest.history.get().history_change_reason == raison
    assert terminee.transitions.get().vers == "terminee"

    apres = etat()
    second, plan2 = importer(classeur_historique, agent)
    assert plan2.erreurs == []
    assert etat() == apres
    assert (second.subventions_creees, second.subventions_modifiees) == (0, 0)
    assert (second.organismes_crees, second.organismes_modifies) == (0, 0)
    assert plan2.inchangees == 6


def test_fichier_errone_rien_n_est_ecrit_et_chaque_erreur_a_sa_ligne_et_sa_colonne(
    referentiel_import, agent
):
    avant = etat()
    importation, plan = importer(en_octets(classeur_errone()), agent)
    assert etat() == avant
    assert importation.resultat == Importation.Resultat.ERREURS and importation.essai
    trouvees = {(e.ligne, e.colonne) for e in plan.erreurs}
    assert {
        (3, "Montant demande"),
        (3, "Date de début"),
        (4, "neq"),
        (4, "programme"),
        (5, "montant ACCORDÉ"),
        (5, "Résolution"),
        (5, "Date de décision"),
        (6, "Arrondissement"),
        (6, "Statut"),
        (6, " ORGANISME ".strip()),
    } <= trouvees
    assert 7 not in {e.ligne for e in plan.erreurs}
    messages = {(e.ligne, e.colonne): e.message for e in plan.erreurs}
    assert "ne peut pas dépasser le montant demandé" in messages[(5, "montant ACCORDÉ")]
    assert "n'existe pas" in messages[(3, "Date de début")]
    assert importation.nb_erreurs == len(plan.erreurs) == len(importation.erreurs)


def test_enveloppe_depassee_ou_absente_est_une_erreur(
    referentiel_import, classeur_historique, agent
):
    referentiel_import["zones"].enveloppes.filter(exercice=2025).delete()
    _importation, plan = importer(classeur_historique, agent)
    erreurs = [e for e in plan.erreurs if "enveloppe" in e.message]
    # Said once, on the first row concerned, naming both.
    assert [(e.ligne, e.colonne) for e in erreurs] == [(4, "montant ACCORDÉ")]
    assert "Zones d'inclusion prioritaires en 2025 (lignes 4, 8)" in erreurs[0].message
    assert not Subvention.objects.exists()


def test_statut_d_une_subvention_existante_ne_change_pas_par_import(
    referentiel_import, classeur_historique, agent
):
    importer(classeur_historique, agent)
    Subvention.objects.filter(numero="BINAM-2024-003").update(statut="fermee")
    _importation, plan = importer(classeur_historique, agent)
    assert [(e.ligne, e.colonne) for e in plan.erreurs] == [(3, "Statut")]


def test_mise_a_jour_d_une_subvention_en_analyse(referentiel_import, classeur_historique, agent):
    importer(classeur_historique, agent)
    subvention = Subvention.objects.get(titre="Francisation en milieu de travail")
    Subvention.objects.filter(pk=subvention.pk).update(titre="Francisation  EN milieu de travail")
    Subvention.objects.filter(pk=subvention.pk).update(montant_demande=Decimal("7000"))
    importation, plan = importer(classeur_historique, agent)
    assert plan.erreurs == []
    assert importation.subventions_modifiees == 1 and importation.subventions_creees == 0
    subvention.refresh_from_db()
    assert subvention.montant_demande == Decimal("8000.00")
    assert subvention.history.first().history_change_reason.startswith("Importation n°")


def test_conflit_d_ecriture_rien_n_est_enregistre(
    referentiel_import, classeur_historique, agent, monkeypatch
):
    """An organisation created by someone else between the analysis and the write: a French
    refusal, nothing half-written."""
    from echanges.importation import services
    from echanges.importation.lecture import FichierRefuse
    from tests.factories import OrganismeFactory

    analyser = services.analyser

    def analyser_puis_concurrent(*args, **kwargs):
        plan = analyser(*args, **kwargs)
        OrganismeFactory(neq="1160111222")
        return plan

    avant = Subvention.objects.count()
    monkeypatch.setattr(services, "analyser", analyser_puis_concurrent)
    with pytest.raises(FichierRefuse, match="réessayez"):
        importer(classeur_historique, agent)
    assert Subvention.objects.count() == avant
    assert not Importation.objects.exists()


def test_enveloppe_changee_entre_l_analyse_et_l_ecriture(
    referentiel_import, classeur_historique, agent, monkeypatch
):
    """A manager lowers an envelope while the file is analysed: the check would be stale, so
    nothing is written."""
    from echanges.importation import services
    from echanges.importation.lecture import FichierRefuse

    analyser = services.analyser

    def analyser_puis_concurrent(*args, **kwargs):
        plan = analyser(*args, **kwargs)
        referentiel_import["zones"].enveloppes.filter(exercice=2025).update(montant=Decimal("1"))
        return plan

    monkeypatch.setattr(services, "analyser", analyser_puis_concurrent)
    with pytest.raises(FichierRefuse, match="réessayez"):
        importer(classeur_historique, agent)
    assert not Subvention.objects.exists()
