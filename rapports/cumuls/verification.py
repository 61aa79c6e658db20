"""The running totals against the live figures: the one comparison `manage.py cumuls` and the
tests make (tests/rapports/test_cumuls*.py)."""

from rapports.selectors import tableau_de_bord


def filtres_en_ecart(user, filtres) -> list:
    """The filters among `filtres` for which the dashboard read from the running totals differs
    from the dashboard computed live. The caller has folded the pending grants in."""
    return [
        f
        for f in filtres
        if tableau_de_bord(user=user, filtres=f, cumuls=True)
        != tableau_de_bord(user=user, filtres=f)
    ]
