"""A partner cannot sort by a value it may not see: sorting its grants by amount puts a grant
whose amount is still "à déterminer" where a grant with no amount would go, whatever the hidden
amount, on every table a partner reaches (the portal home and its organisation's page; it has no
list or export of grants). Staff, who see every amount, still sort by it."""

from decimal import Decimal

import pytest

from subventions.models import Subvention
from tests.factories import SubventionFactory

S = Subvention.Statut
CACHES = (Decimal("50"), Decimal("500"))


@pytest.fixture
def subventions(organisme, agent):
    def creer(montant, statut):
        return SubventionFactory(
            organisme=organisme, agent=agent, statut=statut, montant_accorde=Decimal(montant)
        )

    return {
        "cent": creer("100", S.APPROUVEE),
        "a_determiner": creer(CACHES[0], S.EN_ANALYSE),
        "mille": creer("1000", S.APPROUVEE),
    }


def pages(organisme):
    return {
        "portail": "/portail/",
        "organisme": f"/organismes/{organisme.pk}/",
    }


def ordre(client, url, subventions):
    """The grants' keys in the order the page lists them."""
    page = client.get(url).content.decode()
    positions = {cle: page.index(f">{s.numero}<") for cle, s in subventions.items()}
    return sorted(positions, key=positions.get)


def ordres_selon_le_montant_cache(client, url, subventions):
    ordres = []
    for cache in CACHES:
        Subvention.objects.filter(pk=subventions["a_determiner"].pk).update(montant_accorde=cache)
        ordres.append(ordre(client, url, subventions))
    return ordres


@pytest.mark.parametrize("page", ["portail", "organisme"])
@pytest.mark.parametrize("sens", ["", "-"])
def test_le_montant_cache_ne_deplace_pas_la_ligne(
    client, partenaire, organisme, subventions, page, sens
):
    client.force_login(partenaire)
    url = f"{pages(organisme)[page]}?subventions-sort={sens}montant_accorde"
    avec_50, avec_500 = ordres_selon_le_montant_cache(client, url, subventions)
    assert avec_50 == avec_500
    # Sorted as no amount: below every amount shown, first going up and last going down.
    visibles = ["cent", "mille"] if sens == "" else ["mille", "cent"]
    attendu = ["a_determiner", *visibles] if sens == "" else [*visibles, "a_determiner"]
    assert avec_50 == attendu
    assert "à déterminer" in client.get(url).content.decode()


@pytest.mark.parametrize("sens", ["", "-"])
def test_le_personnel_trie_sur_le_montant(client, gestionnaire, organisme, subventions, sens):
    client.force_login(gestionnaire)
    url = f"/organismes/{organisme.pk}/?subventions-sort={sens}montant_accorde"
    avec_50, avec_500 = ordres_selon_le_montant_cache(client, url, subventions)
    montee = (["a_determiner", "cent", "mille"], ["cent", "a_determiner", "mille"])
    attendus = montee if sens == "" else tuple(o[::-1] for o in montee)
    assert (avec_50, avec_500) == attendus


def test_le_q_de_la_regle_dit_comme_la_regle(
    organisme, agent, partenaire, autre_partenaire, gestionnaire
):
    """The sort asks the rule's Q (Regle.q); row by row, it agrees with the rule itself."""
    from noyau.permissions import peut
    from noyau.regles import REGLES

    for statut in S.values:
        SubventionFactory(organisme=organisme, agent=agent, statut=statut)
    regle = REGLES["subventions.voir_montant_accorde"]
    for user in (partenaire, autre_partenaire, gestionnaire):
        visibles = set(Subvention.objects.filter(regle.q(user)).values_list("pk", flat=True))
        attendus = {
            s.pk
            for s in Subvention.objects.all()
            if peut(user, "subventions.voir_montant_accorde", s)
        }
        assert visibles == attendus, user
    assert Subvention.objects.filter(regle.q(partenaire)).exists()
