"""Every message the code asks to translate is in the English catalogue, as the code spells it.

The catalogue is edited by hand (`make messages` rewraps the whole file): a message changed in
the code and not in the .po, even by one space (an ordinary space where the non-breaking one
before a colon was), is shown in French to an English reader, and test_typographie, which reads
the catalogue, no longer sees its spaces. Read here: the first argument of each gettext call of
the Python code (a plain string) and each `{% translate "…" %}` of the templates."""

import ast
import re

from tests.noyau.test_traductions import LOCALE, entrees_po

RACINE = LOCALE.parent
FONCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "_lazy"}
TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+as\s+\w+)?\s*%\}""")


def _sans_echappements(texte):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), texte)


def _catalogue():
    return {
        _sans_echappements(champs["msgid"])
        for champs, _flags, _refs in entrees_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    }


def _fichiers(motif):
    for chemin in sorted(RACINE.rglob(motif)):
        relatif = chemin.relative_to(RACINE)
        if relatif.parts[0] not in (".venv", "tests", "bench", "node_modules", "staticfiles"):
            yield relatif, chemin


def _messages_python():
    for relatif, chemin in _fichiers("*.py"):
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if not (isinstance(noeud, ast.Call) and noeud.args):
                continue
            nom = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
            premier = noeud.args[0]
            if nom in FONCTIONS and isinstance(premier, ast.Constant):
                if isinstance(premier.value, str) and premier.value:
                    yield f"{relatif}:{noeud.lineno}", premier.value


def _messages_gabarits():
    """As the tag looks them up: Django doubles a template message's « % » (django.template.
    base.Variable), and `makemessages` writes it so."""
    for relatif, chemin in _fichiers("*.html"):
        texte = chemin.read_text(encoding="utf-8")
        for m in TRANSLATE.finditer(texte):
            yield f"{relatif}:{texte.count(chr(10), 0, m.start()) + 1}", m[2].replace("%", "%%")


def test_chaque_message_du_code_est_au_catalogue():
    catalogue = _catalogue()
    absents = [
        f"{ou}: {message!r}"
        for ou, message in [*_messages_python(), *_messages_gabarits()]
        if message not in catalogue
    ]
    assert not absents, "Messages absents du catalogue anglais :\n" + "\n".join(absents)
