"""The README's example, tests/data/subventions-historiques.xlsx, imports cleanly on the demo
database (`make run` loads `manage.py demo` with its defaults): what a new user tries first.
Loading the default demo takes about 15 s on an idle machine (a minute on a loaded one)."""

import pytest
from django.contrib.auth import get_user_model

from echanges.importation.services import importation_executer
from echanges.models import Importation
from subventions.models import Subvention
from tests.data.subventions_historiques import CHEMIN
from tests.instantane import charger_demo


@pytest.mark.django_db
def test_l_exemple_du_readme_s_importe_sur_la_demo():
    charger_demo()
    avant = Subvention.objects.count()
    agent = get_user_model().objects.get(username="agent")
    with open(CHEMIN, "rb") as fichier:
        importation, plan = importation_executer(
            fichier=fichier, nom=CHEMIN.name, par=agent, essai=False,
            source=Importation.Source.COMMANDE,
        )  # fmt: skip
    assert [(e.ligne, e.colonne, e.message) for e in plan.erreurs] == []
    assert importation.resultat == Importation.Resultat.IMPORTE
    assert Subvention.objects.count() == avant + 6
