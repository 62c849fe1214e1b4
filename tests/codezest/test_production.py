"""Production serving: gunicorn with the production settings, WhiteNoise's hashed static files, the
Content-Security-Policy, and one JSON log line per request with its X-Request-ID."""

import atexit
import contextlib
import functools
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import psutil
import pytest
from django.db import connection
from django.test import Client

from accounts.services import session_create
from codezest.db.config import database_url
from codezest.logging import JsonFormatter, request_id
from codezest.middleware import request_id_from
from tests.accounts.factories import UserFactory
from tests.learning.factories import ProgrammingLanguageFactory

from .test_make_run import free_port

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
HASHED_CSS = re.compile(r"/static/[\w/.-]+\.[0-9a-f]{12}\.css")
# What a TLS-terminating proxy adds in front of gunicorn: the production settings trust it for HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def production_environment(*, database: str, static_root: Path, port: int, **extra: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "GUNICORN_"))
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "codezest.settings.production",
        "DATABASE_URL": database,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        **extra,
    }


@functools.cache
def collected_static() -> Path:
    """`collectstatic` with the production settings, once per test process, into a temporary STATIC_ROOT."""
    static_root = Path(tempfile.mkdtemp(prefix="codezest-static-"))
    atexit.register(shutil.rmtree, static_root, ignore_errors=True)
    environment = production_environment(database="postgres://unused@/unused", static_root=static_root, port=0)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return static_root


