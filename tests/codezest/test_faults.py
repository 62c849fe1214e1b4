"""Faults: the database going away under a running server and coming back, and Stripe out of reach."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts.services import session_create
from codezest.api.errors import RETRY_AFTER_SECONDS, database_unavailable, server_error
from payments.models import Subscription
from payments.stripe_api import CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS
from tests.accounts.factories import UserFactory
from tests.payments.fake_stripe import PRICE_ENTERPRISE, PRICE_PRO

from .test_make_run import free_port
from .test_production import collected_static, fetch, gunicorn, log_lines, production_environment

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "outage-admin@example.com"
ADMIN_PASSWORD = "zest-outage-2026"
UNAVAILABLE = "The service is briefly unavailable; please try again in a minute."


class OwnDatabase:
    """An embedded PostgreSQL server of this test's own (codezest.db.embedded on a temporary data directory),
    never the shared one in .pgdata/."""

    def __init__(self, pgdata: Path):
        self.pgdata = pgdata
        self.socket_dir = ""

    def _embedded(self, command: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "codezest.db.embedded", command],
            cwd=ROOT,
            env={**os.environ, "CODEZEST_PGDATA": str(self.pgdata)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def start(self) -> None:
        self.socket_dir = self._embedded("start").removeprefix("Running: ")

    def stop(self) -> None:
        assert self._embedded("stop") == "The embedded PostgreSQL server stopped."

    @property
    def url(self) -> str:
        return f"postgres://postgres@/codezest?host={self.socket_dir}"


@pytest.fixture
def own_database():
    # A short path of its own: the server's unix socket lives in it.
    database = OwnDatabase(Path(tempfile.mkdtemp(prefix="cz-outage-")) / "pgdata")
    database.start()
    try:
        yield database
    finally:
        if (database.pgdata / "postmaster.pid").exists():
            database.stop()
        shutil.rmtree(database.pgdata.parent, ignore_errors=True)


def manage(environment: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def admin_session(url: str) -> str:
    """Log in through the admin's form as a browser would; returns the Cookie header of the session."""

    def cookies(headers) -> dict[str, str]:
        found = {}
        for header in headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            found[name] = value
        return found

    status, headers, body = fetch(f"{url}/admin/login/")
    assert status == 200
    csrf = cookies(headers)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    form = urllib.parse.urlencode({"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": token})
    status, headers, _body = fetch(
        f"{url}/admin/login/?next=/admin/",
        {"Cookie": f"csrftoken={csrf}", "Origin": url, "Content-Type": "application/x-www-form-urlencoded"},
        data=form.encode(),
    )
    assert status == 302, _body.decode()
    return f"csrftoken={csrf}; sessionid={cookies(headers)['sessionid']}"


