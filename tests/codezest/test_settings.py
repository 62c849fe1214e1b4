"""Configuration as a person meets it: commands run in a fresh process, errors in one line."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from codezest.db.config import CONNECT_TIMEOUT_SECONDS, database_config, databases_config

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run("manage.py", *args, **env)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://user:pw@localhost/codezest", "DATABASE_URL must be a PostgreSQL URL"),
        ("not a url", "DATABASE_URL must be a PostgreSQL URL"),
        ("postgres://user:pw@127.0.0.1:1/codezest", "Database error: connection failed"),
    ],
)
def test_bad_database_url_is_one_clear_line(url, says):
    result = manage("migrate", DATABASE_URL=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert ":pw@" not in result.stderr


def production_env(**extra: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "codezest.settings.production",
        "DATABASE_URL": "postgres://codezest:secret@db.example.com:5432/codezest?sslmode=require",
        "DJANGO_ALLOWED_HOSTS": "codezest.example.com",
        **extra,
    }


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_has_no_default_secret():
    env = production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={key: value for key, value in {**os.environ, **env}.items() if key != "DJANGO_SECRET_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_requires_database_url():
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL="")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DATABASE_URL is required" in result.stderr


def test_embedded_server_starts_stops_and_shows_its_log_when_it_cannot_start(tmp_path):
    pgdata = tmp_path / "pgdata"
    embedded = ("-m", "codezest.db.embedded")
    started = run(*embedded, "start", CODEZEST_PGDATA=str(pgdata))
    assert started.returncode == 0, started.stderr
    assert (pgdata / "postmaster.pid").exists()
    assert run(*embedded, "stop", CODEZEST_PGDATA=str(pgdata)).returncode == 0
    assert not (pgdata / "postmaster.pid").exists()

    # A client killed while the library rewrote its pid list leaves it empty; starting still works.
    (pgdata / ".handle_pids.json").write_text("")
    restarted = run(*embedded, "start", CODEZEST_PGDATA=str(pgdata))
    assert restarted.returncode == 0, restarted.stderr
    assert run(*embedded, "stop", CODEZEST_PGDATA=str(pgdata)).returncode == 0

    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write("\nshared_buffers = 'plenty'\n")
    broken = run(*embedded, "start", CODEZEST_PGDATA=str(pgdata))
    assert broken.returncode == 1
    assert "could not start" in broken.stderr
    assert 'invalid value for parameter "shared_buffers"' in broken.stderr
    assert "Traceback" not in broken.stderr


# ---- how connections are made and kept (codezest.db.config; README "Scaling out") ----

PRIMARY = "postgres://codezest:secret@db.example.com:5432/codezest"


def test_connections_are_new_kept_or_pooled_and_behind_pgbouncer_hold_nothing_across_transactions():
    fresh = database_config(PRIMARY, allow_embedded=False)
    assert "pool" not in fresh["OPTIONS"]
    assert (fresh["CONN_MAX_AGE"], fresh["CONN_HEALTH_CHECKS"]) == (0, False)
    assert "DISABLE_SERVER_SIDE_CURSORS" not in fresh

    kept = database_config(PRIMARY, allow_embedded=False, conn_max_age=600)
    assert "pool" not in kept["OPTIONS"]
    assert (kept["CONN_MAX_AGE"], kept["CONN_HEALTH_CHECKS"]) == (600, True)

    pooled = database_config(PRIMARY, allow_embedded=False, pool=True, pool_max_size=8)
    assert pooled["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": CONNECT_TIMEOUT_SECONDS}
    assert (pooled["CONN_MAX_AGE"], pooled["CONN_HEALTH_CHECKS"]) == (0, True)

    bouncer = database_config(PRIMARY, allow_embedded=False, conn_max_age=600, pgbouncer=True)
    assert "pool" not in bouncer["OPTIONS"]
    assert bouncer["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert bouncer["OPTIONS"]["prepare_threshold"] is None


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"pool": True, "pgbouncer": True}, "DATABASE_POOL and DATABASE_PGBOUNCER exclude each other"),
        ({"pool": True, "conn_max_age": 60}, "DATABASE_POOL and DJANGO_CONN_MAX_AGE exclude each other"),
    ],
)
def test_a_pool_beside_another_way_of_keeping_connections_is_refused(options, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        database_config(PRIMARY, allow_embedded=False, **options)


def test_a_replica_is_an_alias_connected_like_the_primary_and_mirrored_in_tests():
    replica_url = "postgres://reader:secret@replica.example.com:5432/codezest"
    databases = databases_config(PRIMARY, replica_url, allow_embedded=False, pgbouncer=True)
    assert set(databases) == {"default", "replica"}
    replica = databases["replica"]
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == ("replica.example.com", "reader", "codezest")
    assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert replica["TEST"] == {"MIRROR": "default"}
    assert set(databases_config(PRIMARY, "", allow_embedded=False)) == {"default"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must be a PostgreSQL URL"):
        databases_config(PRIMARY, "mysql://replica.example.com/codezest", allow_embedded=False)


def test_the_environment_chooses_replica_and_pgbouncer_and_a_conflict_is_one_line():
    show = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({alias: [d['CONN_MAX_AGE'], d['OPTIONS']] for alias, d in s.DATABASES.items()}))"
    )
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    replica = "postgres://reader@replica.example.com/codezest"
    result = manage("shell", "-c", show, **env, DATABASE_REPLICA_URL=replica, DATABASE_PGBOUNCER="true")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "default": [600, {"sslmode": "require", "connect_timeout": 10, "prepare_threshold": None}],
        "replica": [600, {"connect_timeout": 10, "prepare_threshold": None}],
    }

    result = manage("check", **env, DATABASE_PGBOUNCER="true", DATABASE_POOL="true")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DATABASE_POOL and DATABASE_PGBOUNCER exclude each other: PgBouncer pools."
    ]
