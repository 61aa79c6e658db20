"""Every row checked against the database in memory (a few queries in all, none per row):
what would be created, updated or refused. Nothing is written here."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from noyau.formats import format_money
from organismes.models import Organisme
from referentiel.models import Territoire
from subventions.models import Enveloppe, Programme, Repartition, Subvention

from . import valeurs as v
from .colonnes import PAR_CLE, normaliser_texte
from .lecture import CelluleFusionnee, FormuleNonCalculee
from .regles import MESSAGE_DATES, construire

S = Subvention.Statut
ZERO = Decimal("0")
MESSAGE_FORMULE = gettext_lazy(
    "Formule jamais calculée : ouvrez le classeur dans votre tableur et enregistrez-le."
)
MESSAGE_FUSION = gettext_lazy(
    "Cellule fusionnée (%(plage)s) : sa valeur n'est que sur sa première ligne. Défusionnez "
    "les cellules et écrivez la valeur sur chaque ligne."
)
PAQUET = 2000  # ids per IN (): under every database's parameter limit
# The fields an import may change on an existing grant (never its status: that is a step).
CHAMPS_MODIFIABLES = (
    "titre", "montant_demande", "montant_accorde", "date_debut", "date_fin",
    "numero_resolution", "date_decision",
)  # fmt: skip
CHAMPS_ARGENT = ("montant_demande", "montant_accorde")
# A model field's error goes to the column that holds it.
COLONNE_DU_CHAMP = {
    "titre": "titre", "montant_demande": "montant_demande", "montant_accorde": "montant_accorde",
    "date_debut": "date_debut", "date_fin": "date_fin", "numero_resolution": "resolution",
    "date_decision": "date_decision", "neq": "neq", "nom_legal": "organisme",
}  # fmt: skip


@dataclass
class Erreur:
    ligne: int
    colonne: str
    message: str

    def as_dict(self):
        return {"ligne": self.ligne, "colonne": self.colonne, "message": self.message}


@dataclass
class LigneSubvention:
    ligne: int
    subvention: Subvention
    organisme: Organisme
    exercice: int | None
    champs_modifies: list = field(default_factory=list)

    @property
    def repartition(self):
        accorde = self.subvention.montant_accorde
        return {self.exercice: accorde} if accorde and self.exercice else {}


@dataclass
class Plan:
    nb_lignes: int = 0
    erreurs: list = field(default_factory=list)
    organismes_crees: list = field(default_factory=list)
    organismes_modifies: list = field(default_factory=list)
    creees: list = field(default_factory=list)  # LigneSubvention
    modifiees: list = field(default_factory=list)  # LigneSubvention
    inchangees: int = 0
    colonnes_ignorees: list = field(default_factory=list)
    feuille: str = ""  # the workbook's sheet read ("" for a CSV)
    nb_feuilles: int = 1
    # {(programme id, exercice): (envelope, committed)} as read for the envelope check, asked
    # again under lock when writing.
    enveloppes_lues: dict = field(default_factory=dict)

    @property
    def valide(self):
        return not self.erreurs


def _porte_le_nom(organisme, cle_nom):
    """The organisation's legal or usual name is `cle_nom` (normalised: accents, case, spaces
    and punctuation ignored), as names are matched everywhere in the import."""
    return cle_nom in {normaliser_texte(organisme.nom_legal), normaliser_texte(organisme.nom_usage)}


def _par_paquets(valeurs):
    valeurs = list(valeurs)
    for i in range(0, len(valeurs), PAQUET):
        yield valeurs[i : i + PAQUET]


class Analyse:
    def __init__(self, tableau, *, agent=None, progression=None):
        self.tableau = tableau
        self.agent = agent
        self.progression = progression or (lambda fait, total: None)
        self.plan = Plan(
            nb_lignes=len(tableau.lignes),
            colonnes_ignorees=tableau.ignorees,
            feuille=tableau.feuille,
            nb_feuilles=tableau.nb_feuilles,
        )
        self.entete = {c.cle: tableau.entetes[i] for i, c in tableau.colonnes.items()}

    # Lookups, loaded once.
    def _charger(self, brutes):
        self.territoires = {normaliser_texte(t.nom): t for t in Territoire.objects.all()}
        self.programmes = {}
        for p in Programme.objects.all():
            self.programmes[normaliser_texte(p.nom)] = p
            self.programmes[normaliser_texte(p.code)] = p
        self.par_neq, self.par_nom = {}, defaultdict(list)
        for o in Organisme.objects.all():
            self.par_neq[o.neq] = o
            for nom in {normaliser_texte(o.nom_legal), normaliser_texte(o.nom_usage)} - {""}:
                self.par_nom[nom].append(o)
        numeros = {b["numero"] for b in brutes if b.get("numero")}
        self.par_numero = {}
        for paquet in _par_paquets(numeros):
            for s in Subvention.objects.filter(numero__in=paquet):
                self.par_numero[s.numero] = s
        # Rows without a number are matched by organisation, programme and title.
        self.par_cle = {}
        for paquet in _par_paquets({o.pk for o in self.par_neq.values()}):
            for s in Subvention.objects.filter(organisme_id__in=paquet):
                self.par_cle.setdefault(
                    (s.organisme_id, s.programme_id, normaliser_texte(s.titre)), s
                )
        self.enveloppes = {(e.programme_id, e.exercice): e.montant for e in Enveloppe.objects.all()}
        self.engage = Repartition.objects.engagees().total_par_programme_et_exercice()

    def erreur(self, ligne, cle, message):
        colonne = self.entete.get(cle) or str(PAR_CLE[cle].libelle if cle in PAR_CLE else cle)
        self.plan.erreurs.append(Erreur(ligne, colonne, str(message)))

    def _lire_ligne(self, numero, rangee):
        """{cle: parsed value} for one row, with an error per unreadable cell."""
        brute = {}
        lecteurs = {
            "montant_demande": v.montant, "montant_accorde": v.montant, "date_debut": v.date,
            "date_fin": v.date, "date_decision": v.date, "neq": v.neq, "exercice": v.exercice,
            "numero": v.numero, "resolution": v.resolution, "statut": v.statut,
        }  # fmt: skip
        en_erreur = set()
        for i, colonne in self.tableau.colonnes.items():
            valeur = rangee[i] if i < len(rangee) else None
            if isinstance(valeur, FormuleNonCalculee):
                # Read as empty, it would import a 0 or a copied amount without a word.
                self.erreur(numero, colonne.cle, MESSAGE_FORMULE)
                en_erreur.add(colonne.cle)
                continue
            if isinstance(valeur, CelluleFusionnee):
                # Empty in the file: "Valeur obligatoire" would not say why.
                self.erreur(numero, colonne.cle, MESSAGE_FUSION % {"plage": valeur.plage})
                en_erreur.add(colonne.cle)
                continue
            try:
                brute[colonne.cle] = lecteurs.get(colonne.cle, v.texte)(valeur)
            except v.ValeurInvalide as exc:
                self.erreur(numero, colonne.cle, exc)
                en_erreur.add(colonne.cle)
        for cle in ("organisme", "programme", "titre"):
            if not brute.get(cle) and cle not in en_erreur:
                self.erreur(numero, cle, _("Valeur obligatoire."))
                en_erreur.add(cle)
        return brute, not en_erreur

    def executer(self) -> Plan:
        total = len(self.tableau.lignes)
        lues = []
        for n, (numero, rangee) in enumerate(self.tableau.lignes, start=1):
            brute, ok = self._lire_ligne(numero, rangee)
            lues.append((numero, brute, ok))
            if n % 1000 == 0:
                self.progression(n, total * 3)
        self._charger([b for _n, b, _ok in lues])
        self.nouveaux_par_neq, self.nouveaux_par_nom = {}, {}
        self.numeros_vus, self.cles_vues = {}, {}
        for n, (numero, brute, ok) in enumerate(lues, start=1):
            self._ligne(numero, brute, ok)
            if n % 1000 == 0:
                self.progression(total + n, total * 3)
        self._verifier_enveloppes()
        self.plan.erreurs.sort(key=lambda e: e.ligne)
        # The last third is the write (services._ecrire), or nothing for a dry run.
        self.progression(total * 2, total * 3)
        return self.plan

    def _territoire(self, numero, brute):
        if not brute.get("arrondissement"):
            return None
        territoire = self.territoires.get(normaliser_texte(brute["arrondissement"]))
        if territoire is None:
            self.erreur(
                numero, "arrondissement",
                _("Arrondissement ou municipalité inconnu : « %(nom)s ».")
                % {"nom": brute["arrondissement"]},
            )  # fmt: skip
        return territoire

    def _organisme(self, numero, brute, territoire):
        neq, nom = brute.get("neq", ""), brute["organisme"]
        cle_nom = normaliser_texte(nom)
        organisme = self.par_neq.get(neq) if neq else None
        if organisme is None and not neq:
            trouves = self.par_nom.get(cle_nom, [])
            if len(trouves) > 1:
                self.erreur(
                    numero, "organisme", _("Plusieurs organismes portent ce nom : indiquez le NEQ.")
                )
                return None
            organisme = trouves[0] if trouves else self.nouveaux_par_nom.get(cle_nom)
        elif organisme is None:
            autres = [o for o in self.par_nom.get(cle_nom, []) if o.neq != neq]
            if autres:
                self.erreur(
                    numero, "neq",
                    _("L'organisme « %(nom)s » existe déjà avec le NEQ %(neq)s : vérifiez le NEQ.")
                    % {"nom": nom, "neq": autres[0].neq},
                )  # fmt: skip
                return None
            organisme = self.nouveaux_par_neq.get(neq)
        if organisme is not None and neq and not _porte_le_nom(organisme, cle_nom):
            # A NEQ copied from the row above would attach the grant to another organisation.
            self.erreur(
                numero, "neq",
                _("Le NEQ %(neq)s est celui de « %(organisme)s », pas de « %(nom)s » : vérifiez "
                  "le NEQ ou le nom de l'organisme.")
                % {"neq": neq, "organisme": organisme.nom_legal, "nom": nom},
            )  # fmt: skip
            return None
        if organisme is None:
            if not neq:
                self.erreur(
                    numero, "neq", _("Organisme inconnu : son NEQ est requis pour le créer.")
                )
                return None
            organisme = Organisme(nom_legal=nom, neq=neq, arrondissement=territoire)
            try:
                organisme.clean_fields(exclude=["arrondissement"])
            except ValidationError as exc:
                self._erreurs_modele(numero, exc)
                return None
            self.nouveaux_par_neq[neq] = self.nouveaux_par_nom[cle_nom] = organisme
            self.plan.organismes_crees.append(organisme)
        elif territoire and organisme.pk and organisme.arrondissement_id is None:
            organisme.arrondissement = territoire
            self.plan.organismes_modifies.append(organisme)
        return organisme

    def _erreurs_modele(self, numero, exc):
        for champ, messages in exc.message_dict.items():
            for message in messages:
                self.erreur(numero, COLONNE_DU_CHAMP.get(champ, "titre"), message)

    def _ligne(self, numero, brute, lisible):
        """Every lookup is tried (so that each bad cell is reported), then the grant is built
        only from a row with no error."""
        nb_erreurs = len(self.plan.erreurs)
        territoire = self._territoire(numero, brute)
        programme = None
        if brute.get("programme"):
            programme = self.programmes.get(normaliser_texte(brute["programme"]))
            if programme is None:
                noms = sorted({p.nom for p in self.programmes.values()})
                self.erreur(
                    numero, "programme",
                    _("Programme inconnu : « %(nom)s » (attendu : %(liste)s).")
                    % {"nom": brute["programme"], "liste": ", ".join(noms)},
                )  # fmt: skip
        if not lisible or len(self.plan.erreurs) > nb_erreurs:
            self._croisees(numero, brute)
            return
        organisme = self._organisme(numero, brute, territoire)
        if organisme is None:
            self._croisees(numero, brute)
            return
        construire(self, numero, brute, organisme, programme)

    def _croisees(self, numero, brute):
        """The checks across cells that need no lookup (accordé ≤ demandé, end not before
        start), for a row that stops before its grant is built: reported with its other errors,
        not once those are fixed. `construire` makes them for the other rows."""
        accorde = brute.get("montant_accorde")
        demande = brute.get("montant_demande")
        if accorde is not None and demande is not None:
            try:
                Subvention(montant_accorde=accorde, montant_demande=demande).clean()
            except ValidationError as exc:
                self._erreurs_modele(numero, exc)
        debut, fin = brute.get("date_debut"), brute.get("date_fin")
        if debut and fin and fin < debut:
            self.erreur(numero, "date_fin", MESSAGE_DATES)

    def _verifier_enveloppes(self):
        """Σ approved amounts per programme and exercice ≤ envelope (domain.md), counting what the
        database already commits."""
        fichier = defaultdict(list)
        # Updated grants keep their status and (once engaged) their amounts: only new ones count.
        for ls in self.plan.creees:
            if ls.subvention.statut in Subvention.STATUTS_ENGAGES:
                for exercice, montant in ls.repartition.items():
                    fichier[(ls.subvention.programme_id, exercice)].append((ls, montant))
        for (programme_id, exercice), lignes in fichier.items():
            cle = (programme_id, exercice)
            total = self.engage.get(cle, ZERO) + sum(m for _ls, m in lignes)
            enveloppe = self.enveloppes.get(cle)
            self.plan.enveloppes_lues[cle] = (enveloppe, self.engage.get(cle, ZERO))
            if enveloppe is not None and total <= enveloppe:
                continue
            programme = lignes[0][0].subvention.programme
            numeros = _lignes([ls.ligne for ls, _montant in lignes])
            if enveloppe is None:
                message = _(
                    "Aucune enveloppe n'est fixée pour %(programme)s en %(exercice)s "
                    "(%(lignes)s) : un gestionnaire doit la fixer avant d'importer des "
                    "subventions approuvées."
                ) % {"programme": programme, "exercice": exercice, "lignes": numeros}
            else:
                message = _(
                    "Les subventions approuvées de %(programme)s en %(exercice)s (%(lignes)s) "
                    "totaliseraient %(total)s, au-delà de l'enveloppe de %(enveloppe)s."
                ) % {"programme": programme, "exercice": exercice, "lignes": numeros,
                     "total": format_money(total),
                     "enveloppe": format_money(enveloppe)}  # fmt: skip
            # Said once, on the first row it concerns, naming the others.
            self.erreur(lignes[0][0].ligne, "montant_accorde", message)


LIGNES_NOMMEES = 10


def _lignes(numeros):
    """ "ligne 4", "lignes 4, 8, 12" or "lignes 4, 8, … (25 lignes)": the rows an error
    concerns."""
    liste = ", ".join(str(n) for n in numeros[:LIGNES_NOMMEES])
    if len(numeros) > LIGNES_NOMMEES:
        return _("lignes %(liste)s, … (%(nombre)s lignes)") % {
            "liste": liste,
            "nombre": len(numeros),
        }
    return ngettext("ligne %(liste)s", "lignes %(liste)s", len(numeros)) % {"liste": liste}


def analyser(tableau, *, agent=None, progression=None) -> Plan:
    return Analyse(tableau, agent=agent, progression=progression).executer()
