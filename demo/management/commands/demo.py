import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.avenants import creer_avenants, creer_retenue
from demo.comptes import creer_comptes, description_comptes
from demo.organismes import creer_organismes, creer_services
from demo.portail import renvoyer_un_rapport
from demo.reddition import creer_obligations, liberer_versements_des_rapports_acceptes
from demo.subventions import creer_programmes, creer_subventions
from demo.versements import creer_versements


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

    @transaction.atomic
    def handle(self, *args, subventions, organismes, seed, **options):
        if not settings.DEMO_AUTORISEE:
            raise CommandError(
                "Données de démonstration refusées ici: elles créent des comptes au mot de passe "
                "public. (DEMO_AUTORISEE=True pour un poste de démonstration.)"
            )
        # One generator per step: what an earlier step skips (already there) must not shift
        # the draws of the next one, or a rerun would create different data.
        orgs = creer_organismes(random.Random(seed), max(organismes, 2))
        services = creer_services(random.Random(seed + 1), orgs, max(60, len(orgs)))
        programmes = creer_programmes()
        utilisateurs = creer_comptes(orgs[:2])
        creees = creer_subventions(
            random.Random(seed + 2), subventions, orgs, services, programmes, utilisateurs
        )
        creer_versements(utilisateurs)
        creer_obligations(random.Random(seed + 3))
        liberer_versements_des_rapports_acceptes()
        creer_retenue(utilisateurs)
        creer_avenants(utilisateurs)
        renvoyer_un_rapport(orgs[:2])
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration prêtes ({creees} nouvelle(s) subvention(s))."
            )
        )
        self.stdout.write(description_comptes())
