"""The demo data as the page-by-page tests use it: a small `manage.py demo` and the ids that fill
the page lists' placeholders ({sub}, {org}, {analyse}…)."""

from appels.models import AppelDeProjets, Demande
from catalogue.models import ServiceIntegration
from noyau.champs import exercice_courant
from organismes.models import Document, Organisme
from reddition.models import Obligation, Rapport
from subventions.models import Programme, Subvention
from tests.factories import UserFactory
from tests.instantane import charger_demo
from versements.models import Versement


def demo_et_lecteur() -> int:
    """The lists' demo (25 grants, 6 organisations), loaded once per run (tests/instantane.py),
    and a manager who reads it; returns the manager's id."""
    charger_demo("--subventions", "25", "--organismes", "6")
    return UserFactory(username="lecteur", roles=["gestionnaire"]).pk


def charger_la_demo(*, subventions, organismes) -> dict:
    charger_demo("--subventions", str(subventions), "--organismes", str(organismes))
    partenaire_org = Organisme.objects.get(membres__user__username="partenaire")
    accepte = Rapport.objects.filter(
        statut="accepte",
        obligation__subvention__organisme=partenaire_org,
        versions__isnull=False,
    ).first()
    grants = Subvention.objects.all()
    return {
        # The open call (public pages) and the closed one (its committee, staff pages).
        "appel": AppelDeProjets.objects.dans_l_etat("ouvert").first().pk,
        "appel_ferme": AppelDeProjets.objects.dans_l_etat("ferme").first().pk,
        # The évaluateur's pages: an application it scored, one it has not declared on yet.
        "demande_evaluee": Demande.objects.filter(
            evaluations__evaluateur__username="evaluateur", evaluations__soumise_le__isnull=False
        )
        .values_list("pk", flat=True)
        .first(),  # None (a 404) in a demo too small for the committee's scores
        # Admissible, decided or not (the demo's committee decides them all).
        "demande_a_declarer": Demande.objects.filter(
            etat__in=["recevable", "retenue", "liste_attente", "non_retenue"]
        )
        .exclude(conflits__evaluateur__username="evaluateur")
        .values_list("pk", flat=True)
        .first(),
        # The partner's applications: submitted on the closed call, a draft on the open one.
        "demande_soumise": Demande.objects.get(organisme=partenaire_org, etat="soumise").pk,
        "demande_brouillon": Demande.objects.get(organisme=partenaire_org, etat="brouillon").pk,
        "org": partenaire_org.pk,
        # Registered online, not yet verified (demo/inscriptions.py).
        "org_a_verifier": Organisme.objects.get(membres__user__username="inscrit").pk,
        "doc": Document.objects.filter(organisme=partenaire_org).courants().first().pk,
        "contact": partenaire_org.contacts.first().pk,
        "sub": grants.filter(organisme=partenaire_org).first().pk,
        "recommandee": grants.filter(statut="recommandee").first().pk,
        "analyse": grants.filter(agent__username="agent", statut="en_analyse").first().pk,
        "programme": Programme.objects.first().pk,
        "exercice": exercice_courant(),
        "a_amender": grants.filter(statut__in=["convention_signee", "en_cours"])
        .exclude(agent__username="gestionnaire")
        .first()
        .pk,
        "service": ServiceIntegration.objects.first().pk,
        "approuvee": grants.filter(agent__username="agent", statut="approuvee").first().pk,
        "signee": grants.filter(versements__isnull=False).first().pk,
        "a_retenir": Versement.objects.filter(statut__in=["prevu", "autorise"]).first().pk,
        # The partner's grant with an accepted report: reached vs target on its page, and the
        # review of that report.
        "rapportee": accepte.obligation.subvention_id,
        "acceptee": accepte.obligation_id,
        # An obligation the partner has yet to report on: the report form.
        "a_rediger": Obligation.objects.filter(
            subvention__organisme=partenaire_org, statut__in=Obligation.STATUTS_DUS
        )
        .first()
        .pk,
    }
