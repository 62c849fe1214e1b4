"""The ``default`` database: ``DATABASE_URL``, or the embedded server where allowed."""

from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

ENGINE = "codezest.db.backend"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
CONNECT_TIMEOUT_SECONDS = 10


def database_config(url: str | None, *, allow_embedded: bool, conn_max_age: int = 0) -> dict:
    """Settings for the default database; raises ImproperlyConfigured with a one-line reason."""
    if url:
        scheme = urlsplit(url).scheme
        if scheme not in POSTGRES_SCHEMES:
            raise ImproperlyConfigured(
                f"DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/name "
                f"(got scheme {scheme!r})."
            )
        config = environ.Env.db_url_config(url, engine=ENGINE)
        if not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL names no database (postgres://user:password@host:5432/name).")
    elif allow_embedded:
        from codezest.db import embedded

        config = {"ENGINE": ENGINE, **embedded.database_settings()}
    else:
        raise ImproperlyConfigured("DATABASE_URL is required outside development and tests.")
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = conn_max_age > 0
    return config
