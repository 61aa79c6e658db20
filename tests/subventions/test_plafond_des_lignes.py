"""Every formset of lines stops at its ceiling, whatever the management form claims: a POST of
10²² lines once had 1,010 forms built and validated (2.4 s of CPU for one request)."""

import pytest

from appels.forms.appels import CritereFormSet, DocumentRequisFormSet, RegleFormSet
from appels.forms.demandes import AutreFinancementFormSet, LigneBudgetFormSet, ServiceFormSet
from subventions.forms import RepartitionFormSet, ServiceFinanceFormSet
from tests.factories import AppelFactory
from versements.forms import EcheancierFormSet

FORMSETS = [
    RepartitionFormSet,
    ServiceFinanceFormSet,
    EcheancierFormSet,
    ServiceFormSet,
    LigneBudgetFormSet,
    AutreFinancementFormSet,
    CritereFormSet,
    RegleFormSet,
    DocumentRequisFormSet,
]


def arguments(classe):
    """What a line's form needs to be built (the services proposed in an application)."""
    return {"appel": AppelFactory(), "statuts": []} if classe is ServiceFormSet else {}


@pytest.mark.django_db
@pytest.mark.parametrize("classe", FORMSETS, ids=lambda c: c.form.__name__)
def test_jamais_plus_de_formulaires_que_le_plafond(classe):
    donnees = {"lignes-TOTAL_FORMS": "9" * 22, "lignes-INITIAL_FORMS": "0"}
    formset = classe(donnees, prefix="lignes", form_kwargs=arguments(classe))
    assert len(formset.forms) == classe.max_num
    assert not formset.is_valid()
    assert formset.non_form_errors() == [f"Au plus {classe.max_num} lignes."]


@pytest.mark.django_db
@pytest.mark.parametrize("classe", FORMSETS, ids=lambda c: c.form.__name__)
def test_le_plafond_lui_meme_est_accepte(classe):
    """As many empty lines as the ceiling: no error about their number."""
    donnees = {"lignes-TOTAL_FORMS": str(classe.max_num), "lignes-INITIAL_FORMS": "0"}
    formset = classe(donnees, prefix="lignes", form_kwargs=arguments(classe))
    formset.is_valid()
    assert formset.non_form_errors() == []
