"""Hostile bodies on every operation that takes one, POST, PUT and PATCH as the OpenAPI document lists them:
never a 5xx, a 4xx always in the error shape, and a refused request leaves every table as it was.

Each operation gets, with the ids its path names filled in with the caller's own rows (so that requests reach
the body's validation, not a 404):

(a) a body one byte over DATA_UPLOAD_MAX_MEMORY_SIZE, as JSON and as a form: 413, whether the view reads it or not;
(b) JSON one level deeper than codezest.json_input allows: a 400 saying so where the body is read (as deep as it
    allows is not refused for its depth), and a hundred thousand levels;
(c) bodies that are not JSON, or not the JSON object the operation takes, or in another content type: 400 or 415;
(d) in each text field: a lone surrogate (400), NUL, right-to-left marks, combining accents, a 4-byte emoji, a
    byte order mark, blanks, a very long string;
(e) in each field: numbers too large for anything, past what JSON's parser converts, NaN, and digits of other
    scripts;
(f) in each field: arrays, objects, null and booleans where a scalar is expected.

Anonymous operations (signing up, logging in, resets) are called by nobody, the others by a student. Stripe's
webhook gets (a) to (c) unsigned (refused before its signature is checked) and everything signed, as Stripe
would sign it. Operations that honour an Idempotency-Key get every other case with a fresh key.
"""

import json
import re
import uuid
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import pytest
import stripe
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from accounts.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from accounts.services import session_create
from codezest.json_input import MAX_DEPTH
from learning.progress.services import enrollment_create
from learning.quizzes.services import quiz_attempt_start
from notifications.services import notification_notify
from notifications.types import NotificationType
from payments.models import StripeWebhookEvent
from tests.accounts.factories import PASSWORD, UserFactory
from tests.learning.factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
    ProgrammingLanguageFactory,
)
from tests.payments.fake_stripe import WEBHOOK_SECRET

from .openapi import DOCUMENT, operations

pytestmark = pytest.mark.django_db

WRITES = operations("post", "put", "patch")
SIGNATURE = "Stripe-Signature"
LONE_SURROGATE = r'"\ud800"'  # valid JSON, but no character
TOO_LARGE = "1e999"  # infinity to Python's parser
TOO_LONG = "1" + "0" * 5000  # past the digits Python converts to an int
STRANGE_TEXT = [
    LONE_SURROGATE,
    r'"a\u0000b"',
    r'"\u202eevil\u200f"',  # right-to-left override and mark
    r'"e\u0301\u0301\u0301"',  # combining accents
    r'"\ud83d\ude00"',  # an emoji, four bytes in UTF-8
    r'"\ufeffbom"',
    '""',
    '" \\t\\n "',
    '"' + "x" * 100_000 + '"',
]
ODD_NUMBERS = [
    "1" + "0" * 30,
    TOO_LARGE,
    TOO_LONG,
    "NaN",
    r'"\u0661\u0662"',  # Arabic-Indic "12"
    r'"\ud835\udfd7"',  # a mathematical bold 9
]
# A 400 in any field, from the parser (codezest.json_input, or Python's own limit on digits).
REFUSED_BY_THE_PARSER = {LONE_SURROGATE, TOO_LARGE, TOO_LONG, "NaN"}
SHAPES = ["[]", '{"a": "b"}', "null", "true", '[["x"]]']


@dataclass
class Targets:
    """A student's rows for paths and bodies to name, so that requests get past the 404s to the body."""

    student: object
    other_language: object
    material: object
    assignment: object
    quiz: object
    question: object
    option: object
    enrollment: object
    attempt: object
    notification: object


@pytest.fixture(scope="module")
def targets(module_db, module_stripe):
    student = UserFactory()
    language = ProgrammingLanguageFactory()
    module = ModuleFactory(language=language)
    quiz = MCQQuizFactory(module=module)
    question = MCQQuestionFactory(quiz=quiz)
    return Targets(
        student=student,
        other_language=ProgrammingLanguageFactory(),
        material=MaterialFactory(module=module),
        assignment=AssignmentFactory(module=module),
        quiz=quiz,
        question=question,
        option=MCQOptionFactory(question=question, is_correct=True),
        enrollment=enrollment_create(user=student, language=language),
        attempt=quiz_attempt_start(user=student, quiz=quiz),
        notification=notification_notify(user=student, type=NotificationType.QUIZ_COMPLETED, title="Done"),
    )


# A path's placeholder stands for a row of the collection just before it: /me/attempts/{id}/answers/{question}.
PATH_ROWS = {
    "attempts": "attempt",
    "answers": "question",
    "enrollments": "enrollment",
    "materials": "material",
    "notifications": "notification",
}
# Fields whose valid value is one of the student's rows or secrets; the others get one that fits their schema.
FIELD_VALUES = {
    "language": lambda t: str(t.other_language.pk),
    "quiz": lambda t: str(t.quiz.pk),
    "option": lambda t: str(t.option.pk),
    "assignment": lambda t: str(t.assignment.pk),
    "current_password": lambda t: PASSWORD,
}
FORMAT_VALUES = {"email": "fuzz@example.com", "uri": "https://example.com/ada"}
STRIPE_EVENT = {"id": "evt_fuzz", "type": "fuzz.not_handled", "data": {"object": {"id": "obj_fuzz"}}}


