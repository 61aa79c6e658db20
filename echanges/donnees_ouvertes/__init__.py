"""Open data: the grants of a programme and an exercice in Montréal's columns and in the
360Giving standard, for the staff and (when DONNEES_OUVERTES_PUBLIQUES is on) for everyone."""
