"""The selection committee: each refusal's reason (conflicted, not assigned, hidden scores, out
of range, outside the scoring period), the scoring pages, the ranking's maths with exact
Decimals, its query count, the decisions and the reminder."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appels.models import (
    AppelDeProjets,
    Conflit,
    CritereEvaluation,
    Demande,
    Evaluateur,
    Evaluation,
    Note,
    Recommandation,
)
from appels.selectors.comite import classement, demandes_de_l_evaluateur
from appels.services import comite as services
from noyau.permissions import verdict
from tests.factories import (
    DemandeFactory,
    OrganismeFactory,
    UserFactory,
    appel_complet,
    comite_note,
)
from tests.partage import donnees_du_module

RECEVABLE = Demande.Etat.RECEVABLE


def _appel_ferme(**kwargs):
    maintenant = timezone.now()
    return appel_complet(
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
        **kwargs,
    )


def _construire():
    agent = UserFactory(username="agent-comite", roles=["agent"])
    appel = _appel_ferme()
    membres = [UserFactory(username=f"eval-{i}", roles=["evaluateur"]) for i in range(3)]
    for membre in membres:
        Evaluateur.objects.create(appel=appel, user=membre, ajoute_par=agent)
    ailleurs = UserFactory(username="eval-ailleurs", roles=["evaluateur"])
    Evaluateur.objects.create(appel=appel_complet(), user=ailleurs, ajoute_par=agent)
    demandes = [
        DemandeFactory(
            appel=appel,
            etat=RECEVABLE,
            titre_projet=f"Projet {i}",
            montant_demande=Decimal(montant),
        )
        for i, montant in enumerate(("40000", "50000", "30000"))
    ]
    return {
        "agent": agent.pk,
        "appel": appel.pk,
        "membres": [m.pk for m in membres],
        "ailleurs": ailleurs.pk,
        "demandes": [d.pk for d in demandes],
    }


@pytest.fixture(scope="module")
def donnees(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _construire) as ids:
        yield ids


class Objets:
    def __init__(self, ids):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        self.agent = User.objects.get(pk=ids["agent"])
        self.appel = AppelDeProjets.objects.get(pk=ids["appel"])
        self.membres = [User.objects.get(pk=pk) for pk in ids["membres"]]
        self.ailleurs = User.objects.get(pk=ids["ailleurs"])
        self.demandes = [Demande.objects.get(pk=pk) for pk in ids["demandes"]]
        self.criteres = list(self.appel.criteres.all())


@pytest.fixture
def o(db, donnees):
    return Objets(donnees)


def _notes(o, *valeurs):
    return {
        c.pk: (Decimal(v), f"Commentaire {c.libelle}")
        for c, v in zip(o.criteres, valeurs, strict=False)
    }


def _evaluer(o, membre, demande, *valeurs, soumettre=True):
    if not Conflit.objects.filter(demande=demande, evaluateur=membre).exists():
        services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    return services.evaluation_enregistrer(
        demande=demande, par=membre, notes=_notes(o, *valeurs), soumettre=soumettre
    )


# --- Rules and their reasons -----------------------------------------------------------------
def test_declarer_d_abord_puis_evaluer(o):
    membre, demande = o.membres[0], o.demandes[0]
    refus = verdict(membre, "appels.evaluer", demande)
    assert not refus
    assert refus.raison == "Déclarez d'abord l'absence de conflit d'intérêts pour cette demande."
    services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    assert verdict(membre, "appels.evaluer", demande)
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        services.conflit_declarer(demande=demande, par=membre, a_conflit=True)


def test_conflit_retire_la_demande_et_refuse_l_evaluation(o):
    membre, demande = o.membres[1], o.demandes[0]
    services.conflit_declarer(demande=demande, par=membre, a_conflit=True, commentaire="Sœur")
    refus = verdict(membre, "appels.evaluer", demande)
    assert refus.raison == (
        "Vous avez déclaré un conflit d'intérêts pour cette demande : vous ne l'évaluez pas."
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_enregistrer(demande=demande, par=membre, notes=_notes(o, *"55555"))
    visibles = demandes_de_l_evaluateur(user=membre, appel=o.appel)
    assert sorted(d.pk for d in visibles) == sorted(d.pk for d in o.demandes[1:])


def test_note_hors_bornes_refusee_et_rien_ne_change(o):
    membre, demande = o.membres[0], o.demandes[0]
    services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    with pytest.raises(ValidationError) as erreur:
        services.evaluation_enregistrer(
            demande=demande, par=membre, notes=_notes(o, "11", "5", "-1", "5", "5")
        )
    assert erreur.value.message_dict == {
        f"note_{o.criteres[0].pk}": ["La note de « Pertinence » doit être entre 0 et 10."],
        f"note_{o.criteres[2].pk}": ["La note de « Partenariats » doit être entre 0 et 10."],
    }
    assert not Evaluation.objects.filter(demande=demande).exists()


def test_soumettre_exige_chaque_critere_puis_fige(o):
    membre, demande = o.membres[0], o.demandes[0]
    with pytest.raises(ValidationError) as erreur:
        _evaluer(o, membre, demande, "5", "5", "5")
    # Each criterion left blank (Budget, Retombées) is refused on its own score.
    assert erreur.value.message_dict == {
        f"note_{c.pk}": ["Notez ce critère avant de soumettre."] for c in o.criteres[3:]
    }
    assert [c.libelle for c in o.criteres[3:]] == ["Budget", "Retombées"]
    assert not Evaluation.objects.filter(demande=demande).exists()
    _evaluer(o, membre, demande, "5", "5", "5", soumettre=False)
    assert Note.objects.filter(evaluation__demande=demande).count() == 3
    _evaluer(o, membre, demande, "5", "5", "5", "5", "5")
    refus = verdict(membre, "appels.evaluer", demande)
    assert refus.raison == "Votre évaluation de cette demande est soumise : elle ne change plus."
    with pytest.raises(ValidationError, match="soumise"):
        _evaluer(o, membre, demande, "9", "9", "9", "9", "9")
    assert Evaluation.objects.get(demande=demande, evaluateur=membre).history.count() == 2


def test_notes_des_autres_cachees_jusqu_a_sa_propre_soumission(o):
    demande = o.demandes[0]
    _evaluer(o, o.membres[0], demande, *"88888")
    _evaluer(o, o.membres[1], demande, *"66666", soumettre=False)
    refus = verdict(o.membres[1], "appels.voir_notes_des_autres", demande)
    assert refus.raison == (
        "Les notes des autres évaluateurs restent cachées tant que vous n'avez pas soumis "
        "votre propre évaluation de cette demande."
    )
    assert verdict(o.agent, "appels.voir_notes_des_autres", demande)
    _evaluer(o, o.membres[1], demande, *"66666")
    assert verdict(o.membres[1], "appels.voir_notes_des_autres", demande)


@pytest.mark.parametrize(
    ("changement", "raison"),
    [
        (
            {"cloture": timezone.now() + datetime.timedelta(days=3)},
            "L'appel n'est pas encore fermé (état : Ouvert) : le comité travaille après la "
            "clôture, sur les demandes recevables.",
        ),
        (
            {"etat": AppelDeProjets.Etat.DECIDE},
            "L'appel est décidé : les évaluations et le classement ne changent plus.",
        ),
    ],
)
def test_evaluer_et_deliberer_seulement_appel_ferme_non_decide(o, changement, raison):
    membre, demande = o.membres[0], o.demandes[0]
    services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    AppelDeProjets.objects.filter(pk=o.appel.pk).update(**changement)
    demande = Demande.objects.get(pk=demande.pk)
    assert verdict(membre, "appels.evaluer", demande).raison == raison
    with pytest.raises(ValidationError, match="L'appel"):
        services.evaluation_enregistrer(demande=demande, par=membre, notes=_notes(o, *"55555"))
    assert verdict(o.agent, "appels.deliberer", demande.appel).raison == raison
    with pytest.raises(ValidationError, match="L'appel"):
        services.recommandation_decider(demande=demande, par=o.agent, decision="retenue")


def test_un_evaluateur_d_un_autre_appel_ne_voit_rien(o, client):
    client.force_login(o.ailleurs)
    for url in (
        reverse("appels:evaluation_appel", args=[o.appel.pk]),
        reverse("appels:evaluation_demande", args=[o.demandes[0].pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("appels:evaluation_conflit", args=[o.demandes[0].pk]), {"a_conflit": "non"}
        ).status_code
        == 404
    )
    assert not Conflit.objects.exists()
    with pytest.raises(PermissionDenied):
        services.conflit_declarer(demande=o.demandes[0], par=o.ailleurs, a_conflit=False)


# --- The pages ------------------------------------------------------------------------------
def test_parcours_de_l_evaluateur(o, client):
    membre, demande = o.membres[0], o.demandes[0]
    client.force_login(membre)
    page = reverse("appels:evaluation_demande", args=[demande.pk])
    contenu = client.get(page).content.decode()
    assert "Déclaration de conflit d'intérêts" in contenu
    assert "40 000,00" not in contenu  # the amount only once declared
    reponse = client.post(
        reverse("appels:evaluation_conflit", args=[demande.pk]), {"a_conflit": "non"}
    )
    assert reponse.url == page
    donnees = {f"note_{c.pk}": "7,5" for c in o.criteres} | {f"note_{o.criteres[0].pk}": "12"}
    reponse = client.post(page, donnees | {"soumettre": ""})
    assert reponse.status_code == 200
    assert "La note de « Pertinence » doit être entre 0 et 10." in reponse.content.decode()
    assert not Evaluation.objects.exists()
    reponse = client.post(page, donnees | {f"note_{o.criteres[0].pk}": "9", "soumettre": ""})
    assert reponse.url == reverse("appels:evaluation_appel", args=[o.appel.pk])
    evaluation = Evaluation.objects.get()
    assert evaluation.soumise_le is not None
    assert sorted(n.valeur for n in evaluation.notes.all()) == [Decimal("7.5")] * 4 + [9]
    contenu = client.get(page).content.decode()
    assert "Votre évaluation de cette demande est soumise" in contenu
    liste = client.get(reverse("appels:evaluation_appel", args=[o.appel.pk])).content.decode()
    assert "1 évaluation(s) soumise(s) sur 3" in liste


def test_page_d_un_autre_evaluateur_cache_les_notes_avant_soumission(o, client):
    demande = o.demandes[0]
    _evaluer(o, o.membres[0], demande, *"88888")
    services.conflit_declarer(demande=demande, par=o.membres[1], a_conflit=False)
    client.force_login(o.membres[1])
    page = reverse("appels:evaluation_demande", args=[demande.pk])
    contenu = client.get(page).content.decode()
    assert "Commentaire Pertinence" not in contenu
    assert "restent cachées" in contenu
    _evaluer(o, o.membres[1], demande, *"66666")
    assert "Commentaire Pertinence" in client.get(page).content.decode()


def test_declaration_sans_reponse_reaffiche_la_page_avec_l_erreur(o, client):
    """Like every form: the page again (not a redirect to it), the error on the radio group and
    in the summary, which leads to the group's first choice."""
    membre, demande = o.membres[0], o.demandes[0]
    client.force_login(membre)
    reponse = client.post(
        reverse("appels:evaluation_conflit", args=[demande.pk]), {"commentaire": "À voir"}
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert reponse.context["form_conflit"].errors == {"a_conflit": ["Répondez oui ou non."]}
    assert 'id="resume-erreurs"' in contenu and 'role="alert"' in contenu
    assert (
        '<a href="#id_a_conflit_0">Avez-vous un conflit d&#x27;intérêts avec cette demande ou '
        "cet organisme?\xa0: Répondez oui ou non.</a>"
    ) in contenu
    assert '<ul class="erreurs" id="id_a_conflit_error"><li>Répondez oui ou non.</li>' in contenu
    # The group is described by its error: a screen reader says it on entering the group.
    groupe = '<fieldset class="champ groupe champ-invalide" aria-describedby="id_a_conflit_error">'
    assert groupe in contenu
    assert contenu.count('aria-invalid="true"') == 2  # each choice of the group
    assert "À voir</textarea>" in contenu
    assert not Conflit.objects.exists()


def test_soumettre_sans_notes_erreur_sur_chaque_critere(o, client):
    """Each blank score has its own error, and the summary names its criterion and leads to it;
    a draft may still leave every score blank."""
    membre, demande = o.membres[0], o.demandes[0]
    services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
    client.force_login(membre)
    page = reverse("appels:evaluation_demande", args=[demande.pk])
    donnees = {f"note_{o.criteres[0].pk}": "7,5", f"note_{o.criteres[1].pk}": "douze"}
    reponse = client.post(page, donnees | {"soumettre": ""})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # The form refuses « douze » before the service sees the blank scores.
    assert contenu.count('aria-invalid="true"') == 1
    assert (
        f'<a href="#id_note_{o.criteres[1].pk}">Faisabilité (sur 10)\xa0: '
        "Note invalide\u00a0: écrivez un nombre, par exemple 7,5.</a>"
    ) in contenu
    reponse = client.post(page, donnees | {f"note_{o.criteres[1].pk}": "", "soumettre": ""})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'id="resume-erreurs"' in contenu and "il manque" not in contenu
    for critere in o.criteres[1:]:
        champ = f"id_note_{critere.pk}"
        assert (
            f'<a href="#{champ}">{critere.libelle} (sur 10)\xa0: '
            "Notez ce critère avant de soumettre.</a>"
        ) in contenu
        assert f'aria-invalid="true" aria-describedby="{champ}_error" id="{champ}"' in contenu
        assert f'<ul class="erreurs" id="{champ}_error"><li>Notez ce critère' in contenu
    assert contenu.count('aria-invalid="true"') == len(o.criteres) - 1
    assert not Evaluation.objects.exists()
    reponse = client.post(page, {"brouillon": ""})
    assert reponse.url == page
    assert Evaluation.objects.get().notes.count() == 0


def test_conflit_declare_par_la_page_puis_404(o, client):
    membre, demande = o.membres[2], o.demandes[1]
    client.force_login(membre)
    client.post(reverse("appels:evaluation_conflit", args=[demande.pk]), {"a_conflit": "oui"})
    assert Conflit.objects.get(evaluateur=membre).a_conflit
    page = reverse("appels:evaluation_demande", args=[demande.pk])
    assert client.get(page).status_code == 404
    assert client.post(page, {"soumettre": ""}).status_code == 404


# --- The ranking ----------------------------------------------------------------------------
def test_score_pondere_moyenne_ecart_et_ligne_de_coupe(o):
    d0, d1, d2 = o.demandes
    # d0: 80 and 65 (30 + 12,5 + 7,5 + 7,5 + 7,5) → 72,50, spread 15,00 (not above 15).
    _evaluer(o, o.membres[0], d0, *"88888")
    _evaluer(o, o.membres[1], d0, "10", "5", "5", "5", "5")
    # d1: 90 alone; a draft does not count.
    _evaluer(o, o.membres[0], d1, *"99999")
    _evaluer(o, o.membres[1], d1, *"11111", soumettre=False)
    AppelDeProjets.objects.filter(pk=o.appel.pk).update(budget=Decimal("100000"))
    appel = AppelDeProjets.objects.get(pk=o.appel.pk)
    lignes = classement(appel=appel)
    assert [(x.demande, x.moyenne, x.ecart, x.nb_evaluations) for x in lignes] == [
        (d1, Decimal("90.00"), Decimal("0.00"), 1),
        (d0, Decimal("72.50"), Decimal("15.00"), 2),
        (d2, None, None, 0),
    ]
    assert [x.ecart_signale for x in lignes] == [False, False, False]
    assert [x.cumul for x in lignes] == [Decimal("50000"), Decimal("90000"), Decimal("120000")]
    assert [(x.ligne_de_coupe, x.sous_la_ligne) for x in lignes] == [
        (False, False),
        (False, False),
        (True, True),
    ]
    AppelDeProjets.objects.filter(pk=o.appel.pk).update(ecart_signale=Decimal("14.99"))
    appel.refresh_from_db()
    assert [x.ecart_signale for x in classement(appel=appel)] == [False, True, False]
    # A lower recommended amount moves the cut line away.
    services.recommandation_decider(
        demande=d1, par=o.agent, decision="retenue", montant_recommande=Decimal("20000")
    )
    lignes = classement(appel=appel)
    assert [x.cumul for x in lignes] == [Decimal("20000"), Decimal("60000"), Decimal("90000")]
    assert not any(x.ligne_de_coupe for x in lignes)


def test_score_sur_des_notes_maximales_qui_ne_divisent_pas_juste(o):
    appel = _appel_ferme()
    appel.criteres.all().delete()
    critere = CritereEvaluation.objects.create(
        appel=appel, libelle="Seul", note_maximale=3, ponderation=100
    )
    demande = DemandeFactory(appel=appel, etat=RECEVABLE, montant_demande=Decimal("10000"))
    for membre, valeur in zip(o.membres, ("1", "2", "2"), strict=True):
        Evaluateur.objects.create(appel=appel, user=membre)
        services.conflit_declarer(demande=demande, par=membre, a_conflit=False)
        services.evaluation_enregistrer(
            demande=demande, par=membre, notes={critere.pk: (Decimal(valeur), "")}, soumettre=True
        )
    (ligne,) = classement(appel=appel)
    # 33,333… + 66,666… × 2 → 166,666… / 3 = 55,555…; spread 33,333…
    assert (ligne.moyenne, ligne.ecart) == (Decimal("55.56"), Decimal("33.34"))


def _grand_appel(n_demandes, n_evaluateurs):
    appel = _appel_ferme()
    comite_note(appel, n_demandes=n_demandes, n_evaluateurs=n_evaluateurs)
    return appel


def test_classement_en_un_nombre_borne_de_requetes(db, client, gestionnaire):
    client.force_login(gestionnaire)
    comptes = []
    for taille in ((2, 2), (60, 4)):
        appel = _grand_appel(*taille)
        url = reverse("appels:classement", args=[appel.pk])
        with CaptureQueriesContext(connection) as requetes:
            page = client.get(url)
        assert page.status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    assert comptes[1] <= 15
    # 60 applications: 50 on the first page, the 10 others (ranked and cumulated over all
    # sixty) on the second, and a decision sent from it comes back to it.
    assert page.content.decode().count('name="page" value="1"') == 50
    suite = client.get(url, {"page": 2}).content.decode()
    assert suite.count('name="page" value="2"') == 10
    assert "<td>51</td>" in suite and "<td>60</td>" in suite and "<td>50</td>" not in suite
    derniere = classement(appel=appel)[-1]
    reponse = client.post(
        reverse("appels:decider", args=[appel.pk, derniere.demande.pk]),
        {"page": "2", f"d{derniere.demande.pk}-decision": "retenue"},
    )
    assert reponse.url == f"{url}?page=2#demande-{derniere.demande.pk}"


# --- Decisions, reminder, export ------------------------------------------------------------
def test_decision_montant_motif_et_historique(o):
    demande = o.demandes[0]
    with pytest.raises(ValidationError) as erreur:
        services.recommandation_decider(
            demande=demande, par=o.agent, decision="non_retenue", montant_recommande=Decimal("1")
        )
    assert erreur.value.message_dict == {
        "motif": ["Donnez le motif de cette décision : l'organisme le recevra."]
    }
    with pytest.raises(ValidationError) as erreur:
        services.recommandation_decider(
            demande=demande, par=o.agent, decision="retenue", montant_recommande=Decimal("40001")
        )
    assert erreur.value.message_dict == {
        "montant_recommande": [
            "Le montant recommandé ne peut pas dépasser le montant demandé (40\u00a0000,00\u00a0$)."
        ]
    }
    assert not Recommandation.objects.exists()
    services.recommandation_decider(demande=demande, par=o.agent, decision="retenue")
    services.recommandation_decider(
        demande=demande, par=o.agent, decision="liste_attente", motif="Budget épuisé"
    )
    recommandation = Recommandation.objects.get()
    assert (recommandation.decision, recommandation.decide_par) == ("liste_attente", o.agent)
    assert recommandation.history.count() == 2
    assert Demande.objects.get(pk=demande.pk).etat == "liste_attente"
    with pytest.raises(PermissionDenied):
        services.recommandation_decider(demande=demande, par=o.membres[0], decision="retenue")


def test_relancer_envoie_le_nombre_restant(o, client, django_capture_on_commit_callbacks):
    _evaluer(o, o.membres[0], o.demandes[0], *"55555")
    services.conflit_declarer(demande=o.demandes[1], par=o.membres[0], a_conflit=True)
    affectation = Evaluateur.objects.get(appel=o.appel, user=o.membres[0])
    client.force_login(o.agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appels:evaluateur_relancer", args=[o.appel.pk, affectation.pk]))
    (courriel,) = mail.outbox
    assert courriel.to == [o.membres[0].email]
    assert "Il vous reste 1 demande à évaluer" in courriel.body
    detail = client.get(o.appel.get_absolute_url()).content.decode()
    assert "Avancement de l'évaluation" in detail


def test_export_du_classement(o, client):
    client.force_login(o.agent)
    reponse = client.get(reverse("appels:classement_export", args=[o.appel.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(reponse.streaming_content)[:2] == b"PK"


# --- Demo -----------------------------------------------------------------------------------
def test_demo_du_comite_idempotente(db):
    from demo.appels import PROJETS, creer_evaluations

    appel = _appel_ferme()
    gens = {
        nom: UserFactory(username=nom, roles=roles)
        for nom, roles in (
            ("agent", ["agent"]),
            ("evaluateur", ["evaluateur"]),
            ("evaluateur2", ["evaluateur"]),
        )
    }
    for nom in ("evaluateur", "evaluateur2"):
        Evaluateur.objects.create(appel=appel, user=gens[nom])
    for _ in PROJETS:
        OrganismeFactory()
    creer_evaluations(appel, gens)
    compte = (Demande.objects.count(), Conflit.objects.count(), Note.objects.count())
    creer_evaluations(appel, gens)
    assert (Demande.objects.count(), Conflit.objects.count(), Note.objects.count()) == compte
    assert Demande.objects.filter(appel=appel, etat=RECEVABLE).count() == len(PROJETS)
    (conflit,) = Conflit.objects.filter(a_conflit=True)
    assert conflit.evaluateur == gens["evaluateur2"]
    soumises = Evaluation.objects.filter(soumise_le__isnull=False)
    assert soumises.filter(evaluateur=gens["evaluateur"]).count() == len(PROJETS) - 2
    assert soumises.filter(evaluateur=gens["evaluateur2"]).count() == len(PROJETS) // 2
    lignes = classement(appel=appel)
    assert any(x.ecart_signale for x in lignes)
    assert sum(x.moyenne is not None for x in lignes) == len(PROJETS) - 2
    # The score each submission stored is its notes' weighted sum, and the ranking's mean is
    # the mean of those notes' sums: the stored column never drifts from what was scored.
    for evaluation in soumises.prefetch_related("notes__critere"):
        notes = evaluation.notes.all()
        assert len(notes) == appel.criteres.count()
        assert evaluation.score == sum(
            n.valeur / n.critere.note_maximale * n.critere.ponderation for n in notes
        ).quantize(Decimal("0.000001"))
    for ligne in lignes:
        sommes = [e.score for e in soumises.filter(demande_id=ligne.demande_id)]
        if sommes:
            moyenne = (sum(sommes) / len(sommes)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert ligne.moyenne == moyenne


def test_l_evaluateur_arrive_sur_ses_evaluations(o, client):
    client.force_login(o.membres[0])
    reponse = client.get("/")
    assert reponse.url == reverse("appels:evaluation_accueil")
    contenu = client.get(reponse.url).content.decode()
    assert o.appel.titre in contenu and "Mes évaluations" in contenu


def test_page_de_classement_et_decision(o, client):
    d0 = o.demandes[0]
    _evaluer(o, o.membres[0], d0, *"88888")
    _evaluer(o, o.membres[1], d0, *"33333")  # 80 and 30: a spread of 50, flagged
    AppelDeProjets.objects.filter(pk=o.appel.pk).update(budget=Decimal("100000"))
    client.force_login(o.agent)
    url = reverse("appels:classement", args=[o.appel.pk])
    contenu = client.get(url).content.decode()
    assert "55,00" in contenu and "(désaccord signalé)" in contenu
    assert "Ligne de coupe" in contenu
    decider = reverse("appels:decider", args=[o.appel.pk, d0.pk])
    champs = {f"d{d0.pk}-decision": "retenue", f"d{d0.pk}-montant_recommande": "40 000,01"}
    reponse = client.post(decider, champs, follow=True)
    assert "ne peut pas dépasser le montant demandé" in reponse.content.decode()
    assert not Recommandation.objects.exists()
    champs[f"d{d0.pk}-montant_recommande"] = "35 000"
    reponse = client.post(decider, champs)
    assert reponse.url == f"{url}#demande-{d0.pk}"
    recommandation = Recommandation.objects.get()
    assert (recommandation.montant_recommande, recommandation.decide_par) == (
        Decimal("35000"),
        o.agent,
    )
    # A second person's form, opened before this decision, is stale.
    champs |= {
        f"d{d0.pk}-decision": "non_retenue",
        f"d{d0.pk}-motif": "x",
        f"d{d0.pk}-version": "0",
    }
    reponse = client.post(decider, champs, follow=True)
    assert "rechargez la page" in reponse.content.decode()
    assert Recommandation.objects.get().decision == "retenue"


def test_une_note_n_est_pas_un_montant_ambigu():
    """« 12,500 » is refused for an amount (thousands or cents?); a score is a small number,
    so « 7,125 » is refused for its third decimal, as before, not as an ambiguous amount."""
    from appels.forms.comite import NoteField

    champ = NoteField()
    assert champ.clean("7,5") == Decimal("7.5")
    with pytest.raises(ValidationError) as exc:
        champ.clean("7,125")
    assert exc.value.messages == [
        "Assurez-vous qu’il n’y a pas plus de 2 chiffres après la virgule."
    ]