def resolved(schema: dict) -> dict:
    if "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return resolved(schema["oneOf"][0]) if "oneOf" in schema else schema


def body_fields(operation: dict) -> dict[str, dict]:
    """The fields of the operation's JSON body, each with its schema; none for an operation without a body."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = resolved(content.get("application/json", {}).get("schema", {}))
    return {name: resolved(field) for name, field in schema.get("properties", {}).items()}


def is_webhook(operation: dict) -> bool:
    return SIGNATURE in {parameter["name"] for parameter in operation.get("parameters", [])}


def valid_body(operation: dict, t: Targets) -> dict:
    if is_webhook(operation):
        return STRIPE_EVENT
    body = {}
    for name, field in body_fields(operation).items():
        if name in FIELD_VALUES:
            body[name] = FIELD_VALUES[name](t)
        elif "enum" in field:
            body[name] = field["enum"][0]
        elif field.get("type") == "boolean":
            body[name] = True
        else:
            body[name] = FORMAT_VALUES.get(field.get("format"), "Correct Horse 9 battery")
    return body


def with_raw(body: dict, name: str, raw: str) -> bytes:
    """``body`` as JSON with ``raw`` (JSON text, which may be what no Python value serializes to) at ``name``."""
    placeholder = f"__{uuid.uuid4().hex}__"
    return json.dumps({**body, name: placeholder}).replace(f'"{placeholder}"', raw).encode()


def nested(body: dict, levels: int) -> bytes:
    """``body`` with arrays ``levels`` deep in a field of its own: ``levels`` + 1 levels in all."""
    return with_raw(body, "deep", "[" * levels + "]" * levels)


def url(path: str, t: Targets) -> str:
    return re.sub(r"([\w-]+)/\{\w+\}", lambda m: f"{m.group(1)}/{getattr(t, PATH_ROWS[m.group(1)]).pk}", path)


def table_digests() -> list[str]:
    """Every table's rows, digested: what a refused request must leave as it was."""
    tables = sorted({connection.ops.quote_name(model._meta.db_table) for model in apps.get_models()})
    digests = ", ".join(f"(SELECT md5(string_agg(r::text, ',' ORDER BY r::text)) FROM {t} r)" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {digests}")
        return list(cursor.fetchone())


@dataclass
class Case:
    category: str
    label: str
    body: bytes
    content_type: str = "application/json"
    expected: tuple[int, ...] | None = None  # else any 2xx or 4xx
    signed: bool = False
    nested_too_deeply: bool = False  # whether a 400 must say so, or must not


def cases(operation: dict, t: Targets) -> list[Case]:
    base = valid_body(operation, t)
    fields = body_fields(operation)
    reads_body = bool(fields) or is_webhook(operation)
    refused = (400, 415) if reads_body else None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    padding = limit + 1 - len(with_raw(base, "padding", '""'))
    form = urlencode(base).encode() + b"&padding="
    too_many = urlencode({f"field{n}": n for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}).encode()
    found = [
        Case("a", "JSON a byte over the limit", with_raw(base, "padding", json.dumps("a" * padding)), expected=(413,)),
        Case(
            "a",
            "a form a byte over the limit",
            form + b"a" * (limit + 1 - len(form)),
            "application/x-www-form-urlencoded",
            expected=(413,),
        ),
        Case("b", "one level too deep", nested(base, MAX_DEPTH), expected=refused, nested_too_deeply=reads_body),
        Case("b", "100,000 levels", nested(base, 100_000), expected=refused, nested_too_deeply=reads_body),
        Case("b", "as deep as allowed", nested(base, MAX_DEPTH - 1)),
        Case("c", "not JSON", json.dumps(base).encode()[:-1], expected=refused),
        Case("c", "not UTF-8", b'{"a": "\xff\xfe"}', expected=refused),
        Case("c", "plain text", b"hello", "text/plain", expected=refused),
        *(Case("c", f"JSON {raw}", raw.encode(), expected=refused) for raw in ("[]", '"text"', "null", "1")),
        Case("c", "a form with too many fields", too_many, "application/x-www-form-urlencoded", expected=refused),
    ]
    values = [("d", raw) for raw in STRANGE_TEXT if any(f.get("type") == "string" for f in fields.values())]
    values += [("e", raw) for raw in ODD_NUMBERS] + [("f", raw) for raw in SHAPES]
    names = list(base) if is_webhook(operation) else list(fields)
    for category, raw in values:
        for name in names:
            if category == "d" and not is_webhook(operation) and fields[name].get("type") != "string":
                continue
            expected = (400,) if raw in REFUSED_BY_THE_PARSER else None
            found.append(Case(category, f"{name}={raw[:24]}", with_raw(base, name, raw), expected=expected))
    if is_webhook(operation):  # (a) to (c) refused before the signature is checked, and everything signed
        found = [replace(case, nested_too_deeply=False) for case in found if case.category in "abc"] + [
            replace(case, signed=True, expected=case.expected or (200, 400)) for case in found
        ]
    return found


def send(method: str, path: str, operation: dict, case: Case, *, token: str, key: str | None) -> list[str]:
    """The case's problems: a 5xx, another status than expected, a 4xx not in the error shape, rows changed."""
    headers = {}
    if operation.get("security") and {} not in operation["security"]:
        headers["Authorization"] = f"Bearer {token}"
    if is_webhook(operation):
        payload = case.body.decode(errors="replace")
        signature = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
        headers[SIGNATURE] = signature if case.signed else "t=1,v1=forged"
    if key:
        headers[IDEMPOTENCY_HEADER] = key
    cache.clear()  # throttles would answer 429 before the body is read
    before = table_digests()
    response = APIClient().generic(method, path, case.body, content_type=case.content_type, headers=headers)
    status = response.status_code
    problems = []
    if not 200 <= status < 500 or (case.expected and status not in case.expected):
        problems.append(f"answered {status}, expected {case.expected or '2xx or 4xx'}")
    if 400 <= status < 500:
        error = response.json().get("error", {}) if response["Content-Type"] == "application/json" else {}
        if set(error) != {"status", "code", "message", "fields"} or error["status"] != status:
            problems.append(f"not in the error shape: {response.content[:200]!r}")
        elif ("nested too deeply" in json.dumps(error)) != case.nested_too_deeply:
            problems.append(f"{'does not say' if case.nested_too_deeply else 'says'} the JSON is nested too deeply")
        if table_digests() != before:
            problems.append("refused, yet rows changed")
    return problems


@pytest.mark.parametrize(("method", "path", "operation"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_hostile_bodies_answer_a_4xx_in_the_error_shape_and_change_nothing(method, path, operation, targets):
    keyed = IDEMPOTENCY_HEADER in {parameter["name"] for parameter in operation.get("parameters", [])}
    token = session_create(user=targets.student)[1]
    problems = []
    for number, case in enumerate(cases(operation, targets)):
        key = str(uuid.uuid4()) if keyed and number % 2 else None  # every other case through the idempotency layer
        found = send(method, url(path, targets), operation, case, token=token, key=key)
        described = f"({case.category}) {case.label}{', signed' if case.signed else ''}{', keyed' if key else ''}"
        problems += [f"{described}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)


# The failures the fuzz above found, one by one.


def signed_in(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_create(user=user)[1]}")
    return client


def test_a_form_with_more_fields_than_django_takes_is_a_400_not_a_500():
    """The login throttles read the form before the view does; Django's TooManyFieldsSent was a 500."""
    fields = urlencode({f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})
    response = APIClient().post("/api/v1/auth/token", fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The form holds more fields than this service accepts."


def test_a_body_over_the_limit_is_a_413_where_the_view_reads_no_body(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = signed_in(UserFactory())
    response = client.post("/api/v1/me/notifications/read-all", "x" * 1001, content_type="text/plain")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert client.post("/api/v1/me/notifications/read-all", "x" * 1000, content_type="text/plain").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b'{"type": "customer.created", "data": {"object": {}}}',
        b'{"id": 1, "type": "customer.created", "data": {"object": {}}}',
        json.dumps({**STRIPE_EVENT, "id": "evt_" + "x" * 300}).encode(),
        json.dumps({**STRIPE_EVENT, "data": {"object": {"note": "a\u0000b"}}}).encode(),
        b'{"id": "evt_1", "type": "t", "data": {"object": {"n": NaN}}}',
        b'{"id": "evt_1", "type": "t", "data": {"object": ' + b"[" * 2000 + b"]" * 2000 + b"}}",
    ],
    ids=["a list", "no id", "a numeric id", "an id too long", "NUL", "NaN", "too deep"],
)
def test_a_signed_delivery_that_is_not_a_stripe_event_that_can_be_kept_is_a_400(payload, fake_stripe):
    """Signed by Stripe's secret, yet malformed: refused as a bad request, nothing stored (they were 500s)."""
    signature = stripe.WebhookSignature.generate_signature_header(payload.decode(), WEBHOOK_SECRET)
    response = APIClient().post(
        "/api/v1/payments/stripe/webhook", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert response.status_code == 400
    assert not StripeWebhookEvent.objects.exists()


def test_patching_an_enrollment_with_no_field_changes_nothing(targets):
    response = signed_in(targets.student).patch(f"/api/v1/me/enrollments/{targets.enrollment.pk}", {}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, targets.enrollment.status)


def test_a_method_the_token_view_lacks_is_a_405_for_anyone():
    assert APIClient().generic("TRACE", "/api/v1/auth/token").status_code == 405
    assert APIClient().delete("/api/v1/auth/token").status_code == 401
