import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reddition.models import Obligation, RappelEnvoye
from reddition.services import rappels
from reddition.services.rappels import rappels_envoyer, type_rappel_document, type_rappel_obligation
from subventions.models import Subvention
from tests.factories import (
    ContactFactory,
    DocumentFactory,
    ObligationFactory,
    SubventionFactory,
    UserFactory,
)

ECHEANCE = datetime.date(2026, 7, 31)
J = datetime.timedelta(days=1)


@pytest.fixture
def obligation(organisme, agent):
    ContactFactory(organisme=organisme, courriel="direction@carrefour.org", principal=True)
    ContactFactory(organisme=organisme, courriel="")  # no email: not a recipient
    subvention = SubventionFactory(
        numero="BINAM-2026-012",
        organisme=organisme,
        agent=agent,
        statut=Subvention.Statut.EN_COURS,
    )
    return ObligationFactory(
        subvention=subvention,
        type=Obligation.Type.RAPPORT_FINAL,
        periode_fin=datetime.date(2026, 6, 30),
        date_echeance=ECHEANCE,
    )


def envoyer(jour):
    return rappels_envoyer(aujourd_hui=jour)


def test_le_bon_rappel_selon_le_jour():
    assert type_rappel_obligation(ECHEANCE, ECHEANCE - 15 * J) is None
    assert type_rappel_obligation(ECHEANCE, ECHEANCE - 14 * J) == "avant_14"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE) == "avant_14"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + J) == "retard_1"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + 7 * J) == "retard_1"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + 8 * J) == "retard_semaine_1"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + 14 * J) == "retard_semaine_1"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + 15 * J) == "retard_semaine_2"
    assert type_rappel_obligation(ECHEANCE, ECHEANCE + 22 * J) == "retard_semaine_3"
    assert type_rappel_document(ECHEANCE, ECHEANCE - 31 * J) is None
    assert type_rappel_document(ECHEANCE, ECHEANCE - 30 * J) == "document_30"
    assert type_rappel_document(ECHEANCE, ECHEANCE - J) == "document_30"
    assert type_rappel_document(ECHEANCE, ECHEANCE) == "document_0"
    assert type_rappel_document(ECHEANCE, ECHEANCE + 8 * J) is None


def test_quatorze_jours_avant_un_courriel_aux_contacts_et_a_l_agent(obligation, agent):
    assert envoyer(ECHEANCE - 15 * J).envoyes == 0
    assert mail.outbox == []

    bilan = envoyer(ECHEANCE - 14 * J)

    assert bilan.envoyes == 1
    (courriel,) = mail.outbox
    assert courriel.to == ["direction@carrefour.org", agent.email]
    assert courriel.subject == "Rapport final dû le 31 juillet 2026 — BINAM-2026-012"
    assert "Carrefour d'accueil de Saint-Laurent" in courriel.body
    assert "Date d'échéance : 31 juillet 2026" in courriel.body
    rappel = RappelEnvoye.objects.get()
    assert (rappel.obligation, rappel.type) == (obligation, "avant_14")
    assert rappel.destinataires == f"direction@carrefour.org, {agent.email}"


def test_deux_executions_le_meme_jour_un_seul_envoi(obligation):
    envoyer(ECHEANCE - 14 * J)
    envoyer(ECHEANCE - 14 * J)
    envoyer(ECHEANCE - 13 * J)
    assert len(mail.outbox) == 1
    assert RappelEnvoye.objects.count() == 1


def test_premier_jour_de_retard_puis_chaque_semaine(obligation):
    for jour in range(-14, 30):
        envoyer(ECHEANCE + jour * J)

    assert list(
        RappelEnvoye.objects.order_by("envoye_le", "pk").values_list("type", flat=True)
    ) == [
        "avant_14",
        "retard_1",
        "retard_semaine_1",
        "retard_semaine_2",
        "retard_semaine_3",
        "retard_semaine_4",
    ]
    assert len(mail.outbox) == 6
    assert mail.outbox[1].subject == (
        "En retard : Rapport final dû le 31 juillet 2026 — BINAM-2026-012"
    )
    assert "en retard de 1 jour." in mail.outbox[1].body
    assert "en retard de 8 jours." in mail.outbox[2].body


