"""The running totals read for the dashboard's filters, in the shapes of the live queries they
stand for (rapports.selectors). Four queries. The caller has folded the pending grants in
(services.cumuls_a_jour): reading writes nothing."""

from decimal import Decimal

from django.db.models import F as Champ
from django.db.models import Min, Sum, Window
from django.db.models.functions import Rank

from organismes.models import nom_affiche
from subventions.models import Subvention

from ..models import ARGENT, TOUS_LES_EXERCICES, TOUS_LES_PROGRAMMES, Cumul

F = Cumul.Figure


def _valeur(figure, valeur):
    return _montant(valeur) if figure in ARGENT else valeur


def _montant(cents):
    return Decimal(cents).scaleb(-2)


class Sommes:
    def __init__(self, filtres):
        self.filtres = filtres
        lignes = Cumul.objects.filter(exercice=filtres.exercice or TOUS_LES_EXERCICES)
        argent = Cumul.objects.filter(figure__in=(F.PART, F.VERSE))
        if filtres.exercice is None:
            argent = argent.exclude(exercice=TOUS_LES_EXERCICES)
        else:
            argent = argent.filter(exercice=filtres.exercice)
        programme = TOUS_LES_PROGRAMMES
        if filtres.programme is not None:
            programme = filtres.programme.pk
            lignes = lignes.filter(programme=programme)
            argent = argent.filter(programme=programme)
        self._organismes = Cumul.objects.filter(
            figure=F.ENGAGE_ORGANISME,
            exercice=filtres.exercice or TOUS_LES_EXERCICES,
            programme=programme,
        )
        self._lignes = list(
            # Named rather than excluded: the index then reads these figures' rows alone.
            lignes.filter(figure__in=(F.DEMANDE, F.MONTANT, F.PART, F.REJOINTS, F.VISES))
            .values("figure", "statut", "organisme", "rubrique", "statut_immigration")
            .annotate(v=Sum("valeur"), n=Sum("lignes"))
            .order_by()
            .values_list(
                "figure", "statut", "organisme", "rubrique", "statut_immigration", "v", "n"
            )
        )
        self._argent = list(
            argent.values("figure", "programme", "exercice", "statut")
            .annotate(v=Sum("valeur"))
            .order_by()
            .values_list("figure", "programme", "exercice", "statut", "v")
        )

    def par_statut(self) -> dict:
        """As subventions.selectors' per-status rows: {statut: {nombre, demande, montant(,
        part)}}. Each grant adds one contribution to each figure of its status: the number of
        grants is the number of contributions."""
        champs = {F.DEMANDE: "demande", F.MONTANT: "montant", F.PART: "part"}
        resultat = {}
        for figure, statut, _o, _r, _s, v, n in self._lignes:
            if figure in champs:
                ligne = resultat.setdefault(statut, {})
                ligne[champs[figure]] = _valeur(figure, v)
                ligne["nombre"] = n
        return resultat

    def _par_organisme(self):
        return (
            self._organismes.values("organisme")
            .annotate(montant=Sum("valeur"), nombre=Sum("lignes"))
            .order_by()
        )

    def par_arrondissement(self) -> dict:
        """{borough name or None: {"montant", "nombre"}}, rapports.selectors.
        engage_par_arrondissement's sums, made in the database: the boroughs of the
        organisations with money committed, not the organisations (one contribution per
        grant: the number of grants is the number of contributions)."""
        lignes = (
            self._organismes.values(nom=Champ("organisme__arrondissement__nom"))
            .annotate(montant=Sum("valeur"), nombre=Sum("lignes"))
            .order_by()
            .values_list("nom", "montant", "nombre")
        )
        return {nom: {"montant": _montant(m), "nombre": n} for nom, m, n in lignes}

    def principaux_organismes(self, limite) -> list[dict]:
        """rapports.selectors.principaux_organismes's rows: the `limite` largest amounts ranked
        in the database (ties at the last place included), then ordered by name as the live
        figure does."""
        classes = self._par_organisme().annotate(
            nom=Min(nom_affiche("organisme__")),
            rang=Window(Rank(), order_by=Sum("valeur").desc()),
        )
        lignes = [
            {
                "organisme_id": ligne["organisme"],
                "nom": ligne["nom"],
                "montant": _montant(ligne["montant"]),
                "nombre": ligne["nombre"],
            }
            for ligne in classes.filter(rang__lte=limite)
        ]
        return sorted(lignes, key=lambda li: (-li["montant"], li["nom"]))[:limite]

    def atteints_et_cibles(self) -> tuple[dict, dict]:
        """{(rubrique pk, statut pk or None): participants} reached, and targeted."""
        atteints, cibles = {}, {}
        for figure, _st, _o, rubrique, statut_imm, v, _n in self._lignes:
            if figure in (F.REJOINTS, F.VISES):
                sommes = atteints if figure == F.REJOINTS else cibles
                sommes[(rubrique, statut_imm or None)] = v
        return atteints, cibles

    def argent(self) -> tuple[dict, dict, dict]:
        """engagé, proposé and versé, {(programme pk, exercice): Decimal}."""
        engage, propose, verse = {}, {}, {}
        for figure, programme, exercice, statut, v in self._argent:
            cle = (programme, exercice)
            if figure == F.VERSE:
                sommes = verse
            elif statut in Subvention.STATUTS_ENGAGES:
                sommes = engage
            elif statut in Subvention.STATUTS_PROPOSES:
                sommes = propose
            else:
                continue
            sommes[cle] = sommes.get(cle, 0) + _valeur(figure, v)
        return engage, propose, verse
