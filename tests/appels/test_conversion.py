"""A call's retained applications into grants in "recommandée", letters to the non-retained
organisations, the call decided: what a grant carries, the skip of a converted application,
each refusal with its reason (and nothing changed), the letter and who may read it, the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from appels.models import (
    AppelDeProjets,
    AutreFinancement,
    CibleDemande,
    Demande,
    DemandeService,
    LigneBudgetDemande,
    PieceDemande,
    Recommandation,
)
from appels.services.conversion import appel_convertir, repartition_au_prorata
from noyau.permissions import verdict
from organismes.models import Document
from referentiel.models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire
from subventions.models import Subvention, Transition
from tests.factories import (
    PDF_MINIMAL,
    ContactFactory,
    DemandeFactory,
    MembreFactory,
    OrganismeFactory,
    ServiceFactory,
    UserFactory,
    appel_complet,
)

D = Demande.Etat
R = Recommandation.Decision
DEBUT, FIN = datetime.date(2027, 4, 1), datetime.date(2028, 3, 31)


def _appel_ferme(**kwargs):
    maintenant = timezone.now()
    return appel_complet(
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
        **kwargs,
    )


def _demande(appel, etat, decision=None, montant=None, motif="", par=None, **kwargs):
    organisme = kwargs.pop("organisme", None) or OrganismeFactory()
    demande = DemandeFactory(
        appel=appel,
        organisme=organisme,
        etat=etat,
        description_projet="Accueil des familles dans trois quartiers.",
        montant_demande=Decimal("60000"),
        date_debut=DEBUT,
        date_fin=FIN,
        soumise_le=appel.cloture - datetime.timedelta(days=2),
        **kwargs,
    )
    if decision:
        Recommandation.objects.create(
            demande=demande,
            decision=decision,
            montant_recommande=montant,
            motif=motif,
            decide_par=par or UserFactory(roles=["agent"]),
        )
    return demande


def _garnir(demande, par):
    """Services with targets by status, budget, other funding, a file."""
    statuts = list(StatutImmigration.objects.order_by("ordre", "nom")[:2])
    service = DemandeService.objects.create(
        demande=demande, rubrique=Rubrique.objects.first(), description="Ateliers d'accueil"
    )
    service.territoires.add(Territoire.objects.first())
    for n, statut in enumerate(statuts, start=1):
        CibleDemande.objects.create(service=service, statut=statut, participants_cibles=10 * n)
    LigneBudgetDemande.objects.create(
        demande=demande, ligne=LigneBudgetaire.objects.first(), montant=Decimal("60000")
    )
    AutreFinancement.objects.create(demande=demande, source="Centraide", montant=Decimal("5000"))
    piece = PieceDemande(
        demande=demande,
        document=demande.appel.documents_requis.first(),
        nom="lettres.pdf",
        televerse_par=par,
    )
    piece.fichier.save("lettres.pdf", ContentFile(PDF_MINIMAL), save=False)
    piece.save()
    return statuts


@pytest.fixture
def appel_pret(db, agent, partenaire, organisme):
    """A closed call, every admissible application decided: one retained with a recommended
    amount (the partner's organisation, with everything), one retained without (its amount
    requested then), one not retained with its reason, one on the waitlist."""
    appel = _appel_ferme(exercice_debut=2027, exercice_fin=2027)
    retenue = _demande(appel, D.RETENUE, R.RETENUE, Decimal("50000"), organisme=organisme)
    statuts = _garnir(retenue, partenaire)
    sans_montant = _demande(appel, D.RETENUE, R.RETENUE, None)
    non_retenue = _demande(appel, D.NON_RETENUE, R.NON_RETENUE, motif="Budget peu réaliste.")
    ContactFactory(organisme=non_retenue.organisme, courriel="direction@exemple.org")
    attente = _demande(appel, D.LISTE_ATTENTE, R.LISTE_ATTENTE, motif="Après les retenus.")
    return {
        "appel": appel,
        "retenue": retenue,
        "sans_montant": sans_montant,
        "non_retenue": non_retenue,
        "attente": attente,
        "statuts": statuts,
    }


def _etat():
    return (
        Subvention.objects.count(),
        Document.objects.count(),
        list(Demande.objects.order_by("pk").values_list("subvention", "etat", "version")),
        list(Recommandation.objects.order_by("pk").values_list("lettre_envoyee_le", flat=True)),
        list(AppelDeProjets.objects.order_by("pk").values_list("etat", flat=True)),
        len(mail.outbox),
    )


# --- The service ---------------------------------------------------------------------------
def test_une_demande_retenue_devient_une_subvention_recommandee_complete(
    appel_pret, agent, django_capture_on_commit_callbacks
):
    appel, demande = appel_pret["appel"], appel_pret["retenue"]
    with django_capture_on_commit_callbacks(execute=True):
        bilan = appel_convertir(appel=appel, par=agent)
    assert [d.pk for d, _s in bilan.subventions] == [demande.pk, appel_pret["sans_montant"].pk]
    demande.refresh_from_db()
    s = demande.subvention
    assert s.statut == Subvention.Statut.RECOMMANDEE
    assert (s.organisme, s.programme, s.titre) == (
        demande.organisme,
        appel.programme,
        demande.titre_projet,
    )
    assert s.description == demande.description_projet
    assert (s.date_debut, s.date_fin) == (DEBUT, FIN)
    assert (s.montant_demande, s.montant_accorde) == (Decimal("60000"), Decimal("50000"))
    assert s.agent == agent
    # The call funds 2027 only: the whole amount is charged there.
    assert list(s.repartitions.values_list("exercice", "montant")) == [(2027, Decimal("50000"))]
    # Services and targets by status, as a grant holds them (a catalogue service of the
    # organisation, of the proposed rubrique, aiming at the targeted statuses and territories).
    (ligne,) = s.services_finances.all()
    statuts = appel_pret["statuts"]
    assert ligne.service.organisme == demande.organisme
    assert ligne.service.rubrique == Rubrique.objects.first()
    assert set(ligne.service.statuts_vises.all()) == set(statuts)
    assert list(ligne.service.territoires.all()) == [Territoire.objects.first()]
    assert {c.statut: c.participants_cibles for c in ligne.cibles.all()} == {
        statuts[0]: 10,
        statuts[1]: 20,
    }
    assert ligne.participants_cibles == 30
    # Two steps, both by the agent, the second saying where the grant comes from.
    assert list(Transition.objects.filter(subvention=s).values_list("de", "vers", "par")) == [
        ("", "en_analyse", agent.pk),
        ("en_analyse", "recommandee", agent.pk),
    ]
    assert appel.titre in s.transitions.last().commentaire
    assert s.history.first().history_user == agent
    assert demande.history.first().history_user == agent
    # The file, copied among the organisation's private documents (a file of its own).
    piece = demande.pieces.get()
    copie = piece.copie
    assert copie.organisme == demande.organisme and copie.type == Document.Type.AUTRE
    assert s.numero in copie.titre
    assert copie.fichier.name != piece.fichier.name
    with copie.fichier.open("rb") as f:
        assert f.read() == PDF_MINIMAL
    # No amount recommended: the grant carries the amount requested, as the ranking reads it.
    autre = Demande.objects.get(pk=appel_pret["sans_montant"].pk).subvention
    assert autre.montant_accorde == Decimal("60000")
    # The non-retained organisation's letter; the waitlist gets nothing yet; the call decided.
    non_retenue = Recommandation.objects.get(demande=appel_pret["non_retenue"])
    assert non_retenue.lettre_envoyee_le is not None
    assert Recommandation.objects.get(demande=appel_pret["attente"]).lettre_envoyee_le is None
    assert [m.to for m in mail.outbox] == [["direction@exemple.org"]]
    assert "Budget peu réaliste." in mail.outbox[0].body
    assert reverse("appels:demande_lettre", args=[appel_pret["non_retenue"].pk]) in (
        mail.outbox[0].body
    )
    assert [d.pk for d in bilan.lettres] == [appel_pret["non_retenue"].pk]
    appel.refresh_from_db()
    assert appel.etat == AppelDeProjets.Etat.DECIDE and bilan.appel_decide


def test_un_service_du_catalogue_qui_convient_est_repris(appel_pret, agent):
    demande = appel_pret["retenue"]
    existant = ServiceFactory(
        organisme=demande.organisme,
        rubrique=Rubrique.objects.first(),
        statuts_vises=list(StatutImmigration.objects.all()),
    )
    appel_convertir(appel=appel_pret["appel"], par=agent)
    demande.refresh_from_db()
    assert demande.subvention.services_finances.get().service == existant


def test_deja_convertie_jamais_deux_subventions(appel_pret, agent):
    appel_convertir(appel=appel_pret["appel"], par=agent)
    avant = _etat()
    with pytest.raises(ValidationError, match="Rien à faire"):
        appel_convertir(appel=appel_pret["appel"], par=agent)
    assert _etat() == avant


def test_une_demande_deja_convertie_est_passee(appel_pret, agent):
    """A call decided with one retained application already a grant: only the other one."""
    appel_convertir(appel=appel_pret["appel"], par=agent)
    demande = appel_pret["sans_montant"]
    deja = Demande.objects.get(pk=appel_pret["retenue"].pk).subvention
    Demande.objects.filter(pk=demande.pk).update(subvention=None)
    bilan = appel_convertir(appel=appel_pret["appel"], par=agent)
    assert [d.pk for d, _s in bilan.subventions] == [demande.pk]
    assert Demande.objects.get(pk=appel_pret["retenue"].pk).subvention == deja
    assert bilan.lettres == [] and not bilan.appel_decide


def test_un_gestionnaire_convertit_sans_devenir_agent_et_n_approuve_pas(appel_pret, gestionnaire):
    appel_convertir(appel=appel_pret["appel"], par=gestionnaire)
    s = Demande.objects.get(pk=appel_pret["retenue"].pk).subvention
    assert s.agent is None
    refus = verdict(gestionnaire, "subventions.approuver", s)
    assert not refus and "séparation des tâches" in refus.raison


@pytest.mark.parametrize(
    ("preparer", "message"),
    [
        (
            lambda d: AppelDeProjets.objects.filter(pk=d["appel"].pk).update(
                cloture=timezone.now() + datetime.timedelta(days=3)
            ),
            "pas encore fermé",
        ),
        (
            lambda d: Demande.objects.filter(pk=d["attente"].pk).update(etat=D.RECEVABLE),
            "1 demande recevable attend encore",
        ),
        (
            lambda d: Recommandation.objects.filter(demande=d["retenue"]).update(
                montant_recommande=Decimal("0")
            ),
            "n'a pas de montant recommandé",
        ),
    ],
    ids=["appel-ouvert", "demande-indecise", "sans-montant"],
)
def test_refus_avec_sa_raison_rien_ne_change(appel_pret, agent, preparer, message):
    preparer(appel_pret)
    avant = _etat()
    with pytest.raises(ValidationError, match=message):
        appel_convertir(appel=appel_pret["appel"], par=agent)
    assert _etat() == avant
    appel = AppelDeProjets.objects.get(pk=appel_pret["appel"].pk)
    assert message in verdict(agent, "appels.convertir", appel).raison


@pytest.mark.parametrize("role", ["partenaire", "evaluateur", "administrateur"])
def test_hors_agents_et_gestionnaires_refuse(appel_pret, request, role):
    user = (
        request.getfixturevalue(role) if role != "evaluateur" else UserFactory(roles=["evaluateur"])
    )
    avant = _etat()
    with pytest.raises(PermissionDenied, match="agents de programme et les gestionnaires"):
        appel_convertir(appel=appel_pret["appel"], par=user)
    assert _etat() == avant


def test_une_erreur_en_cours_defait_tout(appel_pret, agent):
    """A retained application whose file is gone: nothing is created, not even the first
    grant."""
    appel_pret["retenue"].pieces.get().fichier.delete(save=False)
    avant = _etat()
    with pytest.raises(ValidationError, match="introuvable"):
        appel_convertir(appel=appel_pret["appel"], par=agent)
    assert _etat() == avant


def test_repartition_au_prorata_des_jours_au_cent_pres():
    lignes = repartition_au_prorata(Decimal("100000"), DEBUT, FIN, [2027, 2028])
    assert lignes == [
        # 275 days of 2027, 91 of 2028 (a leap year).
        {"exercice": 2027, "montant": Decimal("75136.61")},
        {"exercice": 2028, "montant": Decimal("24863.39")},
    ]
    assert sum(ligne["montant"] for ligne in lignes) == Decimal("100000")
    # A project outside the call's years: its own years.
    assert [
        ligne["exercice"] for ligne in repartition_au_prorata(Decimal("10"), DEBUT, FIN, [2030])
    ] == [2027, 2028]


# --- The pages -----------------------------------------------------------------------------
def test_confirmation_puis_creation_puis_liens_dans_les_deux_sens(appel_pret, agent, client_de):
    client = client_de(agent)
    appel = appel_pret["appel"]
    classement = client.get(reverse("appels:classement", args=[appel.pk])).content.decode()
    assert "Créer les subventions des demandes retenues" in classement
    url = reverse("appels:convertir", args=[appel.pk])
    page = client.get(url).content.decode()
    assert appel_pret["retenue"].titre_projet in page
    assert escape(appel_pret["non_retenue"].organisme.nom_legal) in page
    assert "1 demande en liste d'attente ne reçoit rien" in page
    reponse = client.post(url, follow=True)
    s = Demande.objects.get(pk=appel_pret["retenue"].pk).subvention
    texte = reponse.content.decode()
    assert "2 subventions créées" in texte and s.numero in texte
    assert s.get_absolute_url() in texte  # the ranking lists the call's grants
    assert "Créer les subventions des demandes retenues</a>" not in texte
    # Both ways: the application shows its grant, the grant its application and its files.
    demande_page = client.get(reverse("appels:demande", args=[appel_pret["retenue"].pk]))
    assert s.get_absolute_url() in demande_page.content.decode()
    fiche = client.get(s.get_absolute_url()).content.decode()
    assert "Issue de la demande" in fiche
    assert reverse("appels:demande", args=[appel_pret["retenue"].pk]) in fiche
    copie = appel_pret["retenue"].pieces.get().copie
    assert reverse("organismes:document", args=[copie.organisme_id, copie.pk]) in fiche


def test_le_refus_s_affiche_avec_sa_raison(appel_pret, agent, client_de):
    Demande.objects.filter(pk=appel_pret["attente"].pk).update(etat=D.RECEVABLE)
    client = client_de(agent)
    classement = client.get(reverse("appels:classement", args=[appel_pret["appel"].pk]))
    assert "attend encore la décision du comité" in classement.content.decode()
    reponse = client.post(reverse("appels:convertir", args=[appel_pret["appel"].pk]))
    assert reponse.status_code == 403
    assert Subvention.objects.count() == 0


def test_le_partenaire_lit_sa_lettre_pas_celle_d_un_autre(appel_pret, agent, client_de):
    appel = appel_pret["appel"]
    sienne = _demande(
        appel, D.NON_RETENUE, R.NON_RETENUE, motif="Le projet recoupe un service déjà financé."
    )
    lecteur = MembreFactory(organisme=sienne.organisme).user
    client = client_de(lecteur)
    url = reverse("appels:demande_lettre", args=[sienne.pk])
    # Before the decision is sent: no letter yet, not even a button.
    assert client.get(url).status_code == 403
    appel_convertir(appel=appel, par=agent)
    page = client.get(reverse("appels:demande", args=[sienne.pk])).content.decode()
    assert url in page
    lettre = client.get(url)
    assert lettre.status_code == 200 and lettre["Content-Type"] == "application/pdf"
    assert lettre.content.startswith(b"%PDF")
    autre = appel_pret["non_retenue"]
    assert client.get(reverse("appels:demande_lettre", args=[autre.pk])).status_code == 404
    # A retained application has no letter: refused with its reason to whoever sees it.
    retenue = reverse("appels:demande_lettre", args=[appel_pret["retenue"].pk])
    assert client_de(agent).get(retenue).status_code == 403


def test_la_lettre_dit_le_projet_la_decision_et_le_motif(appel_pret, agent):
    from appels.lettre import lettre_pdf

    appel_convertir(appel=appel_pret["appel"], par=agent)
    demande = Demande.objects.get(pk=appel_pret["non_retenue"].pk)
    pdf = lettre_pdf(demande).content
    texte = _texte_pdf(pdf)
    assert demande.titre_projet in texte
    assert "Budget peu réaliste." in texte
    assert "le comité de sélection n'a pas retenu votre projet" in texte
    assert "Direction du BINAM" in texte


def _texte_pdf(contenu):
    import io

    from pypdf import PdfReader

    texte = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    return " ".join(texte.split())


def test_le_partenaire_voit_sa_subvention_sans_le_montant_recommande(
    appel_pret, agent, partenaire, client_de
):
    """Born "recommandée", the grant's amount is a proposal: its organisation sees the grant and
    where it comes from, not the amount (nor the step's comment, which names it)."""
    appel_convertir(appel=appel_pret["appel"], par=agent)
    s = Demande.objects.get(pk=appel_pret["retenue"].pk).subvention
    assert "50\u00a0000,00\u00a0$" in client_de(agent).get(s.get_absolute_url()).content.decode()
    client = client_de(partenaire)
    fiche = client.get(s.get_absolute_url())
    assert fiche.status_code == 200
    texte = fiche.content.decode()
    assert "Issue de la demande" in texte
    assert "50\u00a0000,00\u00a0$" not in texte and "Recommandée par le comité" not in texte
    demande = client.get(reverse("appels:demande", args=[appel_pret["retenue"].pk]))
    assert s.numero in demande.content.decode()
    assert "50\u00a0000,00\u00a0$" not in demande.content.decode()
    # Another organisation's partner finds neither.
    autre = client_de(MembreFactory().user)
    assert autre.get(s.get_absolute_url()).status_code == 404
