"""The schedule created at signature, the signature as one transaction, and the release of the
instalments waiting on a report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from subventions.models import Subvention, Transition
from tests.factories import PDF_MINIMAL, RepartitionFactory, SubventionFactory, VersementFactory
from versements.models import ConventionSignee, Versement
from versements.services import echeancier as services
from versements.services import signature

S = Subvention.Statut
C = Versement.Condition
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def pdf(nom="convention-signee.pdf"):
    return SimpleUploadedFile(nom, PDF_MINIMAL, content_type="application/pdf")


@pytest.fixture
def approuvee(organisme, agent):
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.APPROUVEE,
        montant_accorde=Decimal("33333.33"),
        date_decision=datetime.date(2026, 1, 10),
        date_debut=datetime.date(2026, 1, 1),
        date_fin=datetime.date(2026, 12, 31),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("33333.33"))
    return s


def signer(subvention, par, **kwargs):
    kwargs.setdefault("date_signature", timezone.localdate())
    kwargs.setdefault("document", pdf())
    return signature.convention_signer(subvention=subvention, par=par, **kwargs)


def test_echeancier_par_defaut_au_cent_pres(approuvee, agent):
    date = timezone.localdate()
    signer(approuvee, agent, date_signature=date)
    versements = list(approuvee.versements.order_by("rang"))
    assert [(v.rang, v.montant, v.condition) for v in versements] == [
        (1, Decimal("26666.66"), C.SIGNATURE),
        (2, Decimal("6666.67"), C.RAPPORT_FINAL),
    ]
    assert versements[0].date_prevue == date
    # 31 December + 60 days falls in 2027: the final instalment stays in its exercice, 2026.
    assert versements[1].date_prevue == datetime.date(2026, 12, 31)
    assert [v.exercice for v in versements] == [2026, 2026]
    assert [v.condition_remplie for v in versements] == [True, False]
    assert {v.statut for v in versements} == {Versement.Statut.PREVU}
    assert sum(v.montant for v in versements) == approuvee.montant_accorde


@pytest.mark.parametrize(
    ("accorde", "premier", "dernier"),
    [
        ("100000.00", "80000.00", "20000.00"),
        ("0.05", "0.04", "0.01"),
        ("1234.57", "987.65", "246.92"),
    ],
)
def test_echeancier_par_defaut_somme_exacte(accorde, premier, dernier):
    s = Subvention(montant_accorde=Decimal(accorde), date_fin=datetime.date(2026, 6, 30))
    lignes = services.echeancier_par_defaut(
        subvention=s, date_signature=datetime.date(2026, 1, 5), parts={2026: Decimal(accorde)}
    )
    assert [ligne["montant"] for ligne in lignes] == [Decimal(premier), Decimal(dernier)]


def test_un_cent_ne_fait_qu_un_versement():
    s = Subvention(montant_accorde=Decimal("0.01"), date_fin=datetime.date(2026, 6, 30))
    lignes = services.echeancier_par_defaut(
        subvention=s, date_signature=datetime.date(2026, 1, 5), parts={2026: Decimal("0.01")}
    )
    assert [(ligne["montant"], ligne["condition"]) for ligne in lignes] == [
        (Decimal("0.01"), C.RAPPORT_FINAL)
    ]


def test_la_signature_garde_la_convention_privee(approuvee, agent):
    signer(approuvee, agent)
    approuvee.refresh_from_db()
    assert approuvee.statut == S.CONVENTION_SIGNEE
    assert approuvee.date_signature == timezone.localdate()
    convention = ConventionSignee.objects.get(subvention=approuvee)
    assert convention.televerse_par == agent
    assert convention.fichier.read() == PDF_MINIMAL
    assert convention.fichier.name.startswith(f"subventions/{approuvee.pk}/")
    assert Transition.objects.filter(subvention=approuvee, vers=S.CONVENTION_SIGNEE).count() == 1


def test_un_faux_pdf_est_refuse_et_rien_ne_change(approuvee, agent):
    faux = SimpleUploadedFile("convention.pdf", b"<html>piege</html>", content_type="text/html")
    with pytest.raises(ValidationError) as erreur:
        signer(approuvee, agent, document=faux)
    assert "document" in erreur.value.message_dict
    approuvee.refresh_from_db()
    assert approuvee.statut == S.APPROUVEE
    assert not ConventionSignee.objects.exists() and not Versement.objects.exists()


def test_sans_convention_pas_de_signature(approuvee, agent):
    with pytest.raises(ValidationError):
        signer(approuvee, agent, document=None)
    approuvee.refresh_from_db()
    assert approuvee.statut == S.APPROUVEE


def test_une_seule_transaction(approuvee, agent, monkeypatch):
    """The schedule failing undoes the signature and the stored file."""
    fichiers = []
    reel = signature._enregistrer_convention

    def enregistrer(*args):
        convention = reel(*args)
        fichiers.append(convention.fichier.name)
        return convention

    def echec(**kwargs):
        raise ValidationError("échéancier impossible")

    monkeypatch.setattr(signature, "_enregistrer_convention", enregistrer)
    monkeypatch.setattr(signature, "echeancier_creer", echec)
    with pytest.raises(ValidationError):
        signer(approuvee, agent)
    approuvee.refresh_from_db()
    assert approuvee.statut == S.APPROUVEE and approuvee.date_signature is None
    assert not ConventionSignee.objects.exists()
    assert not Transition.objects.filter(subvention=approuvee).exists()
    from django.core.files.storage import default_storage

    assert fichiers and not default_storage.exists(fichiers[0])


def test_la_regle_de_signature_reste_celle_de_la_subvention(approuvee, autre_agent, partenaire):
    for intrus in (autre_agent, partenaire):
        with pytest.raises(PermissionDenied):
            signer(approuvee, intrus)
    with pytest.raises(ValidationError):
        signer(approuvee, approuvee.agent, date_signature=datetime.date(2026, 1, 5))
    assert not Versement.objects.exists()


def test_un_seul_echeancier(approuvee, agent):
    signer(approuvee, agent)
    with pytest.raises(ValidationError, match="déjà un échéancier"):
        services.echeancier_creer(subvention=approuvee, par=agent)
    assert approuvee.versements.count() == 2


def test_echeancier_donne_doit_egaler_le_montant(approuvee, agent):
    Subvention.objects.filter(pk=approuvee.pk).update(
        statut=S.CONVENTION_SIGNEE, date_signature=datetime.date(2026, 1, 15)
    )
    ligne = {"date_prevue": datetime.date(2026, 2, 1), "condition": C.SIGNATURE}
    for montant, attendu in (
        ("32099.33", "il manque 1 234,00 $"),
        ("33333.34", "excédent de 0,01 $"),
    ):
        with pytest.raises(ValidationError) as erreur:
            services.echeancier_creer(
                subvention=approuvee, par=agent, lignes=[{**ligne, "montant": Decimal(montant)}]
            )
        assert attendu in erreur.value.messages[0].replace(NBSP, " ")
    assert not Versement.objects.exists()


def test_pas_d_echeancier_avant_la_signature(approuvee, agent):
    with pytest.raises(ValidationError):
        services.echeancier_creer(subvention=approuvee, par=agent)


class TestLiberer:
    @pytest.fixture
    def echeancier(self, agent):
        s = SubventionFactory(agent=agent, statut=S.EN_COURS)
        return {
            "signature": VersementFactory(subvention=s, rang=1, condition=C.SIGNATURE),
            "etape": VersementFactory(subvention=s, rang=2, condition=C.RAPPORT_ETAPE),
            "final": VersementFactory(subvention=s, rang=3, condition=C.RAPPORT_FINAL),
        }

    def test_seuls_les_versements_de_la_condition(self, echeancier, agent):
        s = echeancier["final"].subvention
        assert services.versements_liberer(subvention=s, condition=C.RAPPORT_FINAL, par=agent) == 1
        for cle, attendu in (("signature", True), ("etape", False), ("final", True)):
            echeancier[cle].refresh_from_db()
            assert echeancier[cle].condition_remplie is attendu, cle
        # Twice changes nothing.
        assert services.versements_liberer(subvention=s, condition=C.RAPPORT_FINAL, par=agent) == 0
        historique = echeancier["final"].history.first()
        assert historique.history_change_reason == "Condition remplie"
        assert historique.history_user == agent

    def test_un_annule_reste_annule(self, echeancier, agent):
        final = echeancier["final"]
        Versement.objects.filter(pk=final.pk).update(statut=Versement.Statut.ANNULE, motif="x")
        services.versements_liberer(
            subvention=final.subvention, condition=C.RAPPORT_FINAL, par=agent
        )
        final.refresh_from_db()
        assert final.condition_remplie is False

    def test_reserve_a_qui_suit_le_dossier(self, echeancier, autre_agent, gestionnaire):
        s = echeancier["etape"].subvention
        with pytest.raises(PermissionDenied):
            services.versements_liberer(subvention=s, condition=C.RAPPORT_ETAPE, par=autre_agent)
        assert (
            services.versements_liberer(subvention=s, condition=C.RAPPORT_ETAPE, par=gestionnaire)
            == 1
        )

    def test_la_signature_n_est_pas_un_rapport(self, echeancier, agent):
        with pytest.raises(ValueError):
            services.versements_liberer(
                subvention=echeancier["etape"].subvention, condition=C.SIGNATURE, par=agent
            )
