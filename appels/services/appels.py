"""Every write on calls for projects: create, edit (with its grid, checklist and documents),
publish, delete a draft, assign the committee.

Each service asks the rule of `appels.permissions` (`.exiger()`: the refusal carries its
reason), runs in one transaction on the call's locked row and names its author in the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.roles import Role, a_role
from noyau.historique import auteur
from noyau.permissions import peut, verdict
from noyau.versions import verifier_version
from organismes.fichiers import verifier_fichier

from ..models import (
    AppelDeProjets,
    CritereEvaluation,
    DocumentRequis,
    Evaluateur,
    RegleAdmissibilite,
)
from ..permissions import manques_pour_publier

CHAMPS_APPEL = frozenset(
    {
        "programme",
        "exercice_debut",
        "exercice_fin",
        "titre",
        "description",
        "guide",
        "budget",
        "montant_minimum",
        "montant_maximum",
        "ouverture",
        "cloture",
        "ecart_signale",
    }
)
# The lines of a call (model, related name, the fields a line is made of), in the order written.
LIGNES = {
    "criteres": (CritereEvaluation, ("libelle", "guide", "note_maximale", "ponderation")),
    "regles": (RegleAdmissibilite, ("type", "annees", "libelle")),
    "documents": (DocumentRequis, ("libelle", "obligatoire")),
}
RELATIONS = {"criteres": "criteres", "regles": "regles", "documents": "documents_requis"}


def _verifier_champs(champs):
    inconnus = set(champs) - CHAMPS_APPEL
    if inconnus:
        raise TypeError(f"Champs non modifiables: {', '.join(sorted(inconnus))}")


def _verifier_guide(guide):
    if guide and not isinstance(guide, FieldFile):  # a new file, not the one already kept
        try:
            verifier_fichier(guide)
        except ValidationError as erreur:
            raise ValidationError({"guide": erreur.messages}) from None


def _lignes_actuelles(appel, nom):
    modele, champs = LIGNES[nom]
    return [
        {c: getattr(ligne, c) for c in champs} for ligne in getattr(appel, RELATIONS[nom]).all()
    ]


def _normaliser(nom, lignes):
    modele, champs = LIGNES[nom]
    return [
        {c: ligne.get(c, modele._meta.get_field(c).get_default()) for c in champs}
        for ligne in lignes
    ]


def _remplacer_lignes(appel, nom, lignes, par):
    """The call's lines of kind `nom` become `lignes` (each validated; history keeps the old)."""
    modele, _champs = LIGNES[nom]
    for ancienne in getattr(appel, RELATIONS[nom]).all():
        auteur(ancienne, par)
        ancienne.delete()
    for ordre, valeurs in enumerate(lignes, start=1):
        ligne = modele(appel=appel, ordre=ordre, **valeurs)
        try:
            ligne.full_clean()
        except ValidationError as erreur:
            raise ValidationError(
                {"__all__": [f"{nom} {ordre}: {m}" for m in erreur.messages]}
            ) from None
        auteur(ligne, par)
        ligne.save()


def appel_creer(
    *,
    par,
    rubriques=(),
    statuts=(),
    territoires_prioritaires=(),
    criteres=(),
    regles=(),
    documents=(),
    **champs,
) -> AppelDeProjets:
    """Creates a call in draft, with its grid, checklist and required documents. Agents and
    managers only; the amounts and dates must hold together (AppelDeProjets.clean)."""
    if not peut(par, "appels.creer_appel"):
        raise PermissionDenied(
            _("Seuls les agents de programme et les gestionnaires gèrent les appels de projets.")
        )
    _verifier_champs(champs)
    _verifier_guide(champs.get("guide"))
    appel = AppelDeProjets(**champs)
    appel.full_clean()
    auteur(appel, par)
    with transaction.atomic():
        appel.save()
        appel.rubriques.set(rubriques)
        appel.statuts.set(statuts)
        appel.territoires_prioritaires.set(territoires_prioritaires)
        for nom, lignes in (("criteres", criteres), ("regles", regles), ("documents", documents)):
            _remplacer_lignes(appel, nom, _normaliser(nom, lignes), par)
    return appel


