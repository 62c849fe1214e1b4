"""The learner's writes over HTTP: enrolling, working through materials, submitting code, taking quizzes."""

import pytest
from rest_framework.test import APIClient

from accounts.services import session_create
from tests.accounts.factories import UserFactory
from tests.learning.factories import MaterialFactory, MCQQuestionFactory

from .world import build_world

V1 = "/api/v1"

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks, fake_stripe):
    with django_capture_on_commit_callbacks(execute=True):
        return build_world(stripe=fake_stripe)


def signed_in(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_create(user=user)[1]}")
    return client


def test_enroll_pause_drop_and_resume(world):
    client = signed_in(UserFactory())
    enrolled = client.post(f"{V1}/me/enrollments", {"language": str(world.language.pk)}, format="json")
    assert enrolled.status_code == 201
    url = f"{V1}/me/enrollments/{enrolled.json()['id']}"
    for status in ("PAUSED", "ACTIVE", "DROPPED", "ACTIVE"):
        changed = client.patch(url, {"status": status}, format="json")
        assert (changed.status_code, changed.json()["status"]) == (200, status)
    assert client.patch(url, {"status": "COMPLETED"}, format="json").json()["error"]["fields"].keys() == {"status"}
    inactive = client.post(f"{V1}/me/enrollments", {"language": str(world.inactive_language.pk)}, format="json")
    assert inactive.status_code == 404


def test_materials_viewed_and_completed_move_the_modules_progress(world):
    student = UserFactory()
    client = signed_in(student)
    material = world.module.materials.first()
    assert client.post(f"{V1}/me/materials/{material.pk}/view").json()["view_count"] == 1
    assert client.post(f"{V1}/me/materials/{material.pk}/complete").json()["completed"] is True
    progress = client.get(f"{V1}/me/module-progress").json()["results"]
    assert [(row["module"], row["status"]) for row in progress] == [(str(world.module.pk), "IN_PROGRESS")]
    gone = MaterialFactory(module=world.deleted_module)
    assert client.post(f"{V1}/me/materials/{gone.pk}/view").status_code == 404


def test_a_submission_is_accepted_then_graded_and_polled(world, django_capture_on_commit_callbacks):
    client = signed_in(UserFactory())
    code = "print(sum(map(int, input().split())))\n"
    with django_capture_on_commit_callbacks(execute=False) as grading:
        accepted = client.post(f"{V1}/me/submissions", {"assignment": str(world.assignment.pk), "code": code})
    assert accepted.status_code == 202
    assert accepted.json()["status"] == "PENDING"
    assert accepted["Location"].endswith(f"/api/v1/me/submissions/{accepted.json()['id']}")
    for callback in grading:
        callback()
    graded = client.get(accepted["Location"]).json()
    assert (graded["status"], [test["verdict"] for test in graded["tests"]]) == ("PASSED", ["PASSED", "PASSED"])


def test_a_quiz_is_started_answered_and_submitted(world, django_capture_on_commit_callbacks):
    client = signed_in(UserFactory())
    started = client.post(f"{V1}/me/attempts", {"quiz": str(world.quiz.pk)}, format="json")
    assert started.status_code == 201
    attempt = started.json()["id"]
    question = world.quiz.questions.first()
    right = question.options.get(is_correct=True)
    answered = client.put(f"{V1}/me/attempts/{attempt}/answers/{question.pk}", {"option": str(right.pk)})
    assert (answered.status_code, answered.json()["is_correct"]) == (200, None)  # shown once submitted
    other_question = MCQQuestionFactory()
    assert (
        client.put(f"{V1}/me/attempts/{attempt}/answers/{other_question.pk}", {"option": str(right.pk)}).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"{V1}/me/attempts/{attempt}/submit")
    assert (submitted.status_code, submitted.json()["score"]) == (200, "100.00")
    again = client.post(f"{V1}/me/attempts/{attempt}/submit")
    assert again.status_code == 400


def test_another_users_ids_are_404_on_every_write(world):
    stranger = signed_in(world.b.user)
    a = world.a
    enrollment = a.user.language_enrollments.first()
    question = world.quiz.questions.first()
    option = question.options.first()
    assert stranger.patch(f"{V1}/me/enrollments/{enrollment.pk}", {"status": "PAUSED"}).status_code == 404
    assert (
        stranger.put(f"{V1}/me/attempts/{a.attempt.pk}/answers/{question.pk}", {"option": str(option.pk)}).status_code
        == 404
    )
    assert stranger.post(f"{V1}/me/attempts/{a.attempt.pk}/submit").status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == "ACTIVE"


def test_free_plans_submit_a_few_a_day_once_unlimited_submissions_are_pro(world, settings):
    settings.PRO_ONLY_FEATURES = ["unlimited_submissions"]
    settings.FREE_SUBMISSIONS_PER_DAY = 1
    body = {"assignment": str(world.assignment.pk), "code": "print(3)\n"}
    free = signed_in(UserFactory())
    assert free.post(f"{V1}/me/submissions", body).status_code == 202
    refused = free.post(f"{V1}/me/submissions", body)
    assert refused.status_code == 403
    assert "PRO" in refused.json()["error"]["message"]
    pro = signed_in(world.a.user)  # the world's students bought PRO
    assert pro.post(f"{V1}/me/submissions", body).status_code == 202


def test_a_double_tapped_submit_makes_one_submission(world):
    student = UserFactory()
    client = signed_in(student)
    body = {"assignment": str(world.assignment.pk), "code": "print(3)\n"}
    first = client.post(f"{V1}/me/submissions", body, HTTP_IDEMPOTENCY_KEY="tap-1")
    again = client.post(f"{V1}/me/submissions", body, HTTP_IDEMPOTENCY_KEY="tap-1")
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert student.assignment_submissions.count() == 1
    other_body = client.post(f"{V1}/me/submissions", {**body, "code": "print(4)\n"}, HTTP_IDEMPOTENCY_KEY="tap-1")
    assert other_body.status_code == 409
    assert student.assignment_submissions.count() == 1


def test_every_write_refuses_anonymous_callers(world):
    anonymous = APIClient()
    some = "00000000-0000-0000-0000-000000000000"
    writes = [
        ("post", f"{V1}/me/enrollments"),
        ("patch", f"{V1}/me/enrollments/{some}"),
        ("post", f"{V1}/me/materials/{some}/view"),
        ("post", f"{V1}/me/materials/{some}/complete"),
        ("post", f"{V1}/me/submissions"),
        ("post", f"{V1}/me/attempts"),
        ("put", f"{V1}/me/attempts/{some}/answers/{some}"),
        ("post", f"{V1}/me/attempts/{some}/submit"),
        ("post", f"{V1}/me/notifications/{some}/read"),
        ("post", f"{V1}/me/notifications/read-all"),
    ]
    for method, url in writes:
        assert getattr(anonymous, method)(url, {}).status_code == 401, url


def test_notifications_are_read_one_or_all_and_only_ones_own(world):
    a, b = signed_in(world.a.user), signed_in(world.b.user)
    mine = a.get(f"{V1}/me/notifications").json()
    assert b.post(f"{V1}/me/notifications/{mine['results'][0]['id']}/read").status_code == 404
    assert a.post(f"{V1}/me/notifications/{mine['results'][0]['id']}/read").json()["read"] is True
    assert a.post(f"{V1}/me/notifications/read-all").json()["marked"] == mine["unread_count"] - 1
    assert a.get(f"{V1}/me/notifications").json()["unread_count"] == 0
    assert b.get(f"{V1}/me/notifications").json()["unread_count"] > 0
