"""The grants list's "Montant accordé" column says what the totals above it say: an amount only
for grants approved or later, "—" for undecided, refused and cancelled ones, on screen and in
both exports."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from noyau.formats import format_money
from subventions.models import Subvention
from subventions.selectors import totaux_subventions
from tests.factories import SubventionFactory

URL = "/subventions/"
S = Subvention.Statut
NB = "\u00a0"


def un_par_statut():
    return {
        statut: SubventionFactory(
            numero=f"BINAM-2026-{i + 1:03d}", statut=statut,
            montant_demande=Decimal("90000"), montant_accorde=Decimal("10000") + i,
        )
        for i, statut in enumerate(S.values)
    }  # fmt: skip


def test_ecran_montant_seulement_pour_les_subventions_engagees(client_de, gestionnaire):
    par_statut = un_par_statut()
    reponse = client_de(gestionnaire).get(URL, {"sort": "numero"})
    table = reponse.context["table"]
    cellules = {row.record.statut: row.get_cell("montant_accorde") for row in table.paginated_rows}
    for statut, s in par_statut.items():
        if statut in Subvention.STATUTS_ENGAGES:
            assert cellules[statut] == format_money(s.montant_accorde), statut
        else:
            assert cellules[statut] == "—", statut
    # The amounts shown add up to the "Accordé" total printed above the list.
    visibles = sum(
        s.montant_accorde
        for st, s in par_statut.items()
        if st in (S.APPROUVEE, S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE)
    )
    assert reponse.context["totaux"]["accorde"] == visibles == Decimal("50020")
    assert f"Accordé{NB}: 50{NB}020,00{NB}$" in reponse.content.decode()


def test_exports_disent_la_meme_chose(client_de, gestionnaire):
    par_statut = un_par_statut()
    client = client_de(gestionnaire)
    texte = client.get(URL, {"sort": "numero", "_export": "csv"}).getvalue().decode("utf-8")
    rangees = list(csv.reader(io.StringIO(texte[1:])))
    colonne = rangees[0].index("Montant accordé")
    par_numero = {s.numero: s for s in par_statut.values()}
    for r in rangees[1:]:
        s = par_numero[r[0]]
        assert r[colonne] == (f"{s.montant_accorde:.2f}" if s.est_engagee else ""), s.statut

    classeur = load_workbook(io.BytesIO(client.get(URL, {"sort": "numero", "_export": "xlsx"})
                                        .getvalue())).active  # fmt: skip
    lignes = list(classeur.iter_rows(values_only=True))
    j = lignes[0].index("Montant accordé")
    for ligne in lignes[1:-1]:
        s = par_numero[ligne[0]]
        attendu = float(s.montant_accorde) if s.est_engagee else None  # empty, never text
        assert ligne[j] == attendu, s.statut
    totaux = totaux_subventions(subventions=Subvention.objects.all())
    assert lignes[-1][0] == "Total"
    assert Decimal(str(lignes[-1][j])).quantize(Decimal("0.01")) == totaux["accorde"]


def test_tri_par_montant_accorde_met_les_non_accordes_a_part(client_de, gestionnaire):
    par_statut = un_par_statut()
    reponse = client_de(gestionnaire).get(URL, {"sort": "-montant_accorde"})
    ordre = [row.record.statut for row in reponse.context["table"].paginated_rows]
    engages = [st for st in ordre if st in Subvention.STATUTS_ENGAGES]
    assert ordre[: len(engages)] == engages  # every granted amount before any "—"
    montants = [par_statut[st].montant_accorde for st in engages]
    assert montants == sorted(montants, reverse=True)


def test_la_file_de_travail_garde_le_montant_propose_a_approuver(client_de, gestionnaire):
    """The manager decides a recommended file on its proposed amount: the work queue shows it."""
    SubventionFactory(statut=S.RECOMMANDEE, montant_accorde=Decimal("12345.67"))
    page = client_de(gestionnaire).get("/travail/a-approuver/").content.decode()
    assert f"12{NB}345,67{NB}$" in page
