"""Configuration as a person meets it: commands run in a fresh process, errors in one line."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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
