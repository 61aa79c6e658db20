"""The partner's report: money typed as everywhere ("1 234,56 $"), a draft that the portal and
the obligation page mention, a final report sent only once its period has ended (the rule says
why before), emails that link to the report and name it in lowercase, a summary in the singular
for one participant."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reddition.forms import cle_depense
from reddition.models import Obligation, Rapport
from reddition.services import rapports
from referentiel.models import LigneBudgetaire, StatutImmigration
from tests.factories import ObligationFactory, ServiceFinanceFactory

pytestmark = pytest.mark.django_db


def aujourd_hui():
    # Read when each test runs: a run that crosses midnight must not compare with yesterday.
    return timezone.localdate()


def obligation_de(organisme, agent, *, type, fin):
    agent.email = "agent@ville.montreal.qc.ca"
    agent.save()
    o = ObligationFactory(
        subvention__organisme=organisme,
        subvention__agent=agent,
        type=type,
        periode_debut=fin - datetime.timedelta(days=180),
        periode_fin=fin,
        date_echeance=fin + datetime.timedelta(days=60),
    )
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=20)
    return o


@pytest.fixture
def finale_en_cours(organisme, agent):
    """A final report whose period ends today: not yet over."""
    return obligation_de(organisme, agent, type=Obligation.Type.RAPPORT_FINAL, fin=aujourd_hui())


@pytest.fixture
def finale_terminee(organisme, agent):
    fin = aujourd_hui() - datetime.timedelta(days=1)
    return obligation_de(organisme, agent, type=Obligation.Type.RAPPORT_FINAL, fin=fin)


def page(client, url) -> str:
    return unescape(client.get(url).content.decode())


def test_depense_ecrite_comme_tout_montant(client_de, partenaire, finale_terminee):
    ligne = LigneBudgetaire.objects.first()
    url = reverse("reddition:rapport", args=[finale_terminee.pk])
    reponse = client_de(partenaire).post(
        url, {"activites": "Ateliers", cle_depense(ligne.pk): "1 234,56 $", "enregistrer": ""}
    )
    assert reponse.status_code == 302
    assert str(Rapport.objects.get().depenses.get(ligne=ligne).montant) == "1234.56"


def test_un_brouillon_est_signale(client_de, partenaire, agent, finale_terminee):
    client = client_de(partenaire)
    detail = reverse("reddition:detail", args=[finale_terminee.pk])
    assert "Un brouillon du rapport est enregistré" not in page(client, detail)
    rapports.rapport_enregistrer(obligation=finale_terminee, par=partenaire, activites="x")
    assert "Un brouillon du rapport est enregistré" in page(client, detail)
    assert "Brouillon enregistré le" in page(client, reverse("portail:accueil"))
    assert "Un brouillon du rapport est enregistré" in page(client_de(agent), detail)
    # Sent: no longer a draft.
    rapports.rapport_soumettre(obligation=finale_terminee, par=partenaire)
    assert "Un brouillon du rapport est enregistré" not in page(client_de(partenaire), detail)
    assert "Brouillon enregistré le" not in page(client, reverse("portail:accueil"))


def test_rapport_final_avant_la_fin_de_sa_periode(client_de, partenaire, finale_en_cours):
    client = client_de(partenaire)
    url = reverse("reddition:rapport", args=[finale_en_cours.pk])
    html = page(client, url)
    assert 'name="soumettre"' not in html
    assert "Le rapport final se soumet une fois la période qu'il couvre terminée" in html
    demain = aujourd_hui() + datetime.timedelta(days=1)
    assert f"{demain.day}" in html
    reponse = client.post(url, {"activites": "Ateliers", "soumettre": ""})
    assert reponse.status_code == 200
    assert "Le rapport final se soumet une fois la période" in unescape(reponse.content.decode())
    finale_en_cours.refresh_from_db()
    assert finale_en_cours.statut == Obligation.Statut.A_VENIR
    assert not mail.outbox


def test_un_rapport_d_etape_se_soumet_avant_la_fin(client_de, partenaire, organisme, agent):
    o = obligation_de(organisme, agent, type=Obligation.Type.RAPPORT_ETAPE, fin=aujourd_hui())
    assert 'name="soumettre"' in page(
        client_de(partenaire), reverse("reddition:rapport", args=[o.pk])
    )


def test_courriels_avec_lien_et_minuscule(
    client_de, partenaire, agent, finale_terminee, django_capture_on_commit_callbacks, settings
):
    settings.ADRESSE_DU_SITE = "https://subventions.exemple.ca"
    from tests.factories import ContactFactory

    ContactFactory(organisme=finale_terminee.subvention.organisme, courriel="dir@org.example")
    rapports.rapport_enregistrer(obligation=finale_terminee, par=partenaire, activites="x")
    with django_capture_on_commit_callbacks(execute=True):
        rapports.rapport_soumettre(obligation=finale_terminee, par=partenaire)
    (soumission,) = mail.outbox
    assert "son rapport final" in soumission.body
    assert f"https://subventions.exemple.ca/reddition/obligations/{finale_terminee.pk}/" in (
        soumission.body
    )
    with django_capture_on_commit_callbacks(execute=True):
        rapports.rapport_accepter(obligation=finale_terminee, par=agent)
    decision = mail.outbox[-1]
    assert "votre rapport final" in decision.body and "Rapport final" not in decision.body
    assert (
        f"https://subventions.exemple.ca/reddition/obligations/{finale_terminee.pk}/rapport/"
        in decision.body
    )


def test_resume_au_singulier(client_de, partenaire, finale_terminee):
    sf = finale_terminee.subvention.services_finances.get()
    statut = StatutImmigration.objects.actifs().first()
    rapports.rapport_enregistrer(
        obligation=finale_terminee, par=partenaire, participants={(sf.pk, statut.pk): 1}
    )
    html = page(client_de(partenaire), reverse("reddition:rapport", args=[finale_terminee.pk]))
    assert "Total\xa0: 1 participant rejoint;" in html
    assert 'data-un="Total\xa0: {total} participant rejoint;' in html
    assert 'data-plusieurs="Total\xa0: {total} participants rejoints;' in html
