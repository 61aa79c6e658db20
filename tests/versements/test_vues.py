"""The pages: signing with the agreement, the grant's schedule section, each step's page and
button, the instalments list with its totals and exports, the payment batches."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from subventions.cycle import ETAPES
from subventions.models import Subvention
from tests.factories import PDF_MINIMAL, RepartitionFactory, SubventionFactory, VersementFactory
from versements.models import ConventionSignee, LotPaiement, Versement
from versements.services import paiements

S = Subvention.Statut
V = Versement.Statut
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def texte(reponse):
    return reponse.content.decode().replace(NBSP, " ")


def url_action(versement, action):
    return reverse("versements:action", kwargs={"pk": versement.pk, "action": action})


class TestSignature:
    @pytest.fixture
    def approuvee(self, organisme, agent):
        s = SubventionFactory(
            organisme=organisme,
            agent=agent,
            statut=S.APPROUVEE,
            montant_accorde=Decimal("33333.33"),
            date_decision=datetime.date(2026, 1, 10),
        )
        RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("33333.33"))
        return s

    def test_la_page_de_l_etape_signe_et_cree_l_echeancier(self, client, agent, approuvee):
        client.force_login(agent)
        etape = ETAPES["signer"]
        url = reverse(etape.vue, kwargs=etape.url_kwargs(approuvee))
        assert url == f"/subventions/{approuvee.pk}/etape/signer/"
        assert f'href="{url}"' in client.get(approuvee.get_absolute_url()).content.decode()
        page = client.get(url)
        assert 'enctype="multipart/form-data"' in page.content.decode()
        reponse = client.post(
            url,
            {
                "date_signature": timezone.localdate().isoformat(),
                "document": SimpleUploadedFile("convention.pdf", PDF_MINIMAL),
                "commentaire": "",
            },
        )
        assert reponse.status_code == 302
        approuvee.refresh_from_db()
        assert approuvee.statut == S.CONVENTION_SIGNEE
        fiche = texte(client.get(approuvee.get_absolute_url()))
        assert "26 666,66 $" in fiche and "6 666,67 $" in fiche
        convention = ConventionSignee.objects.get(subvention=approuvee)
        lien = reverse("versements:convention", kwargs={"pk": approuvee.pk, "cpk": convention.pk})
        assert lien in fiche
        telechargement = client.get(lien)
        assert b"".join(telechargement.streaming_content) == PDF_MINIMAL

    def test_sans_document_une_erreur_en_francais(self, client, agent, approuvee):
        client.force_login(agent)
        url = reverse("signer_convention", kwargs={"pk": approuvee.pk})
        reponse = client.post(url, {"date_signature": timezone.localdate().isoformat()})
        assert reponse.status_code == 200
        assert "Ce champ est obligatoire" in texte(reponse)
        faux = SimpleUploadedFile("convention.pdf", b"<script>")
        reponse = client.post(
            url, {"date_signature": timezone.localdate().isoformat(), "document": faux}
        )
        assert reponse.status_code == 200
        assert "ne correspond pas à son extension" in texte(reponse)
        approuvee.refresh_from_db()
        assert approuvee.statut == S.APPROUVEE


class TestFiche:
    def test_le_partenaire_voit_l_echeancier_sans_les_motifs(
        self, client, partenaire, gestionnaire, premier, dernier
    ):
        paiements.versement_retenir(versement=dernier, par=gestionnaire, motif="Motif interne XYZ")
        client.force_login(partenaire)
        fiche = texte(client.get(premier.subvention.get_absolute_url()))
        assert "80 000,00 $" in fiche and "Retenu" in fiche
        assert "Motif interne XYZ" not in fiche
        assert "/versements/" not in fiche  # no step button
        client.force_login(gestionnaire)
        assert "Motif interne XYZ" in texte(client.get(premier.subvention.get_absolute_url()))

    def test_en_attente_du_rapport_final(self, client, gestionnaire, dernier):
        client.force_login(gestionnaire)
        fiche = texte(client.get(dernier.subvention.get_absolute_url()))
        assert "En attente de l'acceptation du rapport final" in fiche.replace("&#x27;", "'")
        assert url_action(dernier, "autoriser") not in fiche
        refus = client.get(url_action(dernier, "autoriser"))
        assert refus.status_code == 403

    def test_une_annulation_laisse_l_exercice_court_et_la_page_le_dit(
        self, client, partenaire, gestionnaire, premier
    ):
        client.force_login(gestionnaire)
        confirmation = texte(client.get(url_action(premier, "annuler"))).replace("&#x27;", "'")
        assert "L'annulation laisse l'exercice 2026 court de 80 000,00 $" in confirmation
        fiche = texte(client.get(premier.subvention.get_absolute_url()))
        assert 'id="ecart-2026"' not in fiche
        reponse = client.post(url_action(premier, "annuler"), {"motif": "Projet réduit"})
        assert reponse.status_code == 302
        fiche = texte(client.get(premier.subvention.get_absolute_url())).replace("&#x27;", "'")
        assert 'id="ecart-2026"' in fiche
        assert "n'atteignent pas la part de l'exercice (100 000,00 $); il manque 80 000,00 $" in (
            fiche
        )
        # An internal warning: the partner reads its schedule, not the officers' to-do.
        client.force_login(partenaire)
        assert 'id="ecart-2026"' not in texte(client.get(premier.subvention.get_absolute_url()))


# Who gets each step's page, and the grant page shows the button exactly then.
ROLES = ("agent", "autre_agent", "gestionnaire", "partenaire", "autre_partenaire")


@pytest.mark.parametrize(
    ("action", "preparer", "attendus"),
    [
        ("autoriser", None, {"gestionnaire": 200}),
        ("payer", "autoriser", {"agent": 200}),
        ("retenir", None, {"gestionnaire": 200}),
        ("annuler", None, {"gestionnaire": 200}),
        ("lever_retenue", "retenir", {"gestionnaire": 200}),
    ],
)
def test_chaque_etape_et_son_bouton(
    request, client, premier, gestionnaire, action, preparer, attendus
):
    if preparer == "autoriser":
        paiements.versement_autoriser(versement=premier, par=gestionnaire)
    elif preparer == "retenir":
        paiements.versement_retenir(versement=premier, par=gestionnaire, motif="Vérifier")
    url = url_action(premier, action)
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        attendu = attendus.get(role, 404 if role == "autre_partenaire" else 403)
        assert client.get(url).status_code == attendu, role
        fiche = client.get(premier.subvention.get_absolute_url())
        if fiche.status_code == 200:
            assert (f'href="{url}"' in fiche.content.decode()) == (attendu == 200), role


def test_payer_par_la_page(client, gestionnaire, agent, premier):
    client.force_login(gestionnaire)
    assert client.post(url_action(premier, "autoriser")).status_code == 302
    client.force_login(agent)
    url = url_action(premier, "payer")
    futur = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    reponse = client.post(url, {"date_paiement": futur, "reference": "R-9"})
    assert "ne peut pas être dans le futur" in texte(reponse)
    reponse = client.post(url, {"date_paiement": "2026-02-03", "reference": "R-9"})
    assert reponse.status_code == 302
    premier.refresh_from_db()
    assert premier.statut == V.PAYE
    # Twice: the page is refused (it is paid), nothing changes.
    assert client.post(url, {"date_paiement": "2026-02-04", "reference": "R-10"}).status_code == 403
    premier.refresh_from_db()
    assert premier.reference_paiement == "R-9"


def test_action_inconnue(client, gestionnaire, premier):
    client.force_login(gestionnaire)
    assert client.get(url_action(premier, "effacer")).status_code == 404


def test_le_partenaire_d_un_autre_organisme_ne_change_rien(client, autre_partenaire, premier):
    client.force_login(autre_partenaire)
    for action in ("autoriser", "annuler"):
        assert client.post(url_action(premier, action), {"motif": "x"}).status_code == 404
    premier.refresh_from_db()
    assert premier.statut == V.PREVU


class TestListe:
    def test_totaux_et_filtres(self, client, gestionnaire, agent, premier, dernier):
        paiements.versement_autoriser(versement=premier, par=gestionnaire)
        autre = VersementFactory(montant=Decimal("5000.00"))
        client.force_login(gestionnaire)
        page = texte(client.get(reverse("versements:liste")))
        assert "prévu : 25 000,00 $" in page and "autorisé : 80 000,00 $" in page
        filtre = texte(
            client.get(reverse("versements:liste"), {"organisme": premier.subvention.organisme_id})
        )
        assert "prévu : 20 000,00 $" in filtre and "autorisé : 80 000,00 $" in filtre
        assert autre.subvention.numero not in filtre

    def test_un_versement_retenu_compte(self, client, gestionnaire, premier, dernier):
        """A held instalment is still owed: the totals show it (retenu), so that prévu +
        autorisé + retenu + payé is the schedule workbook's total « hors annulés » over the
        same rows, and the list of held ones does not read 0,00 $ everywhere."""
        Versement.objects.filter(pk=dernier.pk).update(statut=V.RETENU, motif="Rapport en retard")
        VersementFactory(
            subvention=premier.subvention,
            rang=3,
            montant=Decimal("555.00"),
            date_prevue=datetime.date(2026, 6, 1),
            statut=V.ANNULE,
            motif="Réduction",
        )
        client.force_login(gestionnaire)
        url = reverse("versements:liste")
        retenus = texte(client.get(url, {"statut": V.RETENU}))
        for total in (
            "1 versement —",
            "prévu : 0,00 $",
            "autorisé : 0,00 $",
            "retenu : 20 000,00 $",
        ):
            assert total in retenus, total
        assert "total hors annulés : 20 000,00 $" in retenus
        page = texte(client.get(url, {"exercice": 2026}))
        assert "prévu : 80 000,00 $" in page and "retenu : 20 000,00 $" in page
        assert "total hors annulés : 100 000,00 $" in page
        reponse = client.get(
            reverse("rapports:echeancier_versements"), {"du": "2026-01-01", "au": "2026-12-31"}
        )
        ws = load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
        *_lignes, total = ws.iter_rows(values_only=True)
        assert total[0] == (
            "Total hors annulés\u00a0: 2 versements (1 versement annulé listé, non compté)"
        )
        assert Decimal(str(total[8])) == Decimal("100000.00")

    def test_exercice_du_paiement_et_dates(self, client, gestionnaire, agent, premier, dernier):
        Versement.objects.filter(pk=dernier.pk).update(
            statut=V.PAYE,
            condition_remplie=True,
            date_paiement=datetime.date(2026, 12, 20),
            reference_paiement="R-2026",
        )
        client.force_login(gestionnaire)
        url = reverse("versements:liste")
        # Paid in 2026 though planned in 2027: it counts in 2026.
        page = texte(client.get(url, {"exercice": 2026}))
        assert "payé : 20 000,00 $" in page and "prévu : 80 000,00 $" in page
        page = texte(client.get(url, {"exercice": 2027}))
        assert "0 versement" in page
        page = texte(client.get(url, {"du": "2026-06-01", "au": "2027-12-31", "statut": "paye"}))
        assert "1 versement" in page and "payé : 20 000,00 $" in page
        erreur = client.get(url, {"exercice": "deux mille", "du": "hier"})
        assert erreur.status_code == 200 and "0 versement" in texte(erreur)

    def test_export(self, client, gestionnaire, premier, dernier):
        client.force_login(gestionnaire)
        reponse = client.get(reverse("versements:liste"), {"_export": "xlsx"})
        feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
        lignes = list(feuille.values)
        assert lignes[0][0] == "Subvention" and len(lignes) == 3
        assert sorted(ligne[6] for ligne in lignes[1:]) == [20000, 80000]


class TestLots:
    def test_creer_telecharger_reprendre(self, client, gestionnaire, agent, premier):
        paiements.versement_autoriser(versement=premier, par=gestionnaire)
        client.force_login(agent)
        assert client.get(reverse("versements:lots")).status_code == 403
        assert client.post(reverse("versements:lots")).status_code == 403
        client.force_login(gestionnaire)
        assert client.post(reverse("versements:lots")).status_code == 302
        lot = LotPaiement.objects.get()
        assert not lot.envoye
        url = reverse("versements:lot", kwargs={"pk": lot.pk})
        assert url in client.get(reverse("versements:lots")).content.decode()
        feuille = load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).active
        lignes = list(feuille.values)
        s = premier.subvention
        assert lignes[0] == ("Organisme", "NEQ", "Subvention", "Versement", "Montant", "Résolution")
        assert lignes[1] == (str(s.organisme), s.organisme.neq, s.numero, 1, 80000, "CE26 0042")
        lot.refresh_from_db()
        assert lot.envoye
        # Downloadable again, still one batch.
        assert client.get(url).status_code == 200
        assert LotPaiement.objects.count() == 1
