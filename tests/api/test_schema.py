"""The OpenAPI schema is valid and describes what the API really answers (Schemathesis, bounded)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from codezest.wsgi import application

from .world import build_world

EXAMPLES_PER_OPERATION = 15
# Requests that match the schema may still be refused with a 400 naming the field, for rules a schema cannot
# state: Django's password validators, whether a token was issued, the current password, Django's URL
# validator (a host name of at most 253 characters), and code that holds NUL or nothing but whitespace (Python's
# idea of whitespace, which JSON Schema's patterns cannot spell). Every other check runs on these operations.
REFUSED_BY_RULES_A_SCHEMA_CANNOT_STATE = [
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/verify-email"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    ("POST", "/api/v1/me/password"),
    ("PATCH", "/api/v1/me"),
    ("PATCH", "/api/v1/me/profile"),
    ("POST", "/api/v1/me/submissions"),
]
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            # By name ("POST /api/v1/…"): an entry's filters on method and path would each match on their own.
            {"include-name": f"{method} {path}", "checks": {"positive_data_acceptance": {"enabled": False}}}
            for method, path in REFUSED_BY_RULES_A_SCHEMA_CANNOT_STATE
        ]
    }
)


# Loaded once, through the WSGI application: the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@schema.hook
def filter_query(ctx, query):
    """Cursors are opaque tokens the server issues: a made-up one is rightly refused (a 400 tested
    in test_errors), so generated cases do not invent them."""
    return not query or "cursor" not in query


@pytest.fixture
def bearer(db, django_capture_on_commit_callbacks, fake_stripe):
    """A seeded database and a token of a student in it; requests keep the test's connection open."""
    from accounts.services import session_create

    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(stripe=fake_stripe)
    _, token = session_create(user=world.a.user)
    # As Django's test client does: a request must not close the test's own database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# DELETE auth/token would revoke the token the other cases use; the webhook needs Stripe's signature,
# which no generator can forge (its signed deliveries are tested in tests/payments/test_stripe.py).
@schema.exclude(method="DELETE").exclude(path="/api/v1/payments/stripe/webhook").parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case, bearer):
    case.call_and_validate(headers=bearer)


def test_the_schema_names_both_authentication_methods(client, db):
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert set(document["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}
    assert "Error" in document["components"]["schemas"]
    me = document["paths"]["/api/v1/me"]["get"]
    assert {"200", "401", "404", "429", "500"} <= set(me["responses"])


def test_swagger_ui_is_served_without_a_cdn(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "swagger-ui" in body
    assert "cdn.jsdelivr" not in body
    assert "unpkg.com" not in body
