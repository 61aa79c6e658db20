"""The whole demo tells a possible story: each grant's dates follow its lifecycle, nothing
happened after today, and each organisation's postal code lies in its borough."""

import pytest
from django.db.models import Min
from django.utils import timezone

from demo.organismes import RTA_PAR_ARRONDISSEMENT
from organismes.models import Organisme
from referentiel.models import Territoire
from subventions.models import Subvention
from tests.instantane import charger_demo
from tests.partage import donnees_du_module

S = Subvention.Statut


@pytest.fixture(scope="module")
def demo_du_module(django_db_setup, django_db_blocker):
    """The tests only read the demo: loaded once for the module (tests/partage.py)."""
    with donnees_du_module(django_db_blocker, charger_demo):
        yield


@pytest.fixture
def demo(db, demo_du_module):
    return Subvention.objects.prefetch_related("transitions")


def _jour(moment):
    return timezone.localtime(moment).date()


def test_dates_dans_l_ordre_du_cycle_de_vie(demo):
    aujourd_hui = timezone.localdate()
    assert demo.count() == 120
    creations = dict(
        Subvention.history.filter(history_type="+").values_list("id").annotate(Min("history_date"))
    )
    for s in demo:
        etapes = sorted(s.transitions.all(), key=lambda t: (t.le, t.pk))
        jours = {t.vers: _jour(t.le) for t in etapes}
        contexte = (s.numero, jours, s.date_decision, s.date_debut, s.date_fin)
        assert etapes[0].de == "" and etapes[-1].vers == s.statut, contexte
        assert all(a.vers == b.de for a, b in zip(etapes, etapes[1:], strict=False)), contexte
        assert max(jours.values()) <= aujourd_hui, contexte
        ouverture = jours[S.EN_ANALYSE]
        assert _jour(creations[s.pk]) == ouverture, contexte
        assert s.numero.startswith(f"BINAM-{ouverture.year}-"), contexte
        suite = [ouverture, jours.get(S.RECOMMANDEE), s.date_decision, jours.get(S.APPROUVEE)]
        suite += [jours.get(S.CONVENTION_SIGNEE), s.date_debut, jours.get(S.EN_COURS)]
        suite += [s.date_fin, jours.get(S.TERMINEE), jours.get(S.FERMEE)]
        presentes = [d for d in suite if d is not None]
        assert presentes == sorted(presentes), contexte
        assert s.date_debut <= s.date_fin, contexte
        if S.FERMEE in jours:
            assert jours[S.FERMEE] > s.date_fin, contexte
        if s.date_decision:
            assert s.date_decision == jours[S.APPROUVEE], contexte
            assert s.numero_resolution.startswith(f"CE{s.date_decision:%y} "), contexte
        if s.statut == S.EN_COURS:
            assert s.date_debut <= aujourd_hui, contexte
        for arret in (S.REFUSEE, S.ANNULEE):
            if arret in jours:  # the step never reached was planned after the stop
                assert all(jours[arret] >= d for d in jours.values()), contexte


def test_code_postal_dans_l_arrondissement(demo):
    organismes = Organisme.objects.select_related("arrondissement")
    assert organismes.count() >= 40
    for organisme in organismes:
        rtas = RTA_PAR_ARRONDISSEMENT[organisme.arrondissement.nom]
        assert organisme.code_postal[:3] in rtas, (organisme, organisme.code_postal)


def test_table_des_rta_couvre_chaque_arrondissement_sans_doublon(db):
    arrondissements = set(
        Territoire.objects.filter(type="arrondissement").values_list("nom", flat=True)
    )
    assert set(RTA_PAR_ARRONDISSEMENT) == arrondissements
    toutes = [rta for rtas in RTA_PAR_ARRONDISSEMENT.values() for rta in rtas]
    assert len(toutes) == len(set(toutes))  # one borough per sortation area
    assert all(rta[0] == "H" for rta in toutes)  # the island of Montréal


def test_des_subventions_ont_des_cibles_par_statut_coherentes(demo):
    """Some funded lines set their target per status: only statuses their service aims at,
    and the line total is their sum, as the grant form keeps it."""
    from subventions.models import ServiceFinance

    lignes = ServiceFinance.objects.prefetch_related("cibles", "service__statuts_vises")
    avec = [sf for sf in lignes if sf.cibles.all()]
    assert len({sf.subvention_id for sf in avec}) >= 10
    assert len(avec) < len(lignes)  # others keep only a total
    for sf in avec:
        cibles = list(sf.cibles.all())
        assert sf.participants_cibles == sum(c.participants_cibles for c in cibles)
        assert {c.statut_id for c in cibles} <= {s.pk for s in sf.service.statuts_vises.all()}


def test_l_appel_ferme_attend_sa_conversion_en_subventions(demo):
    """The closed, scored call is left for users to click « Créer les subventions des demandes
    retenues »: every admissible application decided, at least two retained with an amount and
    two not retained with their reason; the action then works on the demo's own data."""
    from django.contrib.auth import get_user_model

    from appels.models import AppelDeProjets, Recommandation
    from appels.services.conversion import appel_convertir
    from noyau.permissions import verdict

    appel = AppelDeProjets.objects.dans_l_etat("ferme").get()
    decisions = Recommandation.objects.filter(demande__appel=appel)
    retenues = decisions.filter(decision="retenue", montant_recommande__gt=0)
    assert retenues.count() >= 2
    assert decisions.filter(decision="non_retenue").exclude(motif="").count() >= 2
    assert not appel.demandes.filter(etat="recevable").exists()
    assert not appel.demandes.filter(subvention__isnull=False).exists()
    gestionnaire = get_user_model().objects.get(username="gestionnaire")
    assert verdict(gestionnaire, "appels.convertir", appel)
    bilan = appel_convertir(appel=appel, par=gestionnaire)
    assert len(bilan.subventions) == retenues.count() and bilan.appel_decide
