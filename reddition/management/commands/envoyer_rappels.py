"""Daily reminders (reddition.services.rappels): `manage.py envoyer_rappels [--dry-run]`, run
by cron."""

from django.core.management.base import BaseCommand, CommandError

from reddition.services.rappels import rappels_envoyer


class Command(BaseCommand):
    help = "Envoie les rappels d'obligations à échéance ou en retard et de documents à expiration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche les rappels qui seraient envoyés, sans rien envoyer ni enregistrer.",
        )

    def handle(self, *args, dry_run=False, **options):
        def afficher(rappel):
            self.stdout.write(
                f"[{rappel.type}] {rappel.cle} → {', '.join(rappel.destinataires)}\n"
                f"  {rappel.sujet}"
            )

        bilan = rappels_envoyer(simulation=dry_run, afficher=afficher)
        verbe = "à envoyer" if dry_run else "envoyés"
        self.stdout.write(
            f"Rappels {verbe} : {bilan.envoyes}; sans destinataire : {bilan.ignores}; "
            f"échecs : {bilan.echecs}"
        )
        if bilan.echecs:
            # Non-zero exit so that cron/systemd report it; the failed ones retry tomorrow.
            raise CommandError(f"{bilan.echecs} rappel(s) non envoyé(s); voir le journal.")
