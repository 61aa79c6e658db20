from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from subventions.enveloppes import enveloppe_fixer
from subventions.models import Enveloppe, Subvention
from tests.factories import EnveloppeFactory, RepartitionFactory, SubventionFactory

ENGAGE = Decimal("300000.00")


@pytest.fixture
def programme(db):
    enveloppe = EnveloppeFactory(exercice=2026, montant=Decimal("500000.00"))
    s = SubventionFactory(
        programme=enveloppe.programme,
        statut=Subvention.Statut.EN_COURS,
        montant_demande=ENGAGE,
        montant_accorde=ENGAGE,
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=ENGAGE)
    # Not committed yet: does not count.
    proposee = SubventionFactory(
        programme=enveloppe.programme, statut=Subvention.Statut.RECOMMANDEE
    )
    RepartitionFactory(subvention=proposee, exercice=2026, montant=Decimal("150000"))
    return enveloppe.programme


def url(programme):
    return reverse("subventions:enveloppe_fixer", args=[programme.pk])


def test_le_gestionnaire_ajuste_avec_sa_raison_dans_l_historique(
    client_de, gestionnaire, programme
):
    reponse = client_de(gestionnaire).post(
        url(programme),
        {"exercice": "2026", "montant": "300 000,00", "raison": "Virement vers un autre programme"},
    )
    assert reponse.status_code == 302
    enveloppe = Enveloppe.objects.get(programme=programme, exercice=2026)
    assert enveloppe.montant == ENGAGE  # exactly what is committed is allowed
    dernier = enveloppe.history.latest()
    assert dernier.history_change_reason == "Virement vers un autre programme"
    assert dernier.history_user == gestionnaire
    page = client_de(gestionnaire).get(programme.get_absolute_url()).content.decode()
    assert "Virement vers un autre programme" in page


def test_nouvel_exercice(client_de, gestionnaire, programme):
    client_de(gestionnaire).post(
        url(programme), {"exercice": "2027", "montant": "750000", "raison": "Budget adopté"}
    )
    assert Enveloppe.objects.get(programme=programme, exercice=2027).montant == Decimal("750000")


def test_jamais_sous_l_engage(client_de, gestionnaire, programme):
    reponse = client_de(gestionnaire).post(
        url(programme), {"exercice": "2026", "montant": "299999,99", "raison": "Compression"}
    )
    assert reponse.status_code == 200
    assert "engagent déjà 300\u00a0000,00\u00a0$" in reponse.content.decode()
    assert Enveloppe.objects.get(programme=programme, exercice=2026).montant == Decimal("500000")


@pytest.mark.parametrize(
    ("donnees", "erreur"),
    [
        ({"exercice": "2026", "montant": "400000", "raison": "  "}, "Ce champ est obligatoire."),
        (
            {"exercice": "deux mille", "montant": "400000", "raison": "x"},
            "Saisissez un nombre entier.",
        ),
        ({"exercice": "2026", "montant": "-5", "raison": "x"}, "supérieure ou égale à 0"),
        ({"exercice": "2026", "montant": "1e9", "raison": "x"}, "Montant invalide"),
    ],
)
def test_mauvaises_saisies_en_francais(client_de, gestionnaire, programme, donnees, erreur):
    reponse = client_de(gestionnaire).post(url(programme), donnees)
    assert reponse.status_code == 200
    assert erreur in reponse.content.decode()


def test_le_service_exige_une_raison_et_un_gestionnaire(gestionnaire, agent, programme):
    with pytest.raises(ValidationError):
        enveloppe_fixer(
            programme=programme, exercice=2026, montant=ENGAGE, par=gestionnaire, raison=""
        )
    with pytest.raises(PermissionDenied):
        enveloppe_fixer(
            programme=programme, exercice=2026, montant=ENGAGE, par=agent, raison="Essai"
        )
    assert Enveloppe.objects.get(programme=programme, exercice=2026).montant == Decimal("500000")


@pytest.mark.parametrize(("role", "statut"), [("agent", 403), ("partenaire", 403)])
def test_les_autres_roles_refuses(request, client_de, programme, role, statut):
    client = client_de(request.getfixturevalue(role))
    reponse = client.post(url(programme), {"exercice": "2026", "montant": "1", "raison": "x"})
    assert reponse.status_code == statut
    assert Enveloppe.objects.get(programme=programme, exercice=2026).montant == Decimal("500000")


def test_le_bouton_suit_la_regle(client_de, gestionnaire, agent, programme):
    assert (
        url(programme) in client_de(gestionnaire).get(programme.get_absolute_url()).content.decode()
    )
    assert url(programme) not in client_de(agent).get(programme.get_absolute_url()).content.decode()


def test_ajuster_preremplit_le_montant(client_de, gestionnaire, programme):
    page = client_de(gestionnaire).get(url(programme) + "?exercice=2026").content.decode()
    assert 'value="500 000,00"' in page or "500\u00a0000,00" in page
