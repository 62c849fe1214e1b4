"""Who may see what: every endpoint for every kind of caller, and nothing that must never leave."""

import json
import re

import pytest

from tests.accounts.factories import UserFactory

from .world import HIDDEN_CASE, build_world

pytestmark = pytest.mark.django_db

CALLERS = (None, "a", "b", "instructor", "admin")
PUBLIC = dict.fromkeys(CALLERS, 200)
MINE = {**PUBLIC, None: 401}
A_ONLY = {None: 401, "a": 200, "b": 404, "instructor": 404, "admin": 404}
STAFF = {None: 401, "a": 403, "b": 403, "instructor": 200, "admin": 200}
NOBODY = dict.fromkeys(CALLERS, 404)


def endpoints(world) -> list[tuple[str, dict]]:
    v1 = "/api/v1"
    return [
        (f"{v1}/languages", PUBLIC),
        (f"{v1}/languages/{world.language.pk}", PUBLIC),
        (f"{v1}/languages/slug/python", PUBLIC),
        (f"{v1}/languages/{world.inactive_language.pk}", NOBODY),
        (f"{v1}/languages/slug/cobol", NOBODY),
        (f"{v1}/languages/{world.language.pk}/modules", PUBLIC),
        (f"{v1}/modules/{world.module.pk}/materials", PUBLIC),
        (f"{v1}/modules/{world.module.pk}/assignments", PUBLIC),
        (f"{v1}/modules/{world.module.pk}/quizzes", PUBLIC),
        (f"{v1}/modules/{world.deleted_module.pk}/materials", NOBODY),
        (f"{v1}/quizzes/{world.quiz.pk}", PUBLIC),
        (f"{v1}/me", MINE),
        (f"{v1}/me/enrollments", MINE),
        (f"{v1}/me/module-progress", MINE),
        (f"{v1}/me/material-progress", MINE),
        (f"{v1}/me/submissions", MINE),
        (f"{v1}/me/submissions/{world.a.submission.pk}", A_ONLY),
        (f"{v1}/me/attempts", MINE),
        (f"{v1}/me/attempts/{world.a.attempt.pk}", A_ONLY),
        (f"{v1}/me/subscription", MINE),
        (f"{v1}/me/transactions", MINE),
        (f"{v1}/me/invoices", MINE),
        (f"{v1}/me/payment-methods", MINE),
        (f"{v1}/me/notifications", MINE),
        (f"{v1}/me/activity", MINE),
        (f"{v1}/submissions", STAFF),
        (f"{v1}/attempts", STAFF),
        (f"{v1}/assignment-analyses", STAFF),
        (f"{v1}/quiz-analyses", STAFF),
    ]


@pytest.fixture
def world(django_capture_on_commit_callbacks, fake_stripe):
    with django_capture_on_commit_callbacks(execute=True):
        return build_world(stripe=fake_stripe)


def test_permission_matrix(world):
    seen = {}
    for url, expected in endpoints(world):
        for caller in CALLERS:
            response = world.client(caller).get(url)
            seen[(url, caller)] = response.status_code
            assert response.status_code == expected[caller], (url, caller, response.content[:300])
    assert len(seen) == len(endpoints(world)) * len(CALLERS)


def test_student_b_sees_no_object_of_student_a(world):
    a = world.a
    a_markers = {
        str(a.user.pk),
        str(a.submission.pk),
        str(a.attempt.pk),
        a.user.email,
        *(str(pk) for pk in a.user.notifications.values_list("pk", flat=True)),
        *(str(pk) for pk in a.user.transactions.values_list("pk", flat=True)),
    }
    client = world.client("b")
    for url, _ in endpoints(world):
        body = client.get(url).content.decode()
        leaked = {marker for marker in a_markers if marker in body}
        assert not leaked, (url, leaked)


