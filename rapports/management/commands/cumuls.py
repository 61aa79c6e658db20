"""`manage.py cumuls`: checks that the dashboard's running totals (rapports.cumuls) equal the
live figures for every programme × exercice filter, read as a user who sees every grant; exit
status 1 when one differs (for a deployment check or cron). `--reconstruire` works them out
again from nothing first."""

import itertools
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from noyau.requetes import filtre_quelque_chose
from rapports import selectors
from rapports.cumuls.services import cumuls_mettre_a_jour, cumuls_reconstruire
from rapports.cumuls.verification import filtres_en_ecart
from subventions.models import Programme, Repartition
from subventions.selectors import subventions_visibles


def lecteur():
    """An active user who may read the dashboard and sees every grant."""
    for user in get_user_model().objects.filter(is_active=True).order_by("pk").iterator():
        if selectors.peut_voir(user) and not filtre_quelque_chose(subventions_visibles(user=user)):
            return user
    return None


def tous_les_filtres():
    programmes = [None, *Programme.objects.order_by("pk")]
    exercices = [None, *sorted(set(Repartition.objects.values_list("exercice", flat=True)))]
    return [
        selectors.Filtres(programme=p, exercice=e)
        for p, e in itertools.product(programmes, exercices)
    ]


class Command(BaseCommand):
    help = _("Vérifie les cumuls du tableau de bord contre les chiffres calculés en direct.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--reconstruire",
            action="store_true",
            help=_("Recalcule d'abord tous les cumuls à partir des subventions."),
        )

    def handle(self, *args, reconstruire=False, **options):
        user = lecteur()
        if user is None:
            raise CommandError(_("Aucun compte actif ne peut lire tout le tableau de bord."))
        if reconstruire:
            debut = time.perf_counter()
            nombre = cumuls_reconstruire()
            self.stdout.write(
                _("%(n)s subventions recomptées en %(s)s s.")
                % {"n": nombre, "s": number_format(time.perf_counter() - debut, 1)}
            )
        cumuls_mettre_a_jour()
        filtres = tous_les_filtres()
        ecarts = filtres_en_ecart(user, filtres)
        for f in ecarts:
            self.stdout.write(
                _("Écart : programme %(p)s, exercice %(e)s.")
                % {"p": f.programme or _("tous"), "e": f.exercice or _("tous")}
            )
        if ecarts:
            self.stdout.write(
                _("%(n)s filtres sur %(t)s diffèrent : lancez « cumuls --reconstruire ».")
                % {"n": len(ecarts), "t": len(filtres)}
            )
            sys.exit(1)
        self.stdout.write(
            _("Cumuls égaux aux chiffres en direct pour les %(t)s filtres.") % {"t": len(filtres)}
        )
