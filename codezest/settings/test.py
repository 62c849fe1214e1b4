"""Tests: the local settings with a fast password hasher."""

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
# Rows are culled on every CULL_EVERY-th write of a process (production: 100); here never but in the tests that
# ask for it, so that no test's query count depends on how many writes ran before it in its process.
if CACHES["default"]["BACKEND"] == "codezest.db.cache.PostgreSQLCache":  # noqa: F405
    CACHES["default"]["OPTIONS"]["CULL_EVERY"] = 10**9  # noqa: F405
