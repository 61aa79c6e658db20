"""Server-side cache of the directory: one entry per filter combination, page, language and
format, under a version that any change to what the directory shows moves on.

Why both a version and a timeout: the version makes an edit show at once in the process that
saved it; the 15-minute timeout bounds what it cannot reach: other server processes (LocMem is
per process), writes that send no signal (`QuerySet.update()`), and the day on which a grant's
period starts or ends (the date is also in the key, so midnight changes the entries).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from catalogue.models import ServiceIntegration
from organismes.models import Organisme
from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.models import ServiceFinance, Subvention

DUREE = 15 * 60
CLE_VERSION = "repertoire:version"


def version() -> str:
    courante = cache.get(CLE_VERSION)
    if courante is None:
        courante = uuid.uuid4().hex
        # add(), not set(): two first requests at once agree on one version.
        cache.add(CLE_VERSION, courante, None)
        courante = cache.get(CLE_VERSION, courante)
    return courante


def invalider(**kwargs):
    """Moves the version on: every stored page and file is then out of reach (and expires)."""
    cache.set(CLE_VERSION, uuid.uuid4().hex, None)


def cle(genre: str, parametres: dict, langue: str = "") -> str:
    """The entry of one answer: what kind (page, json, csv), the normalised parameters (only
    those the directory reads, so `?utm=…` does not multiply entries), the language, the day
    and the version; hashed, since values come from the query string."""
    brut = "|".join(
        [genre, langue, timezone.localdate().isoformat(), version()]
        + [f"{nom}={valeur}" for nom, valeur in sorted(parametres.items())]
    )
    return "repertoire:" + hashlib.sha256(brut.encode()).hexdigest()


# What the directory shows comes from these models: a save or a delete on any of them may change
# a card, a filter choice or whether a service is listed at all.
MODELES = (ServiceIntegration, Organisme, Subvention, ServiceFinance)
REFERENCES = (Rubrique, StatutImmigration, Territoire)


def brancher():
    for modele in MODELES + REFERENCES:
        post_save.connect(invalider, sender=modele, dispatch_uid=f"repertoire-{modele.__name__}")
        post_delete.connect(
            invalider, sender=modele, dispatch_uid=f"repertoire-del-{modele.__name__}"
        )
    for relation in (ServiceIntegration.statuts_vises, ServiceIntegration.territoires):
        m2m_changed.connect(
            invalider, sender=relation.through, dispatch_uid=f"repertoire-{relation.field.name}"
        )
