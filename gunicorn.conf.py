"""Gunicorn settings for production (`gunicorn -c gunicorn.conf.py config.wsgi`).

Sized for the slowest request the application answers: the instalments workbook of ten years of
data (60,000 rows) took 39 s on a loaded 2-core machine (bench/listes.py), longer than gunicorn's
default 30 s timeout, which would have cut the manager's download. Every value can be overridden
from the environment (GUNICORN_*) without editing this file.
"""

import multiprocessing
import os


def _entier(nom, defaut):
    return int(os.environ.get(nom, defaut))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Threads let a worker keep serving pages while one of its threads writes a large workbook; the
# processes use every core (the PDF and workbook writers are CPU-bound under the GIL).
worker_class = "gthread"
workers = _entier("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9))
threads = _entier("GUNICORN_THREADS", 4)

# Three times the slowest export measured under load (39 s): a slow download finishes, a stuck
# worker is still replaced.
timeout = _entier("GUNICORN_TIMEOUT", 120)
graceful_timeout = _entier("GUNICORN_GRACEFUL_TIMEOUT", 60)
keepalive = 5

# A worker is recycled after a while, so that a slow leak in a library cannot grow forever; the
# jitter keeps the workers from restarting all at once.
max_requests = _entier("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200

# The heartbeat file on tmpfs: on a busy disk, a blocked write would look like a hung worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log on standard output (the service manager keeps it), with the request's duration in
# microseconds (%(D)s) so that slow pages show in the log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'

# X-Forwarded-Proto is trusted from the HTTPS proxy only (same host by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
