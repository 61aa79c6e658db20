"""`manage.py verifier_exercices`: lists each grant × exercice where the schedule disagrees with
the répartition (Σ instalments ≠ part, or paid above the part), in words an officer can act on.
Exit status 1 when something is wrong (for a deployment check or cron), 0 otherwise."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from noyau.formats import format_money
from versements.verification import ecarts_par_exercice


def a_faire(ecart) -> str:
    """What the officer does about it, in one sentence."""
    valeurs = {
        "exercice": ecart.exercice,
        "paye": format_money(ecart.paye),
        "ecart": format_money(abs(ecart.part - ecart.prevu)),
        "exces": format_money(ecart.paye - ecart.part),
    }
    if ecart.trop_paye:
        return (
            _(
                "Le versé dépasse la part de %(exces)s : un avenant doit porter la part de "
                "l'exercice %(exercice)s à au moins %(paye)s (en réduisant un autre exercice), "
                "sinon le trop-payé est à régulariser avec le Service des finances."
            )
            % valeurs
        )
    if ecart.prevu < ecart.part:
        return (
            _(
                "Il manque %(ecart)s à l'échéancier de cet exercice : ajoutez un versement daté "
                "de %(exercice)s (Modifier l'échéancier), ou réduisez la part par un avenant."
            )
            % valeurs
        )
    return (
        _(
            "L'échéancier de cet exercice dépasse la part de %(ecart)s : réduisez ou retirez un "
            "versement non payé de %(exercice)s, ou augmentez la part par un avenant."
        )
        % valeurs
    )


class Command(BaseCommand):
    help = _(
        "Vérifie que, pour chaque subvention et chaque exercice, les versements totalisent la "
        "part de la répartition et que le versé ne la dépasse pas."
    )

    def handle(self, *args, **options):
        ecarts = ecarts_par_exercice()
        if not ecarts:
            self.stdout.write(
                _("Tout concorde : chaque exercice de chaque subvention a ses versements.")
            )
            return
        for ecart in ecarts:
            self.stdout.write(
                _(
                    "%(numero)s, exercice %(exercice)s : part %(part)s, versements prévus "
                    "%(prevu)s, payé %(paye)s. %(a_faire)s"
                )
                % {
                    "numero": ecart.numero,
                    "exercice": ecart.exercice,
                    "part": format_money(ecart.part),
                    "prevu": format_money(ecart.prevu),
                    "paye": format_money(ecart.paye),
                    "a_faire": a_faire(ecart),
                }
            )
        self.stdout.write(_("%(nombre)s écart(s) à corriger.") % {"nombre": len(ecarts)})
        sys.exit(1)
