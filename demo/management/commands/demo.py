import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from demo.appels import creer_appels
from demo.avenants import creer_avenants, creer_retenue
from demo.comptes import creer_comptes, description_comptes, rattacher_partenaires
from demo.inscriptions import creer_organisme_a_verifier
from demo.organismes import creer_organismes, creer_services
from demo.reddition import (
    creer_obligations,
    creer_participations_acceptees,
    creer_rapports,
    liberer_versements_des_rapports_acceptes,
    organismes_du_portail,
)
from demo.subventions import creer_programmes, creer_subventions
from demo.versements import creer_versements

EN_MEMOIRE = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent: une deuxième exécution ne change rien)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--subventions",
            type=int,
            default=120,
            help="Nombre de subventions (120 par défaut; plus pour les bancs d'essai).",
        )
        parser.add_argument("--organismes", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026, help="Graine du générateur.")

    def handle(self, *args, subventions, organismes, seed, **options):
        if not settings.DEMO_AUTORISEE:
            raise CommandError(
                "Données de démonstration refusées ici: elles créent des comptes au mot de passe "
                "public. (DEMO_AUTORISEE=True pour un poste de démonstration.)"
            )
        # The demo reports go through the services, which notify by email once the transaction
        # commits: those notices stay in memory rather than reach the console or a mail server.
        with override_settings(EMAIL_BACKEND=EN_MEMOIRE), transaction.atomic():
            creees = self._creer(subventions, organismes, seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration prêtes ({creees} nouvelle(s) subvention(s))."
            )
        )
        self.stdout.write(description_comptes())

    def _creer(self, subventions, organismes, seed):
        # One generator per step: what an earlier step skips (already there) must not shift
        # the draws of the next one, or a rerun would create different data.
        orgs = creer_organismes(random.Random(seed), max(organismes, 2))
        services = creer_services(random.Random(seed + 1), orgs, max(60, len(orgs)))
        programmes = creer_programmes()
        utilisateurs = creer_comptes()
        creees = creer_subventions(
            random.Random(seed + 2), subventions, orgs, services, programmes, utilisateurs
        )
        # The partners belong to organisations with a grant under way: the portal then has
        # reports to write, instalments and obligations to show.
        rattacher_partenaires(utilisateurs, organismes_du_portail(orgs))
        creer_versements(utilisateurs)
        creer_obligations(random.Random(seed + 3))
        liberer_versements_des_rapports_acceptes()
        creer_retenue(utilisateurs)
        creer_avenants(utilisateurs)
        creer_rapports(
            random.Random(seed + 4), [utilisateurs["partenaire"], utilisateurs["partenaire2"]]
        )
        # After the partners' own reports: those are made only where none exists yet.
        creer_participations_acceptees(random.Random(seed + 5))
        appels = creer_appels(utilisateurs, programmes, random.Random(seed + 6))
        creer_organisme_a_verifier(utilisateurs, appels)
        return creees
