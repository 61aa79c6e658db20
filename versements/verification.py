"""Where a grant's schedule and its répartition disagree, exercice by exercice (domain.md,
"Invariants"): Σ instalments not cancelled of an exercice ≠ its part, or paid of an exercice
above its part. Read by `manage.py verifier_exercices` for every grant (sums taken in the
database) and by the grant page's schedule for its own (`ecarts_de_la_subvention`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from subventions.models import Repartition, Subvention

from .models import Versement

V = Versement.Statut
ZERO = Decimal("0")


@dataclass(frozen=True)
class Ecart:
    numero: str
    exercice: int
    part: Decimal
    prevu: Decimal  # Σ instalments of the exercice, not cancelled
    paye: Decimal

    @property
    def trop_paye(self) -> bool:
        return self.paye > self.part

    @property
    def anormal(self) -> bool:
        return self.prevu != self.part or self.trop_paye

    @property
    def manque(self) -> Decimal:
        return self.part - self.prevu


def ecarts_par_exercice(*, versements=None) -> list[Ecart]:
    """Every grant × exercice where the instalments (not cancelled) do not sum to the part, or
    where paid exceeds it; grants with a schedule only, by number then exercice. `versements`:
    the instalments to look at (every one by default; a grant's own for its page)."""
    versements = Versement.objects.all() if versements is None else versements
    sommes = (
        versements.order_by()
        .values("subvention", "exercice")
        .annotate(
            prevu=Sum("montant", filter=~Q(statut=V.ANNULE), default=ZERO),
            paye=Sum("montant", filter=Q(statut=V.PAYE), default=ZERO),
        )
    )
    par_cle = {(s["subvention"], s["exercice"]): s for s in sommes}
    avec_echeancier = {subvention for subvention, _exercice in par_cle}
    parts = {
        (r["subvention"], r["exercice"]): r["montant"]
        for r in Repartition.objects.order_by()
        .filter(subvention__in=avec_echeancier)
        .values("subvention", "exercice", "montant")
    }
    numeros = dict(Subvention.objects.filter(pk__in=avec_echeancier).values_list("pk", "numero"))
    ecarts = []
    for cle in set(par_cle) | set(parts):
        somme = par_cle.get(cle, {})
        ecart = Ecart(
            numero=numeros[cle[0]],
            exercice=cle[1],
            part=parts.get(cle, ZERO),
            prevu=somme.get("prevu", ZERO),
            paye=somme.get("paye", ZERO),
        )
        if ecart.anormal:
            ecarts.append(ecart)
    return sorted(ecarts, key=lambda e: (e.numero, e.exercice))


def ecarts_de_la_subvention(subvention) -> list[Ecart]:
    """The same check for one grant: after an instalment is cancelled, its exercice stays short
    of its part until the schedule is edited or an amendment lowers the part. Nothing before the
    schedule exists."""
    return ecarts_par_exercice(versements=subvention.versements.all())
