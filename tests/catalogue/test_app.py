"""The catalogue is its own app: its rules have its name and it leans only on earlier apps."""

import ast
from pathlib import Path

import rules

import catalogue

# architecture.md: noyau → referentiel → comptes → organismes → catalogue → subventions → …
APPS_ULTERIEURES = {"subventions", "versements", "reddition", "rapports", "echanges", "portail"}


def test_regles_au_nom_du_catalogue():
    assert rules.perm_exists("catalogue.voir_services")
    assert rules.perm_exists("catalogue.gerer_services")
    assert not rules.perm_exists("subventions.voir_services")
    assert not rules.perm_exists("subventions.gerer_services")


def test_aucun_import_d_une_app_ulterieure_au_chargement():
    fautifs = []
    for fichier in Path(catalogue.__file__).parent.rglob("*.py"):
        # Only module-level statements: an import inside a function runs at call time.
        for noeud in ast.parse(fichier.read_text(encoding="utf-8")).body:
            if isinstance(noeud, ast.ImportFrom) and noeud.module:
                modules = [noeud.module]
            elif isinstance(noeud, ast.Import):
                modules = [alias.name for alias in noeud.names]
            else:
                continue
            fautifs += [
                f"{fichier.name}: {m}" for m in modules if m.split(".")[0] in APPS_ULTERIEURES
            ]
    assert fautifs == []
