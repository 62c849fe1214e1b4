"""Tests: the local settings with a fast password hasher and no connection pool."""

from .base import databases
from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once; the database backend is there for the task admin pages.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_PROVIDER_NAME = "locmem"
LLM_API_BASE_URL = ""
LLM_API_KEY = ""
# Each test process keeps one connection for the whole run (every test in a transaction on it): no pool.
DATABASES = databases(allow_embedded=True, pool=False)