def appel_modifier(
    *,
    appel,
    par,
    version,
    rubriques=None,
    statuts=None,
    territoires_prioritaires=None,
    criteres=None,
    regles=None,
    documents=None,
    **champs,
) -> AppelDeProjets:
    """Saves an edit of a call not closed yet (rule appels.modifier_appel), if nobody saved it
    since the form was opened (`version`). A change of the grid, the checklist or the required
    documents also asks appels.modifier_grille: refused once an application is submitted, since
    applicants prepared for them and the committee scores with them. Lines left as they were
    are no change."""
    _verifier_champs(champs)
    _verifier_guide(champs.get("guide"))
    with transaction.atomic():
        courant = AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        verdict(par, "appels.modifier_appel", courant).exiger()
        verifier_version(courant, version)
        nouvelles = {
            nom: _normaliser(nom, lignes)
            for nom, lignes in (
                ("criteres", criteres),
                ("regles", regles),
                ("documents", documents),
            )
            if lignes is not None
        }
        changees = {
            nom: lignes
            for nom, lignes in nouvelles.items()
            if lignes != _lignes_actuelles(courant, nom)
        }
        if changees:
            verdict(par, "appels.modifier_grille", courant).exiger()
        for nom, valeur in champs.items():
            setattr(courant, nom, valeur)
        courant.version += 1
        courant.full_clean()
        auteur(courant, par)
        courant.save()
        for nom, valeurs in (
            ("rubriques", rubriques),
            ("statuts", statuts),
            ("territoires_prioritaires", territoires_prioritaires),
        ):
            if valeurs is not None:
                getattr(courant, nom).set(valeurs)
        for nom, lignes in changees.items():
            _remplacer_lignes(courant, nom, lignes, par)
        if courant.etat == AppelDeProjets.Etat.PUBLIE:
            # What the public reads must stay what publishing required (all of it at once).
            manques = manques_pour_publier(courant)
            if manques:
                raise ValidationError(manques)
    return courant


def appel_publier(*, appel, par) -> AppelDeProjets:
    """Publishes a complete draft (rule appels.publier: a grid of at least one criterion whose
    weights total 100, a description or a guide, a closing time after the opening and still
    ahead). The public pages list it from then on; it opens and closes by the clock."""
    with transaction.atomic():
        courant = AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        verdict(par, "appels.publier", courant).exiger()
        courant.etat = AppelDeProjets.Etat.PUBLIE
        courant.publie_le = timezone.now()
        courant.version += 1
        auteur(courant, par, _("Publié"))
        courant.save()
    return courant


def appel_supprimer(*, appel, par) -> None:
    """Deletes a draft (rule appels.supprimer): nobody outside the staff ever saw it. A
    published call stays, with its history."""
    with transaction.atomic():
        courant = AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        verdict(par, "appels.supprimer", courant).exiger()
        for nom in RELATIONS.values():
            for ligne in getattr(courant, nom).all():
                auteur(ligne, par)
                ligne.delete()
        auteur(courant, par)
        courant.delete()


def evaluateur_ajouter(*, appel, user, par) -> Evaluateur:
    """Assigns an account holding the évaluateur role to the call's committee, once."""
    with transaction.atomic():
        courant = AppelDeProjets.objects.select_for_update().get(pk=appel.pk)
        verdict(par, "appels.gerer_evaluateurs", courant).exiger()
        if not a_role(user, Role.EVALUATEUR):
            raise ValidationError(
                {
                    "user": _(
                        "Ce compte n'a pas le rôle évaluateur : un administrateur doit le lui "
                        "donner."
                    )
                }
            )
        if courant.evaluateurs.filter(user=user).exists():
            raise ValidationError(
                {"user": _("Cette personne fait déjà partie du comité de cet appel.")}
            )
        affectation = Evaluateur(appel=courant, user=user, ajoute_par=par)
        auteur(affectation, par)
        affectation.save()
    return affectation


def evaluateur_retirer(*, affectation, par) -> None:
    """Removes a member from the call's committee (the history keeps who and when)."""
    with transaction.atomic():
        courant = AppelDeProjets.objects.select_for_update().get(pk=affectation.appel_id)
        verdict(par, "appels.gerer_evaluateurs", courant).exiger()
        auteur(affectation, par)
        affectation.delete()
