"""The English catalogue is complete, and the compiled .mo matches the .po it came from."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def entrees_po(chemin):
    """(fields, flags, references) for each entry, header excluded; a tiny .po reader. The
    fields map msgid, msgid_plural and msgstr… to their text; the references are the "#:"
    lines' file:line items."""
    texte = chemin.read_text(encoding="utf-8")
    for bloc in re.split(r"\n\s*\n", texte):
        if "msgid" not in bloc or bloc.lstrip().startswith("#~"):
            continue
        flags = " ".join(ligne for ligne in bloc.splitlines() if ligne.startswith("#,"))
        refs = [
            r for ligne in bloc.splitlines() if ligne.startswith("#: ") for r in ligne[3:].split()
        ]
        courant, champs = None, {}
        for ligne in bloc.splitlines():
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', ligne)
            if m:
                courant = m.group(1)
                champs[courant] = m.group(2)
            elif ligne.startswith('"') and courant:
                champs[courant] += ligne[1:-1]
        if champs.get("msgid"):
            yield champs, flags, refs


@pytest.mark.parametrize("langue", ["en", "fr"])
def test_catalogue_complet_et_compile(langue):
    po = LOCALE / langue / "LC_MESSAGES" / "django.po"
    mo = LOCALE / langue / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as f:
        compile_ = gettext.GNUTranslations(f)._catalog
    manquants, flous, non_compiles = [], [], []
    for champs, flags, _refs in entrees_po(po):
        traductions = [v for k, v in champs.items() if k.startswith("msgstr")]
        if not all(traductions):
            manquants.append(champs["msgid"])
        if "fuzzy" in flags:
            flous.append(champs["msgid"])
        cle = champs["msgid"].encode().decode("unicode_escape").encode("latin-1").decode()
        if "msgid_plural" in champs:
            cle = (cle, 0)
        if cle not in compile_:
            non_compiles.append(champs["msgid"])
    assert not manquants, f"sans traduction: {manquants[:5]}"
    assert not flous, f"traductions floues: {flous[:5]}"
    assert not non_compiles, f"absentes du .mo (relancer compilemessages): {non_compiles[:5]}"
