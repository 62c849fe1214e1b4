"""The OpenAPI schema is valid and describes what the API really answers (Schemathesis, bounded): every
operation, with data that fits its schema and data that does not, called as the user it is meant for."""

import re
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from django.urls import resolve
from hypothesis import HealthCheck, settings

from accounts.services import session_create
from codezest.api.permissions import IsInstructorOrAdmin
from codezest.wsgi import application

from .openapi import DOCUMENT
from .world import build_world

EXAMPLES_PER_OPERATION = 15
# Requests that match the schema may still be refused with a 400 naming the field, for rules a schema cannot
# state: Django's password validators, whether a token was issued, the current password, Django's URL
# validator (a host name of at most 253 characters), and code that holds NUL or nothing but whitespace (Python's
# idea of whitespace, which JSON Schema's patterns cannot spell). The webhook needs Stripe's signature, which no
# generator can forge (signed deliveries are tested in tests/payments/test_stripe.py and test_fuzz_bodies.py).
# Every other check runs on these operations.
REFUSED_BY_RULES_A_SCHEMA_CANNOT_STATE = [
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/verify-email"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    ("POST", "/api/v1/me/password"),
    ("PATCH", "/api/v1/me"),
    ("PATCH", "/api/v1/me/profile"),
    ("POST", "/api/v1/me/submissions"),
    ("POST", "/api/v1/payments/stripe/webhook"),
]
CONFIG = schemathesis.Config.from_dict(
    {
        # Data that fits each operation's schema, and data that breaks it (negative): both answered without a 5xx.
        "generation": {"mode": "all"},
        # All of Schemathesis's checks run (positive_data_acceptance, negative_data_rejection, missing_required_header,
        # unsupported_method, ignored_auth, use_after_free and the others too); these are the heart of it.
        "checks": {
            name: {"enabled": True}
            for name in (
                "not_a_server_error",
                "status_code_conformance",
                "content_type_conformance",
                "response_schema_conformance",
                "response_headers_conformance",
                "negative_data_rejection",
            )
        },
        "operations": [
            # By name ("POST /api/v1/…"): an entry's filters on method and path would each match on their own.
            {"include-name": f"{method} {path}", "checks": {"positive_data_acceptance": {"enabled": False}}}
            for method, path in REFUSED_BY_RULES_A_SCHEMA_CANNOT_STATE
        ],
    }
)

schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = application  # called in-process, as from_wsgi would (the document is generated: see .openapi)


@schema.hook
def filter_query(ctx, query):
    """Cursors are opaque tokens the server issues: a made-up one is rightly refused (a 400 tested
    in test_errors), so generated cases do not invent them."""
    return not query or "cursor" not in query


@pytest.fixture(scope="module")
def world(module_db, module_stripe):
    """The seeded world, built once for the module's tests; each runs in a savepoint of its own."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        built = build_world(stripe=module_stripe)
    # As Django's test client does: a request must not close the test's own database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield built
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def staff_only(path: str) -> bool:
    """Whether the operation's view lets only instructors and admins in (path parameters filled with any id)."""
    view = resolve(re.sub(r"\{\w+\}", str(uuid.UUID(int=0)), path)).func
    return IsInstructorOrAdmin in view.cls.permission_classes


@pytest.fixture
def sessions(world, db):
    """A bearer token of a student's and one of an instructor's, for one test's cases."""
    return {user: session_create(user=user)[1] for user in (world.a.user, world.instructor)}


def caller(case, world, sessions) -> dict[str, str]:
    """Nobody for operations that take no credentials (signing up, logging in, Stripe's webhook), an instructor
    for staff lists, a student otherwise; a session of its own for a DELETE, which may revoke the one it uses."""
    if not case.operation.definition.raw.get("security"):
        return {}
    user = world.instructor if staff_only(case.operation.path) else world.a.user
    token = session_create(user=user)[1] if case.method == "DELETE" else sessions[user]
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case, world, sessions):
    case.call_and_validate(headers=caller(case, world, sessions))


def test_the_schema_names_both_authentication_methods(client, db):
    served = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert served == DOCUMENT
    assert set(served["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}
    assert "Error" in served["components"]["schemas"]
    me = served["paths"]["/api/v1/me"]["get"]
    assert {"200", "401", "404", "429", "500"} <= set(me["responses"])


def test_swagger_ui_is_served_without_a_cdn(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "swagger-ui" in body
    assert "cdn.jsdelivr" not in body
    assert "unpkg.com" not in body
