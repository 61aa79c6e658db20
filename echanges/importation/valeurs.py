"""Cell values as people type them, read into Decimal, date, NEQ, status; each refusal says
what was expected, in French."""

import datetime
import math
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from noyau.champs import EXERCICE_MAX, EXERCICE_MIN
from noyau.forms import MontantFormField
from subventions.models import Subvention

from .colonnes import normaliser_texte
from .lecture import Pourcentage

S = Subvention.Statut
CENT = Decimal("0.01")
MONTANT_MAX = Decimal("9999999999.99")  # what a 12-digit, 2-place column holds
# A float read from a numeric cell this close to a whole cent is that cent: binary floats leave
# such remainders in computed cells, a typed amount never has a millionth of a cent.
RESTE_DE_CALCUL = Decimal("0.000001")


class ValeurInvalide(ValueError):
    pass


def texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return re.sub(r"\s+", " ", str(valeur)).strip()


def montant(valeur) -> Decimal | None:
    if valeur is None or valeur == "":
        return None
    lu = texte(valeur)[:40]  # quoted by every refusal
    if isinstance(valeur, bool) or (isinstance(valeur, float) and not math.isfinite(valeur)):
        raise ValeurInvalide(_("Montant invalide « %(v)s ».") % {"v": lu})
    if isinstance(valeur, Pourcentage):
        # 15 % in an amount column would be imported as 0,15 $ without a word.
        affiche = (Decimal(repr(float(valeur))) * 100).normalize()
        raise ValeurInvalide(
            _(
                "Pourcentage dans une colonne de montants (%(v)s %%) : écrivez le montant en "
                "dollars."
            )
            % {
                "v": number_format(
                    affiche if affiche.as_tuple().exponent < 0 else int(affiche),
                    force_grouping=True,
                )
            }
        )
    if isinstance(valeur, int | float):
        # A spreadsheet number: its shortest decimal form (12500.1 is 12500.10, not a float).
        nombre = Decimal(repr(valeur))
        if isinstance(valeur, float) and abs(nombre) <= MONTANT_MAX:
            # A formula's float leftover (=F2*1.1 gives 13750.000000000002) is that cent.
            cent = nombre.quantize(CENT)
            if abs(nombre - cent) <= RESTE_DE_CALCUL:
                nombre = cent
    else:
        try:
            t = MontantFormField.normaliser(str(valeur))
        except ValidationError as exc:
            raise ValeurInvalide(exc.messages[0]) from None
        if not t:
            return None
        if not re.fullmatch(r"-?\d+(\.\d+)?", t):
            raise ValeurInvalide(
                _("Montant illisible « %(v)s » : écrivez par exemple 12 500,00 $.") % {"v": lu}
            )
        nombre = Decimal(t)
    if nombre < 0:
        raise ValeurInvalide(_("Un montant ne peut pas être négatif : « %(v)s ».") % {"v": lu})
    if nombre > MONTANT_MAX:
        raise ValeurInvalide(_("Montant trop élevé : « %(v)s ».") % {"v": lu})
    if nombre != nombre.quantize(CENT):
        raise ValeurInvalide(
            _("Montant « %(v)s » : un montant a au plus deux décimales (les cents).") % {"v": lu}
        )
    return nombre.quantize(CENT)


MOIS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
EXCEL_ORIGINE = datetime.date(1899, 12, 30)


def date(valeur) -> datetime.date | None:
    if valeur is None or valeur == "":
        return None
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        # A date cell whose format was lost (csv from Excel): days since 1899-12-30.
        if 20000 < valeur < 80000:
            return EXCEL_ORIGINE + datetime.timedelta(days=int(valeur))
        raise ValeurInvalide(_("Date illisible : écrivez 2026-03-31, 31/03/2026 ou 31 mars 2026."))
    t = texte(valeur)
    if not t:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", t):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", t):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        mots = normaliser_texte(t).split()
        if len(mots) == 3 and mots[0] in ("1er",):
            mots[0] = "1"
        if len(mots) == 3 and mots[0].isdigit() and mots[1] in MOIS and mots[2].isdigit():
            return datetime.date(int(mots[2]), MOIS[mots[1]], int(mots[0]))
    except ValueError:
        raise ValeurInvalide(_("Cette date n'existe pas : « %(v)s ».") % {"v": t[:40]}) from None
    raise ValeurInvalide(
        _("Date illisible « %(v)s » : écrivez 2026-03-31, 31/03/2026 ou 31 mars 2026.")
        % {"v": t[:40]}
    )


def neq(valeur) -> str:
    t = re.sub(r"[\s\-.]", "", texte(valeur))
    if t and not re.fullmatch(r"\d{10}", t):
        raise ValeurInvalide(_("Le NEQ doit compter exactement 10 chiffres (ex. 1145678901)."))
    return t


def exercice(valeur) -> int | None:
    t = texte(valeur)
    if not t:
        return None
    if not re.fullmatch(r"\d{4}", t) or not EXERCICE_MIN <= int(t) <= EXERCICE_MAX:
        raise ValeurInvalide(
            _("Exercice invalide « %(v)s » : une année entre %(min)s et %(max)s.")
            % {"v": t[:20], "min": EXERCICE_MIN, "max": EXERCICE_MAX}
        )
    return int(t)


NUMERO_RE = re.compile(r"BINAM-(\d{4})-(\d{3,6})")


def numero(valeur) -> str:
    t = texte(valeur).upper().replace(" ", "")
    if t and not NUMERO_RE.fullmatch(t):
        raise ValeurInvalide(_("Numéro de subvention attendu sous la forme BINAM-2026-057."))
    return t


def resolution(valeur) -> str:
    t = texte(valeur).upper()
    if not t:
        return ""
    m = re.fullmatch(r"CE\s*-?\s*(\d{2})\s*-?\s*(\d{4})", t)
    if not m:
        raise ValeurInvalide(_("Numéro de résolution du comité exécutif attendu, ex. CE25 1234."))
    return f"CE{m[1]} {m[2]}"


# Labels as officers write them, normalised (no accents, lower case), to the lifecycle status.
STATUTS = {
    S.EN_ANALYSE: ("en analyse", "analyse", "a l etude", "en etude", "a analyser", "depose",
                   "deposee", "demande"),
    S.RECOMMANDEE: ("recommandee", "recommande", "recommandation"),
    S.APPROUVEE: ("approuvee", "approuve", "accordee", "accorde", "acceptee", "accepte",
                  "octroyee", "octroye"),
    S.CONVENTION_SIGNEE: ("convention signee", "signee", "signe", "convention"),
    S.EN_COURS: ("en cours", "actif", "active", "en realisation"),
    S.TERMINEE: ("terminee", "termine", "completee", "complete", "realisee", "realise"),
    S.FERMEE: ("fermee", "ferme", "cloturee", "cloture", "clos", "close"),
    S.REFUSEE: ("refusee", "refuse", "rejetee", "rejete", "non retenue", "non retenu"),
    S.ANNULEE: ("annulee", "annule", "abandonnee", "abandonne", "retiree", "retire"),
}  # fmt: skip
PAR_LIBELLE = {nom: statut for statut, noms in STATUTS.items() for nom in noms}


def statut(valeur) -> str:
    t = normaliser_texte(valeur)
    if not t:
        return ""
    trouve = PAR_LIBELLE.get(t)
    if trouve is None:
        raise ValeurInvalide(
            _("Statut inconnu « %(v)s » : attendu %(liste)s.")
            % {"v": texte(valeur)[:40], "liste": ", ".join(str(lib) for _v, lib in S.choices)}
        )
    return trouve
