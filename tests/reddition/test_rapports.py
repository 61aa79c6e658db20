"""Partner reports: the grid's checks and totals (what was typed is read by
reddition.forms.RapportForm: test_formulaire_rapport), the draft → submit → send back →
resubmit → accept path with every version kept, the instalment it releases, and the emails."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from reddition import selectors
from reddition.models import Obligation, Participation, Rapport, VersionRapport
from reddition.services import rapports
from referentiel.models import LigneBudgetaire, StatutImmigration
from tests.factories import (
    PDF_MINIMAL,
    ContactFactory,
    ObligationFactory,
    ServiceFinanceFactory,
    VersementFactory,
)
from versements.models import Versement

pytestmark = pytest.mark.django_db
ST = Obligation.Statut
R = Rapport.Statut


@pytest.fixture
def obligation(organisme, agent):
    agent.email = "agent@ville.montreal.qc.ca"
    agent.save()
    o = ObligationFactory(
        subvention__organisme=organisme,
        subvention__agent=agent,
        type=Obligation.Type.RAPPORT_FINAL,
    )
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=40)
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=10)
    ContactFactory(organisme=organisme, courriel="direction@organisme.org")
    return o


def statuts():
    return list(StatutImmigration.objects.actifs())


def grille(obligation, valeur=1):
    return {
        (sf.pk, st.pk): valeur
        for sf in obligation.subvention.services_finances.all()
        for st in statuts()
    }


def enregistrer(obligation, par, **kwargs):
    kwargs.setdefault("activites", "Ateliers d'accueil et accompagnement.")
    return rapports.rapport_enregistrer(obligation=obligation, par=par, **kwargs)


@pytest.mark.parametrize(("valeur", "message"), [(-1, "0"), (100_001, "Au plus 100000")])
def test_un_nombre_hors_bornes_est_refuse_et_rien_n_est_enregistre(
    obligation, partenaire, valeur, message
):
    """The form never sends one; the model's own check still holds behind the service."""
    sf = obligation.subvention.services_finances.last()
    cle = (sf.pk, statuts()[-1].pk)
    with pytest.raises(ValidationError) as erreur:
        enregistrer(obligation, partenaire, participants={**grille(obligation), cle: valeur})
    assert message in " ".join(erreur.value.messages)
    assert not Rapport.objects.exists() and not Participation.objects.exists()


def test_les_cases_absentes_valent_zero_et_les_totaux_sont_calcules_ici(obligation, partenaire):
    sf1, sf2 = obligation.subvention.services_finances.order_by("pk")
    st = statuts()
    rapport = enregistrer(
        obligation,
        partenaire,
        participants={(sf1.pk, st[0].pk): 12, (sf1.pk, st[1].pk): 3, (sf2.pk, st[0].pk): 5},
        depenses={LigneBudgetaire.objects.first().pk: Decimal("1234.50")},
    )
    contenu = selectors.contenu_rapport(rapport)
    assert [s["total"] for s in contenu["services"]] == [15, 5]
    assert contenu["totaux_statuts"][str(st[0].pk)] == 17
    assert contenu["total"] == 20
    assert contenu["total_depenses"] == "1234.50"
    # Every active status has its cell, stored as 0 where nothing was typed.
    assert rapport.participations.count() == 2 * len(st)
    cibles = selectors.comparaison_cibles(contenu)
    assert (cibles[0]["atteints"], cibles[0]["cible"], cibles[0]["pourcentage"]) == (
        15,
        40,
        Decimal("37.5"),
    )


def test_une_case_hors_grille_est_refusee(obligation, partenaire, autre_organisme):
    etranger = ServiceFinanceFactory(subvention__organisme=autre_organisme)
    with pytest.raises(ValidationError) as erreur:
        enregistrer(obligation, partenaire, participants={(etranger.pk, statuts()[0].pk): 4})
    assert "__all__" in erreur.value.message_dict
    inactif = StatutImmigration.objects.create(nom="Statut retiré", actif=False)
    sf = obligation.subvention.services_finances.first()
    with pytest.raises(ValidationError):
        enregistrer(obligation, partenaire, participants={(sf.pk, inactif.pk): 4})


def test_un_statut_ajoute_plus_tard_est_une_colonne_vide(obligation, partenaire):
    rapport = enregistrer(obligation, partenaire, participants=grille(obligation, 2))
    nouveau = StatutImmigration.objects.create(nom="Sans statut")
    contenu = selectors.contenu_rapport(rapport)
    assert [nouveau.pk, "Sans statut"] in contenu["statuts"]
    assert all(s["nombres"][str(nouveau.pk)] == 0 for s in contenu["services"])
    sf = obligation.subvention.services_finances.first()
    enregistrer(
        obligation, partenaire, participants={**grille(obligation, 2), (sf.pk, nouveau.pk): 7}
    )
    contenu = selectors.contenu_rapport(rapport)
    # The new column holds 7 for that service and 2 (from grille()) for the other one.
    assert contenu["services"][0]["nombres"][str(nouveau.pk)] == 7
    assert contenu["totaux_statuts"][str(nouveau.pk)] == 9


@pytest.mark.parametrize("valeur", [Decimal("-0.01"), Decimal("12.345"), Decimal("1e20")])
def test_une_depense_hors_bornes_est_refusee(obligation, partenaire, valeur):
    """The form never sends one; the model's own check still holds behind the service."""
    with pytest.raises(ValidationError):
        enregistrer(obligation, partenaire, depenses={LigneBudgetaire.objects.first().pk: valeur})
    assert not Rapport.objects.exists()