FORBIDDEN_KEYS = {"password", "token", "access_token", "refresh_token", "token_digest"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def walk(value, path="$"):
    """Every (path, key, value) of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def test_no_response_holds_secrets_prompts_for_students_or_other_users_emails(world):
    own_email = {
        "a": world.a.user.email,
        "b": world.b.user.email,
        "instructor": world.instructor.email,
        "admin": world.admin.email,
    }
    checked = 0
    for caller in CALLERS:
        client = world.client(caller)
        for url, _ in endpoints(world):
            response = client.get(url)
            if response.status_code != 200:
                continue
            document = response.json()
            for path, key, _value in walk(document):
                assert key not in FORBIDDEN_KEYS, (caller, url, path, key)
                if caller in (None, "a", "b"):
                    assert key != "ai_prompt", (caller, url, path)
            emails = set(EMAIL.findall(json.dumps(document))) - {own_email.get(caller)}
            assert not emails, (caller, url, emails)
            checked += 1
    assert checked > 60


def test_answers_appear_only_after_the_student_has_submitted_and_hidden_cases_never(world):
    quiz_url = f"/api/v1/quizzes/{world.quiz.pk}"
    assignments_url = f"/api/v1/modules/{world.module.pk}/assignments"
    newcomer = UserFactory()
    from rest_framework.test import APIClient

    fresh = APIClient()
    fresh.force_authenticate(newcomer)
    for client in (world.client(None), fresh):
        question = client.get(quiz_url).json()["questions"][0]
        assert question["explanation"] is None
        assert {option["is_correct"] for option in question["options"]} == {None}
        assert HIDDEN_CASE not in client.get(assignments_url).json()["results"][0]["test_cases"]

    question = world.client("a").get(quiz_url).json()["questions"][0]
    assert question["explanation"] == "Because 2 + 2 is 4."
    assert {option["option_text"]: option["is_correct"] for option in question["options"]} == {"4": True, "5": False}
    assert HIDDEN_CASE not in world.client("a").get(assignments_url).json()["results"][0]["test_cases"]


def test_hidden_tests_reveal_nothing_but_their_verdict(world):
    """Every response, for every caller: the hidden case's input, expected and actual output never appear."""
    secrets = {HIDDEN_CASE["input"], HIDDEN_CASE["expected_output"]}
    detail = world.client("a").get(f"/api/v1/me/submissions/{world.a.submission.pk}").json()
    assert [test["verdict"] for test in detail["tests"]] == ["PASSED", "PASSED"]
    assert detail["tests"][0]["input"] == "1 2"
    assert detail["tests"][0]["actual_output"].strip() == "3"
    assert detail["tests"][1] == {"number": 2, "hidden": True, "verdict": "PASSED"}
    for caller in ("a", "b", None):
        for url, _ in endpoints(world):
            response = world.client(caller).get(url)
            if response.status_code == 200:
                document = response.json()
                leaked = [(path, key) for path, key, value in walk(document) if str(value).strip() in secrets]
                assert not leaked, (caller, url, leaked)


def test_staff_filters_narrow_the_lists(world):
    client = world.client("instructor")
    everything = client.get("/api/v1/submissions").json()["results"]
    assert {row["user"]["id"] for row in everything} == {str(world.a.user.pk), str(world.b.user.pk)}
    only_a = client.get(f"/api/v1/submissions?user={world.a.user.pk}").json()["results"]
    assert {row["id"] for row in only_a} == {str(world.a.submission.pk)}
    awaiting = client.get("/api/v1/assignment-analyses?reviewed=false").json()["results"]
    assert len(awaiting) == 2
    assert client.get("/api/v1/assignment-analyses?reviewed=true").json()["results"] == []
    assert len(client.get(f"/api/v1/attempts?quiz={world.quiz.pk}").json()["results"]) == 2


def test_notifications_say_how_many_are_unread(world):
    body = world.client("a").get("/api/v1/me/notifications").json()
    assert body["unread_count"] == len(body["results"]) > 0
