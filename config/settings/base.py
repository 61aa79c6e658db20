"""Réglages communs; chaque environnement (local, test, production) les complète."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-change-me")
DEBUG = env.bool("DEBUG", default=False)
# `manage.py demo` creates accounts with a published password: only where this is True.
DEMO_AUTORISEE = env.bool("DEMO_AUTORISEE", default=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "rules",
    "noyau",
    "comptes",
    "referentiel",
    "organismes",
    "catalogue",
    "subventions",
    "appels",
    "versements",
    "reddition",
    "rapports",
    "echanges",
    "portail",
    "demo",
]

MIDDLEWARE = [
    # First, so that its header is on every response, static files' (WhiteNoise) included.
    "noyau.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "noyau.middleware.LangueMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "noyau.middleware.ExpirationSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): everything from this site only, no inline script or
# style (the templates have none; static/ holds the CSS), no plugin, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptes.context_processors.profil",
            ],
            # `date` and `time` write "1er décembre" and "10 h 47" in every template.
            "builtins": ["noyau.templatetags.dates"],
        },
    },
]

# Absent DATABASE_URL: an embedded SQLite file, so that a fresh clone runs with no set-up.
if "DATABASE_URL" not in env.ENVIRON:
    # Only the embedded default writes under the code tree (production may mount it read-only).
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'binam.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL + busy timeout: the live server of browser tests and the demo server write concurrently.
    # IMMEDIATE: a transaction takes the write lock when it begins; one that read first and then
    # wrote while another had committed would fail at once ("database is locked"), whatever the
    # timeout (the dashboard's running totals read the pending grants, then write).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # No JIT: a page's queries last milliseconds, and a correlated subquery's cost estimate
    # (the dashboard's latest report per grant) made PostgreSQL spend 60 ms compiling one.
    # random_page_cost 1.1 rather than 4: the default prices a random read as on a spinning
    # disk, so on SSD (or a base held in memory) the planner scanned 20,000 grants where a
    # bitmap of two indexes (search by text OR by organisation) costs half as much.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off -c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "comptes.backends.AdministrateurBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A session ends after 30 minutes without a request and 10 hours after sign-in in all
# (noyau.middleware.ExpirationSessionMiddleware); the cookie never outlives the latter.
SESSION_INACTIVITE_MAX = 30 * 60
SESSION_DUREE_MAX = 10 * 60 * 60
SESSION_COOKIE_AGE = SESSION_DUREE_MAX

LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"

# Login throttling (django-axes): 5 failures lock for 15 minutes the username from that
# address, and the address itself whatever the usernames tried (one address trying many
# accounts). A success clears the count of its username and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
# The client's address behind the reverse proxies that add to X-Forwarded-For (how many, from
# the environment): otherwise every client would share the proxy's address, and its lock.
PROXYS_DE_CONFIANCE = env.int("PROXYS_DE_CONFIANCE", default=0)
AXES_CLIENT_IP_CALLABLE = "comptes.limites.adresse_client"
# A stale form (signed in from another tab) or blocked cookies: a page that says what to do.
CSRF_FAILURE_VIEW = "noyau.views.echec_csrf"
AXES_LOCKOUT_TEMPLATE = "registration/verrouille.html"
AXES_RESET_ON_SUCCESS = True
# "Mot de passe oublié" requests per hour (comptes.views.ReinitialisationView).
REINITIALISATIONS_PAR_ADRESSE = env.int("REINITIALISATIONS_PAR_ADRESSE", default=10)
REINITIALISATIONS_PAR_COURRIEL = env.int("REINITIALISATIONS_PAR_COURRIEL", default=3)
# Registrations of a new organisation (and new activation links) per hour
# (organismes.views.inscription).
INSCRIPTIONS_PAR_ADRESSE = env.int("INSCRIPTIONS_PAR_ADRESSE", default=10)
INSCRIPTIONS_PAR_COURRIEL = env.int("INSCRIPTIONS_PAR_COURRIEL", default=3)

# Browser features no page uses, refused to the site and anything it would embed
# (noyau.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "usb",
    )
}  # fmt: skip

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Uploaded files are private: never under STATIC or a public MEDIA_URL; served by views that
# check permissions.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "fichiers")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/interdit/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# <select> written in Python (noyau/rendu.py): a template per <option> was a quarter of a list.
FORM_RENDERER = "noyau.rendu.Rendu"
DJANGO_TABLES2_TEMPLATE = "noyau/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Subventions BINAM <binam@montreal.ca>")
# The application's address as its users reach it: the links written in emails start with it,
# all of them, with or without a request at hand (never the request's Host header, which the
# client writes). `make run ADRESSE=…` sets it to the address served.
ADRESSE_DU_SITE = env("ADRESSE_DU_SITE", default="http://localhost:8000")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Open data (echanges/donnees_ouvertes): the public download URLs answer 404 until this is on.
DONNEES_OUVERTES_PUBLIQUES = env.bool("DONNEES_OUVERTES_PUBLIQUES", default=False)
# The Montréal format's SERVICE and DIRECTION columns, as the city writes them.
DONNEES_OUVERTES_SERVICE = env("DONNEES_OUVERTES_SERVICE", default="Diversité et inclusion sociale")
DONNEES_OUVERTES_DIRECTION = env(
    "DONNEES_OUVERTES_DIRECTION", default="Bureau d'intégration des nouveaux arrivants"
)
# 360Giving identifiers: the grant's prefix (registered with 360Giving), the funder's
# org-id.guide identifier and the prefix put before a recipient's NEQ. No org-id.guide list for
# Québec's enterprise register could be confirmed: check https://org-id.guide before publishing.
DONNEES_OUVERTES_PREFIXE_SUBVENTION = env(
    "DONNEES_OUVERTES_PREFIXE_SUBVENTION", default="360G-binam-"
)
DONNEES_OUVERTES_PREFIXE_ORGANISME = env("DONNEES_OUVERTES_PREFIXE_ORGANISME", default="CA-QC-NEQ-")
DONNEES_OUVERTES_FINANCEUR_ID = env(
    "DONNEES_OUVERTES_FINANCEUR_ID", default="360G-binam-ville-de-montreal"
)
DONNEES_OUVERTES_FINANCEUR_NOM = env("DONNEES_OUVERTES_FINANCEUR_NOM", default="Ville de Montréal")
DONNEES_OUVERTES_LICENCE = env(
    "DONNEES_OUVERTES_LICENCE", default="https://creativecommons.org/licenses/by/4.0/"
)
DONNEES_OUVERTES_SITE = env("DONNEES_OUVERTES_SITE", default="https://montreal.ca")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refus_403": {"()": "noyau.journal.Refus403Filter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Refused requests are one line each; a 500 keeps its traceback.
    "loggers": {"django.request": {"filters": ["refus_403"], "level": "WARNING"}},
}
