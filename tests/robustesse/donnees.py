"""Valid POST data for the forms under test; each test then spoils one field."""

from referentiel.models import Territoire


def donnees_subvention(c):
    return {
        "organisme": c["organisme"].pk, "programme": c["programme"].pk, "titre": "Accueil",
        "description": "", "agent": c["agent"].pk, "montant_demande": "45 000,00",
        "montant_accorde": "40 000,00", "date_debut": "2026-01-01", "date_fin": "2026-12-31",
        "numero_gdd": "", "repartition-TOTAL_FORMS": "3", "repartition-INITIAL_FORMS": "0",
        "repartition-0-exercice": "2026", "repartition-0-montant": "40 000,00",
        "services-TOTAL_FORMS": "2", "services-INITIAL_FORMS": "0",
        "services-0-service": c["service"].pk, "services-0-participants_cibles": "120",
        "services-0-montant": "40 000,00",
    }  # fmt: skip


def donnees_organisme(neq):
    return {
        "nom_legal": "Carrefour d'accueil", "nom_usage": "", "neq": neq,
        "numero_bienfaisance": "", "forme_juridique": "obnl", "date_constitution": "1998-05-14",
        "adresse": "1234, boulevard Décarie", "code_postal": "h4l3m5", "arrondissement": "",
        "territoires_desservis": [Territoire.objects.first().pk], "courriel": "info@c.org",
        "telephone": "514 555-0101", "site_web": "", "mission": "", "actif": "on",
    }  # fmt: skip
