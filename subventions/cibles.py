"""Targets per immigration status on a funded service line: the rule and its one writer.

A line may carry only its total (`ServiceFinance.participants_cibles`). When it carries targets
per status, the total is their sum: `avec_total` recomputes it from the targets, whatever total
was typed, and `cibles_remplacer` is the only code that writes the rows.

A target is allowed only for a status the catalogue service aims at (`statuts_vises`): a target
for people the service does not serve would be compared, in the report review, with a reach the
service never planned, and the public directory lists the service under its statuses only."""

from django.utils.translation import gettext as _

from noyau.validators import PARTICIPANTS_MAX

from .models import CibleStatut, ServiceFinance


def avec_total(ligne: dict) -> dict:
    """The line with its total recomputed from its targets per status (unchanged without)."""
    cibles = ligne.get("cibles") or {}
    if not cibles:
        return ligne
    return {**ligne, "participants_cibles": sum(cibles.values())}


def statuts_hors_service(service, statuts) -> list:
    """The given statuses the catalogue service does not aim at (in the given order)."""
    vises = {s.pk for s in service.statuts_vises.all()}
    return [s for s in statuts if s.pk not in vises]


def erreurs_cibles(services_finances) -> list[str]:
    """French messages for the lines whose targets per status break the rule."""
    erreurs = []
    for ligne in services_finances:
        cibles = ligne.get("cibles") or {}
        service = ligne["service"]
        if not cibles:
            if ligne.get("participants_cibles") is None:
                erreurs.append(
                    _("Indiquez les participants visés par le service « %(service)s ».")
                    % {"service": service}
                )
            continue
        hors = statuts_hors_service(service, cibles)
        if hors:
            erreurs.append(
                _(
                    "Le service « %(service)s » ne vise pas ces statuts : %(statuts)s. Retirez "
                    "leurs cibles, ou ajoutez ces statuts au service dans le catalogue."
                )
                % {"service": service, "statuts": ", ".join(str(s) for s in hors)}
            )
        if any(n < 0 or n > PARTICIPANTS_MAX for n in cibles.values()):
            erreurs.append(
                _("Les cibles du service « %(service)s » vont de 0 à %(max)s participants.")
                % {"service": service, "max": PARTICIPANTS_MAX}
            )
        elif sum(cibles.values()) > PARTICIPANTS_MAX:
            erreurs.append(
                _("Les cibles du service « %(service)s » totalisent plus de %(max)s participants.")
                % {"service": service, "max": PARTICIPANTS_MAX}
            )
    return erreurs


def cibles_remplacer(*, service_finance, cibles: dict) -> None:
    """Brings the line's targets per status to `cibles` ({StatutImmigration: int}); history
    keeps the earlier rows. Call inside the grant's transaction, after validation."""
    voulues = {statut.pk: (statut, n) for statut, n in cibles.items()}
    for cible in service_finance.cibles.all():
        statut_n = voulues.pop(cible.statut_id, None)
        if statut_n is None:
            cible.delete()
        elif cible.participants_cibles != statut_n[1]:
            cible.participants_cibles = statut_n[1]
            cible.full_clean()
            cible.save()
    for statut, n in voulues.values():
        cible = CibleStatut(service_finance=service_finance, statut=statut, participants_cibles=n)
        cible.full_clean()
        cible.save()


def services_finances_remplacer(*, subvention, lignes) -> None:
    """Brings the grant's funded service lines, and their targets per status, to `lignes`
    (validated dicts: service, participants_cibles, montant, cibles); a line's total is
    recomputed from its targets per status, never taken as typed. History keeps the earlier
    rows."""
    voulus = {sf["service"].pk: avec_total(sf) for sf in lignes}
    for ligne in subvention.services_finances.prefetch_related("cibles"):
        sf = voulus.pop(ligne.service_id, None)
        if sf is None:
            ligne.delete()
            continue
        if (ligne.participants_cibles, ligne.montant) != (sf["participants_cibles"], sf["montant"]):
            ligne.participants_cibles = sf["participants_cibles"]
            ligne.montant = sf["montant"]
            ligne.save()
        cibles_remplacer(service_finance=ligne, cibles=sf.get("cibles") or {})
    for sf in voulus.values():
        ligne = ServiceFinance(
            subvention=subvention,
            service=sf["service"],
            participants_cibles=sf["participants_cibles"],
            montant=sf["montant"],
        )
        ligne.save()
        cibles_remplacer(service_finance=ligne, cibles=sf.get("cibles") or {})
