"""Production: no default secret, DATABASE_URL required, HTTPS everywhere, static files from WhiteNoise,
one JSON log line per request. Served by gunicorn (`make serve`, codezest/gunicorn_config.py)."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, databases, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
# gunicorn's sync workers and the db_worker serve one request or task at a time, each keeping its connection
# (checked before reuse) for ten minutes: a new one per request costs ~2.5 ms. Not psycopg's pool: while the
# database is down it holds each request for its timeout, and it reconnects only after a backoff.
DATABASES = databases(allow_embedded=False, conn_max_age=10 * 60)

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and overwrites any such header a client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]  # the probes answer over plain HTTP on the private network
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Static files: `collectstatic` writes them to STATIC_ROOT under content-hashed names, compressed (gzip), and
# WhiteNoise serves them from the Django process with far-future cache headers.
_AFTER_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_AFTER_SECURITY],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_AFTER_SECURITY:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object per line on standard error (the process manager's journal): every record, with the request
# id of the request it was written in, and one "codezest.requests" record per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "codezest.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "codezest.requests": {"level": env.str("DJANGO_REQUEST_LOG_LEVEL", default="INFO")},
        # Django's own line per 4xx/5xx repeats the request record; its errors (with tracebacks) stay.
        "django.request": {"level": "ERROR"},
    },
}
