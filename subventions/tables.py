"""Tables of the staff lists; the same classes write the xlsx/csv exports (noyau.exports)."""

from decimal import Decimal

import django_tables2 as tables
from django.db.models import Case, DecimalField, F, IntegerField, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from noyau.champs import exercice_courant
from noyau.exports import Valeur
from noyau.formats import CENT, format_money, nom_complet, nom_de_personne
from noyau.permissions import peut
from noyau.regles import REGLES
from noyau.tables import MontantColumn, OuiNonColumn, PastilleColumn, SoldeColumn, trier
from organismes.models import nom_affiche
from organismes.tables import OrganismeTable

from .models import Programme, Subvention, ordre_numero

NUMERO = ordre_numero()
NON_ACCORDE = "—"


class SubventionTable(tables.Table):
    # Every order_by ends on the unique numéro (year and sequence as numbers, so that 999 comes
    # before 1000): pages and exports never shuffle equal values.
    # BINAM-2026-057 breaks at its hyphens: kept on one line, the number reads as one.
    numero = tables.Column(
        verbose_name=_("Numéro"),
        linkify=True,
        order_by=NUMERO,
        attrs={"td": {"class": "sans-coupure"}},
    )
    organisme = tables.Column(verbose_name=_("Organisme"))
    titre = tables.Column(verbose_name=_("Projet"), order_by=("titre", *NUMERO))
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__nom", *NUMERO))
    statut = tables.Column(verbose_name=_("Statut"))
    agent = tables.Column(
        verbose_name=_("Agent responsable"),
        order_by=("agent__last_name", "agent__first_name", *NUMERO),
    )
    # Proposed and granted in two columns (domain.md, "Proposed vs granted"): a header cannot
    # change with the row, and a manager reads, and an export sums, each column as the figure
    # of its name (the totals above the list: Proposé, Accordé). A file's amount is in one of
    # them, or neither when refused or cancelled (granted to nobody).
    montant_propose = MontantColumn(
        verbose_name=_("Montant proposé"),
        accessor="montant_accorde",
        orderable=False,
        empty_values=(),
    )
    montant_accorde = MontantColumn(
        verbose_name=_("Montant accordé"), order_by=("montant_accorde", *NUMERO)
    )

    class Meta:
        model = Subvention
        fields = [
            "numero",
            "organisme",
            "titre",
            "programme",
            "statut",
            "agent",
            "montant_propose",
            "montant_accorde",
        ]
        order_by = "-numero"
        empty_text = _("Aucune subvention ne correspond à ces filtres.")

    # The export reads these as values (noyau.exports.Valeur), with the same rules as the
    # value_* methods below, which the screen and any row given as an object follow. An amount
    # that is not of the column's kind is an empty cell in the files (as in the Sommaire
    # workbook), never the screen's "—": an amount column holds numbers only.
    valeurs_export = {
        "organisme": Valeur(nom_affiche("organisme__")),
        "programme": Valeur("programme__nom"),
        "agent": Valeur(
            "agent__first_name", "agent__last_name", "agent__username", calcul=nom_de_personne
        ),
        "montant_propose": Valeur(
            "statut",
            "montant_accorde",
            calcul=lambda statut, montant: (
                montant.quantize(CENT)
                if montant is not None and statut in Subvention.STATUTS_PROPOSES
                else None
            ),
        ),
        "montant_accorde": Valeur(
            "statut",
            "montant_accorde",
            calcul=lambda statut, montant: (
                None
                if montant is None
                else montant.quantize(CENT)
                if statut in Subvention.STATUTS_ENGAGES
                else None
            ),
        ),
    }

    def render_agent(self, value):
        return nom_complet(value)

    value_agent = render_agent

    def render_montant_propose(self, record):
        propose = record.statut in Subvention.STATUTS_PROPOSES
        return format_money(record.montant_accorde) if propose else NON_ACCORDE

    def value_montant_propose(self, record):
        propose = record.statut in Subvention.STATUTS_PROPOSES
        return record.montant_accorde.quantize(CENT) if propose else None

    def render_montant_accorde(self, value, record):
        return format_money(value) if record.est_engagee else NON_ACCORDE

    def value_montant_accorde(self, value, record):
        return value.quantize(CENT) if record.est_engagee else None

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("organisme__"), is_descending, NUMERO)

    def order_statut(self, queryset, is_descending):
        # Lifecycle order (en analyse → fermée, then refusée, annulée), not the codes' alphabet.
        rang = Case(
            *[When(statut=code, then=Value(i)) for i, code in enumerate(Subvention.Statut.values)],
            output_field=IntegerField(),
        )
        return trier(queryset, rang, is_descending, NUMERO)


class SubventionListeTable(SubventionTable):
    """The grants list and its exports: "Montant accordé" means approved or later, as in the
    totals above the list (selectors.totaux_subventions). An undecided file's amount is only
    proposed (its own column), a refused or cancelled one's granted to nobody: both read "—"
    under "Montant accordé" on screen and in the export, and sort below every granted amount.
    (The work queue keeps SubventionTable's order.)"""

    class Meta(SubventionTable.Meta):
        pass  # django-tables2 reads only a class's own Meta: model, fields and order kept

    def order_montant_accorde(self, queryset, is_descending):
        accorde = Case(
            When(statut__in=Subvention.STATUTS_ENGAGES, then=F("montant_accorde")),
            default=Value(Decimal("-1")),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )
        return trier(queryset, accorde, is_descending, NUMERO)


