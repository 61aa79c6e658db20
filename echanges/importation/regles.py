"""One row's grant: what the lifecycle asks of its status, then new grant or update."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from subventions.models import Subvention

from .colonnes import normaliser_texte

S = Subvention.Statut
ZERO = Decimal("0")
# Recommended or later: the file was complete (amount, dates) when it was recommended.
STATUTS_COMPLETS = (S.RECOMMANDEE, *Subvention.STATUTS_ENGAGES)
LIBELLES = dict(S.choices)
MOTIF_ANNULATION = "Annulée avant sa reprise dans le système (historique importé)."
MESSAGE_DATES = gettext_lazy("La date de fin précède la date de début.")


def _statut(brute):
    if brute.get("statut"):
        return brute["statut"]
    if brute.get("resolution") and brute.get("date_decision"):
        return S.APPROUVEE
    return S.EN_ANALYSE


def _verifier_etape(analyse, numero, sub, exercice):
    """What the lifecycle step to this status would have asked (services.subvention_*)."""
    # Read only for a message: the label of a lazy choice costs more than the row's other checks.
    libelle = LIBELLES.get(sub.statut, sub.statut)
    if sub.statut in Subvention.STATUTS_ENGAGES:
        if not sub.numero_resolution:
            analyse.erreur(
                numero,
                "resolution",
                _("Requis pour une subvention « %(statut)s ».") % {"statut": libelle},
            )
        if not sub.date_decision:
            analyse.erreur(
                numero,
                "date_decision",
                _("Requise pour une subvention « %(statut)s ».") % {"statut": libelle},
            )
    if sub.statut in STATUTS_COMPLETS:
        if sub.montant_accorde <= ZERO:
            analyse.erreur(
                numero, "montant_accorde",
                _("Le montant accordé doit être supérieur à zéro pour une subvention "
                  "« %(statut)s ».") % {"statut": libelle},
            )  # fmt: skip
        if not (sub.date_debut and sub.date_fin):
            cle = "date_fin" if sub.date_debut else "date_debut"
            analyse.erreur(
                numero,
                cle,
                _(
                    "Les dates de début et de fin du projet sont requises "
                    "pour une subvention « %(statut)s »."
                )
                % {"statut": libelle},
            )
    if sub.date_debut and sub.date_fin and sub.date_fin < sub.date_debut:
        analyse.erreur(numero, "date_fin", MESSAGE_DATES)
    if sub.montant_accorde > ZERO and exercice is None:
        analyse.erreur(
            numero, "exercice", _("Indiquez l'exercice auquel imputer le montant accordé.")
        )
    if exercice and sub.date_debut and sub.date_fin:
        if not sub.date_debut.year <= exercice <= sub.date_fin.year:
            analyse.erreur(
                numero, "exercice",
                _("Exercice %(exercice)s hors de la période du projet (%(debut)s à %(fin)s).")
                % {"exercice": exercice, "debut": sub.date_debut.year, "fin": sub.date_fin.year},
            )  # fmt: skip


def construire(analyse, numero, brute, organisme, programme):
    from .analyse import CHAMPS_ARGENT, CHAMPS_MODIFIABLES, LigneSubvention

    plan = analyse.plan
    nb_erreurs = len(plan.erreurs)
    accorde = brute.get("montant_accorde") or ZERO
    demande = brute.get("montant_demande")
    sub = Subvention(
        numero=brute.get("numero", ""),
        organisme=organisme,
        programme=programme,
        titre=brute["titre"],
        montant_demande=accorde if demande is None else demande,
        montant_accorde=accorde,
        date_debut=brute.get("date_debut"),
        date_fin=brute.get("date_fin"),
        numero_resolution=brute.get("resolution", ""),
        date_decision=brute.get("date_decision"),
        statut=_statut(brute),
    )
    try:
        sub.clean_fields(exclude=["numero", "organisme", "programme", "agent"])
        sub.clean()
    except ValidationError as exc:
        analyse._erreurs_modele(numero, exc)
    exercice = brute.get("exercice") or (sub.date_debut.year if sub.date_debut else None)
    _verifier_etape(analyse, numero, sub, exercice)

    titre = normaliser_texte(sub.titre)
    if sub.numero:
        if sub.numero in analyse.numeros_vus:
            analyse.erreur(
                numero,
                "numero",
                _("Numéro déjà donné à la ligne %(ligne)s du fichier.")
                % {"ligne": analyse.numeros_vus[sub.numero]},
            )
            return
        analyse.numeros_vus[sub.numero] = numero
        existante = analyse.par_numero.get(sub.numero)
    else:
        cle_fichier = (id(organisme), programme.pk, titre)
        if cle_fichier in analyse.cles_vues:
            analyse.erreur(
                numero, "titre",
                _("Même organisme, programme et titre qu'à la ligne %(ligne)s : donnez un numéro "
                  "à chaque subvention.") % {"ligne": analyse.cles_vues[cle_fichier]},
            )  # fmt: skip
            return
        analyse.cles_vues[cle_fichier] = numero
        existante = (
            analyse.par_cle.get((organisme.pk, programme.pk, titre)) if organisme.pk else None
        )
    if len(plan.erreurs) > nb_erreurs:
        return
    if existante is None:
        sub.agent = analyse.agent
        if sub.statut == S.ANNULEE:
            sub.motif_annulation = MOTIF_ANNULATION
        plan.creees.append(LigneSubvention(numero, sub, organisme, exercice))
        return

    if existante.organisme_id != organisme.pk or existante.programme_id != programme.pk:
        analyse.erreur(
            numero, "numero",
            _("La subvention %(numero)s existe déjà pour %(organisme)s (%(programme)s) : "
              "l'organisme et le programme d'une subvention ne changent pas par import.")
            % {"numero": existante.numero, "organisme": existante.organisme,
               "programme": existante.programme},
        )  # fmt: skip
        return
    if existante.statut != sub.statut:
        analyse.erreur(
            numero, "statut",
            _("La subvention %(numero)s est « %(statut)s » dans le système : son statut change "
              "par les étapes du dossier, pas par un import.")
            % {"numero": existante.numero, "statut": existante.get_statut_display()},
        )  # fmt: skip
        return
    changes = [c for c in CHAMPS_MODIFIABLES if getattr(sub, c) != getattr(existante, c)]
    if not changes:
        plan.inchangees += 1
        return
    argent = [c for c in changes if c in CHAMPS_ARGENT]
    if argent and not existante.est_modifiable:
        analyse.erreur(
            numero, argent[-1],
            _("La subvention %(numero)s est « %(statut)s » : ses montants ne changent plus par "
              "import (un avenant le permet après la signature).")
            % {"numero": existante.numero, "statut": existante.get_statut_display()},
        )  # fmt: skip
        return
    for champ in changes:
        setattr(existante, champ, getattr(sub, champ))
    existante.version += 1
    plan.modifiees.append(LigneSubvention(numero, existante, organisme, exercice, changes))
