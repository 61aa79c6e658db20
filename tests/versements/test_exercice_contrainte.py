"""The database itself keeps an instalment's planned date inside its exercice."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import VersementFactory


@pytest.mark.django_db
def test_une_date_hors_de_son_exercice_est_refusee_par_la_base():
    versement = VersementFactory(date_prevue=datetime.date(2026, 12, 31))
    assert versement.exercice == 2026
    versement.date_prevue = datetime.date(2027, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        versement.save()
    versement.date_prevue = datetime.date(2026, 1, 1)
    versement.save()


@pytest.mark.django_db
def test_un_exercice_autre_que_l_annee_de_la_date_est_refuse():
    with pytest.raises(IntegrityError), transaction.atomic():
        VersementFactory(date_prevue=datetime.date(2026, 3, 1), exercice=2027)
