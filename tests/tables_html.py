"""One reader of a page's tables, for the tests that check them (scrolling regions, names)."""

import re
from collections import Counter
from html.parser import HTMLParser

VIDES = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def net(texte):
    return re.sub(r"\s+", " ", texte).strip()


class Tables(HTMLParser):
    """For each <table> (`tables`, dicts): its innermost enclosing `role="region"` div's
    attributes (`region`), its caption, aria-label and aria-labelledby; how many times each id
    is written (`ids`) and each id's element text (`textes`)."""

    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.textes = {}  # id → the element's text
        self.tables = []
        self._ouverts = []  # (tag, attributes) of the open elements
        self._legende = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ident = attrs.get("id")
        if ident:
            self.ids[ident] += 1
            self.textes.setdefault(ident, "")
        if tag == "table":
            regions = [a for t, a in self._ouverts if t == "div" and a.get("role") == "region"]
            self.tables.append(
                {
                    "region": regions[-1] if regions else None,
                    "legende": None,
                    "etiquette": attrs.get("aria-label"),
                    "par": attrs.get("aria-labelledby"),
                }
            )
        elif tag == "caption":
            self._legende = []
        if tag not in VIDES:
            self._ouverts.append((tag, attrs))

    def handle_endtag(self, tag):
        # An unclosed <p> or <li> closes with its parent; a stray end tag closes nothing.
        for i in range(len(self._ouverts) - 1, -1, -1):
            if self._ouverts[i][0] == tag:
                del self._ouverts[i:]
                break
        if tag == "caption" and self._legende is not None:
            self.tables[-1]["legende"] = net("".join(self._legende))
            self._legende = None

    def handle_data(self, data):
        if self._legende is not None:
            self._legende.append(data)
        for _, attrs in self._ouverts:
            if attrs.get("id"):
                self.textes[attrs["id"]] += data

    def noms(self):
        """Each table's name: its caption, else its aria-label, else the text it points at."""
        for table in self.tables:
            nom = table["legende"] or table["etiquette"]
            if not nom and table["par"]:
                nom = " ".join(net(self.textes.get(i, "")) for i in table["par"].split())
            yield net(nom or "")


def lire_tables(html):
    lecteur = Tables()
    lecteur.feed(html)
    return lecteur
