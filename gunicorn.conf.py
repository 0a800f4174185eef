"""gunicorn settings (read from the working directory): `gunicorn renstra.wsgi`.

Every value can be overridden by the environment (GUNICORN_*) or the command line. Request
logging is the application's own (JSON lines with the request id), so gunicorn writes no
access log; its error log goes to stderr (journald under systemd)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: the views are short and database-bound; PDF rendering is the worker's job.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # imports of large plans take seconds
graceful_timeout = 30
keepalive = 5
# Restart workers now and then (bounded memory growth), staggered.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# The reverse proxy on this machine (or the load balancer) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
preload_app = False
