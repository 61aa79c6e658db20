"""The dashboard's running totals (rapports.cumuls) give exactly the live figures: on the demo,
for every programme and exercice filter, and again after each kind of write the figures read,
whichever way it is written (bulk updates and deletes that send no signal included)."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from rapports import selectors
from rapports.cumuls import declencheurs
from rapports.cumuls.services import cumuls_a_jour, cumuls_mettre_a_jour, cumuls_reconstruire
from rapports.cumuls.verification import filtres_en_ecart
from rapports.models import ContributionCumul, Cumul, CumulAMettreAJour
from rapports.selectors import Filtres
from reddition.models import Obligation, Participation, Rapport
from subventions.models import CibleStatut, Programme, Repartition, ServiceFinance, Subvention
from tests.factories import subvention_repartie
from tests.instantane import charger_demo
from tests.partage import donnees_du_module
from versements.models import Versement

S = Subvention.Statut


def _charger():
    charger_demo("--subventions", "60", "--seed", "7")
    if connection.vendor == "postgresql":
        # Statistics for the rows just loaded (autovacuum cannot see them: they are not
        # committed): without them the live participants' query, the reference here, plans a
        # nested loop that takes seconds.
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")


@pytest.fixture(scope="module")
def demo_du_module(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _charger):
        yield


@pytest.fixture
def demo(db, demo_du_module, gestionnaire):
    return gestionnaire


def _filtres(tous=True):
    """Every programme × exercice (and one with no money), or (`tous=False`) each programme
    and each exercice alone, and the first programme in each exercice."""
    programmes = [None, *Programme.objects.order_by("pk")]
    exercices = sorted(set(Repartition.objects.values_list("exercice", flat=True)))
    exercices = [None, *exercices, exercices[-1] + 5]
    if tous:
        paires = itertools.product(programmes, exercices)
    else:
        paires = [(p, None) for p in programmes] + [(programmes[1], e) for e in exercices[1:]]
        paires += [(None, e) for e in exercices[1:]]
    return [Filtres(programme=p, exercice=e) for p, e in paires]


def assert_egaux(user, tous=True):
    assert cumuls_a_jour()
    assert not CumulAMettreAJour.objects.exists()
    assert filtres_en_ecart(user, _filtres(tous)) == []


def test_egaux_sur_la_demo(demo):
    figures = selectors.tableau_de_bord(user=demo, filtres=Filtres())
    # The demo has something in every table the totals stand for.
    assert figures["en_bref"]["accorde"] and figures["en_bref"]["verse"]
    assert figures["participants"]["total"]["atteints"] and figures["organismes"]
    assert_egaux(demo)


def _une(statuts, **filtres):
    return Subvention.objects.filter(statut__in=statuts, **filtres).order_by("pk").first()


def _ecritures():
    """Each write the figures read, made without a signal where the ORM allows it."""
    engagees = Subvention.STATUTS_ENGAGES

    def statut():
        Subvention.objects.filter(pk=_une(engagees).pk).update(statut=S.ANNULEE)

    def programme_et_organisme():
        autre = Subvention.objects.exclude(pk=_une(engagees).pk).order_by("-pk").first()
        Subvention.objects.filter(pk=_une(engagees).pk).update(
            programme=autre.programme, organisme=autre.organisme
        )

    def repartitions():
        sub = _une(engagees)
        Repartition.objects.filter(subvention=sub).update(montant=1234)
        Repartition.objects.bulk_create([Repartition(subvention=sub, exercice=2031, montant=5)])
        Repartition.objects.filter(subvention=_une(engagees, pk__gt=sub.pk)).delete()

    def versements():
        prevu = Versement.objects.exclude(statut=Versement.Statut.PAYE).order_by("pk").first()
        Versement.objects.filter(pk=prevu.pk).update(
            statut=Versement.Statut.PAYE,
            date_paiement=datetime.date(2026, 1, 5),
            reference_paiement="P-TEST",
        )
        paye = Versement.objects.filter(statut=Versement.Statut.PAYE).order_by("-pk").first()
        Versement.objects.filter(pk=paye.pk).update(
            exercice=2031, date_prevue=datetime.date(2031, 3, 1), montant=7
        )

    def cibles():
        CibleStatut.objects.filter(pk=CibleStatut.objects.order_by("pk")[0].pk).update(
            participants_cibles=999
        )
        ligne = ServiceFinance.objects.filter(cibles__isnull=False).first()
        CibleStatut.objects.filter(service_finance=ligne).delete()

    def rubrique_d_un_service():
        ligne = ServiceFinance.objects.select_related("service").order_by("pk").first()
        autre = (
            ServiceFinance.objects.exclude(service__rubrique=ligne.service.rubrique)
            .select_related("service")
            .first()
        )
        type(ligne.service).objects.filter(pk=ligne.service.pk).update(
            rubrique=autre.service.rubrique
        )

    def rapports():
        rapport = Rapport.objects.filter(participations__isnull=False).order_by("pk").first()
        Participation.objects.filter(rapport=rapport).update(nombre=77)
        Participation.objects.filter(pk=Participation.objects.order_by("-pk")[0].pk).delete()
        accepte = Rapport.objects.filter(statut=Rapport.Statut.ACCEPTE).order_by("-pk").first()
        Rapport.objects.filter(pk=accepte.pk).update(statut=Rapport.Statut.SOUMIS)
        Obligation.objects.filter(pk=rapport.obligation_id).update(
            periode_fin="2040-01-01", date_echeance="2040-02-01"
        )

    def nouvelle():
        programme = Programme.objects.order_by("pk").first()
        organisme = Subvention.objects.order_by("pk").first().organisme
        return subvention_repartie(
            {2026: 100, 2027: 50},
            programme=programme,
            organisme=organisme,
            statut=S.EN_COURS,
            numero=f"BINAM-2099-{Subvention.objects.count():03d}",
        )

    def supprimee():
        sub = nouvelle()
        cumuls_mettre_a_jour()
        Repartition.objects.filter(subvention=sub).delete()
        Subvention.objects.filter(pk=sub.pk).delete()

    return [
        statut,
        programme_et_organisme,
        repartitions,
        versements,
        cibles,
        rubrique_d_un_service,
        rapports,
        nouvelle,
        supprimee,
    ]


@pytest.mark.parametrize("ecrire", _ecritures(), ids=lambda f: f.__name__)
def test_egaux_apres_chaque_ecriture(demo, ecrire):
    cumuls_mettre_a_jour()
    ecrire()
    assert CumulAMettreAJour.objects.exists()  # listed by the triggers, no signal needed
    assert_egaux(demo, tous=False)


def test_les_ecritures_l_une_apres_l_autre_puis_tout_reconstruit(demo):
    for ecrire in _ecritures():
        ecrire()
    assert_egaux(demo)
    cumuls_mettre_a_jour()
    champs = [f.attname for f in Cumul._meta.concrete_fields if not f.primary_key]
    avant = sorted(Cumul.objects.values_list(*champs))
    cumuls_reconstruire()
    assert sorted(Cumul.objects.values_list(*champs)) == avant
    assert not Cumul.objects.filter(lignes=0).exists()


def test_un_declencheur_perdu_est_remis_et_tout_est_recompte(demo):
    """As after a migration that rebuilt the grants' table on SQLite."""
    cumuls_mettre_a_jour()
    assert not declencheurs.manquants()
    table = "subventions_subvention"
    nom = next(
        n
        for n in declencheurs.attendus()
        if n.split("_cumul_")[1].rsplit("_", 1)[0] == table and not n.endswith(("insert", "delete"))
    )
    with connection.cursor() as curseur:
        sur = f" ON {table}" if connection.vendor == "postgresql" else ""
        curseur.execute(f"DROP TRIGGER {nom}{sur}")
    assert declencheurs.manquants() == {nom}
    Subvention.objects.filter(pk=_une(Subvention.STATUTS_ENGAGES).pk).update(montant_accorde=1)
    assert not CumulAMettreAJour.objects.exists()  # missed while the trigger was missing
    declencheurs.installer()
    assert not declencheurs.manquants()
    assert_egaux(demo)


def test_une_contribution_par_subvention(demo):
    cumuls_mettre_a_jour()
    assert ContributionCumul.objects.count() == Subvention.objects.count()


def test_la_commande_verifie_et_reconstruit(demo):
    sortie = io.StringIO()
    call_command("cumuls", stdout=sortie)
    assert "Cumuls égaux aux chiffres en direct" in sortie.getvalue()
    Cumul.objects.filter(figure=Cumul.Figure.MONTANT).update(valeur=1)  # as if lost
    sortie = io.StringIO()
    with pytest.raises(SystemExit) as fin:
        call_command("cumuls", stdout=sortie)
    assert fin.value.code == 1
    assert "diffèrent : lancez « cumuls --reconstruire »" in sortie.getvalue()
    sortie = io.StringIO()
    call_command("cumuls", "--reconstruire", stdout=sortie)
    assert "Cumuls égaux aux chiffres en direct" in sortie.getvalue()