def test_jours_manques_un_seul_rappel(obligation):
    # The cron was down from the day before the due date until day 10 overdue.
    envoyer(ECHEANCE + 10 * J)
    envoyer(ECHEANCE + 11 * J)

    assert list(RappelEnvoye.objects.values_list("type", flat=True)) == ["retard_semaine_1"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("statut", [Obligation.Statut.SOUMIS, Obligation.Statut.ACCEPTE])
def test_rien_pour_une_obligation_soumise_ou_acceptee(obligation, statut):
    Obligation.objects.filter(pk=obligation.pk).update(statut=statut)
    for jour in (-14, 1, 8):
        envoyer(ECHEANCE + jour * J)
    assert mail.outbox == []
    assert not RappelEnvoye.objects.exists()


def test_une_obligation_a_corriger_est_rappelee(obligation):
    Obligation.objects.filter(pk=obligation.pk).update(statut=Obligation.Statut.A_CORRIGER)
    envoyer(ECHEANCE + J)
    assert "renvoyé pour correction" in mail.outbox[0].body


def test_etats_financiers_accordes_au_pluriel(obligation):
    obligation.type = Obligation.Type.ETATS_FINANCIERS
    obligation.save()
    envoyer(ECHEANCE - 14 * J)
    assert mail.outbox[0].subject == "États financiers dus le 31 juillet 2026 — BINAM-2026-012"


@pytest.fixture
def document(organisme, agent):
    ContactFactory(organisme=organisme, courriel="direction@carrefour.org")
    SubventionFactory(organisme=organisme, agent=agent, statut=Subvention.Statut.EN_COURS)
    # An agent of a closed grant no longer follows the organisation.
    SubventionFactory(organisme=organisme, agent=UserFactory(), statut=Subvention.Statut.FERMEE)
    return DocumentFactory(organisme=organisme, titre="Assurance 2026", date_validite=ECHEANCE)


def test_document_30_jours_avant_puis_le_jour_meme(document, agent):
    for jour in range(-40, 10):
        envoyer(ECHEANCE + jour * J)

    assert list(RappelEnvoye.objects.values_list("document", "type").order_by("pk")) == [
        (document.pk, "document_30"),
        (document.pk, "document_0"),
    ]
    avant, jour_meme = mail.outbox
    assert avant.to == ["direction@carrefour.org", agent.email]
    assert avant.subject == (
        "Document à renouveler avant le 31 juillet 2026 — Carrefour d'accueil de Saint-Laurent"
    )
    assert "Assurance 2026" in avant.body
    assert jour_meme.subject.startswith("Document à remplacer : valide jusqu'au 31 juillet 2026")


def test_document_remplace_n_est_pas_rappele(document):
    DocumentFactory(
        organisme=document.organisme, type=document.type, date_validite=ECHEANCE + 365 * J
    )
    envoyer(ECHEANCE)
    assert mail.outbox == []


def test_echec_smtp_rien_n_est_perdu(obligation, document, monkeypatch):
    envoyer_vrai = rappels.envoyer_courriel

    def envoyer_sauf_rapport(**kwargs):
        if "BINAM-2026-012" in kwargs["sujet"]:
            raise smtplib.SMTPException("serveur indisponible")
        envoyer_vrai(**kwargs)

    monkeypatch.setattr(rappels, "envoyer_courriel", envoyer_sauf_rapport)
    jour = ECHEANCE - 14 * J  # the obligation's 14 days and the document's 30 days

    bilan = envoyer(jour)

    assert (bilan.envoyes, bilan.echecs) == (1, 1)
    assert [m.subject[:8] for m in mail.outbox] == ["Document"]
    assert list(RappelEnvoye.objects.values_list("type", flat=True)) == ["document_30"]

    monkeypatch.setattr(rappels, "envoyer_courriel", envoyer_vrai)
    bilan = envoyer(jour + J)

    assert (bilan.envoyes, bilan.echecs) == (1, 0)
    assert mail.outbox[-1].subject == "Rapport final dû le 31 juillet 2026 — BINAM-2026-012"
    assert RappelEnvoye.objects.count() == 2


def test_commande_code_non_nul_si_un_envoi_echoue(obligation, monkeypatch):
    def echoue(**kwargs):
        raise smtplib.SMTPException("serveur indisponible")

    monkeypatch.setattr(rappels, "envoyer_courriel", echoue)
    monkeypatch.setattr(rappels.timezone, "localdate", lambda: ECHEANCE + J)
    with pytest.raises(CommandError):
        call_command("envoyer_rappels")
    assert not RappelEnvoye.objects.exists()


def test_commande_envoie_et_enregistre(obligation, monkeypatch, capsys):
    monkeypatch.setattr(rappels.timezone, "localdate", lambda: ECHEANCE + J)
    call_command("envoyer_rappels")
    assert len(mail.outbox) == 1
    assert RappelEnvoye.objects.get().type == "retard_1"


def test_dry_run_n_envoie_ni_n_ecrit_rien(obligation, document, monkeypatch, capsys):
    monkeypatch.setattr(rappels.timezone, "localdate", lambda: ECHEANCE - 14 * J)
    call_command("envoyer_rappels", "--dry-run")

    sortie = capsys.readouterr().out
    assert "Rapport final dû le 31 juillet 2026 — BINAM-2026-012" in sortie
    assert "document_30" in sortie
    assert "direction@carrefour.org" in sortie
    assert mail.outbox == []
    assert not RappelEnvoye.objects.exists()


def test_sans_destinataire_rien_n_est_enregistre(obligation):
    obligation.subvention.organisme.contacts.update(courriel="")
    Subvention.objects.filter(pk=obligation.subvention_id).update(agent=None)
    bilan = envoyer(ECHEANCE - 14 * J)
    assert (bilan.envoyes, bilan.ignores) == (0, 1)
    assert not RappelEnvoye.objects.exists()


def test_subvention_annulee_sans_rappel(obligation):
    Subvention.objects.filter(pk=obligation.subvention_id).update(statut=Subvention.Statut.ANNULEE)
    envoyer(ECHEANCE + J)
    assert mail.outbox == []


def test_envoyer_courriel_depuis_l_adresse_du_service(settings):
    from noyau.courriels import envoyer_courriel

    settings.DEFAULT_FROM_EMAIL = "BINAM <binam@exemple.org>"
    envoyer_courriel(a=["x@exemple.org"], sujet="Objet", corps="Texte", langue="en")
    (courriel,) = mail.outbox
    assert courriel.from_email == "BINAM <binam@exemple.org>"
    assert courriel.extra_headers["Content-Language"] == "en"


def test_textes_en_anglais_quand_demande(obligation):
    # Accounts have no language of their own yet: French goes out; the texts are ready for one.
    (rappel,) = rappels.rappels_dus(ECHEANCE + 8 * J, langue="en")
    assert rappel.sujet == "Overdue: Final report due on July 31, 2026 — BINAM-2026-012"
    assert "8 days overdue" in rappel.corps