def fetch(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, Message, bytes]:
    """Status, headers and body, as a client behind the TLS proxy sees them; HTTP errors are answers too,
    and redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], log: Path):
    """gunicorn as `make serve` runs it, answering on GUNICORN_BIND; yields its base URL and process."""
    url = f"http://{environment['GUNICORN_BIND']}"
    with log.open("w+") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:codezest.gunicorn_config"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                with contextlib.suppress(OSError):
                    if fetch(f"{url}/health")[0] == 200:
                        break
                time.sleep(0.2)
            yield url, server
        finally:
            with contextlib.suppress(ProcessLookupError):  # already gone: its log says why
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def log_lines(log: Path) -> list[dict]:
    """The JSON records gunicorn's workers wrote (gunicorn's own lines are plain text)."""
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


# ---- the real server ----


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_the_production_settings_with_hashed_static_files_and_json_request_lines(tmp_path):
    ProgrammingLanguageFactory(name="Served Python")
    port = free_port()
    environment = production_environment(
        database=database_url(connection.settings_dict), static_root=collected_static(), port=port
    )
    log = tmp_path / "gunicorn.log"
    with gunicorn(environment, log) as (url, _server):
        status, headers, body = fetch(f"{url}/admin/login/", {"X-Request-ID": "probe-7f3a"})
        assert status == 200
        assert headers["X-Request-ID"] == "probe-7f3a"
        policy = directives(headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src-attr"] == ["'unsafe-inline'"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        stylesheets = HASHED_CSS.findall(body.decode())
        assert stylesheets, body.decode()  # the page links the hashed names from the manifest
        status, headers, _css = fetch(f"{url}{stylesheets[0]}", {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        assert headers.get("Content-Encoding") == "gzip"  # compressed at collectstatic, served as is

        status, _headers, body = fetch(f"{url}/api/v1/languages")
        assert status == 200
        assert [language["name"] for language in json.loads(body)["results"]] == ["Served Python"]
        status, headers, body = fetch(f"{url}/api/v1/no-such-thing", {"X-Request-ID": "bad id with spaces"})
        assert status == 404
        assert json.loads(body)["error"]["status"] == 404
        generated = headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", generated)

        # Plain HTTP (no proxy header) is sent to HTTPS, except the probes.
        assert fetch(f"{url}/api/v1/languages", {"X-Forwarded-Proto": "http"})[0] == 301
        assert fetch(f"{url}/health", {"X-Forwarded-Proto": "http"})[0] == 200

    requests = [line for line in log_lines(log) if line["logger"] == "codezest.requests"]
    by_id = {line["request_id"]: line for line in requests}
    assert by_id["probe-7f3a"]["method"] == "GET"
    assert by_id["probe-7f3a"]["path"] == "/admin/login/"
    assert by_id["probe-7f3a"]["status"] == 200
    assert by_id["probe-7f3a"]["user_id"] is None
    assert isinstance(by_id["probe-7f3a"]["duration_ms"], int | float)
    assert by_id[generated]["status"] == 404
    assert {line["path"] for line in requests} >= {"/admin/login/", stylesheets[0], "/api/v1/languages"}


def test_make_serve_runs_gunicorn_and_a_task_worker_with_the_production_settings(db, tmp_path):
    port = free_port()
    environment = production_environment(
        database=database_url(connection.settings_dict), static_root=collected_static(), port=port, WEB_CONCURRENCY="3"
    )
    log = (tmp_path / "make-serve.log").open("w+")
    serve = subprocess.Popen(
        ["make", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        answered = None
        while answered is None and time.monotonic() < deadline and serve.poll() is None:
            time.sleep(0.5)
            with contextlib.suppress(OSError):
                answered = fetch(f"http://127.0.0.1:{port}/admin/login/")
        log.seek(0)
        output = log.read()
        assert answered is not None, output
        status, _headers, body = answered
        assert status == 200
        assert HASHED_CSS.search(body.decode())
        commands = [  # the processes make started, less the shell between them
            " ".join(process.cmdline())
            for process in psutil.Process(serve.pid).children(recursive=True)
            if process.cmdline()[:1] != ["/bin/sh"]
        ]
        assert any("manage.py db_worker" in command for command in commands), commands
        assert sum("gunicorn" in command for command in commands) == 1 + 3, commands  # the arbiter and 3 workers
    finally:
        with contextlib.suppress(ProcessLookupError):  # make stopped on its own: the log says why
            os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()


# ---- the request id and the request log, in process ----


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("3f2b6c1e-2d4a-4e0b-9a55-0f1d2c3b4a59", True),
        ("Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8", True),
        ("", False),
        (None, False),
        ("two words", False),
        ("line\nbreak", False),
        ('"quoted"', False),
        ("x" * 129, False),
        ("é" * 10, False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_it_is_safe(incoming, kept):
    result = request_id_from(incoming)
    if kept:
        assert result == incoming
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", result)


@pytest.mark.django_db
def test_each_request_is_one_log_record_with_its_user_and_request_id(caplog):
    user = UserFactory()
    token = session_create(user=user)[1]
    with caplog.at_level(logging.INFO, logger="codezest.requests"):
        signed_in = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_REQUEST_ID="abc-1")
        anonymous = Client().get("/api/v1/me?token=hunter2")
    assert signed_in.status_code == 200
    assert signed_in["X-Request-ID"] == "abc-1"
    records = [record for record in caplog.records if record.name == "codezest.requests"]
    assert len(records) == 2
    first, second = records
    assert (first.method, first.path, first.status, first.user_id, first.request_id) == (
        "GET",
        "/api/v1/me",
        200,
        str(user.pk),
        "abc-1",
    )
    assert first.duration_ms >= 0
    assert (second.status, second.user_id, second.request_id) == (
        anonymous.status_code,
        None,
        anonymous["X-Request-ID"],
    )
    assert "hunter2" not in second.getMessage() + second.path  # the query string is never logged

    line = JsonFormatter().format(first)
    assert "\n" not in line
    assert {key: json.loads(line)[key] for key in ("method", "path", "status", "user_id", "request_id")} == {
        "method": "GET",
        "path": "/api/v1/me",
        "status": 200,
        "user_id": str(user.pk),
        "request_id": "abc-1",
    }


def test_json_lines_carry_the_request_id_and_the_traceback_on_one_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.LogRecord("codezest.x", logging.ERROR, __file__, 1, "failed: %s", ("it",), sys.exc_info())
    token = request_id.set("req-42")  # as inside a request: the handler writes the record there
    try:
        line = JsonFormatter().format(record)
    finally:
        request_id.reset(token)
    assert "\n" not in line
    written = json.loads(line)
    assert (written["message"], written["level"], written["request_id"]) == ("failed: it", "ERROR", "req-42")
    assert "ValueError: broken\nacross lines" in written["exception"]


# ---- the Content-Security-Policy, in process ----


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_every_page_has_a_policy_without_inline_scripts():
    for path in ("/admin/login/", "/api/v1/languages", "/health"):
        response = Client().get(path)
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]  # no nonce unless the page asked for one
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_swagger_ui_inline_script_and_style_carry_the_policy_nonce():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    nonce = next(value for value in policy["script-src"] if value.startswith("'nonce-"))[len("'nonce-") : -1]
    assert f"'nonce-{nonce}'" in policy["style-src"]
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']
    assert re.findall(r"<style([^>]*)>", html) == [f' nonce="{nonce}"']
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