def montant_non_decide(subvention):
    """What stands for an amount one may not see yet: nothing was granted to a refused or
    cancelled file; otherwise the decision is still to come."""
    return "—" if subvention.est_abandonnee else _("à déterminer")


def montant_visible(user):
    """The granted amount where `subventions.voir_montant_accorde` lets `user` see it, NULL
    elsewhere: the rule's own `Q` (noyau.regles.Regle.q), so the order and the "à déterminer"
    shown in its place never disagree."""
    visible = REGLES["subventions.voir_montant_accorde"].q(user)
    if not visible:  # Q(): every row
        return F("montant_accorde")
    return Case(
        When(visible, then=F("montant_accorde")),
        default=Value(None),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


class SubventionsOrganismeTable(tables.Table):
    """An organisation's grants (its page, for staff and for its own partners): the amount shows
    only where `subventions.voir_montant_accorde` allows it."""

    numero = tables.Column(
        verbose_name=_("Numéro"),
        linkify=True,
        order_by=NUMERO,
        attrs={"td": {"class": "sans-coupure"}},
    )
    titre = tables.Column(verbose_name=_("Titre du projet"), order_by=("titre", *NUMERO))
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__nom", *NUMERO))
    statut = PastilleColumn(
        classe="statut",
        verbose_name=_("Statut"),
        order_by=("statut", *NUMERO),
    )
    # As on the grants list: the proposed amount in its own column, shown to whoever may read
    # the amounts not decided yet (`subventions.voir_totaux_non_decides`, the staff); under
    # "Montant accordé", a decided amount only, "à déterminer" while the decision is pending.
    montant_propose = MontantColumn(
        verbose_name=_("Montant proposé"),
        accessor="montant_accorde",
        orderable=False,
        empty_values=(),
    )
    montant_accorde = MontantColumn(
        verbose_name=_("Montant accordé"), order_by=("montant_accorde", *NUMERO)
    )

    class Meta:
        model = Subvention
        fields = ["numero", "titre", "programme", "statut", "montant_propose", "montant_accorde"]
        order_by = "-numero"
        empty_text = _("Aucune subvention pour le moment.")

    def before_render(self, request):
        # (The portal's table has no such column at all.)
        if "montant_propose" in self.columns and not peut(
            request.user, "subventions.voir_totaux_non_decides"
        ):
            self.columns.hide("montant_propose")

    def render_montant_propose(self, record):
        if record.statut in Subvention.STATUTS_PROPOSES:
            return format_money(record.montant_accorde)
        return NON_ACCORDE

    def render_montant_accorde(self, value, record):
        if record.est_engagee and peut(
            self.request.user, "subventions.voir_montant_accorde", record
        ):
            return format_money(value)
        return montant_non_decide(record)

    def order_montant_accorde(self, queryset, is_descending):
        # Sorted on what the reader may see, in the database: an amount it may not see sorts as
        # no amount at all, or the row's place would bound it between two visible ones.
        user = getattr(getattr(self, "request", None), "user", None)
        queryset = queryset.annotate(montant_visible=montant_visible(user))
        return trier(queryset, F("montant_visible"), is_descending, NUMERO, vide_au_plus_bas=True)


class ProgrammeTable(tables.Table):
    nom = tables.Column(verbose_name=_("Programme"), linkify=True)
    source_financement = tables.Column(verbose_name=_("Source de financement"))
    nb_subventions = tables.Column(
        verbose_name=_("Subventions"), attrs={"td": {"class": "nombre"}, "th": {"class": "nombre"}}
    )
    # The current exercice's figures (selectors.programmes_pour_liste); headers name the year.
    enveloppe = MontantColumn(verbose_name=_("Enveloppe"), order_by=("enveloppe", "nom", "pk"))
    engage = MontantColumn(verbose_name=_("Engagé"), order_by=("engage", "nom", "pk"))
    solde = SoldeColumn(verbose_name=_("Solde"), order_by=("solde", "nom", "pk"))
    actif = OuiNonColumn(verbose_name=_("Actif"))

    class Meta:
        model = Programme
        fields = [
            "nom",
            "source_financement",
            "nb_subventions",
            "enveloppe",
            "engage",
            "solde",
            "actif",
        ]
        order_by = "nom"
        empty_text = _("Aucun programme.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        exercice = exercice_courant()
        for nom in ("enveloppe", "engage", "solde"):
            colonne = self.columns[nom].column  # a copy of this table's own
            colonne.verbose_name = format_lazy("{} {}", colonne.verbose_name, exercice)


class OrganismeListeTable(OrganismeTable):
    """The organisations list: the organisation's own columns, and its grants' figures
    (subventions.selectors.organismes_pour_liste)."""

    nb_subventions = tables.Column(verbose_name=_("Subventions"), attrs={"td": {"class": "nombre"}})
    total_accorde = MontantColumn(verbose_name=_("Total accordé"))

    class Meta(OrganismeTable.Meta):
        sequence = ["nom_legal", "neq", "arrondissement", "nb_subventions", "total_accorde", "..."]
