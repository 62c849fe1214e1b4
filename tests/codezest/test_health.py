"""Plumbing for deploys and browsers: the /health and /ready probes, and CORS for configured origins."""

import pytest
from django.db import connections
from django.test import Client
from django.urls import resolve

from codezest.api.health import UNREACHABLE, database_problems

from .test_migrations import scratch_database  # noqa: F401 (a fixture: an empty database on the test server)


@pytest.fixture
def unreachable_database(tmp_path, django_db_blocker):
    """A database alias whose server socket does not exist: every connection attempt fails."""
    alias = "unreachable"
    connections.settings[alias] = {**connections["default"].settings_dict, "HOST": str(tmp_path), "PORT": "5432"}
    with django_db_blocker.unblock():  # as for the scratch databases: this alias is outside the test's own
        yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


# ---- /health ----


def test_health_answers_without_touching_the_database():
    """No ``db`` fixture: pytest-django refuses any query here, so the probe makes none."""
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_probes_are_plain_django_views_outside_api_auth_and_throttles():
    for path in ("/health", "/ready"):
        assert not hasattr(resolve(path).func, "cls")  # not a DRF view: no authentication, no throttle
    response = Client().get("/health", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 200


# ---- /ready ----


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_is_migrated():
    assert database_problems("default") == []
    response = Client().get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_not_ready_while_migrations_are_unapplied(scratch_database):  # noqa: F811
    alias = scratch_database()  # reachable, but nothing migrated
    problems = database_problems(alias)
    assert "Migration learning.0001_initial is not applied." in problems
    response = Client().get("/ready")
    assert response.status_code == 503
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (503, "not_ready")
    assert set(error["fields"]) == {alias}
    assert error["fields"][alias] == problems


@pytest.mark.django_db
def test_not_ready_when_a_database_cannot_be_reached(unreachable_database):
    assert database_problems(unreachable_database) == [UNREACHABLE]
    response = Client().get("/ready")
    assert response.status_code == 503
    assert response.json()["error"]["fields"] == {unreachable_database: [UNREACHABLE]}


# ---- CORS ----

ORIGIN = "https://learn.codezest.example"


@pytest.mark.django_db
def test_no_origin_is_allowed_by_default():
    response = Client().get("/api/v1/languages", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_a_configured_origin_is_allowed_and_another_is_not(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    allowed = Client().get("/api/v1/languages", HTTP_ORIGIN=ORIGIN)
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in allowed
    other = Client().get("/api/v1/languages", HTTP_ORIGIN="https://elsewhere.example")
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.django_db
def test_a_preflight_from_a_configured_origin_may_send_conditional_headers(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = Client().options(
        "/api/v1/languages",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    allowed_headers = response["Access-Control-Allow-Headers"]
    assert "authorization" in allowed_headers
    assert "if-none-match" in allowed_headers


@pytest.mark.django_db
def test_errors_carry_the_cors_header_too(settings):
    """A browser script can read the API's error, here the 400 of an unknown parameter."""
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = Client().get("/api/v1/languages?bogus=1", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == ORIGIN
