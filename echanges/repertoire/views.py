"""The public directory: no sign-in, the same filtered data as a page, JSON and CSV.

Each answer is built once per filter combination (and page, language, day) and then served
from the cache without touching the database (see cache.py). The page's cached part is
rendered without the request: the header around it (language switch with its per-visitor CSRF
token, the signed-in name) is drawn on every request, never stored and shared.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import PageNotAnInteger
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views import View

from noyau.listes import Paginateur
from referentiel.models import Territoire

from . import cache as cache_repertoire
from . import donnees
from .filters import PARAMETRES, RepertoireFilter
from .selectors import nombre_par_reference, services_du_repertoire
from .tables import CarteServicesTable

PAR_PAGE = 20
# The browser may keep the page five minutes; the page is private because it carries the
# visitor's CSRF token (language switch) and, when signed in, the person's name.
CACHE_NAVIGATEUR_PAGE = 5 * 60


def parametres(request) -> dict:
    """The filters the directory reads, one value each, trimmed; everything else is ignored
    (so that tracking parameters neither change the answer nor multiply cache entries)."""
    valeurs = {nom: request.GET.get(nom, "").strip()[:100] for nom in PARAMETRES}
    return {nom: valeur for nom, valeur in valeurs.items() if valeur}


def lien(selection: dict, page=None, **changements) -> str:
    """The query string of the current choices with some changed (None removes one). Built
    from the validated choices only, so that a cached page links the same for everyone."""
    codes = {nom: objet.code for nom, objet in selection.items()}
    codes.update(changements)
    paires = [(nom, codes[nom]) for nom in PARAMETRES if codes.get(nom)]
    if page and page > 1:
        paires.append(("page", page))
    return "?" + urlencode(paires)


def pagination(table, selection) -> dict:
    page = table.page
    if table.paginator.num_pages < 2:
        return {}
    elidees = table.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return {
        "precedente": lien(selection, page.number - 1) if page.has_previous() else "",
        "suivante": lien(selection, page.number + 1) if page.has_next() else "",
        "pages": [
            {"numero": n, "url": lien(selection, n) if isinstance(n, int) else ""} for n in elidees
        ],
        "courante": page.number,
    }


def _choix(filterset, nom, selection, *, toujours=False, relation=None):
    """The links of one step; none (and no query) once that step is chosen, since the page
    then shows the choice and a link to change it. With `relation`, each link says how many
    services it leads to (the other choices kept)."""
    if nom in selection and not toujours:
        return []
    nombres = None
    if relation and filterset.is_valid():
        nombres = nombre_par_reference(filterset.qs, relation)
    return [
        {
            "nom": objet.nom_affiche,
            "url": lien(selection, **{nom: objet.code}),
            "objet": objet,
            "nombre": None if nombres is None else nombres.get(objet.pk, 0),
        }
        for objet in filterset.filters[nom].queryset
    ]


def contenu_page(params: dict, page: str) -> str:
    filterset = RepertoireFilter(params, queryset=services_du_repertoire())
    valide = filterset.is_valid()
    table = CarteServicesTable(filterset.qs if valide else filterset.queryset.none())
    try:
        table.paginate(paginator_class=Paginateur, per_page=PAR_PAGE, page=page)
    except PageNotAnInteger:
        table.paginate(paginator_class=Paginateur, per_page=PAR_PAGE, page=1)
    # The valid choices only: a wrong code shows its error and lets the person choose again.
    propres = getattr(filterset.form, "cleaned_data", {})
    selection = {nom: propres[nom] for nom in PARAMETRES if propres.get(nom)}
    territoires = _choix(filterset, "territoire", selection, relation="territoires")
    table.pagination = pagination(table, selection)
    contexte = {
        "filterset": filterset,
        "erreurs": [e for champ in filterset.form.errors.values() for e in champ],
        "table": table,
        "selection": selection,
        "requete": lien(selection),
        "statuts": _choix(filterset, "statut", selection, relation="statuts_vises"),
        "arrondissements": [
            t for t in territoires if t["objet"].type == Territoire.Type.ARRONDISSEMENT
        ],
        "municipalites": [
            t for t in territoires if t["objet"].type != Territoire.Type.ARRONDISSEMENT
        ],
        "rubriques": _choix(filterset, "rubrique", selection, toujours=True),
        "sans": {nom: lien(selection, **{nom: None}) for nom in PARAMETRES},
        "champs": donnees.CHAMPS,
    }
    return render_to_string("echanges/repertoire/_contenu.html", contexte)


class RepertoireView(View):
    def get(self, request):
        params = parametres(request)
        page = request.GET.get("page", "1")[:12]
        cle = cache_repertoire.cle("page", {**params, "page": page}, get_language())
        contenu = cache.get(cle)
        if contenu is None:
            contenu = contenu_page(params, page)
            cache.set(cle, contenu, cache_repertoire.DUREE)
        response = render(request, "echanges/repertoire/page.html", {"contenu": contenu})
        patch_cache_control(response, private=True, max_age=CACHE_NAVIGATEUR_PAGE)
        return response


class DonneesView(View):
    """The directory as a file. Public open data: any site may read it (CORS on the JSON), any
    cache may keep it for the same fifteen minutes as the server."""

    format = "json"

    def get(self, request):
        params = parametres(request)
        cle = cache_repertoire.cle(self.format, params)
        corps = cache.get(cle)
        if corps is None:
            filterset = RepertoireFilter(params, queryset=services_du_repertoire())
            if not filterset.is_valid():
                return self.erreurs(filterset)
            services = list(filterset.qs)
            if self.format == "json":
                corps = donnees.en_json(services, genere_le=timezone.now())
            else:
                corps = donnees.en_csv(services)
            cache.set(cle, corps, cache_repertoire.DUREE)
        response = self.reponse(corps)
        patch_cache_control(response, public=True, max_age=cache_repertoire.DUREE)
        return response

    def erreurs(self, filterset):
        erreurs = {nom: [str(e) for e in liste] for nom, liste in filterset.form.errors.items()}
        if self.format == "json":
            response = JsonResponse({"erreurs": erreurs}, status=400)
            response["Access-Control-Allow-Origin"] = "*"
            return response
        texte = "\n".join(f"{nom}: {' '.join(liste)}" for nom, liste in erreurs.items())
        return HttpResponse(texte, status=400, content_type="text/plain; charset=utf-8")

    def reponse(self, corps):
        if self.format == "json":
            response = HttpResponse(corps, content_type="application/json")
            # Public, anonymous data with no cookie-based answer: any web page (the guide, the
            # Station's screens) may fetch it from the browser. "*" never sends credentials.
            response["Access-Control-Allow-Origin"] = "*"
            return response
        response = HttpResponse(corps, content_type="text/csv; charset=utf-8")
        nom = f"repertoire-services-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{nom}"'
        return response
