"""``DATABASES``: the primary (``DATABASE_URL``, or the embedded server where allowed), an optional read
replica (``DATABASE_REPLICA_URL``), how connections are kept (for a while, in psycopg's pool, or not at all),
and what PgBouncer in transaction mode needs."""

from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

ENGINE = "codezest.db.backend"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
CONNECT_TIMEOUT_SECONDS = 10
REPLICA = "replica"
# psycopg's pool (DATABASE_POOL), for servers that run threads: one connection kept per process, more up to
# the maximum (the threads per process) while threads wait for one. A request waits for a free connection as
# long as for a new one.
POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 1


def _url_config(url: str, variable: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme not in POSTGRES_SCHEMES:
        raise ImproperlyConfigured(
            f"{variable} must be a PostgreSQL URL such as postgres://user:password@host:5432/name "
            f"(got scheme {scheme!r})."
        )
    config = environ.Env.db_url_config(url, engine=ENGINE)
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{variable} names no database (postgres://user:password@host:5432/name).")
    return config


def _connections(
    config: dict,
    *,
    conn_max_age: int = 0,
    pool: bool = False,
    pool_max_size: int = POOL_MAX_SIZE,
    pgbouncer: bool = False,
) -> dict:
    """How connections are made and kept: for ``conn_max_age`` seconds (0: closed after each request), or
    in psycopg's pool."""
    if pool and pgbouncer:
        raise ImproperlyConfigured("DATABASE_POOL and DATABASE_PGBOUNCER exclude each other: PgBouncer pools.")
    if pool and conn_max_age:
        raise ImproperlyConfigured(
            "DATABASE_POOL and DJANGO_CONN_MAX_AGE exclude each other: choose the pool or persistent connections."
        )
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    if pool:
        options["pool"] = {"min_size": POOL_MIN_SIZE, "max_size": pool_max_size, "timeout": CONNECT_TIMEOUT_SECONDS}
    if pgbouncer:
        # Transaction pooling hands each transaction any server connection: nothing may outlive it.
        # Server-side cursors (QuerySet.iterator()) are held WITH HOLD across transactions, and prepared
        # statements live in one server session: both off (prepared statements are Django's default too).
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        options["prepare_threshold"] = None
    config["CONN_MAX_AGE"] = conn_max_age
    # A pooled or kept connection is checked before use, so one the server dropped is replaced, not failed (a busy
    # kept one by a look at its socket, codezest/db/backend).
    config["CONN_HEALTH_CHECKS"] = bool(pool or conn_max_age)
    return config


def database_config(
    url: str | None,
    *,
    allow_embedded: bool,
    conn_max_age: int = 0,
    pool: bool = False,
    pool_max_size: int = POOL_MAX_SIZE,
    pgbouncer: bool = False,
) -> dict:
    """Settings for the primary database; raises ImproperlyConfigured with a one-line reason."""
    if url:
        config = _url_config(url, "DATABASE_URL")
    elif allow_embedded:
        from codezest.db import embedded

        config = {"ENGINE": ENGINE, **embedded.database_settings()}
    else:
        raise ImproperlyConfigured("DATABASE_URL is required outside development and tests.")
    return _connections(config, conn_max_age=conn_max_age, pool=pool, pool_max_size=pool_max_size, pgbouncer=pgbouncer)


def databases_config(url: str | None, replica_url: str | None, *, allow_embedded: bool, **connections) -> dict:
    """``DATABASES``: the primary as ``default``, and with ``replica_url`` a ``replica`` alias, connected
    alike, that codezest.db.router.PrimaryReplicaRouter sends reads to. Tests use no replica of their own:
    it mirrors the test database."""
    databases = {DEFAULT_DB_ALIAS: database_config(url, allow_embedded=allow_embedded, **connections)}
    if replica_url:
        replica = _connections(_url_config(replica_url, "DATABASE_REPLICA_URL"), **connections)
        databases[REPLICA] = {**replica, "TEST": {"MIRROR": DEFAULT_DB_ALIAS}}
    return databases


def database_url(settings_dict: dict) -> str:
    """The postgres:// URL of a DATABASES entry (a unix socket directory as the host query)."""
    user = settings_dict["USER"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict["HOST"] or settings_dict.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{settings_dict['NAME']}?host={host}"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"
