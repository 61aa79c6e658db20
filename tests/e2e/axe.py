"""axe-core (vendored, no network) in a page of the browser tests: the WCAG 2.2 AA rules it runs,
and its violations as readable lines."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def avec_axe(page):
    """Give every document of the page's context axe-core from its start: sent to the browser
    once, instead of 650 kB through the protocol on each page (about 0.4 s of CPU a page)."""
    page.context.add_init_script(script=AXE)
    return page


def violations(page):
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    # Only the violations are reported: axe then skips building the nodes of what passes or does
    # not apply, which took about a third of its time; the rules run are the same.
    resultat = page.evaluate(
        """(normes) => axe.run(document, {
          runOnly: {type: 'tag', values: normes}, resultTypes: ['violations']
        })""",
        NORMES,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in resultat["violations"]
    ]
