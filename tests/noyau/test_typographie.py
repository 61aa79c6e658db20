"""French punctuation as Québec writes it (OQLF): a non-breaking space before the colon, in
the screens and in the PDFs and workbooks; none in English. And the colon is part of the
translated text, never written after it: « Requested : » is neither language."""

import re

from tests.noyau.test_traductions import LOCALE, entrees_po

RACINE = LOCALE.parent
# Every text of the application: templates, documents and workbooks, and the messages of its
# forms, services and rules (an error says « Montant illisible : … » as a page does).
PORTEE = re.compile(r"^(?!tests/)")
# A colon that ends a phrase (a space or the end after it) with anything but a non-breaking
# space before it: glued to its word, or after an ordinary space that a line may break at.
COLLE = re.compile(r"(?<![\u00a0\u202f]):(?=\s|$)")


def _entrees():
    for champs, _flags, refs in entrees_po(LOCALE / "en" / "LC_MESSAGES" / "django.po"):
        yield refs, champs


def test_deux_points_precedes_d_une_espace_insecable():
    colles = [
        champs["msgid"]
        for refs, champs in _entrees()
        if any(PORTEE.match(r) for r in refs) and COLLE.search(champs["msgid"].replace("\\n", " "))
    ]
    assert not colles, "\n".join(colles)


def test_en_anglais_pas_d_espace_avant_les_deux_points():
    espaces = [
        texte
        for _, champs in _entrees()
        for cle, texte in champs.items()
        if cle.startswith("msgstr") and re.search(r"[ \u00a0]:(\s|$)", texte)
    ]
    assert not espaces, "\n".join(espaces)


def test_deux_points_dans_le_texte_traduit():
    """`{% translate "Statut" %}:` writes « Status: » in English only by luck, and glues the
    colon in French."""
    apres = [
        f"{chemin.relative_to(RACINE)}: {m.group(0)}"
        for chemin in (RACINE / "templates").rglob("*.html")
        for m in re.finditer(r'\{% translate "[^"]*" %\}:', chemin.read_text(encoding="utf-8"))
    ]
    assert not apres, "\n".join(apres)


def test_deux_points_entre_deux_valeurs_par_la_balise():
    """« {{ libelle }}: {{ valeur }} » glued the colon in French, « {{ a }} : {{ b }} » put an
    ordinary space before it (and in English too): {% deux_points %} writes it per language."""
    colles = [
        f"{chemin.relative_to(RACINE)}: {m.group(0)}"
        for dossier in (RACINE / "templates", *RACINE.glob("*/templates"))
        for chemin in dossier.rglob("*.html")
        for m in re.finditer(r"(?:\}\}|%\}) ?:(?=[\s<{])", chemin.read_text(encoding="utf-8"))
    ]
    assert not colles, "\n".join(colles)


def test_la_balise_deux_points_selon_la_langue():
    from django.template import Context, Template
    from django.utils import translation

    gabarit = Template("{% load binam %}2026{% deux_points %} 5")
    assert gabarit.render(Context()) == "2026\u00a0: 5"
    with translation.override("en"):
        assert gabarit.render(Context()) == "2026: 5"
