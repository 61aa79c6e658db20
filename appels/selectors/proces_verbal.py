"""What the committee's minutes (procès-verbal) record of a call: its committee with the
conflicts each member declared, its grid, the ranking and the decisions' totals.

Every figure comes from the selectors the ranking page and its workbook read (`classement`,
`avancement_comite`, `decisions`): the three documents cannot disagree."""

from .comite import avancement_comite, classement, decisions


def proces_verbal(*, appel) -> dict:
    """The minutes' content. A fixed number of queries whatever the number of applications:
    the ranking (two), the committee's progress (four), the grid (one)."""
    lignes = classement(appel=appel)
    comite = avancement_comite(appel=appel)
    # Who abstained on which application, in the ranking's order.
    rangs = {ligne.demande.pk: ligne.rang for ligne in lignes}
    abstentions = sorted(
        (
            (rangs.get(demande.pk), demande, membre["membre"].user)
            for membre in comite
            for demande in membre["conflits"]
        ),
        key=lambda a: (a[0] is None, a[0] or 0, a[2].last_name, a[2].first_name, a[2].pk),
    )
    par_decision = decisions(lignes)
    retenu = par_decision["retenue"]["montant"]
    return {
        "appel": appel,
        "comite": comite,
        "abstentions": abstentions,
        "criteres": list(appel.criteres.all()),
        "lignes": lignes,
        "decisions": par_decision,
        "retenu": retenu,
        "solde": appel.budget - retenu,
    }