def test_la_base_refuse_les_nombres_hors_bornes(obligation, partenaire):
    rapport = enregistrer(obligation, partenaire)
    for nombre in (-1, 100_001):
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.filter(rapport=rapport).update(nombre=nombre)
    with pytest.raises(IntegrityError), transaction.atomic():
        rapport.depenses.update(montant=Decimal("-1"))


def test_un_fichier_qui_n_est_pas_ce_qu_il_dit_est_refuse(obligation, partenaire):
    faux = SimpleUploadedFile("rapport.pdf", b"<html>bonjour</html>", "application/pdf")
    with pytest.raises(ValidationError) as erreur:
        enregistrer(obligation, partenaire, pieces_ajoutees=[faux])
    assert "pieces" in erreur.value.message_dict


def test_seul_l_organisme_de_la_subvention_redige(obligation, autre_partenaire, agent):
    for intrus in (autre_partenaire, agent):
        with pytest.raises(PermissionDenied):
            enregistrer(obligation, intrus)
    assert not Rapport.objects.exists()


def pdf(nom="annexe.pdf"):
    return SimpleUploadedFile(nom, PDF_MINIMAL, "application/pdf")


def test_parcours_complet_avec_versions_et_versement_libere(
    obligation, partenaire, agent, django_capture_on_commit_callbacks
):
    versement = VersementFactory(
        subvention=obligation.subvention, condition=Versement.Condition.RAPPORT_FINAL
    )
    enregistrer(obligation, partenaire, participants=grille(obligation, 3), pieces_ajoutees=[pdf()])
    with django_capture_on_commit_callbacks(execute=True):
        v1 = rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    assert mail.outbox[-1].to == ["agent@ville.montreal.qc.ca"]
    obligation.refresh_from_db()
    assert obligation.statut == ST.SOUMIS and v1.numero == 1
    # Read-only once submitted.
    with pytest.raises(PermissionDenied):
        enregistrer(obligation, partenaire)
    with django_capture_on_commit_callbacks(execute=True):
        rapports.rapport_a_corriger(
            obligation=obligation, par=agent, commentaire="Ajoutez les ateliers de mars."
        )
    assert "Ajoutez les ateliers de mars." in mail.outbox[-1].body
    assert "direction@organisme.org" in mail.outbox[-1].to
    v1.refresh_from_db()
    assert (v1.decision, v1.commentaire) == ("a_corriger", "Ajoutez les ateliers de mars.")
    versement.refresh_from_db()
    assert not versement.condition_remplie

    piece = obligation.rapport.pieces.get()
    sf = obligation.subvention.services_finances.first()
    cle = (sf.pk, statuts()[0].pk)
    enregistrer(
        obligation,
        partenaire,
        participants={**grille(obligation, 3), cle: 9},
        pieces_retirees=[piece.pk],
        pieces_ajoutees=[pdf("annexe-2.pdf")],
    )
    piece.refresh_from_db()
    assert piece.retiree  # version 1 still serves it
    v2 = rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    with django_capture_on_commit_callbacks(execute=True):
        rapports.rapport_accepter(obligation=obligation, par=agent, commentaire="Merci")
    assert "accepté" in mail.outbox[-1].subject
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert [v.numero for v in obligation.rapport.versions.all()] == [1, 2]
    assert v1.contenu["services"][0]["nombres"][str(statuts()[0].pk)] == 3
    assert v2.contenu["services"][0]["nombres"][str(statuts()[0].pk)] == 9
    assert [x["nom"] for x in v1.contenu["pieces"]] == ["annexe.pdf"]
    assert [x["nom"] for x in v2.contenu["pieces"]] == ["annexe-2.pdf"]
    assert v2.decision == "accepte"
    lecture = selectors.lecture_rapport(v2.contenu, v1.contenu)
    modifiees = [
        (ligne["id"], c["statut"])
        for ligne in lecture["grille"]
        for c in ligne["cellules"]
        if c["modifie"]
    ]
    assert modifiees == [cle]
    obligation.refresh_from_db()
    versement.refresh_from_db()
    assert obligation.statut == ST.ACCEPTE and obligation.rapport.statut == R.ACCEPTE
    assert versement.condition_remplie


def test_une_version_soumise_ne_change_pas(obligation, partenaire):
    enregistrer(obligation, partenaire)
    version = rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    version.contenu = {**version.contenu, "activites": "autre chose"}
    with pytest.raises(ValueError):
        version.save()
    assert VersionRapport.objects.get().contenu["activites"].startswith("Ateliers")


def test_soumettre_exige_les_activites(obligation, partenaire):
    enregistrer(obligation, partenaire, activites="  ")
    with pytest.raises(ValidationError) as erreur:
        rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    assert "activites" in erreur.value.message_dict
    obligation.refresh_from_db()
    assert obligation.statut == ST.A_VENIR


def test_a_corriger_exige_un_commentaire(obligation, partenaire, agent):
    enregistrer(obligation, partenaire)
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    with pytest.raises(ValidationError):
        rapports.rapport_a_corriger(obligation=obligation, par=agent, commentaire=" ")
    obligation.refresh_from_db()
    assert obligation.statut == ST.SOUMIS


def test_l_organisme_ne_decide_pas(obligation, partenaire):
    enregistrer(obligation, partenaire)
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    with pytest.raises(PermissionDenied):
        rapports.rapport_accepter(obligation=obligation, par=partenaire)
    obligation.refresh_from_db()
    assert obligation.statut == ST.SOUMIS
