"""Every page carries a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', and
the templates hold no inline script, style or event handler that such a policy would block."""

import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]


def directives(entete):
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in entete.split(";")) if d}


@pytest.mark.parametrize("url", ["/connexion/", "/organismes/", "/nexiste-pas/"])
def test_entete_csp_stricte(client, agent, url):
    client.force_login(agent)
    entete = client.get(url)["Content-Security-Policy"]
    assert "unsafe-inline" not in entete and "unsafe-eval" not in entete
    d = directives(entete)
    assert d["default-src"] == ["'self'"]
    assert d["script-src"] == ["'self'"]
    assert d["style-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"]
    assert d["frame-ancestors"] == ["'none'"]


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)|<style|\sstyle="
    r"|\son(click|change|submit|load|input|focus|blur|key\w+|mouse\w+|error)=",
    re.I,
)


def test_gabarits_sans_script_ni_style_en_ligne():
    fautifs = [
        f"{chemin.relative_to(RACINE)}: {m.group(0).strip()}"
        for chemin in RACINE.glob("templates/**/*.html")
        for m in INLINE.finditer(chemin.read_text(encoding="utf-8"))
    ]
    assert fautifs == []
