"""What a partner sees, status by status, on every page it can open: the granted amount only once
approved ("à déterminer" before, "—" for a refused or cancelled file), never the officers'
comments, who did each step, envelope overrides, or anything about another organisation.

The expectations are written from domain.md ("Separation of duties and what partners see"), not
read from the rules under test.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from subventions.models import Avenant, DerogationEnveloppe, Subvention
from tests.factories import RepartitionFactory, SubventionFactory, TransitionFactory

S = Subvention.Statut
NBSP = "\u00a0"
MONTANT = f"54{NBSP}900,00{NBSP}$"
NOTE_INTERNE = "Note interne: vérifier la capacité du local"
DEROGATION = "Raison de dérogation confidentielle"
DEROGATION_AVENANT = "Dérogation sur avenant, confidentielle"
RESOLUTION_AVENANT = "CE26 0777"
MOTIF_REFUS = "Le projet ne vise pas les nouveaux arrivants"
DECIDES = {S.APPROUVEE, S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE}
SANS_SUITE = {S.REFUSEE, S.ANNULEE}


@pytest.fixture
def dossier(request, organisme, autre_organisme, agent, gestionnaire):
    statut = request.param
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=statut,
        montant_demande=Decimal("60000"),
        montant_accorde=Decimal("54900"),
    )
    RepartitionFactory(subvention=s, montant=Decimal("54900"))
    TransitionFactory(subvention=s, vers=S.RECOMMANDEE, par=agent, commentaire=NOTE_INTERNE)
    if statut in SANS_SUITE:
        TransitionFactory(subvention=s, vers=statut, par=gestionnaire, commentaire=MOTIF_REFUS)
    DerogationEnveloppe.objects.create(
        subvention=s, exercice=2026, depassement=Decimal("1"), raison=DEROGATION, par=gestionnaire
    )
    # Amendments belong to signed grants; one on every status checks the rule, not the data.
    Avenant.objects.create(
        subvention=s,
        rang=1,
        montant_avant=Decimal("50000"),
        montant_apres=Decimal("54900"),
        numero_resolution=RESOLUTION_AVENANT,
        date_decision=datetime.date(2026, 3, 2),
        motif="Hausse de la demande",
        derogation_raison=DEROGATION_AVENANT,
        par=gestionnaire,
    )
    SubventionFactory(organisme=autre_organisme, statut=statut)
    return s


def pages_du_partenaire(s):
    return [
        reverse("portail:accueil"),
        reverse("organismes:detail", kwargs={"pk": s.organisme_id}),
        reverse("subventions:detail", kwargs={"pk": s.pk}),
    ]


@pytest.mark.parametrize("dossier", list(S), indirect=True, ids=list(S.values))
def test_ce_que_voit_le_partenaire(client, partenaire, agent, autre_organisme, dossier):
    # A name no other person of the test can carry (random names once gave the partner the
    # agent's last name, and the page its own user's name).
    agent.last_name = "Agent-Interne-Qzx"
    agent.save()
    client.force_login(partenaire)
    for url in pages_du_partenaire(dossier):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        page = reponse.content.decode()
        assert (MONTANT in page) == (dossier.statut in DECIDES), url
        if dossier.statut not in DECIDES:
            attendu = "—" if dossier.statut in SANS_SUITE else "à déterminer"
            assert attendu in page, url
        assert dossier.numero in page, url
        assert NOTE_INTERNE not in page, url
        assert DEROGATION not in page, url
        assert DEROGATION_AVENANT not in page, url
        assert agent.last_name not in page or url.startswith("/subventions/"), url
        assert str(autre_organisme) not in page, url
    fiche = client.get(dossier.get_absolute_url()).content.decode()
    # The reason of a refusal or a cancellation is the organisation's answer.
    assert (MOTIF_REFUS in fiche) == (dossier.statut in SANS_SUITE)
    assert reverse("subventions:historique", kwargs={"pk": dossier.pk}) not in fiche
    # Its amendments' amounts, dates and resolution once the amount is decided.
    assert (RESOLUTION_AVENANT in fiche) == (dossier.statut in DECIDES)
    assert ("2 mars 2026" in fiche) == (dossier.statut in DECIDES)
    assert reverse("avenants:creer", kwargs={"pk": dossier.pk}) not in fiche


@pytest.mark.parametrize("dossier", [S.EN_ANALYSE, S.REFUSEE], indirect=True)
def test_le_personnel_voit_tout(client, gestionnaire, dossier):
    client.force_login(gestionnaire)
    fiche = client.get(dossier.get_absolute_url()).content.decode()
    for attendu in (MONTANT, NOTE_INTERNE, DEROGATION, DEROGATION_AVENANT, RESOLUTION_AVENANT):
        assert attendu in fiche
    organisme = client.get(reverse("organismes:detail", kwargs={"pk": dossier.organisme_id}))
    assert MONTANT in organisme.content.decode()


MOTIF_RETENUE = "Motif de retenue réservé au personnel"
MOTIF_ANNULATION = "Motif d'annulation réservé au personnel"


@pytest.fixture
def echeancier(organisme, autre_organisme, agent):
    from tests.factories import VersementFactory

    s = SubventionFactory(organisme=organisme, agent=agent, statut=S.EN_COURS)
    lignes = {
        "paye": VersementFactory(
            subvention=s,
            rang=1,
            montant=Decimal("11111.11"),
            statut="paye",
            date_paiement=datetime.date(2026, 2, 1),
            reference_paiement="PAI-42",
        ),
        "prevu": VersementFactory(subvention=s, rang=2, montant=Decimal("22222.22")),
        "retenu": VersementFactory(
            subvention=s, rang=3, montant=Decimal("3333.33"), statut="retenu", motif=MOTIF_RETENUE
        ),
        "annule": VersementFactory(
            subvention=s,
            rang=4,
            montant=Decimal("4444.44"),
            statut="annule",
            motif=MOTIF_ANNULATION,
        ),
    }
    etranger = VersementFactory(
        subvention=SubventionFactory(organisme=autre_organisme, statut=S.EN_COURS),
        montant=Decimal("98765.43"),
    )
    return s, lignes, etranger


def test_le_partenaire_voit_son_echeancier_sans_les_motifs(client, partenaire, echeancier):
    s, lignes, etranger = echeancier
    client.force_login(partenaire)
    for url in pages_du_partenaire(s):
        page = client.get(url).content.decode()
        assert MOTIF_RETENUE not in page and MOTIF_ANNULATION not in page, url
        assert "98" + NBSP + "765,43" not in page, url
    fiche = client.get(s.get_absolute_url()).content.decode()
    # Planned and paid: amounts, dates, the payment reference; versé is the paid sum.
    for montant in ("11" + NBSP + "111,11", "22" + NBSP + "222,22"):
        assert montant in fiche
    assert "PAI-42" in fiche
    assert '<th scope="col">Lot</th>' not in fiche
    url = reverse("versements:action", kwargs={"pk": etranger.pk, "action": "autoriser"})
    assert client.get(url).status_code == 404


def test_le_personnel_voit_les_motifs(client, gestionnaire, echeancier):
    s, _lignes, _etranger = echeancier
    client.force_login(gestionnaire)
    fiche = client.get(s.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert MOTIF_RETENUE in fiche and MOTIF_ANNULATION in fiche


NOTE_OBLIGATION = "Note interne sur le rapport: budget à revoir"
MOTIF_CORRECTION = "Ajoutez les participants par statut"


@pytest.mark.parametrize("dossier", [S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE], indirect=True)
def test_obligations_vues_par_le_partenaire(client, partenaire, agent, autre_organisme, dossier):
    """The partner sees its grant's obligations (type, period, due date, état) and the reason
    for a correction; never an officer's internal note, nor another organisation's obligation."""
    from reddition.models import Suivi
    from tests.factories import ObligationFactory

    obligation = ObligationFactory(subvention=dossier, statut="a_corriger")
    Suivi.objects.create(
        obligation=obligation,
        action="soumise",
        par=agent,
        commentaire=NOTE_OBLIGATION,
        interne=True,
    )
    Suivi.objects.create(
        obligation=obligation, action="a_corriger", par=agent, commentaire=MOTIF_CORRECTION
    )
    etrangere = ObligationFactory(subvention__organisme=autre_organisme, type="etats_financiers")
    client.force_login(partenaire)
    fiche = client.get(dossier.get_absolute_url()).content.decode()
    assert "Rapport d&#x27;étape" in fiche and "31 juillet 2026" in fiche
    assert "En retard" in fiche  # due 2026-07-31, still owed
    assert NOTE_OBLIGATION not in fiche and MOTIF_CORRECTION not in fiche
    page = client.get(obligation.get_absolute_url()).content.decode()
    assert MOTIF_CORRECTION in page and NOTE_OBLIGATION not in page
    assert "États financiers" not in fiche + page
    assert client.get(etrangere.get_absolute_url()).status_code == 404


def test_le_partenaire_n_a_ni_tableau_de_bord_ni_sommaire(client, partenaire, organisme):
    """The managers' reports add up every organisation's money: not for a partner, not even
    its own line (its portal shows its own), and no menu entry leads there."""
    subvention = SubventionFactory(organisme=organisme, statut=S.EN_COURS)
    client.force_login(partenaire)
    portail = client.get(reverse("portail:accueil")).content.decode()
    # Its own relevé lives under /rapports/ too: the dashboard link is the exact href.
    assert f'href="{reverse("rapports:tableau_de_bord")}"' not in portail
    urls = (
        reverse("rapports:tableau_de_bord"),
        reverse("rapports:sommaire"),
        # Even the annual report of a programme that funds its own grant.
        reverse("rapports:rapport_annuel", args=[subvention.programme_id]),
    )
    for url in urls:
        reponse = client.get(url, {"programme": "1", "exercice": "2026"})
        assert reponse.status_code == 403
        assert not reponse.has_header("Content-Disposition")


@pytest.mark.parametrize("dossier", list(S), indirect=True, ids=list(S.values))
def test_donnees_ouvertes_sans_rien_d_interne(client, settings, partenaire, dossier):
    """The open data is public once switched on: a file is in it only once approved (nothing
    of an undecided, refused or cancelled one), and never an officer's note, a refusal's
    reason or an envelope override. The staff page itself is not for a partner."""
    settings.DONNEES_OUVERTES_PUBLIQUES = True
    client.force_login(partenaire)
    assert client.get(reverse("echanges:donnees_ouvertes")).status_code == 403
    for fichier in ("montreal.csv", "360giving.csv", "360giving.json"):
        kwargs = {"programme": dossier.programme.code, "exercice": 2026, "fichier": fichier}
        reponse = client.get(reverse("echanges:donnees_ouvertes_publiques", kwargs=kwargs))
        assert reponse.status_code == 200
        contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
        assert (dossier.numero in contenu) == (dossier.statut in DECIDES), fichier
        for interne in (NOTE_INTERNE, DEROGATION, DEROGATION_AVENANT, MOTIF_REFUS):
            assert interne not in contenu, fichier


ACTIVITES_ETRANGERES = "Activités d'un autre organisme"


@pytest.mark.parametrize("dossier", [S.EN_COURS], indirect=True)
def test_rapport_vu_par_le_partenaire(client, partenaire, agent, autre_organisme, dossier):
    """The partner reads its submitted report, its versions, their decision and the comment
    meant for it; never an officer's internal note on acceptance, nor another organisation's
    report, version or attachment."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reddition.services import rapports
    from tests.factories import PDF_MINIMAL, MembreFactory, ObligationFactory

    obligation = ObligationFactory(subvention=dossier, type="rapport_final")
    rapports.rapport_enregistrer(obligation=obligation, par=partenaire, activites="Nos ateliers")
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    rapports.rapport_a_corriger(obligation=obligation, par=agent, commentaire=MOTIF_CORRECTION)
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    rapports.rapport_accepter(
        obligation=obligation, par=agent, commentaire=NOTE_OBLIGATION, interne=True
    )
    etrangere = ObligationFactory(subvention__organisme=autre_organisme, statut="a_venir")
    autre = MembreFactory(organisme=autre_organisme).user
    rapports.rapport_enregistrer(
        obligation=etrangere,
        par=autre,
        activites=ACTIVITES_ETRANGERES,
        pieces_ajoutees=[SimpleUploadedFile("leur.pdf", PDF_MINIMAL)],
    )
    rapports.rapport_soumettre(obligation=etrangere, par=autre)
    client.force_login(partenaire)
    pages = [
        obligation.get_absolute_url(),
        reverse("reddition:rapport", kwargs={"pk": obligation.pk}),
        reverse("reddition:version", kwargs={"pk": obligation.pk, "numero": 1}),
        reverse("reddition:version", kwargs={"pk": obligation.pk, "numero": 2}),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Nos ateliers" in page, url
        assert NOTE_OBLIGATION not in page and ACTIVITES_ETRANGERES not in page, url
    assert MOTIF_CORRECTION in client.get(pages[2]).content.decode()
    # Read-only once accepted: no form.
    assert "<textarea" not in client.get(pages[1]).content.decode()
    piece = etrangere.rapport.pieces.get()
    for url in (
        reverse("reddition:rapport", kwargs={"pk": etrangere.pk}),
        reverse("reddition:version", kwargs={"pk": etrangere.pk, "numero": 1}),
        reverse("reddition:piece", kwargs={"pk": etrangere.pk, "piece": piece.pk}),
        reverse("reddition:piece", kwargs={"pk": obligation.pk, "piece": piece.pk}),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("statut", [S.EN_ANALYSE, S.EN_COURS, S.REFUSEE])
def test_le_partenaire_voit_les_cibles_par_statut_de_ses_services(
    client, partenaire, organisme, autre_organisme, statut
):
    """Funded services and their targets are the organisation's own plan: shown to it whatever
    the grant's status, like the services themselves; never another organisation's."""
    from referentiel.models import StatutImmigration
    from subventions.models import CibleStatut
    from tests.factories import ServiceFinanceFactory

    demandeurs = StatutImmigration.objects.actifs()[3]
    s = SubventionFactory(organisme=organisme, statut=statut)
    ligne = ServiceFinanceFactory(subvention=s, participants_cibles=321)
    CibleStatut.objects.create(service_finance=ligne, statut=demandeurs, participants_cibles=321)
    etrangere = ServiceFinanceFactory(
        subvention=SubventionFactory(organisme=autre_organisme, statut=statut),
        participants_cibles=987,
    )
    CibleStatut.objects.create(
        service_finance=etrangere, statut=demandeurs, participants_cibles=987
    )
    client.force_login(partenaire)
    fiche = client.get(s.get_absolute_url()).content.decode()
    entete = re.search(
        r'<th scope="col" class="nombre">(?:(?!</th>).)*'
        rf'<span class="visuellement-cache">{re.escape(demandeurs.nom)}</span></th>',
        fiche.replace("&#x27;", "'"),
    )
    assert entete is not None
    assert '<td class="nombre">321</td>' in fiche
    # The cell, not the digits: a generated service name may end in 1987.
    assert '<td class="nombre">987</td>' not in fiche
    assert client.get(etrangere.subvention.get_absolute_url()).status_code == 404


def test_messages_du_binam_au_portail(client, partenaire, agent, autre_organisme):
    """The portal home carries the reason for a correction (the BINAM's message), never an
    internal note, nor another organisation's reports or messages."""
    from reddition.models import Suivi
    from tests.factories import ObligationFactory

    s = SubventionFactory(organisme=partenaire.membre.organisme, agent=agent, statut=S.EN_COURS)
    obligation = ObligationFactory(subvention=s, statut="a_corriger")
    Suivi.objects.create(
        obligation=obligation,
        action="soumise",
        par=agent,
        commentaire=NOTE_OBLIGATION,
        interne=True,
    )
    Suivi.objects.create(
        obligation=obligation, action="a_corriger", par=agent, commentaire=MOTIF_CORRECTION
    )
    etrangere = ObligationFactory(subvention__organisme=autre_organisme, statut="a_corriger")
    Suivi.objects.create(
        obligation=etrangere, action="a_corriger", par=agent, commentaire="Motif de l'organisme B"
    )
    client.force_login(partenaire)
    accueil = client.get(reverse("portail:accueil")).content.decode().replace("&#x27;", "'")
    assert MOTIF_CORRECTION in accueil and NOTE_OBLIGATION not in accueil
    assert "Motif de l'organisme B" not in accueil and etrangere.subvention.numero not in accueil
    assert agent.last_name not in accueil


def test_profil_vu_par_le_partenaire(client, partenaire, organisme, autre_organisme, agent):
    """Its own contacts and documents, versions replaced included; nothing of another
    organisation, and not the staff's history page (it names the officers)."""
    from organismes import services
    from tests.factories import ContactFactory, DocumentFactory

    ContactFactory(organisme=organisme, nom="Contact de A")
    ancien = DocumentFactory(organisme=organisme, titre="Assurance A")
    services.document_remplacer(document=ancien, par=agent, fichier=ancien.fichier)
    ContactFactory(organisme=autre_organisme, nom="Contact de B")
    DocumentFactory(organisme=autre_organisme, titre="Assurance B")
    client.force_login(partenaire)
    for url in (reverse("portail:profil"), reverse("organismes:detail", args=[organisme.pk])):
        page = client.get(url).content.decode()
        assert "Contact de A" in page and "Assurance A" in page, url
        assert f"/documents/{ancien.pk}/" in page, url
        assert "Contact de B" not in page and "Assurance B" not in page, url
        assert str(autre_organisme) not in page, url
        assert reverse("organismes:historique", args=[organisme.pk]) not in page, url


def documents_du_partenaire(s):
    """The PDFs a partner may download about its grant, with the text each one gives back."""
    from tests.rapports.lecture import pdf_de, texte

    documents = {
        "fiche": lambda client: texte(
            pdf_de(client.get(reverse("rapports:fiche_subvention", kwargs={"pk": s.pk})))
        ),
        "releve": lambda client: texte(
            pdf_de(client.get(reverse("rapports:releve_organisme", kwargs={"pk": s.organisme_id})))
        ),
    }
    if s.statut in DECIDES:  # the agreement exists once the amount is decided
        documents["convention"] = lambda client: texte(
            pdf_de(client.get(reverse("rapports:convention_subvention", kwargs={"pk": s.pk})))
        )
    return documents


@pytest.mark.parametrize("dossier", list(S), indirect=True, ids=list(S.values))
def test_ce_que_voit_le_partenaire_dans_ses_documents(
    client, partenaire, agent, autre_organisme, dossier
):
    client.force_login(partenaire)
    montant = MONTANT.replace(NBSP, " ")  # a PDF's text layer reads no-break spaces as spaces
    for nom, lire in documents_du_partenaire(dossier).items():
        texte = lire(client)
        assert (montant in texte) == (dossier.statut in DECIDES), nom
        assert dossier.numero in texte, nom
        for secret in (NOTE_INTERNE, DEROGATION, DEROGATION_AVENANT, agent.last_name):
            assert secret not in texte, (nom, secret)
        assert str(autre_organisme) not in texte, nom
        if nom == "fiche":
            assert (MOTIF_REFUS in texte) == (dossier.statut in SANS_SUITE)
            assert (RESOLUTION_AVENANT in texte) == (dossier.statut in DECIDES)


def test_le_partenaire_voit_les_participants_rejoints_de_sa_subvention_seulement(
    client, partenaire, organisme, autre_organisme
):
    """Reached vs target on the grant page comes from the organisation's own accepted reports:
    shown to it on its grant, never another organisation's numbers."""
    from reddition.models import Obligation, Participation, Rapport
    from referentiel.models import StatutImmigration
    from tests.factories import ObligationFactory, ServiceFinanceFactory

    statut = StatutImmigration.objects.actifs().first()
    lignes = []
    for org, nombre in ((organisme, 4321), (autre_organisme, 8765)):
        o = ObligationFactory(subvention__organisme=org, statut=Obligation.Statut.ACCEPTE)
        sf = ServiceFinanceFactory(subvention=o.subvention, participants_cibles=5000)
        r = Rapport.objects.create(obligation=o, statut=Rapport.Statut.ACCEPTE)
        Participation.objects.create(rapport=r, service_finance=sf, statut=statut, nombre=nombre)
        lignes.append(sf)
    client.force_login(partenaire)
    fiche = client.get(lignes[0].subvention.get_absolute_url()).content.decode()
    assert "Participants rejoints et cibles" in fiche
    assert '<td class="nombre">4321</td>' in fiche
    assert "8765" not in fiche
    assert client.get(lignes[1].subvention.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("dossier", list(S), indirect=True, ids=list(S.values))
def test_le_repertoire_public_ne_montre_ni_montant_ni_note(client, partenaire, dossier):
    """The public directory shows the partner's funded service (when its grant is running)
    with nothing private, whatever the grant's status and whoever asks."""
    from django.utils import timezone

    from catalogue.models import ServiceIntegration
    from referentiel.models import Rubrique
    from subventions.models import ServiceFinance

    service = ServiceIntegration.objects.create(
        nom="Service public du partenaire",
        organisme=dossier.organisme,
        rubrique=Rubrique.objects.first(),
    )
    ServiceFinance.objects.create(subvention=dossier, service=service, montant=Decimal("54900"))
    aujourd_hui = timezone.localdate()
    dossier.date_debut = aujourd_hui - datetime.timedelta(days=10)
    dossier.date_fin = aujourd_hui + datetime.timedelta(days=10)
    dossier.save()
    client.force_login(partenaire)
    for url in ("/repertoire/", "/repertoire/services.json", "/repertoire/services.csv"):
        contenu = client.get(url).content.decode("utf-8")
        actif = dossier.statut in (S.CONVENTION_SIGNEE, S.EN_COURS)
        assert ("Service public du partenaire" in contenu) == actif, url
        for interdit in ("54900", "54 900", MONTANT, NOTE_INTERNE, DEROGATION, dossier.numero):
            assert interdit not in contenu, url


def test_le_partenaire_n_importe_rien_et_ne_voit_aucune_importation(client, partenaire):
    client.force_login(partenaire)
    for nom in ("importation_liste", "importation_televerser", "importation_modele"):
        assert client.get(reverse(f"echanges:{nom}")).status_code == 403
    assert "/echanges/importations/" not in client.get(reverse("portail:accueil")).content.decode()


# --- Calls for projects: the committee's decision ----------------------------------------------
def lire(client, url):
    return html.unescape(client.get(url).content.decode())


@pytest.mark.parametrize("decision", ["retenue", "liste_attente", "non_retenue"])
def test_le_partenaire_apprend_la_decision_quand_l_appel_est_decide(
    client, partenaire, organisme, agent, decision
):
    """While the deliberation may still change a decision, the organisation reads its application
    as admissible (page, portal, refusals' reasons); once the call is decided, the decision."""
    from appels.models import AppelDeProjets, Recommandation
    from tests.factories import DemandeFactory, appel_complet

    maintenant = timezone.now()
    appel = appel_complet(
        ouverture=maintenant - datetime.timedelta(days=40),
        cloture=maintenant - datetime.timedelta(days=5),
    )
    demande = DemandeFactory(
        appel=appel, organisme=organisme, etat=decision, titre_projet="Premiers pas"
    )
    Recommandation.objects.create(
        demande=demande, decision=decision, montant_recommande=1000, decide_par=agent
    )
    libelle = demande.get_etat_display()
    pages = [reverse("appels:demande", args=[demande.pk]), reverse("portail:accueil")]
    client.force_login(partenaire)
    for url in pages:
        texte = lire(client, url)
        assert libelle not in texte, url
        assert "Recevable" in texte, url
    modifier = client.get(reverse("appels:demande_modifier", args=[demande.pk]))
    assert libelle.lower() not in html.unescape(modifier.content.decode())
    client.force_login(agent)
    assert libelle in lire(client, pages[0])

    AppelDeProjets.objects.filter(pk=appel.pk).update(etat=AppelDeProjets.Etat.DECIDE)
    client.force_login(partenaire)
    for url in pages:
        texte = lire(client, url)
        assert libelle in texte, url
        # Retaining a waitlisted application is the staff's step: never offered to the partner.
        assert "/retenir/" not in texte, url
    client.force_login(agent)
    assert ("/retenir/" in lire(client, pages[0])) is (decision == "liste_attente")
