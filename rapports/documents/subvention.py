"""What the grant documents (fiche, convention) read about one grant, each piece only where the
reader may see it (the same rules as the grant's page)."""

from dataclasses import dataclass, field

from noyau.permissions import peut
from reddition.selectors import obligations_de_subvention
from subventions.permissions import ce_que_voit
from subventions.tables import montant_non_decide
from versements import selectors as versements_selectors


@dataclass
class DossierSubvention:
    subvention: object
    voit: dict
    montant: object  # Decimal, or the words that stand for an amount not decided
    repartitions: list = field(default_factory=list)
    services: list = field(default_factory=list)
    avenants: list = field(default_factory=list)
    versements: list | None = None
    verse: object = None
    obligations: list | None = None
    transitions: list = field(default_factory=list)


def dossier_subvention(*, user, subvention) -> DossierSubvention:
    voit = ce_que_voit(user, subvention)
    s = subvention
    dossier = DossierSubvention(
        subvention=s,
        voit=voit,
        montant=s.montant_accorde if voit["montant_accorde"] else montant_non_decide(s),
        services=list(s.services_finances.select_related("service__rubrique").order_by("pk")),
    )
    if voit["montant_accorde"]:
        dossier.repartitions = list(s.repartitions.order_by("exercice"))
    if voit["avenants"]:
        dossier.avenants = list(s.avenants.order_by("rang"))
    if peut(user, "versements.voir_echeancier", s):
        dossier.versements = versements_selectors.echeancier(subvention=s)
        dossier.verse = versements_selectors.total_verse_subvention(subvention=s)
    if peut(user, "reddition.voir_obligations", s):
        dossier.obligations = obligations_de_subvention(user=user, subvention=s)
    transitions = list(s.transitions.select_related("par"))
    for t in transitions:
        t.commentaire_visible = bool(t.commentaire) and peut(
            user, "subventions.voir_commentaire_etape", t
        )
    dossier.transitions = transitions
    return dossier
