"""Helpers for tests that read a rendered page as text."""

import re
from html import unescape

# A CSRF token is 64 random letters and digits: a short word a test asserts absent
# ("Neq", "Oui") turns up inside one about once in a few thousand pages.
_JETON = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def texte_de_page(reponse):
    """The page's HTML, entities decoded, with its CSRF tokens blanked."""
    return unescape(_JETON.sub(r"\1\2", reponse.content.decode()))
