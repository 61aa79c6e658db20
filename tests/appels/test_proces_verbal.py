"""The committee's minutes (PDF): what they record (the call, the committee and who abstained on
which application, the grid, the ranking with its cut line and decisions, the totals), the same
figures as the ranking page, who may download them, and a query count that does not grow."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appels.heures import moment_en_mots
from appels.models import Evaluateur
from appels.selectors.comite import classement
from appels.services import comite as services
from tests.factories import (
    DemandeFactory,
    MembreFactory,
    OrganismeFactory,
    UserFactory,
    comite_note,
)
from tests.factories import appel_complet as _appel_complet
from tests.rapports.lecture import montant_pdf, pdf_de, texte

RECEVABLE = "recevable"


def _appel_ferme(**kwargs):
    maintenant = timezone.now()
    return _appel_complet(
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
        **kwargs,
    )


def _evaluer(appel, membre, demande, valeur):
    services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    notes = {c.pk: (Decimal(valeur), "") for c in appel.criteres.all()}
    services.evaluation_enregistrer(demande=demande, par=membre, notes=notes, soumettre=True)


@pytest.fixture
def comite(db, agent):
    """A closed call (budget 100 000 $): four admissible applications scored by three members,
    one of whom declared a conflict on the second; two decisions recorded."""
    appel = _appel_ferme(budget=Decimal("100000"), exercice_debut=2027, exercice_fin=2028)
    membres = [
        UserFactory(
            username=f"pv-eval-{i}",
            first_name=prenom,
            last_name="Évaluatrice",
            roles=["evaluateur"],
        )
        for i, prenom in enumerate(("Alice", "Béatrice", "Chloé"))
    ]
    for membre in membres:
        Evaluateur.objects.create(appel=appel, user=membre, ajoute_par=agent)
    noms = ("Parents & enfants <b>", "Accueil Nord", "Maison Sud", "Relais Est")
    demandes = [
        DemandeFactory(
            appel=appel,
            organisme=OrganismeFactory(nom_legal=nom),
            etat=RECEVABLE,
            titre_projet=f"Projet {nom.split()[0]}",
            montant_demande=Decimal(montant),
        )
        for nom, montant in zip(noms, ("40000", "50000", "30000", "20000"), strict=True)
    ]
    d0, d1, d2, d3 = demandes
    for membre, valeur in zip(membres, "864", strict=True):
        _evaluer(appel, membre, d0, valeur)
    services.conflit_declarer(demande=d1, par=membres[2], a_conflit=True)
    _evaluer(appel, membres[0], d1, "9")
    _evaluer(appel, membres[1], d1, "9")
    _evaluer(appel, membres[0], d2, "5")
    services.recommandation_decider(
        demande=d1,
        par=agent,
        decision="retenue",
        montant_recommande=Decimal("45000"),
        motif="Projet structurant",
    )
    services.recommandation_decider(
        demande=d2, par=agent, decision="liste_attente", motif="Budget épuisé"
    )
    appel.refresh_from_db()
    return appel, membres, demandes


def _pdf(client, user, appel):
    client.force_login(user)
    return texte(pdf_de(client.get(reverse("proces_verbal_appel", args=[appel.pk]))))


def test_le_proces_verbal_consigne_l_appel_le_comite_la_grille_et_les_decisions(
    comite, client, agent
):
    appel, membres, (d0, d1, d2, d3) = comite
    contenu = _pdf(client, agent, appel)
    plat = " ".join(contenu.split())
    for attendu in (
        "Procès-verbal du comité de sélection",
        appel.titre,
        str(appel.programme),
        "2027–2028",
        montant_pdf(appel.budget),
        f"de {montant_pdf(appel.montant_minimum)} à {montant_pdf(appel.montant_maximum)}",
        moment_en_mots(appel.cloture).replace("\u202f", " ").replace("\xa0", " "),
        # The committee, and who abstained on which application.
        "Alice Évaluatrice",
        "Béatrice Évaluatrice",
        "Chloé Évaluatrice",
        "Conflits d'intérêts : qui s'est abstenu sur quoi",
        # The grid.
        "Pertinence",
        "30,00 %",
        # Decisions, reasons, who.
        "Retenu — Projet structurant",
        "Liste d'attente — Budget épuisé",
        "Ligne de coupe",
        # Totals: 45 000 retained of 100 000.
        montant_pdf(Decimal("45000")),
        montant_pdf(Decimal("55000")),
        "établi le",
    ):
        assert attendu in plat, attendu
    assert "Parents & enfants <b>" in plat  # a name, not markup
    # The conflict row: rank 1 (d1 scores 90), its organisation and project, the member.
    assert re.search(r"1 Accueil Nord Projet Accueil Chloé Évaluatrice", plat)
    assert (agent.get_full_name() or agent.username) in plat


def _cellules(rangee) -> list[str]:
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).replace("\xa0", " ").split())
        for c in re.findall(r"<td[^>]*>(.*?)</td>", rangee, re.S)
    ]


def test_memes_chiffres_que_la_page_du_classement(comite, client, agent):
    """Rank, score, amounts requested and recommended, cumul: the page's, row by row, and the
    page's are the ranking selector's."""
    appel = comite[0]
    client.force_login(agent)
    page = client.get(reverse("appels:classement", args=[appel.pk])).content.decode()
    rangees = [
        _cellules(r) for r in re.findall(r'<tr id="demande-\d+"[^>]*>(.*?)</tr>', page, re.S)
    ]
    lignes = classement(appel=appel)
    assert [r[6] for r in rangees] == [montant_pdf(x.cumul) for x in lignes]
    assert [r[0] for r in rangees] == [str(x.rang) for x in lignes]
    plat = " ".join(_pdf(client, agent, appel).split())
    classement_pdf = plat[plat.index("Le classement") : plat.index("Totaux")]
    for ligne, (rang, score, _ecart, _nb, demande, recommande, cumul, *_r) in zip(
        lignes, rangees, strict=True
    ):
        d = ligne.demande
        debut = classement_pdf.index(f"{rang} {d.organisme} {d.titre_projet} {score.split()[0]} ")
        assert f"{demande} {recommande} {cumul}" in classement_pdf[debut : debut + 120], rang
    # The cut line sits where the page puts it: before the third row (85 000 + 30 000 > 100 000).
    coupe = classement_pdf.index("Ligne de coupe")
    assert classement_pdf.index("85 000,00 $") < coupe < classement_pdf.index("115 000,00 $")


def test_seul_le_personnel_des_appels_le_telecharge(comite, client, gestionnaire):
    """The ranking's rule: agents and managers; an évaluateur of the call, a partner whose
    organisation applied, or anyone else finds nothing (404), an anonymous visitor signs in."""
    appel, membres, demandes = comite
    url = reverse("proces_verbal_appel", args=[appel.pk])
    assert client.get(url).status_code == 302
    partenaire = MembreFactory(organisme=demandes[0].organisme).user
    for user in (membres[0], partenaire, UserFactory(roles=["administrateur"])):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(gestionnaire)
    assert client.get(url).status_code == 200
    assert client.get(reverse("proces_verbal_appel", args=[appel.pk + 999])).status_code == 404


def _grand_comite(n_demandes, n_evaluateurs, agent):
    from appels.models import Conflit

    appel = _appel_ferme()
    demandes, membres = comite_note(
        appel, n_demandes=n_demandes, n_evaluateurs=n_evaluateurs, decide_par=agent, prefixe="pv"
    )
    Conflit.objects.bulk_create(
        Conflit(demande=d, evaluateur=membres[0], a_conflit=True) for d in demandes[1::4]
    )
    return appel


def test_requetes_en_nombre_fixe(db, client, agent):
    client.force_login(agent)
    comptes = []
    for taille in ((3, 2), (60, 4)):
        appel = _grand_comite(*taille, agent)
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(reverse("proces_verbal_appel", args=[appel.pk]))
            assert b"".join(reponse.streaming_content)[:4] == b"%PDF"
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= 15, comptes


def test_papier_lettre_polices_incorporees_noms_longs_entiers(comite, client, agent):
    from tests.rapports.test_papier_et_polices import NOM_LONG, TITRE_LONG, _polices

    appel, _membres, demandes = comite
    organisme = demandes[3].organisme
    organisme.nom_legal = NOM_LONG
    organisme.save()
    demandes[3].titre_projet = TITRE_LONG
    demandes[3].save()
    client.force_login(agent)
    lecteur = pdf_de(client.get(reverse("proces_verbal_appel", args=[appel.pk])))
    for page in lecteur.pages:
        largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(largeur), round(hauteur)) == (792, 612)  # Letter, landscape
        for police in _polices(page["/Resources"].get_object()):
            descendantes = police.get("/DescendantFonts")
            cible = descendantes[0].get_object() if descendantes else police
            descripteur = cible["/FontDescriptor"].get_object()
            assert "/FontFile2" in descripteur, police.get("/BaseFont")
    plat = " ".join(texte(lecteur).replace("\xa0", " ").split())
    assert "…" not in plat
    assert NOM_LONG in plat and TITRE_LONG in plat
