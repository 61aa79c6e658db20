"""`python manage.py importer FICHIER [--dry-run] --par IDENTIFIANT`: imports organisations and
grants from an xlsx or csv file; exits non-zero, naming each bad row, when anything is wrong
(and then writes nothing)."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from echanges.importation.lecture import FichierRefuse
from echanges.importation.services import importation_executer
from echanges.models import Importation
from noyau.permissions import peut


class Barre:
    """A progress bar on stderr when it is a terminal (a line per quarter otherwise)."""

    def __init__(self, flux, largeur=30):
        self.flux, self.largeur = flux, largeur
        self.tty = hasattr(flux, "isatty") and flux.isatty()
        self.dernier = -1

    def __call__(self, fait, total):
        part = fait / total if total else 1
        if self.tty:
            plein = int(part * self.largeur)
            self.flux.write(f"\r[{'#' * plein}{'.' * (self.largeur - plein)}] {part:4.0%}")
            if fait >= total:
                self.flux.write("\n")
        elif int(part * 4) > self.dernier:
            self.dernier = int(part * 4)
            self.flux.write(f"Progression: {part:.0%}\n")
        self.flux.flush()


class Command(BaseCommand):
    help = "Importe des organismes et des subventions d'un classeur .xlsx ou d'un fichier .csv."

    def add_arguments(self, parser):
        parser.add_argument("fichier")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie et résume, sans rien enregistrer."
        )
        parser.add_argument(
            "--par",
            required=True,
            help="Identifiant de l'agent ou du gestionnaire au nom de qui importer.",
        )

    def handle(self, *args, fichier, dry_run, par, **options):
        utilisateur = get_user_model().objects.filter(username=par, is_active=True).first()
        if utilisateur is None or not peut(utilisateur, "echanges.importer"):
            raise CommandError(f"« {par} » n'est pas un agent ni un gestionnaire actif.")
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable: {fichier}")
        debut = time.monotonic()
        self.stderr.write(f"Lecture de {chemin.name}…")
        try:
            with chemin.open("rb") as f:
                importation, plan = importation_executer(
                    fichier=f,
                    nom=chemin.name,
                    par=utilisateur,
                    essai=dry_run,
                    source=Importation.Source.COMMANDE,
                    progression=Barre(self.stderr._out),
                )
        except FichierRefuse as exc:
            raise CommandError(str(exc)) from None
        duree = time.monotonic() - debut
        if plan.erreurs:
            for e in plan.erreurs:
                self.stderr.write(f"Ligne {e.ligne}, colonne « {e.colonne} »: {e.message}")
            raise CommandError(
                f"{len(plan.erreurs)} erreur(s) dans {len({e.ligne for e in plan.erreurs})} "
                f"ligne(s): rien n'a été importé (importation n° {importation.pk})."
            )
        verbe = "seraient" if dry_run else "ont été"
        self.stdout.write(
            f"{plan.nb_lignes} lignes lues en {duree:.1f} s. "
            f"Organismes: {len(plan.organismes_crees)} {verbe} créés, "
            f"{len(plan.organismes_modifies)} modifiés. "
            f"Subventions: {len(plan.creees)} {verbe} créées, {len(plan.modifiees)} modifiées, "
            f"{plan.inchangees} inchangées."
        )
        if dry_run:
            self.stdout.write("Essai à blanc: rien n'a été enregistré.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Importation n° {importation.pk} terminée."))
