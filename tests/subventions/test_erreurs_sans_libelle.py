"""An error shown under a field does not repeat the field's name: the label is right above it,
and the summary at the top of the page already writes "Montant accordé: <error>"."""

import datetime

import pytest
from django.utils import timezone

from rapports.documents.formulaires import PeriodeForm
from subventions.forms import SignatureForm, SubventionForm
from tests.factories import OrganismeFactory, ProgrammeFactory
from versements.forms import PaiementForm

# Read when the test runs, not when the module is collected: a run that crosses midnight
# (Montréal time) would otherwise send today's date as tomorrow's.
DEMAIN = "demain"


def erreurs_qui_repetent_leur_libelle(form):
    assert not form.is_valid()
    assert form.errors
    return {
        nom: erreurs
        for nom, erreurs in form.errors.items()
        if nom in form.fields
        and any(str(form.fields[nom].label).lower() in e.lower() for e in erreurs)
    }


@pytest.mark.django_db
def test_subvention(agent):
    donnees = {
        "organisme": OrganismeFactory().pk,
        "programme": ProgrammeFactory().pk,
        "agent": agent.pk,
        "titre": "Projet",
        "date_debut": "2026-06-01",
        "date_fin": "2026-01-01",
        "montant_demande": "0",
        "montant_accorde": "0",
    }
    form = SubventionForm(donnees)
    assert {"date_fin", "montant_demande", "montant_accorde"} <= set(form.errors)
    assert not erreurs_qui_repetent_leur_libelle(form)
    donnees.update(date_fin="2026-12-31", montant_demande="1 000,00", montant_accorde="2 000,00")
    form = SubventionForm(donnees)
    assert "montant_accorde" in form.errors
    assert not erreurs_qui_repetent_leur_libelle(form)


@pytest.mark.parametrize(
    ("classe", "donnees"),
    [
        (PaiementForm, {"date_paiement": DEMAIN, "reference": "R-1"}),
        (SignatureForm, {"date_signature": DEMAIN}),
        (PeriodeForm, {"du": "2026-12-01", "au": "2026-01-01"}),
    ],
)
def test_dates(classe, donnees):
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    donnees = {cle: demain if v == DEMAIN else v for cle, v in donnees.items()}
    assert not erreurs_qui_repetent_leur_libelle(classe(donnees))
