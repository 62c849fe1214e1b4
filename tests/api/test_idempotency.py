"""Retries are safe: a POST sent again with its Idempotency-Key answers the first response and makes nothing more."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import include, path
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.api.idempotency import HEADER, REPLAYED_HEADER, idempotent
from accounts.models import IdempotencyRecord, User
from accounts.services import session_create
from notifications.models import Notification
from notifications.services import notification_notify
from notifications.types import NotificationType
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

REGISTER = "/api/v1/auth/register"
NOTES = "/test/notes"


class Gate:
    """Holds the view inside its handler until the test lets it go (for the concurrency tests)."""

    def __init__(self):
        self.entered, self.release, self.runs = threading.Event(), threading.Event(), 0
        self.closed = False


GATE = Gate()


class NoteView(APIView):
    """A view that creates a row (a notification for the caller), as enrollments or submissions do."""

    @idempotent
    def post(self, request):
        if request.data.get("fail") == "raise":
            notification_notify(user=request.user, type=NotificationType.QUIZ_COMPLETED, title="doomed")
            raise RuntimeError("the view broke after writing")
        if request.data.get("fail") == "refuse":
            return Response({"detail": "no"}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        GATE.runs += 1
        if GATE.closed:
            GATE.entered.set()
            GATE.release.wait(timeout=10)
        note = notification_notify(user=request.user, type=NotificationType.QUIZ_COMPLETED, title=request.data["title"])
        return Response(
            {"id": str(note.pk), "title": note.title, "run": GATE.runs},
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/notes/{note.pk}"},
        )


urlpatterns = [path("test/notes", NoteView.as_view()), path("", include("codezest.urls"))]


@pytest.fixture(autouse=True)
def _fresh_gate():
    GATE.__init__()
    yield
    GATE.release.set()


class Client(APIClient):
    """Each request's on-commit work (e-mail) runs after it, as after a real commit."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def signed_in(user) -> APIClient:
    _, token = session_create(user=user)
    client = Client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def send(client, url, body, key):
    headers = {HEADER: key} if key is not None else {}
    return client.post(url, body, format="json", headers=headers)


def assert_error(response, status_code, code):
    assert response.status_code == status_code, response.content
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["code"] == code
    return error


def test_the_same_key_and_body_answer_the_first_response_and_make_one_row():
    client = signed_in(UserFactory())
    first = send(client, NOTES, {"title": "Enrolled"}, "key-1")
    again = send(client, NOTES, {"title": "Enrolled"}, "key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again[REPLAYED_HEADER] == "true"
    assert REPLAYED_HEADER not in first
    assert again["Location"] == first["Location"]
    assert Notification.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_key_with_another_body_is_a_409_and_runs_nothing():
    client = signed_in(UserFactory())
    send(client, NOTES, {"title": "Enrolled"}, "key-1")
    other = send(client, NOTES, {"title": "Something else"}, "key-1")
    error = assert_error(other, 409, "idempotency_key_reused")
    assert "another request" in error["message"]
    other_path = send(client, REGISTER, {"email": "x@example.com", "password": PASSWORD}, "key-1")
    assert_error(other_path, 409, "idempotency_key_reused")
    assert Notification.objects.count() == 1


def test_the_body_is_compared_as_json_not_as_bytes():
    client = signed_in(UserFactory())
    first = client.post(NOTES, '{"title": "A", "x": 1}', content_type="application/json", headers={HEADER: "k"})
    again = client.post(NOTES, '{"x":1,"title":"A"}', content_type="application/json", headers={HEADER: "k"})
    assert again.status_code == 201
    assert again[REPLAYED_HEADER] == "true"
    assert again.json() == first.json()


def test_keys_belong_to_their_user():
    first, second = signed_in(UserFactory()), signed_in(UserFactory())
    assert send(first, NOTES, {"title": "Mine"}, "shared-key").status_code == 201
    theirs = send(second, NOTES, {"title": "Mine"}, "shared-key")
    assert theirs.status_code == 201
    assert REPLAYED_HEADER not in theirs
    assert Notification.objects.count() == 2


def test_without_a_key_every_request_runs():
    client = signed_in(UserFactory())
    send(client, NOTES, {"title": "One"}, None)
    send(client, NOTES, {"title": "One"}, None)
    assert Notification.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "ключ"])
def test_a_malformed_key_is_a_400_naming_the_header(key):
    client = signed_in(UserFactory())
    response = client.post(NOTES, {"title": "A"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert HEADER in response.json()["error"]["fields"]
    assert not Notification.objects.exists()


def test_a_failure_gives_the_key_back_so_the_same_request_can_be_sent_again():
    client = signed_in(UserFactory())
    refused = send(client, NOTES, {"title": "A", "fail": "refuse"}, "key-1")
    assert refused.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert send(client, NOTES, {"title": "A", "fail": "refuse"}, "key-1").status_code == 422  # run, not replayed

    broken = send(client, NOTES, {"title": "A", "fail": "raise"}, "key-2")
    assert_error(broken, 500, "server_error")
    assert not IdempotencyRecord.objects.exists()
    assert not Notification.objects.exists()  # the view's writes were rolled back with it

    assert send(client, NOTES, {"title": "A"}, "key-2").status_code == 201


def test_a_record_past_its_24_hours_no_longer_replays():
    client = signed_in(UserFactory())
    send(client, NOTES, {"title": "A"}, "key-1")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25), expires_at=timezone.now())
    again = send(client, NOTES, {"title": "A"}, "key-1")
    assert again.status_code == 201
    assert REPLAYED_HEADER not in again
    assert Notification.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 1


