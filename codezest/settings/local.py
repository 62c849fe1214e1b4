"""Development: debug on, and the embedded PostgreSQL unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import databases, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
DATABASES = databases(allow_embedded=True)
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_PROVIDER_NAME = env.str("EMAIL_PROVIDER_NAME", default="console")