def test_the_database_going_away_answers_503_and_its_return_needs_no_restart(own_database, tmp_path):
    port = free_port()
    environment = production_environment(
        database=own_database.url,
        static_root=collected_static(),
        port=port,
        DJANGO_CONN_MAX_AGE="60",  # persistent connections: the dead one must be noticed and replaced
        WEB_CONCURRENCY="1",  # one worker: every request below meets the same connection
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    manage(environment, "migrate", "--no-input")
    manage(environment, "createsuperuser", "--no-input", "--email", ADMIN_EMAIL)
    log = tmp_path / "gunicorn.log"
    with gunicorn(environment, log) as (url, server):
        cookie = admin_session(url)
        assert fetch(f"{url}/api/v1/languages")[0] == 200
        status, _headers, body = fetch(f"{url}/admin/", {"Cookie": cookie})
        assert status == 200
        assert b"dashboard" in body

        own_database.stop()
        status, headers, body = fetch(f"{url}/api/v1/languages")
        assert status == 503
        assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {
            "error": {"status": 503, "code": "service_unavailable", "message": UNAVAILABLE, "fields": {}}
        }
        status, headers, body = fetch(f"{url}/admin/", {"Cookie": cookie})
        assert status == 503
        assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert headers["Content-Type"].startswith("text/html")
        assert "CodeZest is briefly unavailable" in body.decode()
        assert "Traceback" not in body.decode()
        # A signed-in API caller too: the bearer token cannot be checked, and that is not a 401.
        status, _headers, body = fetch(f"{url}/api/v1/me", {"Authorization": "Bearer not-checked"})
        assert (status, json.loads(body)["error"]["code"]) == (503, "service_unavailable")

        own_database.start()
        assert fetch(f"{url}/api/v1/languages")[0] == 200
        status, _headers, body = fetch(f"{url}/admin/", {"Cookie": cookie})
        assert status == 200  # the same session, served by the same process
        assert b"dashboard" in body
        assert server.poll() is None

    assert log.read_text().count("Booting worker") == 1  # no worker died or was replaced
    statuses = [line["status"] for line in log_lines(log) if line["logger"] == "codezest.requests"]
    assert 500 not in statuses
    assert statuses.count(503) == 3


# ---- which errors mean "the database is unavailable", on the real server ----


@pytest.mark.django_db
def test_a_query_cancelled_by_its_timeout_is_not_an_outage():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 10")  # inside the test's transaction
        with pytest.raises(OperationalError) as cancelled:
            cursor.execute("SELECT pg_sleep(1)")
    assert isinstance(cancelled.value.__cause__, psycopg.errors.QueryCanceled)
    assert not database_unavailable(cancelled.value)


def test_a_server_that_cannot_be_reached_is_an_outage(tmp_path, django_db_blocker):
    unreachable = connections.create_connection("default")
    unreachable.settings_dict = {  # a socket directory where no server listens
        **unreachable.settings_dict,
        "HOST": str(tmp_path),
        "OPTIONS": {"connect_timeout": 2},
    }
    with django_db_blocker.unblock(), pytest.raises(OperationalError) as refused:
        unreachable.ensure_connection()
    unreachable.close()
    assert database_unavailable(refused.value)
    assert database_unavailable(InterfaceError("connection already closed"))
    assert not database_unavailable(ValueError("not a database error"))


def test_an_outage_met_in_middleware_is_a_503_from_the_500_handler():
    request = RequestFactory().get("/admin/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    api = RequestFactory().get("/api/v1/languages")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(api)
    assert json.loads(response.content)["error"]["code"] == "service_unavailable"


# ---- Stripe out of reach ----


@pytest.fixture
def stripe_configured(settings):
    """Stripe configured, the real library with its own requests-based HTTP client (no fake in between)."""
    settings.STRIPE_SECRET_KEY = "sk_test_codezest"
    settings.STRIPE_PRICES = {"PRO": PRICE_PRO, "ENTERPRISE": PRICE_ENTERPRISE}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "failure"),
    [
        ("/api/v1/payments/checkout", {"plan": "PRO"}, requests.exceptions.ConnectionError("Connection refused")),
        ("/api/v1/payments/portal", None, requests.exceptions.ConnectTimeout("connect timed out")),
    ],
)
def test_stripe_out_of_reach_is_a_503_naming_the_payment_provider(stripe_configured, monkeypatch, path, body, failure):
    attempts = []

    def transport_fails(adapter, request, **kwargs):  # requests' transport, under stripe's RequestsClient
        attempts.append((request.url, kwargs.get("timeout")))
        raise failure

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", transport_fails)
    user = UserFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_create(user=user)[1]}")

    started = time.monotonic()
    response = client.post(path, body, format="json")
    assert time.monotonic() - started < 10

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "payment_provider_unreachable",
            "message": "The payment provider is not reachable; try again shortly.",
            "fields": {},
        }
    }
    # The library tried three times (two retries), each attempt bounded, all towards Stripe's customers API.
    assert len(attempts) == 3
    assert {url for url, _timeout in attempts} == {"https://api.stripe.com/v1/customers"}
    assert {timeout for _url, timeout in attempts} == {(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)}
    assert not Subscription.objects.get(user=user).stripe_customer_id