def test_a_claim_left_in_progress_by_a_dead_request_is_taken_over(settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.2
    user = UserFactory()
    client = signed_in(user)
    send(client, NOTES, {"title": "A"}, "key-1")
    record = IdempotencyRecord.objects.get()
    # As if the request had died after its claim: in progress, and for longer than IDEMPOTENCY_STALE_AFTER.
    IdempotencyRecord.objects.update(
        completed_at=None, response_status=None, created_at=timezone.now() - settings.IDEMPOTENCY_STALE_AFTER
    )
    Notification.objects.all().delete()
    retried = send(client, NOTES, {"title": "A"}, "key-1")
    assert retried.status_code == 201
    assert REPLAYED_HEADER not in retried
    assert IdempotencyRecord.objects.get().pk != record.pk
    assert Notification.objects.count() == 1


def test_the_purge_command_removes_expired_records_only():
    client = signed_in(UserFactory())
    send(client, NOTES, {"title": "Old"}, "old")
    send(client, NOTES, {"title": "New"}, "new")
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25), expires_at=timezone.now() - timedelta(hours=1)
    )
    out = StringIO()
    call_command("idempotency_purge", stdout=out)
    assert out.getvalue().strip() == "Removed 1 expired idempotency record."
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_only_a_digest_of_the_request_is_kept():
    send(Client(), REGISTER, {"email": "new@example.com", "password": PASSWORD}, "sign-up-1")
    record = IdempotencyRecord.objects.get()
    stored = " ".join(str(value) for value in IdempotencyRecord.objects.values_list().get())
    assert PASSWORD not in stored
    assert "new@example.com" not in stored
    assert len(record.request_hash) == 64


def test_a_retried_sign_up_replays_instead_of_e_mailing_the_new_owner():
    body = {"email": "new@example.com", "password": PASSWORD}
    first = send(Client(), REGISTER, body, "sign-up-1")
    again = send(Client(), REGISTER, body, "sign-up-1")
    assert first.status_code == again.status_code == 202
    assert (again.json(), again[REPLAYED_HEADER]) == (first.json(), "true")
    assert User.objects.count() == 1
    assert [message.subject for message in mail.outbox] == ["Confirm your e-mail address for CodeZest"]
    # Anonymous callers share one space of keys: the key alone.
    record = IdempotencyRecord.objects.get()
    assert record.user is None
    assert_error(
        send(Client(), REGISTER, {**body, "email": "other@example.com"}, "sign-up-1"), 409, "idempotency_key_reused"
    )


def test_the_schema_documents_the_header_the_409_and_the_replay_header(client):
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = document["paths"]["/api/v1/auth/register"]["post"]
    [parameter] = [parameter for parameter in operation["parameters"] if parameter["name"] == HEADER]
    assert (parameter["in"], parameter.get("required"), parameter["schema"]["maxLength"]) == ("header", None, 255)
    assert operation["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert REPLAYED_HEADER in operation["responses"]["202"]["headers"]
    assert "409" not in document["paths"]["/api/v1/auth/verify-email"]["post"]["responses"]


# Concurrent duplicates: threads, each with its own database connection ----------------------------------------


def in_threads(count, target):
    """Run ``target(index)`` in ``count`` threads at once; the answers in thread order."""
    answers, barrier = [None] * count, threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            answers[index] = target(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicates_make_one_row_and_all_answer_the_first_response():
    _, token = session_create(user=UserFactory())

    def post(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return send(client, NOTES, {"title": "Enrolled"}, "race-key")

    answers = in_threads(6, post)
    assert [answer.status_code for answer in answers] == [201] * 6
    assert len({answer.content for answer in answers}) == 1
    assert sum(REPLAYED_HEADER in answer for answer in answers) == 5
    assert Notification.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert GATE.runs == 1


def slow_poster():
    """A new user's POST of one body under one key, from any thread, its connection closed after; the view
    waits at the gate."""
    _, token = session_create(user=UserFactory())
    GATE.closed = True

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        try:
            return send(client, NOTES, {"title": "Enrolled"}, "slow-key")
        finally:
            connection.close()

    return post


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_duplicate_waits_for_the_first_request_and_answers_its_response():
    post = slow_poster()
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", post()))
    first.start()
    assert GATE.entered.wait(timeout=10)  # the first request holds its claim, inside the view
    second = threading.Thread(target=lambda: answers.setdefault("second", post()))
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive()  # the duplicate waits...
    GATE.release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert (answers["first"].status_code, answers["second"].status_code) == (201, 201)
    assert answers["second"].json() == answers["first"].json()  # ...and answers the first's response
    assert answers["second"][REPLAYED_HEADER] == "true"
    assert (GATE.runs, Notification.objects.count(), IdempotencyRecord.objects.count()) == (1, 1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_duplicate_still_waiting_after_the_bound_is_a_409_in_progress(settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.3
    post = slow_poster()
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", post()))
    first.start()
    assert GATE.entered.wait(timeout=10)
    waiting = post()
    error = assert_error(waiting, 409, "idempotency_in_progress")
    assert "in progress" in error["message"]
    assert waiting["Retry-After"] == "1"
    GATE.release.set()
    first.join(timeout=10)
    assert answers["first"].status_code == 201
    assert Notification.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_anonymous_sign_ups_with_one_key_make_one_user():
    body = {"email": "new@example.com", "password": PASSWORD}
    answers = in_threads(4, lambda _: send(APIClient(), REGISTER, body, "sign-up-race"))
    assert [answer.status_code for answer in answers] == [202] * 4
    assert User.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert len(mail.outbox) == 1  # one verification e-mail, no "someone tried" for the retries
