"""A demo grant's dates, in lifecycle order and consistent with today.

réception ≤ recommandation ≤ décision ≤ signature ≤ début ≤ fin ≤ fin constatée ≤ fermeture;
no step lies in the future, the project runs within the exercices that have an envelope, and,
when it can, the file was opened in the year of its number and its status is today's (a grant
"en cours" has started and not ended).
"""

import datetime

from subventions.models import Subvention

S = Subvention.Statut
# An agreement is often signed, or a project started, after the planned start date: these
# statuses say nothing of today (and a start always after today would fill the last exercice).
RETROACTIFS = (S.APPROUVEE, S.CONVENTION_SIGNEE)


def ajouter_mois(date, mois):
    """The first day of the month `mois` months after `date`'s month."""
    annee, m = divmod(date.month - 1 + mois, 12)
    return datetime.date(date.year + annee, m + 1, 1)


def _jours(date, n):
    return date + datetime.timedelta(days=n)


def _etapes(debut, duree, ecarts):
    """Each status of the lifecycle → the day the grant reached it, for one start and length."""
    signature = _jours(debut, -ecarts["signature"])
    decision = _jours(signature, -ecarts["decision"])
    recommandation = _jours(decision, -ecarts["recommandation"])
    reception = _jours(recommandation, -ecarts["analyse"])
    fin = ajouter_mois(debut, duree) - datetime.timedelta(days=1)
    terminee = _jours(fin, ecarts["bilan"])
    return {
        S.EN_ANALYSE: reception,
        S.RECOMMANDEE: recommandation,
        S.APPROUVEE: decision,
        S.CONVENTION_SIGNEE: signature,
        S.EN_COURS: debut,
        S.TERMINEE: terminee,
        S.FERMEE: _jours(terminee, ecarts["fermeture"]),
    }


def _suivante(chemin, etapes):
    """The day of the step the grant has not reached yet (None once it is over)."""
    ordre = list(etapes)
    dernier = chemin[-1]
    if dernier not in ordre or dernier == ordre[-1]:
        return None
    return etapes[ordre[ordre.index(dernier) + 1]]


def calendrier(rng, chemin, annee, aujourd_hui, exercices):
    """Chooses the start, length and step dates of a grant whose statuses are `chemin`.

    Returns (debut, fin, {statut: date}) where the dates of a refusal or a cancellation come
    after the step before it."""
    ecarts = {
        "analyse": rng.randrange(20, 45),
        "recommandation": rng.randrange(10, 30),
        "decision": rng.randrange(7, 25),
        "signature": rng.randrange(5, 30),
        "bilan": rng.randrange(0, 20),
        "fermeture": rng.randrange(20, 60),
        "arret": rng.randrange(5, 40),
    }
    candidats = []
    debut = datetime.date(exercices[0], 1, 1)
    while debut.year <= exercices[-1]:
        for duree in (12, 24):
            etapes = _etapes(debut, duree, ecarts)
            fin = etapes[S.TERMINEE] - datetime.timedelta(days=ecarts["bilan"])
            dates = _dates_du_chemin(chemin, etapes, ecarts)
            if fin.year > exercices[-1] or max(dates.values()) > aujourd_hui:
                continue
            suivante = _suivante(chemin, etapes)
            # Preferences in order: opened in its number's year (a mismatch shows more than a
            # file that waited long in its status), then today's status.
            rang = (
                etapes[S.EN_ANALYSE].year == annee,
                suivante is None or suivante > aujourd_hui or chemin[-1] in RETROACTIFS,
            )
            candidats.append((rang, debut, fin, dates))
        debut = ajouter_mois(debut, 1)
    if not candidats:  # a clock before the demo's exercices: the earliest possible dates
        debut = datetime.date(exercices[0], 1, 1)
        etapes = _etapes(debut, 12, ecarts)
        return (
            debut,
            ajouter_mois(debut, 12) - datetime.timedelta(days=1),
            _dates_du_chemin(chemin, etapes, ecarts),
        )
    meilleur = max(c[0] for c in candidats)
    retenus = [c for c in candidats if c[0] == meilleur]  # by start date
    # The earlier half: later starts would load the last exercice beyond its envelopes.
    _rang, debut, fin, dates = rng.choice(retenus[: (len(retenus) + 1) // 2])
    return debut, fin, dates


def _dates_du_chemin(chemin, etapes, ecarts):
    dates = {}
    for statut in chemin:
        if statut in etapes:
            dates[statut] = etapes[statut]
        else:  # refusée or annulée: after the step before, before the one never reached
            avant = dates[chemin[-2]]
            jamais = _suivante(chemin[:-1], etapes)
            dates[statut] = min(_jours(avant, ecarts["arret"]), max(avant, _jours(jamais, -1)))
    return dates
