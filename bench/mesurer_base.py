"""The bench's measurements (same pages, same method as bench/listes.py) on a database that is
already loaded, e.g. the one a previous `make bench` filled, after `manage.py migrate`:

    DATABASE_URL=postgres://binam:binam@127.0.0.1:5432/binam_bench .venv/bin/python \
        bench/mesurer_base.py
"""

import sys
from pathlib import Path

ICI = Path(__file__).resolve().parent
sys.path[:0] = [str(ICI), str(ICI.parent)]

from listes import clients, mesurer, pages, repere_cpu, requetes  # noqa: E402 - after the path above

if __name__ == "__main__":
    utilisateurs = clients()
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms")
    print(f"{'page':40} {'req.':>4} {'méd. ms':>8} {'p95 ms':>8} {'Kio':>6}")
    for libelle, qui, url in pages():
        n = requetes(utilisateurs[qui], url)
        med, p95, taille = mesurer(utilisateurs[qui], url)
        print(f"{libelle:40} {n:4d} {med:8.1f} {p95:8.1f} {taille / 1024:6.1f}")
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms")
