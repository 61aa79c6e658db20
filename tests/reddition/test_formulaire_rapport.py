"""The report form (reddition.forms.RapportForm): one field per funded service × active status
and per budget line, what people type read into clean values for the service, every error on
its cell; and the page it draws (names, ids, labels, error summary) as before."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from noyau.forms import erreur_de_service
from reddition import selectors
from reddition.forms import RapportForm, cle_depense, cle_participation
from reddition.models import Rapport
from referentiel.models import LigneBudgetaire, StatutImmigration
from tests.factories import ObligationFactory, ServiceFinanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def obligation(organisme, agent):
    o = ObligationFactory(subvention__organisme=organisme, subvention__agent=agent)
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=40)
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=10)
    return o


def formulaire(obligation, donnees=None):
    return RapportForm(donnees, contenu=selectors.contenu_rapport(None, obligation))


def statuts():
    return list(StatutImmigration.objects.actifs())


def test_les_champs_viennent_des_services_statuts_et_postes(obligation):
    form = formulaire(obligation)
    services = list(obligation.subvention.services_finances.order_by("pk"))
    lignes = list(LigneBudgetaire.objects.actifs())
    attendus = [cle_participation(sf.pk, st.pk) for sf in services for st in statuts()]
    attendus += [cle_depense(ligne.pk) for ligne in lignes]
    assert [nom for nom in form.fields if nom not in ("activites", "pieces", "retirer")] == (
        attendus
    )
    champ = form[cle_participation(services[0].pk, statuts()[0].pk)]
    assert champ.label == f"{services[0].service}, {statuts()[0].nom}"
    assert champ.id_for_label == cle_participation(services[0].pk, statuts()[0].pk)


def test_ce_qui_est_tape_devient_des_valeurs_propres(obligation):
    sf1, sf2 = obligation.subvention.services_finances.order_by("pk")
    st = statuts()
    poste = LigneBudgetaire.objects.actifs().first()
    form = formulaire(
        obligation,
        {
            "activites": "  Ateliers  ",
            cle_participation(sf1.pk, st[0].pk): "12",
            cle_participation(sf1.pk, st[1].pk): "1 000",
            cle_participation(sf2.pk, st[0].pk): " 5 ",
            cle_participation(sf2.pk, st[1].pk): "",
            cle_depense(poste.pk): "1 234,56 $",
            "retirer": ["3", "x", "²"],
            "p_999999_1": "4",  # not a field of this grant: never read
        },
    )
    assert form.is_valid(), form.errors
    valeurs = form.valeurs()
    assert valeurs["activites"] == "Ateliers"
    assert valeurs["participants"][(sf1.pk, st[0].pk)] == 12
    assert valeurs["participants"][(sf1.pk, st[1].pk)] == 1000
    assert valeurs["participants"][(sf2.pk, st[0].pk)] == 5
    assert valeurs["participants"][(sf2.pk, st[1].pk)] == 0
    assert valeurs["depenses"][poste.pk] == Decimal("1234.56")
    assert all(type(n) is int for n in valeurs["participants"].values())
    autres = [m for ligne, m in valeurs["depenses"].items() if ligne != poste.pk]
    assert autres and all(m == Decimal("0.00") for m in autres)
    assert valeurs["pieces_retirees"] == [3] and valeurs["pieces_ajoutees"] == []


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("-1", "Le nombre ne peut pas être négatif."),
        ("-3", "Le nombre ne peut pas être négatif."),
        ("100001", "Au plus 100000 participants par case."),
        ("10000000000000000000000", "Au plus 100000 participants par case."),
        ("douze", "Saisissez un nombre entier."),
        ("1.5", "Saisissez un nombre entier."),
        ("1.0", "Saisissez un nombre entier."),
    ],
)
def test_une_case_invalide_a_son_message(obligation, valeur, message):
    cle = cle_participation(obligation.subvention.services_finances.first().pk, statuts()[0].pk)
    form = formulaire(obligation, {cle: valeur})
    assert not form.is_valid()
    assert form.errors[cle] == [message]
    assert form.liens_erreurs()[0][0] == cle


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("-0.01", "Le montant ne peut pas être négatif."),
        ("abc", "Saisissez un montant (par exemple 1234,56)."),
        ("NaN", "Saisissez un montant (par exemple 1234,56)."),
        ("1e20", "Saisissez un montant (par exemple 1234,56)."),
        ("12.3456", "Saisissez un montant d'au plus deux décimales et sous 10 milliards."),
        # Thousands or cents? (noyau.forms.AMBIGU)
        (
            "12.345",
            "Montant ambigu « 12.345 » : des milliers ou des cents? Écrivez 12 500,00 $ "
            "ou 12500 pour des milliers, 12,50 $ pour des cents.",
        ),
        ("10000000000", "Saisissez un montant d'au plus deux décimales et sous 10 milliards."),
    ],
)
def test_une_depense_invalide_a_son_message(obligation, valeur, message):
    cle = cle_depense(LigneBudgetaire.objects.actifs().first().pk)
    form = formulaire(obligation, {cle: valeur})
    assert not form.is_valid()
    assert form.errors[cle] == [message]


def test_trop_long_et_refus_du_service_vont_sur_le_formulaire(obligation):
    form = formulaire(obligation, {"activites": "x" * 20_001})
    assert form.errors["activites"] == ["Au plus 20 000 caractères."]
    form = formulaire(obligation, {"activites": "Ateliers"})
    assert form.is_valid()
    erreur_de_service(form, ValidationError({"pieces": "trop", "__all__": "hors grille"}))
    assert form.errors["pieces"] == ["trop"] and form.non_field_errors() == ["hors grille"]
    assert [lien[0] for lien in form.liens_erreurs()] == ["id_pieces"]


def test_la_page_garde_ses_noms_ids_et_liens(client_de, partenaire, obligation):
    sf = obligation.subvention.services_finances.order_by("pk").first()
    statut = statuts()[0]
    cle = cle_participation(sf.pk, statut.pk)
    poste = LigneBudgetaire.objects.actifs().first()
    depense = cle_depense(poste.pk)
    url = reverse("reddition:rapport", args=[obligation.pk])
    html = client_de(partenaire).get(url).content.decode()
    assert f'name="{cle}"' in html and f'id="{cle}"' in html
    assert f'aria-labelledby="sf-{sf.pk} st-{statut.pk}"' in html
    assert f'data-ligne="{sf.pk}"' in html and f'data-colonne="{statut.pk}"' in html
    assert f'name="{depense}"' in html and f'id="poste-{depense}"' in html
    assert f'aria-labelledby="poste-{depense} col-montant"' in html and "data-depense" in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'value="0,00"' in html and 'type="number"' not in html
    assert html.count('class="table-defilante"') == 2

    reponse = client_de(partenaire).post(
        url, {"activites": "x", cle: "-4", depense: "abc", "enregistrer": ""}
    )
    html = reponse.content.decode()
    assert f'href="#{cle}"' in html and f'href="#{depense}"' in html
    assert f'aria-describedby="{cle}_error"' in html and f'id="{cle}_error"' in html
    assert f'aria-describedby="{depense}_error"' in html
    assert 'value="-4"' in html and 'value="abc"' in html  # what was typed, to correct it
    assert f"{sf.service}, {statut.nom}\xa0: Le nombre ne peut pas être négatif." in html
    assert not Rapport.objects.exists()


def test_un_montant_enregistre_se_relit_dans_le_format_du_champ(client_de, partenaire, obligation):
    depense = cle_depense(LigneBudgetaire.objects.actifs().first().pk)
    client = client_de(partenaire)
    url = reverse("reddition:rapport", args=[obligation.pk])
    client.post(url, {"activites": "x", depense: "1234,5", "enregistrer": ""})
    assert str(Rapport.objects.get().depenses.get(ligne__pk=depense[2:]).montant) == "1234.50"
    assert 'value="1\xa0234,50"' in client.get(url).content.decode()
