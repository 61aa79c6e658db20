"""domain.md: a grant is closed once its final report is accepted and every instalment is paid,
retained or cancelled. The step's button, its page and its service give the same answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reddition.models import Obligation
from subventions import cycle
from subventions.models import Subvention
from subventions.services import subvention_fermer
from tests.factories import ObligationFactory, SubventionFactory, VersementFactory
from versements.models import Versement

S = Subvention.Statut
ST = Obligation.Statut
V = Versement.Statut
FERMER = cycle.ETAPES["fermer"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def terminee(organisme, agent):
    return SubventionFactory(organisme=organisme, agent=agent, statut=S.TERMINEE)


def final(subvention, statut):
    return ObligationFactory(
        subvention=subvention,
        type=Obligation.Type.RAPPORT_FINAL,
        periode_fin=datetime.date(2026, 12, 31),
        date_echeance=datetime.date(2027, 3, 1),
        statut=statut,
    )


def paye(subvention, rang):
    return VersementFactory(
        subvention=subvention,
        rang=rang,
        statut=V.PAYE,
        date_paiement=datetime.date(2026, 2, 1),
        reference_paiement=f"REF-{subvention.pk}-{rang}",
    )


def refus(subvention, par):
    with pytest.raises(ValidationError) as erreur:
        subvention_fermer(subvention=subvention, par=par)
    subvention.refresh_from_db()
    assert subvention.statut == S.TERMINEE
    assert not cycle.peut_faire(par, FERMER, subvention)
    return " ".join(erreur.value.messages)


def test_sans_rapport_final_on_ne_ferme_pas(terminee, agent):
    assert "rapport final n'est pas prévu" in refus(terminee, agent)


def test_rapport_final_non_accepte(terminee, agent):
    final(terminee, ST.SOUMIS)
    message = refus(terminee, agent)
    assert "rapport final n'est pas encore accepté" in message
    assert message == cycle.raison_du_refus(agent, FERMER, terminee)


@pytest.mark.parametrize("statut", [V.PREVU, V.AUTORISE])
def test_un_versement_en_suspens_empeche(terminee, agent, statut):
    final(terminee, ST.ACCEPTE)
    VersementFactory(subvention=terminee, rang=1, statut=statut)
    assert "1 versement n'est ni payé, ni retenu, ni annulé" in refus(terminee, agent)


def test_tout_est_regle_on_ferme(terminee, agent):
    final(terminee, ST.ACCEPTE)
    paye(terminee, 1)
    VersementFactory(subvention=terminee, rang=2, statut=V.ANNULE, motif="Projet réduit")
    VersementFactory(subvention=terminee, rang=3, statut=V.RETENU, motif="Dépenses non admises")
    assert cycle.peut_faire(agent, FERMER, terminee)
    subvention_fermer(subvention=terminee, par=agent)
    terminee.refresh_from_db()
    assert terminee.statut == S.FERMEE


def test_le_bouton_et_la_page_disent_la_meme_chose(client, terminee, agent, autre_agent):
    url = reverse("subventions:transition", kwargs={"pk": terminee.pk, "action": "fermer"})
    client.force_login(agent)
    assert f'href="{url}"' not in client.get(terminee.get_absolute_url()).content.decode()
    reponse = client.get(url)
    assert reponse.status_code == 403
    assert "rapport final n&#x27;est pas prévu" in reponse.content.decode()
    assert client.post(url, {"commentaire": "x"}).status_code == 403
    terminee.refresh_from_db()
    assert terminee.statut == S.TERMINEE
    # Someone without the role hears about the role, not about the file's reports.
    client.force_login(autre_agent)
    assert "rapport final" not in client.get(url).content.decode()
    final(terminee, ST.ACCEPTE)
    client.force_login(agent)
    assert f'href="{url}"' in client.get(terminee.get_absolute_url()).content.decode()
    assert client.post(url, {"commentaire": ""}).status_code == 302
    terminee.refresh_from_db()
    assert terminee.statut == S.FERMEE


def attente_fermeture(client, subvention):
    """The grant page's list of what closing still waits for (empty: none shown)."""
    html = client.get(subvention.get_absolute_url()).content.decode()
    if "attente-etape" not in html:
        return []
    bloc = html.split("attente-etape", 1)[1].split("</div>", 1)[0]
    assert "Fermer le dossier" in bloc
    return [li.split("</li>", 1)[0] for li in bloc.split("<li>")[1:]]


def test_la_fiche_dit_ce_qui_manque_pour_fermer(client, terminee, gestionnaire):
    final(terminee, ST.SOUMIS)
    VersementFactory(subvention=terminee, rang=1, statut=V.PREVU)
    VersementFactory(subvention=terminee, rang=2, statut=V.AUTORISE)
    paye(terminee, 3)
    client.force_login(gestionnaire)
    raisons = attente_fermeture(client, terminee)
    assert raisons == [
        "le rapport final n&#x27;est pas encore accepté.",
        "2 versements ne sont ni payés, ni retenus, ni annulés.",
    ]
    # The same words the step's refusal gives: one rule, asked in one place.
    refus_etape = cycle.raison_du_refus(gestionnaire, FERMER, terminee)
    for raison in raisons:
        assert raison.replace("&#x27;", "'") in refus_etape


def test_la_liste_suit_ce_qui_se_regle(client, terminee, agent):
    client.force_login(agent)
    assert attente_fermeture(client, terminee) == [
        "le rapport final n&#x27;est pas prévu (ajoutez l&#x27;obligation)."
    ]
    final(terminee, ST.ACCEPTE)
    VersementFactory(subvention=terminee, rang=1, statut=V.RETENU, motif="Dépenses non admises")
    assert attente_fermeture(client, terminee) == []


def test_ni_avant_la_fin_ni_pour_qui_ne_ferme_pas(client, terminee, agent, autre_agent, partenaire):
    VersementFactory(subvention=terminee, rang=1, statut=V.PREVU)
    for qui in (autre_agent, partenaire):
        client.force_login(qui)
        reponse = client.get(terminee.get_absolute_url())
        assert reponse.status_code in (200, 404)
        assert "attente-etape" not in reponse.content.decode()
    en_cours = SubventionFactory(organisme=terminee.organisme, agent=agent, statut=S.EN_COURS)
    VersementFactory(subvention=en_cours, rang=1, statut=V.PREVU)
    client.force_login(agent)
    assert "attente-etape" not in client.get(en_cours.get_absolute_url()).content.decode()
    assert attente_fermeture(client, terminee)
