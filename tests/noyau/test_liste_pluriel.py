import pytest
from django.template import Context, Template
from django.utils import translation

GABARIT = Template(
    "{% load i18n humanize %}{% blocktranslate count nombre=n with affiche=n|intcomma %}"
    "{{ affiche }} résultat{% plural %}{{ affiche }} résultats{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("n", "attendu"),
    [(0, "0 résultat"), (1, "1 résultat"), (2, "2 résultats"), (12500, "12\xa0500 résultats")],
)
def test_pluriel_a_la_francaise(n, attendu):
    with translation.override("fr-ca"):
        assert GABARIT.render(Context({"n": n})) == attendu
