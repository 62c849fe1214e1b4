"""gunicorn's settings for `make serve` (gunicorn -c python:codezest.gunicorn_config), each from the environment.

Django writes one JSON line per request (codezest.middleware), so gunicorn's own access log stays off.
"""

import multiprocessing
import os

wsgi_app = "codezest.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Synchronous workers, one request each: two per core plus one unless WEB_CONCURRENCY says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a worker silent this long is killed and replaced
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))  # SIGTERM: finish requests first
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # seconds, behind a proxy that keeps connections
# Workers are replaced after this many requests (jittered so they do not restart together): leaks stay bounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The TLS proxy in front may set X-Forwarded-For and X-Forwarded-Proto: trusted from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicornc's control socket only where asked for: by default every instance would claim ~/.gunicorn/gunicorn.ctl.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
