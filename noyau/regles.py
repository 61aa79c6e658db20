"""A rule that carries its reason (architecture.md).

A `Regle` is an ordered list of conditions; each is a django-rules predicate with the words that
explain its "no". The rule registers the conjunction of its predicates under its permission name
(so `peut`, `{% peut %}` and `user.has_perm` keep asking django-rules), and `verdict()` walks the
same conditions to say, for the first one that fails, why: the service, the view, the button and
the test ask one object, and the reason can never disagree with the answer.

A condition may also say what it means on a QuerySet (`filtre`, a function of the user giving a
`Q`): a list of "what waits on you" is then the rule's own `filtrer()`, and a test checks row by
row that it agrees with `verdict()`; `q()` gives the same as one `Q`, for an annotation (a
value shown only where the rule allows it, sorted as if absent elsewhere).
"""

from dataclasses import dataclass
from functools import reduce

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The permission name → its Regle, for `noyau.permissions.verdict`.
REGLES: dict[str, "Regle"] = {}

RAISON_INACTIF = _("Votre compte est désactivé.")


@dataclass(frozen=True)
class Verdict:
    """Truthy when allowed; otherwise `raison` says why, and `etat` whether the "no" comes from
    the object's state (someone moved it: a ValidationError) rather than from who asks."""

    permis: bool
    raison: str = ""
    etat: bool = False

    def __bool__(self):
        return self.permis

    def exiger(self):
        """Raises the refusal (ValidationError for a state, PermissionDenied for a role)."""
        if not self.permis:
            raise (ValidationError if self.etat else PermissionDenied)(self.raison)


OUI = Verdict(True)


@dataclass(frozen=True)
class Condition:
    # A django-rules predicate of (user, obj), or a Regle (whose own reasons then speak).
    predicat: object
    # str or lazy str, formatted with the rule's context (`%(action)s`, `%(statut)s`), or a
    # callable (user, obj, contexte) → the final text. None on a Regle condition: the inner
    # rule's reason.
    raison: object = None
    etat: bool = False
    # user → Q: the same condition on a QuerySet of the rule's objects. None: the condition
    # asks only the user (a role), and `filtrer` asks it once.
    filtre: object = None

    @property
    def test(self):
        return self.predicat.predicat if isinstance(self.predicat, Regle) else self.predicat

    def verdict(self, user, obj, contexte):
        if isinstance(self.predicat, Regle):
            interne = self.predicat.verdict(user, obj, contexte)
            if interne or self.raison is None:
                return interne
        elif self.predicat.test(user, obj):
            return OUI
        if callable(self.raison) and not isinstance(self.raison, Promise):
            return Verdict(False, str(self.raison(user, obj, contexte)), self.etat)
        return Verdict(False, str(self.raison) % contexte, self.etat)


class Regle:
    """`Regle(Condition(...), ..., libelle=...)`: allowed when every condition holds; the
    first that fails gives the reason (so put the object's state before the roles)."""

    def __init__(self, *conditions, libelle=""):
        self.conditions = conditions
        self.libelle = libelle
        self.predicat = reduce(lambda a, b: a & b, (c.test for c in conditions))

    def contexte(self, obj):
        contexte = {"action": self.libelle}
        if hasattr(obj, "get_statut_display"):
            contexte["statut"] = obj.get_statut_display()
        return contexte

    def verdict(self, user, obj=None, contexte=None) -> Verdict:
        if not (user and user.is_active):
            return Verdict(False, str(RAISON_INACTIF))
        # An enclosing rule's context (its step's label) wins over this one's.
        contexte = {**self.contexte(obj), **{k: v for k, v in (contexte or {}).items() if v}}
        for condition in self.conditions:
            resultat = condition.verdict(user, obj, contexte)
            if not resultat:
                return resultat
        return OUI

    def filtrer(self, queryset, user):
        """The rows of `queryset` on which this rule says yes to `user`."""
        if not (user and user.is_active):
            return queryset.none()
        q = Q()
        for condition in self.conditions:
            if isinstance(condition.predicat, Regle) and condition.filtre is None:
                queryset = condition.predicat.filtrer(queryset, user)
            elif condition.filtre is not None:
                q &= condition.filtre(user)
            elif condition.test.num_args > 1:
                raise TypeError(f"{condition.test} asks the object and has no filtre")
            elif not condition.test.test(user):
                return queryset.none()
        return queryset.filter(q)

    def q(self, user) -> Q:
        """The rows on which this rule says yes to `user`, as one `Q` (for an annotation's
        `When`, where a chain of filters cannot go): `Q()` is every row, `Q(pk__in=[])` none."""
        if not (user and user.is_active):
            return Q(pk__in=[])
        q = Q()
        for condition in self.conditions:
            if condition.filtre is not None:
                q &= condition.filtre(user)
            elif isinstance(condition.predicat, Regle):
                q &= condition.predicat.q(user)
            elif condition.test.num_args > 1:
                raise TypeError(f"{condition.test} asks the object and has no filtre")
            elif not condition.test.test(user):
                return Q(pk__in=[])
        return q


def regle(nom: str, *conditions, libelle="") -> Regle:
    """Registers the rule under its permission name with django-rules, and keeps it."""
    r = Regle(*conditions, libelle=libelle)
    rules.add_perm(nom, r.predicat)
    REGLES[nom] = r
    return r
