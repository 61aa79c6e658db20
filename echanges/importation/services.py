"""The import as one business step: read, analyse, then (unless a dry run or an error) write
everything in one transaction with bulk inserts, each history row naming the import."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from comptes.roles import Role, a_role
from noyau.permissions import peut
from organismes.models import Organisme
from subventions.models import Enveloppe, Repartition, SequenceNumero, Subvention, Transition

from ..models import Importation
from .analyse import analyser
from .lecture import FichierRefuse, lire
from .permissions import REFUS_CONFIRMATION
from .valeurs import NUMERO_RE

APERCU_MAX = 100
MAX_ERREURS = 2000
ZERO = Decimal("0")  # kept on the record; the count says how many there were in all
PAQUET = 1000


def importation_analyser(*, fichier, nom, par, progression=None):
    """(Tableau, Plan) of a file, or raises FichierRefuse. Writes nothing."""
    tableau = lire(fichier, nom)
    # Imported grants are assigned to the officer who imports them (reassigned as usual).
    agent = par if par is not None and a_role(par, Role.AGENT) else None
    return tableau, analyser(tableau, agent=agent, progression=progression)


def _apercu(ls):
    s = ls.subvention
    return {
        "ligne": ls.ligne,
        "numero": s.numero,
        "organisme": str(ls.organisme),
        "titre": s.titre,
        "statut": s.get_statut_display(),
        "montant_accorde": str(s.montant_accorde),
        "exercice": ls.exercice,
        "champs": [str(Subvention._meta.get_field(c).verbose_name) for c in ls.champs_modifies],
    }


def _compter(importation, plan):
    importation.nb_lignes = plan.nb_lignes
    importation.nb_erreurs = len(plan.erreurs)
    importation.erreurs = [e.as_dict() for e in plan.erreurs[:MAX_ERREURS]]
    importation.organismes_crees = len(plan.organismes_crees)
    importation.organismes_modifies = len(plan.organismes_modifies)
    importation.subventions_creees = len(plan.creees)
    importation.subventions_modifiees = len(plan.modifiees)
    importation.details = {
        "organismes": [str(o) for o in plan.organismes_crees[:APERCU_MAX]],
        "creees": [_apercu(ls) for ls in plan.creees[:APERCU_MAX]],
        "modifiees": [_apercu(ls) for ls in plan.modifiees[:APERCU_MAX]],
        "inchangees": plan.inchangees,
        "colonnes_ignorees": plan.colonnes_ignorees[:50],
        "feuille": plan.feuille,
        "nb_feuilles": plan.nb_feuilles,
    }
    importation.resultat = (
        Importation.Resultat.ERREURS if plan.erreurs else Importation.Resultat.VALIDE
    )


def importation_executer(
    *, fichier, nom, par, essai, source, garder_fichier=False, apercu=None, progression=None
):
    """Imports `fichier` (xlsx or csv) for `par`. Dry run (`essai`) or any invalid row: nothing
    is written but the record. Returns (Importation, Plan); raises FichierRefuse for a file that
    cannot be read at all."""
    _tableau, plan = importation_analyser(
        fichier=fichier, nom=nom, par=par, progression=progression
    )
    importation = Importation(
        jeton=uuid.uuid4(),
        par=par,
        nom_fichier=nom[:255],
        extension=("." + nom.rsplit(".", 1)[-1].lower())[:10] if "." in nom else "",
        source=source,
        essai=essai or not plan.valide,
        apercu=apercu,
    )
    _compter(importation, plan)
    try:
        with transaction.atomic():
            if garder_fichier:
                fichier.seek(0)
                importation.fichier.save(importation.extension or "fichier", fichier, save=False)
            importation.save()
            if not importation.essai:
                _ecrire(importation, plan, par, progression or (lambda fait, total: None))
                importation.resultat = Importation.Resultat.IMPORTE
                importation.save(update_fields=["resultat"])
    except (IntegrityError, DonneesChangees):
        # Someone created the same organisation or number, approved a grant or changed an
        # envelope between the analysis and the write.
        raise FichierRefuse(
            _("Des données ont changé pendant l'importation; rien n'a été enregistré : réessayez.")
        ) from None
    if progression:
        progression(plan.nb_lignes * 3, plan.nb_lignes * 3)
    return importation, plan


@transaction.atomic
def importation_confirmer(*, apercu, par, progression=None):
    """Imports for real the file of `apercu`, a preview `par` uploaded: only while
    `echanges.confirmer_importation` allows it (the author's own valid web preview, its file
    kept, never confirmed), else ValidationError with the rule's reason. The preview's row is
    locked until the end, so two confirmations sent at once import once: the second finds the
    first's confirmation. A file that can no longer be read (or data changed while writing)
    raises FichierRefuse and nothing is imported. Returns (Importation, Plan) of the real import;
    when the data changed since the preview, that record is a refused dry run (`plan.valide`
    false) and the preview keeps its file. Once imported, the file is deleted: nothing of it
    stays."""
    apercu = Importation.objects.select_for_update().get(pk=apercu.pk)
    if not peut(par, "echanges.confirmer_importation", apercu):
        raise ValidationError(REFUS_CONFIRMATION)
    try:
        with apercu.fichier.open("rb") as fichier:
            importation, plan = importation_executer(
                fichier=fichier,
                nom=apercu.nom_fichier,
                par=par,
                essai=False,
                source=Importation.Source.WEB,
                apercu=apercu,
                progression=progression,
            )
    except (FichierRefuse, OSError):
        raise FichierRefuse(_("Le fichier de cet aperçu n'est plus lisible.")) from None
    if plan.valide:
        apercu.fichier.delete(save=True)
    return importation, plan


def _numeroter(nouvelles):
    """Numbers given in the file move each year's sequence past them (never reused); rows without
    one get the next numbers of the current year, reserved in one locked update."""
    plus_haut = {}
    for ls in nouvelles:
        if ls.subvention.numero:
            m = NUMERO_RE.fullmatch(ls.subvention.numero)
            annee, seq = int(m[1]), int(m[2])
            plus_haut[annee] = max(plus_haut.get(annee, 0), seq)
    sans = [ls for ls in nouvelles if not ls.subvention.numero]
    annee = timezone.localdate().year
    for a in sorted({*plus_haut, *([annee] if sans else [])}):
        sequence, _cree = SequenceNumero.objects.select_for_update().get_or_create(annee=a)
        if sequence.dernier < plus_haut.get(a, 0):
            sequence.dernier = plus_haut[a]
        if a == annee:
            for i, ls in enumerate(sans, start=sequence.dernier + 1):
                ls.subvention.numero = f"BINAM-{annee}-{i:03d}"
            sequence.dernier += len(sans)
        sequence.save(update_fields=["dernier"])


class DonneesChangees(Exception):
    pass


def _reverifier_enveloppes(plan):
    """The envelopes the analysis checked, locked until the transaction ends, must still read
    the same (amount and what approved grants commit): otherwise an approval or a change of
    envelope came in between, and the check would be stale."""
    if not plan.enveloppes_lues:
        return
    programmes = {p for p, _e in plan.enveloppes_lues}
    exercices = {e for _p, e in plan.enveloppes_lues}
    enveloppes = {
        (e.programme_id, e.exercice): e.montant
        for e in Enveloppe.objects.select_for_update().filter(
            programme_id__in=programmes, exercice__in=exercices
        )
    }
    engage = (
        Repartition.objects.engagees()
        .filter(subvention__programme_id__in=programmes, exercice__in=exercices)
        .total_par_programme_et_exercice()
    )
    for cle, (enveloppe, engage_lu) in plan.enveloppes_lues.items():
        if enveloppes.get(cle) != enveloppe or engage.get(cle, ZERO) != engage_lu:
            raise DonneesChangees


def _ecrire(importation, plan, par, progression):
    n = plan.nb_lignes
    _reverifier_enveloppes(plan)

    def etape(part):
        progression(2 * n + int(n * part), 3 * n)

    raison = importation.libelle
    commun = {"batch_size": PAQUET, "default_user": par, "default_change_reason": raison}
    bulk_create_with_history(plan.organismes_crees, Organisme, **commun)
    for organisme in plan.organismes_modifies:
        organisme.version += 1  # an edit form opened before the import is then refused
    bulk_update_with_history(
        plan.organismes_modifies, Organisme, ["arrondissement", "version"], **commun
    )
    _numeroter(plan.creees)
    subventions = [ls.subvention for ls in plan.creees]
    etape(0.1)
    bulk_create_with_history(subventions, Subvention, **commun)
    etape(0.5)
    bulk_create_with_history(
        [
            Repartition(subvention=ls.subvention, exercice=exercice, montant=montant)
            for ls in plan.creees
            for exercice, montant in ls.repartition.items()
        ],
        Repartition,
        **commun,
    )
    etape(0.8)
    commentaire = _("Reprise de l'historique : %(import)s.") % {"import": raison}
    Transition.objects.bulk_create(
        [Transition(subvention=s, de="", vers=s.statut, par=par, commentaire=commentaire)
         for s in subventions],
        batch_size=PAQUET,
    )  # fmt: skip
    _modifier(plan.modifiees, commun)


def _modifier(modifiees, commun):
    """Updated grants: their fields in bulk; the répartition follows a changed amount (grants
    still under analysis only, see regles.construire)."""
    if not modifiees:
        return
    champs = sorted({c for ls in modifiees for c in ls.champs_modifies} | {"version"})
    bulk_update_with_history([ls.subvention for ls in modifiees], Subvention, champs, **commun)
    a_repartir = [ls for ls in modifiees if "montant_accorde" in ls.champs_modifies]
    for ls in a_repartir:
        # Row by row on purpose: rare (files still under analysis) and each deletion kept in the
        # history, which a queryset delete() would skip.
        for ligne in ls.subvention.repartitions.all():
            ligne._change_reason = commun["default_change_reason"]
            ligne.delete()
        for exercice, montant in ls.repartition.items():
            ligne = Repartition(subvention=ls.subvention, exercice=exercice, montant=montant)
            ligne._change_reason = commun["default_change_reason"]
            ligne.save()


__all__ = ["FichierRefuse", "importation_analyser", "importation_confirmer", "importation_executer"]
