"""The ranking's rows, written in Python (`{% lignes_du_classement %}`), are the markup the
page's template wrote: same cells, labels, ids and names for screen readers, same escaping, in
French and in English, with and without the decision forms."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from appels.models import AppelDeProjets, Demande, Evaluation, Recommandation
from appels.selectors.comite import classement, completer
from tests.factories import UserFactory, appel_complet, comite_note
from tests.partage import donnees_du_module

# The rows as the page's template wrote them before they were written in Python: the reference.
GABARIT = (Path(__file__).parent / "classement_lignes_reference.html").read_text()
RAPIDE = (
    "{% load comite %}"
    "{% lignes_du_classement lignes appel=appel page=page.number deliberer=deliberer %}"
)


def _construire():
    """Six applications over every branch of a row: a title to escape, none (the row names the
    organisation and the call), an organisation verified or not, decisions with a motif to
    escape or none, an unscored application, a spread flagged or not, the cut line."""
    maintenant = timezone.now()
    appel = appel_complet(
        titre="Appel « L'accueil » <2027>",
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
        budget=Decimal("95000"),
        montant_maximum=Decimal("30000"),
        ecart_signale=Decimal("4"),
    )
    decideur = UserFactory(username="o'brien", first_name="Zoé <Z>", roles=["gestionnaire"])
    demandes, _membres = comite_note(appel, n_demandes=6, n_evaluateurs=2, decide_par=decideur)
    d = demandes
    d[0].titre_projet = "L'école <b>ouverte</b> & co"
    d[1].titre_projet = ""
    d[1].organisme.nom_legal = 'Centre "Le Pont" & fils'
    d[1].organisme.save()
    d[2].organisme.verifie_le = maintenant
    d[2].organisme.save()
    for demande in d[:2]:
        demande.save()
    Evaluation.objects.filter(demande=d[4]).delete()
    Recommandation.objects.filter(demande=d[0]).update(motif="Oui, <i>fort</i> & bien")
    Recommandation.objects.filter(demande=d[3]).update(
        motif="", decision=Recommandation.Decision.LISTE_ATTENTE, montant_recommande=None
    )
    return appel.pk


@pytest.fixture(scope="module")
def appel_note(django_db_setup, django_db_blocker):
    """Built once for the module (tests/partage.py): each case reads the call afresh and what
    it writes goes with its savepoint."""
    with donnees_du_module(django_db_blocker, _construire) as pk:
        yield pk


@pytest.fixture
def lignes(db, appel_note):
    appel = AppelDeProjets.objects.get(pk=appel_note)
    resultat = classement(appel=appel)
    assert any(x.ligne_de_coupe for x in resultat) and resultat[-1].sous_la_ligne
    assert {x.ecart_signale for x in resultat} == {True, False}
    assert any(x.moyenne is None for x in resultat)
    assert not all(x.recommandation for x in resultat)
    return appel, resultat


def _sans_blancs(html):
    return re.sub(r"\s+", " ", str(html)).strip()


class _Page:
    number = 3


def _rendus(langue, appel, lignes, **contexte):
    """The rows through the reference template, then through the tag, with the same context;
    each with its whitespace squeezed, and the tag's rows as written."""
    with translation.override(langue):
        contexte = {
            "lignes": lignes,
            "appel": appel,
            "page": _Page(),
            "decisions": [(v, str(libelle)) for v, libelle in Recommandation.Decision.choices],
            **contexte,
        }
        attendu = Template(GABARIT).render(Context(contexte))
        rendu = Template(RAPIDE).render(Context(contexte))
    return _sans_blancs(attendu), _sans_blancs(rendu), rendu


@pytest.mark.parametrize("langue", ["fr-ca", "en"])
@pytest.mark.parametrize("deliberer", [True, False])
def test_memes_lignes_que_le_gabarit(lignes, langue, deliberer):
    appel, resultat = lignes
    attendu, compact, rendu = _rendus(
        langue, appel, resultat, deliberer=deliberer, csrf_token="jeton<&>"
    )
    assert compact == attendu
    assert rendu.count('<tr id="demande-') == 6
    assert "L&#x27;école &lt;b&gt;ouverte&lt;/b&gt; &amp; co" in rendu
    assert "Oui, &lt;i&gt;fort&lt;/i&gt; &amp; bien" in rendu
    assert ("jeton&lt;&amp;&gt;" in rendu) is deliberer
    assert ('<input type="hidden" name="page" value="3">' in rendu) is deliberer
    assert "/retenir/" not in rendu  # the call is not decided


@pytest.mark.parametrize("langue", ["fr-ca", "en"])
def test_appel_decide_une_demande_en_attente_mene_a_sa_page(lignes, langue, rf):
    """Once the call is decided, the waitlisted row links to the page that retains it, for
    whoever may (the rule asked per row); no other row does."""
    appel, _resultat = lignes
    appel.etat = appel.Etat.DECIDE
    appel.save()
    attente = Demande.objects.get(appel=appel, recommandation__decision="liste_attente")
    Demande.objects.filter(pk=attente.pk).update(etat=Demande.Etat.LISTE_ATTENTE)
    resultat = completer(classement(appel=appel, complet=False), appel=appel)
    requete = rf.get("/")
    requete.user = UserFactory(username="gestion-classement", roles=["gestionnaire"])
    attendu, compact, rendu = _rendus(langue, appel, resultat, deliberer=False, request=requete)
    assert compact == attendu
    assert rendu.count("/retenir/") == 1
    assert f'href="/appels/gestion/demandes/{attente.pk}/retenir/"' in rendu
