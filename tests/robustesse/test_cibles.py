"""Hostile values in the targets per status of the grant form: a French error and nothing
written, or a saved target within bounds whose line total is the sum; never an HTTP 500."""

from hypothesis import given
from hypothesis import strategies as st

from noyau.validators import PARTICIPANTS_MAX
from referentiel.models import StatutImmigration
from subventions.models import CibleStatut, ServiceFinance
from tests.factories import SubventionFactory

from .donnees import donnees_subvention
from .test_formulaires import FUZZ, HOSTILES, poster


def etat_cibles():
    return [CibleStatut.objects.count(), CibleStatut.history.count()]


def verifier_cibles_en_bornes():
    for ligne in ServiceFinance.objects.prefetch_related("cibles"):
        cibles = [c.participants_cibles for c in ligne.cibles.all()]
        assert all(0 <= n <= PARTICIPANTS_MAX for n in cibles)
        if cibles:
            assert ligne.participants_cibles == sum(cibles)


def poster_cibles(client, url, donnees):
    avant = etat_cibles()
    reponse = poster(client, url, donnees)
    if reponse.status_code == 200:
        assert etat_cibles() == avant, "a refused form wrote a target"
    verifier_cibles_en_bornes()
    return reponse


@FUZZ
@given(rang=st.integers(min_value=0, max_value=4), valeur=HOSTILES, ligne=st.sampled_from([0, 1]))
def test_creation_cible_par_statut_fuzz(contexte, rang, valeur, ligne):
    statut = StatutImmigration.objects.actifs()[rang]
    donnees = {**donnees_subvention(contexte), f"services-{ligne}-cible_{statut.pk}": valeur}
    poster_cibles(contexte["client"], "/subventions/nouvelle/", donnees)


@FUZZ
@given(valeurs=st.lists(HOSTILES, min_size=1, max_size=5))
def test_modification_cibles_par_statut_fuzz(contexte, valeurs):
    s = SubventionFactory(organisme=contexte["organisme"], programme=contexte["programme"],
                          agent=contexte["agent"])  # fmt: skip
    statuts = list(StatutImmigration.objects.actifs())
    donnees = {**donnees_subvention(contexte), "version": s.version}
    for statut, valeur in zip(statuts, valeurs, strict=False):
        donnees[f"services-0-cible_{statut.pk}"] = valeur
    poster_cibles(contexte["client"], f"/subventions/{s.pk}/modifier/", donnees)


def test_cible_saisie_pour_le_statut_vise_enregistree(contexte):
    statut = contexte["service"].statuts_vises.get()
    donnees = {**donnees_subvention(contexte), f"services-0-cible_{statut.pk}": "33"}
    reponse = poster_cibles(contexte["client"], "/subventions/nouvelle/", donnees)
    assert reponse.status_code == 302
    assert ServiceFinance.objects.get().participants_cibles == 33
