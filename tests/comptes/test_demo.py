import io

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from appels.models import AppelDeProjets, Demande, Evaluateur
from catalogue.models import ServiceIntegration
from organismes.models import Organisme
from subventions.models import Enveloppe, Repartition, Subvention, Transition
from tests.instantane import charger_demo


def _compter():
    return {
        m.__name__: m.objects.count()
        for m in (
            Organisme,
            ServiceIntegration,
            Subvention,
            Repartition,
            Transition,
            Enveloppe,
            AppelDeProjets,
            Evaluateur,
            Demande,
        )
    }


def test_demo_idempotent_et_comptes(db, capsys):
    # The first load is replayed when versements/test_demo.py already ran it in this run
    # (tests/instantane.py); the second is the command itself, on a base that has the demo.
    charger_demo("--subventions", "30", "--seed", "7")
    avant = _compter()
    capsys.readouterr()
    call_command("demo", "--subventions", "30", "--seed", "7")
    assert _compter() == avant
    sortie = capsys.readouterr().out
    assert "demo-binam-2026" in sortie and "partenaire2" in sortie
    assert avant["Subvention"] == 30
    statuts = set(Subvention.objects.values_list("statut", flat=True))
    assert statuts == set(Subvention.Statut.values)
    requete = RequestFactory().post("/connexion/")
    comptes = ("admin", "gestionnaire", "agent", "partenaire", "partenaire2", "evaluateur")
    for nom in (*comptes, "evaluateur2", "inscrit"):
        assert authenticate(requete, username=nom, password="demo-binam-2026") is not None
        assert nom in sortie
    # Calls for projects: one closed with its committee, one open, one upcoming; each grid
    # weighs 100 and the public sees the open and the upcoming ones.
    etats = {a.etat_effectif: a for a in AppelDeProjets.objects.all()}
    assert set(etats) == {"ferme", "ouvert", "a_venir"}
    assert etats["ferme"].titre.startswith("Montréal inclusive")
    comite = etats["ferme"].evaluateurs.values_list("user__username", flat=True)
    assert sorted(comite) == ["evaluateur", "evaluateur2"]
    for appel in etats.values():
        assert sum(c.ponderation for c in appel.criteres.all()) == 100 and appel.guide
        assert appel.regles.exists() and appel.documents_requis.exists()
    assert set(AppelDeProjets.objects.publics()) == {etats["ouvert"], etats["a_venir"]}
    # Applications: about 30 on the closed call in the screening's states, every admissible one
    # decided by the committee; `partenaire` has a submitted one there and a draft on the open
    # call.
    deposees = etats["ferme"].demandes
    assert deposees.count() >= 25
    assert set(deposees.values_list("etat", flat=True)) == {
        "soumise", "non_recevable", "retiree", "retenue", "liste_attente", "non_retenue"
    }  # fmt: skip
    assert deposees.filter(organisme__nom_legal__gt="").values("organisme").distinct().count() > 20
    sien = Organisme.objects.get(membres__user__username="partenaire")
    assert deposees.get(organisme=sien).etat == "soumise"
    assert etats["ouvert"].demandes.get(organisme=sien).etat == "brouillon"
    # An organisation registered online awaits verification; `inscrit` is its partner, and its
    # application on the closed call waits on the list: it cannot be retained yet.
    from noyau.permissions import verdict

    inscrit = Organisme.objects.get(membres__user__username="inscrit")
    assert inscrit.a_verifier
    sienne = deposees.get(organisme=inscrit)
    assert sienne.etat == "liste_attente"
    agent = get_user_model().objects.get(username="agent")
    assert not verdict(agent, "appels.retenir", sienne)


def test_demo_respecte_les_enveloppes(db):
    """The demo shows a healthy programme: no exercice is committed beyond its envelope, and
    every répartition falls in an exercice that has one. It reads the demo's rows only: the
    run's default demo, loaded once (tests/instantane.py) for the other modules that read it."""
    from subventions.models import Programme
    from subventions.selectors import engage_par_exercice

    charger_demo()
    for programme in Programme.objects.all():
        enveloppes = dict(programme.enveloppes.values_list("exercice", "montant"))
        for exercice, engage in engage_par_exercice(programme=programme).items():
            assert exercice in enveloppes
            assert engage <= enveloppes[exercice], (programme, exercice)
    total = sum(
        e for p in Programme.objects.all() for e in p.enveloppes.values_list("montant", flat=True)
    )
    assert 5_500_000 <= total <= 6_500_000


def test_demo_refusee_hors_demonstration(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEMO_AUTORISEE = False
    with pytest.raises(CommandError, match="refusées"):
        call_command("demo", stdout=io.StringIO())
    assert not Subvention.objects.exists()
