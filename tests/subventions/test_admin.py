from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    MembreFactory,
    RepartitionFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
)


def test_enveloppe_pas_sous_l_engage(db):
    enveloppe = EnveloppeFactory(montant=Decimal("100000"))
    s = SubventionFactory(programme=enveloppe.programme, statut=Subvention.Statut.APPROUVEE)
    RepartitionFactory(subvention=s, exercice=enveloppe.exercice, montant=Decimal("40000"))
    enveloppe.montant = Decimal("39999.99")
    with pytest.raises(ValidationError, match="engagent déjà"):
        enveloppe.full_clean()
    enveloppe.montant = Decimal("40000")
    enveloppe.full_clean()


def test_admin_rattache_un_partenaire_et_protege_les_services(client, administrateur):
    client.force_login(administrateur)
    membre = MembreFactory()
    assert client.get("/admin/organismes/membre/").status_code == 200
    assert client.get(f"/admin/organismes/membre/{membre.pk}/change/").status_code == 200
    assert client.get("/admin/organismes/organisme/add/").status_code == 403
    service = ServiceFactory()
    ServiceFinanceFactory(service=service, subvention__organisme=service.organisme)
    page = client.get(f"/admin/catalogue/serviceintegration/{service.pk}/change/")
    assert page.status_code == 200
    assert 'name="organisme"' not in page.content.decode()
