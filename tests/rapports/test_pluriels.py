"""Counts in words agree with their number: "1 ligne", "2 lignes", "1 385 lignes"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rapports.feuilles import total_par_defaut
from subventions.models import Subvention
from subventions.services import valider_montants


def test_total_d_une_feuille():
    assert total_par_defaut(1, {}, 1) == ["Total (1 ligne)"]
    assert total_par_defaut(2, {}, 1) == ["Total (2 lignes)"]
    assert total_par_defaut(1385, {}, 1) == ["Total (1\xa0385 lignes)"]


def test_exercice_hors_periode_au_singulier_et_au_pluriel():
    s = Subvention(
        montant_accorde=Decimal("30"),
        date_debut=datetime.date(2026, 1, 1),
        date_fin=datetime.date(2026, 12, 31),
    )

    def erreurs(exercices):
        parts = [{"exercice": e, "montant": Decimal("10")} for e in exercices]
        parts[0]["montant"] += Decimal("30") - sum(p["montant"] for p in parts)
        with pytest.raises(ValidationError) as refus:
            valider_montants(s, parts, [])
        return " ".join(refus.value.messages)

    assert "Exercice 2027 hors de la période du projet, de 2026 à 2026." in erreurs([2026, 2027])
    assert "Exercices 2027, 2028 hors" in erreurs([2026, 2027, 2028])
