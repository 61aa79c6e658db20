"""Log filters: a refused request is routine, a traceback is kept for real errors."""

import logging


class Refus403Filter(logging.Filter):
    """Turns Django's 403 record (message plus full traceback of PermissionDenied) into one
    warning line with the path and the user id, so that real errors stand out in the log."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            requete = getattr(record, "request", None)
            utilisateur = getattr(requete, "user", None)
            record.msg = "Forbidden (403): %s user=%s"
            record.args = (
                getattr(requete, "path", "?"),
                getattr(utilisateur, "pk", None) or "anonymous",
            )
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = None
            record.exc_text = None
        return True
