"""The seeds' journey through HTTP alone: register, verify, log in, learn, submit, take a quiz, read the
feedback and the notifications, upgrade to PRO. Only content (authored by staff) is set up beforehand; the
outside world is the test's: the mailbox and Stripe (the fake, reached through the real client library)."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.learning.factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
)
from tests.payments.fake_stripe import signed

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
EMAIL, PASSWORD = "grace@example.com", "correct-horse-battery-9"
SUM = "first, second = map(int, input().split())\nprint(first + second)\n"


@pytest.fixture
def course():
    module = ModuleFactory(language__name="Python", language__slug="python")
    MaterialFactory(module=module, title="Adding numbers")
    AssignmentFactory(module=module)
    question = MCQQuestionFactory(quiz=MCQQuizFactory(module=module), topic="basics")
    MCQOptionFactory(question=question, is_correct=True, option_text="4")
    MCQOptionFactory(question=question, is_correct=False, option_text="5")
    return module


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content[:500]
    return response.json() if response.content else {}


def token_in_last_mail() -> str:
    return unquote(re.search(r"token=([^\s]+)", mail.outbox[-1].body).group(1))


def test_from_sign_up_to_pro_through_http_only(course, fake_stripe, django_capture_on_commit_callbacks):
    anonymous = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        signing_up = {"email": EMAIL, "password": PASSWORD, "name": "Grace"}
        ok(anonymous.post(f"{V1}/auth/register", signing_up, format="json"), 202)
    ok(anonymous.post(f"{V1}/auth/verify-email", {"token": token_in_last_mail()}, format="json"))
    logging_in = {"email": EMAIL, "password": PASSWORD}
    token = ok(anonymous.post(f"{V1}/auth/token", logging_in, format="json"), 201)["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok(client.get(f"{V1}/me"))["email_verified"] is True

    # choose a language, learn
    language = next(row for row in ok(client.get(f"{V1}/languages"))["results"] if row["slug"] == "python")
    ok(client.post(f"{V1}/me/enrollments", {"language": language["id"]}, format="json"), 201)
    module = ok(client.get(f"{V1}/languages/{language['id']}/modules"))["results"][0]
    material = ok(client.get(f"{V1}/modules/{module['id']}/materials"))["results"][0]
    ok(client.post(f"{V1}/me/materials/{material['id']}/view"))
    assert ok(client.post(f"{V1}/me/materials/{material['id']}/complete"))["completed"] is True

    # submit code, then poll until it is graded
    assignment = ok(client.get(f"{V1}/modules/{module['id']}/assignments"))["results"][0]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(f"{V1}/me/submissions", {"assignment": assignment["id"], "code": SUM}, format="json")
    ok(accepted, 202)
    graded = ok(client.get(accepted["Location"]))
    assert graded["status"] == "PASSED"
    assert {test["verdict"] for test in graded["tests"]} == {"PASSED"}
    assert graded["analysis"]["overall_score"] is not None

    # take the quiz
    quiz = ok(client.get(f"{V1}/modules/{module['id']}/quizzes"))["results"][0]
    question = ok(client.get(f"{V1}/quizzes/{quiz['id']}"))["questions"][0]
    right = next(option for option in question["options"] if option["option_text"] == "4")
    attempt = ok(client.post(f"{V1}/me/attempts", {"quiz": quiz["id"]}, format="json"), 201)
    answer_url = f"{V1}/me/attempts/{attempt['id']}/answers/{question['id']}"
    ok(client.put(answer_url, {"option": right["id"]}, format="json"))
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(client.post(f"{V1}/me/attempts/{attempt['id']}/submit"))["score"] == "100.00"
    analysis = ok(client.get(f"{V1}/me/attempts/{attempt['id']}"))["analysis"]
    assert analysis["performance_breakdown"] == {"basics": 100.0}

    # notifications: read one, then the rest
    notifications = ok(client.get(f"{V1}/me/notifications"))
    assert notifications["unread_count"] > 1
    ok(client.post(f"{V1}/me/notifications/{notifications['results'][0]['id']}/read"))
    ok(client.post(f"{V1}/me/notifications/read-all"))
    assert ok(client.get(f"{V1}/me/notifications"))["unread_count"] == 0

    # upgrade: Checkout, then Stripe's signed webhooks
    checkout = ok(client.post(f"{V1}/payments/checkout", {"plan": "PRO"}, format="json"))
    for event in fake_stripe.complete_checkout(checkout["url"].rsplit("/", 1)[1]):
        payload, signature = signed(event)
        stripe = APIClient()
        webhook = f"{V1}/payments/stripe/webhook"
        ok(stripe.post(webhook, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature))
    assert ok(client.get(f"{V1}/me/subscription"))["effective_plan"] == "PRO"
