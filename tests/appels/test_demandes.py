"""Applications: the partner's draft, submission and withdrawal, the agent's extension and
screening. Each refusal with its French reason, nothing written when refused; then the pages."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from appels.models import MONTREAL, Demande, ProlongationDemande
from appels.services import demandes as services
from noyau.permissions import verdict
from referentiel.models import LigneBudgetaire, Rubrique, StatutImmigration
from tests.factories import (
    PDF_MINIMAL,
    ContactFactory,
    DemandeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db


def _pdf(nom="piece.pdf"):
    return SimpleUploadedFile(nom, PDF_MINIMAL, content_type="application/pdf")


def _appel_ferme():
    maintenant = timezone.now()
    return appel_complet(
        ouverture=maintenant - datetime.timedelta(days=30),
        cloture=maintenant - datetime.timedelta(hours=1),
    )


def _remplir(demande, par, **autres):
    """Every piece a submission needs, through the service."""
    appel = demande.appel
    statut = StatutImmigration.objects.first()
    champs = {
        "titre_projet": "Accueil des familles",
        "description_projet": "Ateliers et accompagnement.",
        "montant_demande": Decimal("50000"),
        "date_debut": datetime.date(2027, 4, 1),
        "date_fin": datetime.date(2028, 3, 31),
        "services": [
            {
                "rubrique": Rubrique.objects.first(),
                "description": "",
                "territoires": [],
                "cibles": {statut: 40},
            }
        ],
        "budget": [{"ligne": LigneBudgetaire.objects.first(), "montant": Decimal("60000")}],
        "financements": [{"source": "Centraide", "montant": Decimal("10000")}],
        "pieces": {d: _pdf() for d in appel.documents_requis.all()},
        **autres,
    }
    return services.demande_enregistrer(demande=demande, par=par, **champs)


# --- Deposit: one application per organisation and call ---------------------------------------


def test_deposer_cree_puis_reprend_le_brouillon(partenaire, organisme):
    appel = appel_complet()
    demande = services.demande_deposer(appel=appel, par=partenaire)
    assert (demande.organisme, demande.etat) == (organisme, Demande.Etat.BROUILLON)
    assert services.demande_deposer(appel=appel, par=partenaire) == demande
    assert demande.history.first().history_user == partenaire


def test_une_seconde_demande_est_refusee_en_disant_ce_qui_existe(partenaire, organisme):
    appel = appel_complet()
    existante = DemandeFactory(appel=appel, organisme=organisme, etat="soumise", titre_projet="X")
    with pytest.raises(services.DemandeExistante) as refus:
        services.demande_deposer(appel=appel, par=partenaire)
    assert refus.value.demande == existante
    assert "déjà une demande pour cet appel : « X » (soumise)" in refus.value.messages[0]
    assert Demande.objects.filter(appel=appel).count() == 1


def test_deposer_refuse_sur_un_appel_ferme_et_au_personnel(partenaire, agent):
    with pytest.raises(ValidationError, match="pas ouvert"):
        services.demande_deposer(appel=_appel_ferme(), par=partenaire)
    with pytest.raises(PermissionDenied, match="organisme partenaire"):
        services.demande_deposer(appel=appel_complet(), par=agent)
    assert not Demande.objects.exists()


# --- Draft --------------------------------------------------------------------------------------


def test_brouillon_enregistre_services_budget_et_pieces(partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    demande = _remplir(demande, partenaire)
    service = demande.services.get()
    assert service.participants == 40
    assert demande.lignes_budget.get().montant == Decimal("60000")
    assert demande.pieces.count() == 2
    assert demande.pieces.first().fichier.name.startswith("appels/demandes/")
    assert services.manques_pour_soumettre(demande) == []


def test_montant_hors_bornes_refuse_en_francais(partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    with pytest.raises(ValidationError) as refus:
        services.demande_enregistrer(
            demande=demande, par=partenaire, montant_demande=Decimal("150000")
        )
    message = refus.value.message_dict["montant_demande"][0].replace("\u00a0", " ")
    assert (
        message
        == "Le montant demandé doit être entre 10 000,00 $ et 100 000,00 $ (bornes de l'appel)."
    )
    demande.refresh_from_db()
    assert demande.montant_demande is None


def test_document_de_type_refuse(partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    document = demande.appel.documents_requis.first()
    faux = SimpleUploadedFile("lettres.pdf", b"<html>non</html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="ne correspond pas"):
        services.demande_enregistrer(demande=demande, par=partenaire, pieces={document: faux})
    assert not demande.pieces.exists()


def test_un_autre_organisme_ne_modifie_pas_la_demande(autre_partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    with pytest.raises(PermissionDenied, match="membre de l'organisme"):
        services.demande_enregistrer(demande=demande, par=autre_partenaire, titre_projet="Pris")
    demande.refresh_from_db()
    assert demande.titre_projet != "Pris"


# --- Submission ---------------------------------------------------------------------------------


def test_soumission_incomplete_liste_tous_les_manques(partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme, titre_projet="")
    with pytest.raises(ValidationError) as refus:
        services.demande_soumettre(demande=demande, par=partenaire)
    assert refus.value.messages == [
        "Le titre du projet manque.",
        "La description du projet manque.",
        "Le montant demandé manque.",
        "Les dates de début et de fin du projet manquent.",
        "La demande ne propose aucun service.",
        "Le budget du projet n'a aucune ligne.",
        "Document manquant : Lettres patentes.",
        "Document manquant : Derniers états financiers.",
    ]
    demande.refresh_from_db()
    assert demande.etat == Demande.Etat.BROUILLON


def test_soumission_complete_accuse_reception_et_courriel(
    partenaire, organisme, django_capture_on_commit_callbacks
):
    ContactFactory(organisme=organisme, courriel="direction@exemple.org")
    demande = _remplir(DemandeFactory(appel=appel_complet(), organisme=organisme), partenaire)
    with django_capture_on_commit_callbacks(execute=True):
        demande = services.demande_soumettre(demande=demande, par=partenaire)
    assert demande.etat == Demande.Etat.SOUMISE and demande.soumise_le is not None
    assert len(mail.outbox) == 1
    assert "direction@exemple.org" in mail.outbox[0].to
    assert "Demande reçue" in mail.outbox[0].subject
    assert f"/appels/demandes/{demande.pk}/recu/" in mail.outbox[0].body
    # The hour as Québec writes it, « 9 h 05 », never « 09 h 05 ».
    demande.soumise_le = datetime.datetime(2027, 1, 15, 9, 5, tzinfo=MONTREAL)
    _, corps = services._courriel_soumission(demande)
    assert "le 2027-01-15 à 9\xa0h\xa005 (heure de Montréal)" in corps
    # Read-only from then on.
    refus = verdict(partenaire, "appels.modifier_demande", demande)
    assert not refus and "soumise" in refus.raison


def test_soumission_en_retard_refusee_sauf_prolongation(partenaire, organisme, agent):
    appel = appel_complet()
    demande = _remplir(DemandeFactory(appel=appel, organisme=organisme), partenaire)
    appel.cloture = timezone.now() - datetime.timedelta(minutes=1)
    appel.ouverture = timezone.now() - datetime.timedelta(days=10)
    appel.save()
    with pytest.raises(ValidationError, match=r"fermé depuis le .*\(heure de Montréal\)"):
        services.demande_soumettre(demande=demande, par=partenaire)
    assert Demande.objects.get(pk=demande.pk).etat == Demande.Etat.BROUILLON
    services.demande_prolonger(
        demande=demande,
        par=agent,
        jusqu_au=timezone.now() + datetime.timedelta(days=1),
        motif="Panne du portail",
    )
    assert services.demande_soumettre(demande=demande, par=partenaire).etat == "soumise"


def test_prolongation_reservee_au_personnel_et_au_futur(partenaire, organisme, agent):
    demande = DemandeFactory(appel=_appel_ferme(), organisme=organisme)
    demain = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        services.demande_prolonger(demande=demande, par=partenaire, jusqu_au=demain, motif="x")
    with pytest.raises(ValidationError, match="dans le futur"):
        services.demande_prolonger(
            demande=demande, par=agent, jusqu_au=timezone.now(), motif="Panne"
        )
    with pytest.raises(ValidationError, match="motif"):
        services.demande_prolonger(demande=demande, par=agent, jusqu_au=demain, motif=" ")
    assert not ProlongationDemande.objects.exists()


def test_retrait_jusqu_a_la_decision(partenaire, organisme, agent):
    demande = DemandeFactory(appel=_appel_ferme(), organisme=organisme, etat="soumise")
    assert services.demande_retirer(demande=demande, par=partenaire).etat == "retiree"
    decidee = DemandeFactory(appel=_appel_ferme(), organisme=organisme, etat="non_recevable")
    with pytest.raises(ValidationError, match="pas encore décidée"):
        services.demande_retirer(demande=decidee, par=partenaire)


# --- Screening ----------------------------------------------------------------------------------


def test_non_recevable_ferme_et_ecrit_le_motif(
    agent, organisme, partenaire, django_capture_on_commit_callbacks
):
    ContactFactory(organisme=organisme, courriel="direction@exemple.org")
    demande = DemandeFactory(appel=_appel_ferme(), organisme=organisme, etat="soumise")
    with pytest.raises(ValidationError, match="motif"):
        services.demande_juger_recevabilite(demande=demande, par=agent, recevable=False)
    with django_capture_on_commit_callbacks(execute=True):
        demande = services.demande_juger_recevabilite(
            demande=demande, par=agent, recevable=False, motif="NEQ radié."
        )
    assert demande.etat == Demande.Etat.NON_RECEVABLE
    assert "NEQ radié." in mail.outbox[0].body
    refus = verdict(partenaire, "appels.retirer_demande", demande)
    assert not refus
    with pytest.raises(ValidationError, match="soumise, pas encore jugée"):
        services.demande_juger_recevabilite(demande=demande, par=agent, recevable=True)


def test_recevabilite_refusee_au_partenaire(partenaire, organisme):
    demande = DemandeFactory(appel=_appel_ferme(), organisme=organisme, etat="soumise")
    with pytest.raises(PermissionDenied):
        services.demande_juger_recevabilite(demande=demande, par=partenaire, recevable=True)
    assert Demande.objects.get(pk=demande.pk).etat == "soumise"


# --- Pages --------------------------------------------------------------------------------------


def test_deposer_depuis_la_page_publique(client_de, partenaire, organisme):
    appel = appel_complet()
    client = client_de(partenaire)
    assert "Déposer une demande" in client.get(appel.get_public_url()).content.decode()
    reponse = client.post(reverse("appels:deposer", args=[appel.pk]))
    demande = Demande.objects.get(appel=appel, organisme=organisme)
    assert reponse.url == reverse("appels:demande_modifier", args=[demande.pk])


def test_seconde_demande_menee_a_l_existante(client_de, partenaire, organisme):
    appel = appel_complet()
    existante = DemandeFactory(appel=appel, organisme=organisme, etat="soumise")
    reponse = client_de(partenaire).post(reverse("appels:deposer", args=[appel.pk]), follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("appels:demande", args=[existante.pk])
    assert "déjà une demande pour cet appel" in reponse.content.decode()


def _donnees_formulaire(appel, version=1, **autres):
    statut = StatutImmigration.objects.first()
    donnees = {
        "version": str(version),
        "titre_projet": "Accueil",
        "description_projet": "Ateliers",
        "montant_demande": "50 000,00",
        "date_debut": "2027-04-01",
        "date_fin": "2028-03-31",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-0-rubrique": str(
            appel.rubriques.first().pk if appel.rubriques.exists() else Rubrique.objects.first().pk
        ),
        f"services-0-cible_{statut.pk}": "25",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-ligne": str(LigneBudgetaire.objects.first().pk),
        "budget-0-montant": "60 000",
        "financements-TOTAL_FORMS": "0",
        "financements-INITIAL_FORMS": "0",
    }
    for document in appel.documents_requis.all():
        donnees[f"document_{document.pk}"] = _pdf()
    donnees.update(autres)
    return donnees


def test_le_formulaire_enregistre_et_la_demande_se_soumet(client_de, partenaire, organisme):
    appel = appel_complet()
    demande = DemandeFactory(appel=appel, organisme=organisme, titre_projet="")
    client = client_de(partenaire)
    page = client.get(reverse("appels:demande_modifier", args=[demande.pk])).content.decode()
    assert "heure de Montréal" in page
    reponse = client.post(
        reverse("appels:demande_modifier", args=[demande.pk]), _donnees_formulaire(appel)
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demande.refresh_from_db()
    assert demande.montant_demande == Decimal("50000")
    assert demande.pieces.count() == 2
    reponse = client.post(reverse("appels:demande_soumettre", args=[demande.pk]))
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.etat == "soumise"
    recu = client.get(reverse("appels:demande_recu", args=[demande.pk]))
    assert recu["Content-Type"] == "application/pdf"
    assert b"".join(recu.streaming_content if recu.streaming else [recu.content]).startswith(
        b"%PDF"
    )
    piece = demande.pieces.first()
    telechargement = client.get(reverse("appels:demande_piece", args=[demande.pk, piece.pk]))
    assert telechargement.status_code == 200


def test_un_brouillon_avec_ses_lignes_se_reenregistre_et_se_soumet(
    client_de, partenaire, organisme
):
    """Saved budget and funding lines come back with a "Supprimer" box; posting the form again
    as it was drawn (DELETE unticked) saves and submits, it does not break the service."""
    appel = appel_complet()
    demande = DemandeFactory(appel=appel, organisme=organisme, titre_projet="")
    client = client_de(partenaire)
    url = reverse("appels:demande_modifier", args=[demande.pk])
    avec_financement = {
        "financements-TOTAL_FORMS": "1",
        "financements-0-source": "Fondation",
        "financements-0-montant": "5 000",
    }
    reponse = client.post(url, _donnees_formulaire(appel, **avec_financement))
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    page = client.get(url).content.decode()
    assert 'name="budget-0-DELETE"' in page and 'name="financements-0-DELETE"' in page
    redessine = {
        "budget-INITIAL_FORMS": "1",
        "financements-INITIAL_FORMS": "1",
        **avec_financement,
    }
    for autres in ({}, {"_soumettre": "1"}):
        demande.refresh_from_db()
        donnees = _donnees_formulaire(appel, version=demande.version, **redessine, **autres)
        reponse = client.post(url, donnees)
        assert reponse.status_code == 302, reponse.content.decode()[:3000]
    # "Enregistrer et soumettre" saves, then leads to the confirmation, which submits.
    assert reponse.url == reverse("appels:demande_soumettre", args=[demande.pk])
    assert client.post(reponse.url).status_code == 302
    demande.refresh_from_db()
    assert demande.etat == "soumise"
    assert [(b.montant) for b in demande.lignes_budget.all()] == [Decimal("60000")]
    assert [(f.source, f.montant) for f in demande.autres_financements.all()] == [
        ("Fondation", Decimal("5000"))
    ]
    # Its page writes the project's dates as every other page does.
    fiche = client.get(reverse("appels:demande", args=[demande.pk])).content.decode()
    assert "1er avril 2027 – 31 mars 2028" in fiche


def test_le_brouillon_garde_ce_qui_est_valide(client_de, partenaire, organisme):
    appel = appel_complet()
    demande = DemandeFactory(appel=appel, organisme=organisme, titre_projet="")
    reponse = client_de(partenaire).post(
        reverse("appels:demande_modifier", args=[demande.pk]),
        _donnees_formulaire(appel, montant_demande="500 000"),
    )
    assert reponse.status_code == 200
    assert "doit être entre" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.titre_projet == "Accueil" and demande.montant_demande is None
    assert demande.lignes_budget.count() == 1


def test_un_brouillon_enregistre_entre_temps_n_est_pas_ecrase(client_de, partenaire, organisme):
    appel = appel_complet()
    demande = DemandeFactory(appel=appel, organisme=organisme, titre_projet="Le leur", version=2)
    reponse = client_de(partenaire).post(
        reverse("appels:demande_modifier", args=[demande.pk]),
        _donnees_formulaire(appel, version=1),
    )
    assert "Quelqu'un d'autre a enregistré" in html.unescape(reponse.content.decode())
    demande.refresh_from_db()
    assert demande.titre_projet == "Le leur" and not demande.lignes_budget.exists()


def test_un_fichier_refuse_n_empeche_pas_les_autres(client_de, partenaire, organisme):
    appel = appel_complet()
    demande = DemandeFactory(appel=appel, organisme=organisme)
    premier, second = appel.documents_requis.all()
    donnees = _donnees_formulaire(appel)
    donnees[f"document_{second.pk}"] = SimpleUploadedFile("faux.pdf", b"<html></html>")
    reponse = client_de(partenaire).post(
        reverse("appels:demande_modifier", args=[demande.pk]), donnees
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "ne correspond pas" in page
    assert list(demande.pieces.values_list("document", flat=True)) == [premier.pk]
    # The page carries the saved version: the next save is not taken for someone else's.
    assert f'name="version" value="{Demande.objects.get(pk=demande.pk).version}"' in page


def test_soumettre_affiche_les_manques(client_de, partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    client = client_de(partenaire)
    reponse = client.post(reverse("appels:demande_soumettre", args=[demande.pk]))
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Le montant demandé manque." in page and "Document manquant" in page


def test_le_personnel_juge_la_recevabilite(client_de, agent, partenaire, organisme):
    demande = DemandeFactory(appel=_appel_ferme(), organisme=organisme, etat="soumise")
    client = client_de(agent)
    formulaire = client.get(reverse("appels:demande_recevabilite", args=[demande.pk]))
    assert "Organisme actif depuis au moins 2 ans" in formulaire.content.decode()
    liste = client.get(reverse("appels:gestion_demandes", args=[demande.appel.pk]))
    assert demande.titre_projet in liste.content.decode()
    filtre = client.get(
        reverse("appels:gestion_demandes", args=[demande.appel.pk]), {"etat": "recevable"}
    )
    assert demande.titre_projet not in filtre.content.decode()
    client.post(
        reverse("appels:demande_recevabilite", args=[demande.pk]),
        {"decision": "non_recevable", "motif": "Le NEQ est radié."},
    )
    demande.refresh_from_db()
    assert demande.etat == "non_recevable"
    page = client_de(partenaire).get(reverse("appels:demande", args=[demande.pk]))
    assert "Le NEQ est radié." in page.content.decode()


def test_le_portail_liste_les_demandes(client_de, partenaire, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme, titre_projet="Mon projet")
    DemandeFactory(appel=demande.appel, titre_projet="Projet d'un autre")
    page = client_de(partenaire).get(reverse("portail:accueil")).content.decode()
    assert "Mon projet" in page and "Projet d'un autre" not in page


def test_un_evaluateur_ne_voit_pas_les_demandes(client_de, organisme):
    demande = DemandeFactory(appel=appel_complet(), organisme=organisme)
    evaluateur = UserFactory(roles=["evaluateur"])
    assert (
        client_de(evaluateur).get(reverse("appels:demande", args=[demande.pk])).status_code == 404
    )
