"""The learner's account through the API: sign-up, verification, password reset, profile, password, sessions,
notification preferences; who may call each, and what no answer reveals."""

import json
import re
import threading
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import EmailVerification, Session, User
from accounts.services import email_verification_create, password_reset_create, session_create
from notifications.models import EmailLog, NotificationPreference
from notifications.services import REDACTED_BODY, notification_notify
from notifications.types import NotificationType
from tests.accounts.factories import PASSWORD, UserFactory

from .test_access import EMAIL, FORBIDDEN_KEYS, walk
from .world import build_world

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
NEW_PASSWORD = "a-brand-new-secret-7"
TOKEN_IN_LINK = re.compile(r"[?&]token=([^\s&]+)")


class Client(APIClient):
    """Each request's on-commit work (tasks, e-mail) runs after it, as after a real commit."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def signed_in(user) -> tuple[Client, Session]:
    session, token = session_create(user=user, ip_address="10.1.2.3", user_agent="Firefox/140")
    client = Client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, session


def post(client, path, body, **extra):
    return client.post(f"{V1}/{path}", body, format="json", **extra)


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    if field:
        assert field in error["fields"], error
    return error


def token_from(message) -> str:
    return unquote(TOKEN_IN_LINK.search(message.body).group(1))


# Sign-up and verification ----------------------------------------------------------------------------


def test_sign_up_sends_a_verification_link_and_the_link_verifies_the_address(settings):
    settings.FRONTEND_URL = "https://app.codezest.test/"
    response = post(Client(), "auth/register", {"email": "new@Example.com", "password": PASSWORD, "name": "Ada"})
    assert response.status_code == 202
    user = User.objects.with_email("new@example.com").get()
    assert (user.name, user.email_verified, user.check_password(PASSWORD)) == ("Ada", False, True)
    assert user.profile
    assert user.notification_preference
    assert user.subscription

    [message] = mail.outbox
    assert message.to == [user.email]
    assert "https://app.codezest.test/verify-email?token=" in message.body
    token = token_from(message)
    verified = post(Client(), "auth/verify-email", {"token": token})
    assert verified.status_code == 200
    user.refresh_from_db()
    assert user.email_verified

    again = post(Client(), "auth/verify-email", {"token": token})
    assert assert_error(again, 400, "token")["fields"]["token"] == ["This token is used."]


def test_signing_up_with_a_taken_address_answers_the_same_and_tells_its_owner():
    owner = UserFactory(email="owner@example.com")
    fresh = post(Client(), "auth/register", {"email": "fresh@example.com", "password": PASSWORD})
    taken = post(Client(), "auth/register", {"email": "OWNER@example.com", "password": "other-secret-pass-4"})
    assert fresh.status_code == taken.status_code == 202
    assert fresh.json() == taken.json()
    assert User.objects.with_email("owner@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # nothing about the account changed
    to_owner = [message for message in mail.outbox if message.to == [owner.email]]
    assert [message.subject for message in to_owner] == ["Someone tried to sign up to CodeZest with your address"]
    assert "token=" not in to_owner[0].body


@pytest.mark.parametrize("taken", [False, True])
def test_a_weak_password_is_refused_naming_the_field_whether_or_not_the_address_is_taken(taken):
    if taken:
        UserFactory(email="someone@example.com")
    response = post(Client(), "auth/register", {"email": "someone@example.com", "password": "12345678"})
    error = assert_error(response, 400, "password")
    assert "This password is entirely numeric." in error["fields"]["password"]
    assert mail.outbox == []


def test_sign_up_input_is_checked_field_by_field():
    response = post(Client(), "auth/register", {"email": 42, "password": ["x"], "name": "x" * 151})
    assert set(assert_error(response, 400)["fields"]) == {"email", "password", "name"}
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_sign_ups_with_one_address_make_one_user_and_no_error():
    responses, barrier = [], threading.Barrier(4)

    def sign_up():
        try:
            barrier.wait()
            responses.append(post(Client(), "auth/register", {"email": "race@example.com", "password": PASSWORD}))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [response.status_code for response in responses] == [202] * 4
    assert User.objects.with_email("race@example.com").count() == 1


def test_another_verification_link_goes_only_to_an_unverified_account():
    unverified = UserFactory(email="unverified@example.com")
    UserFactory(email="verified@example.com", email_verified=True)
    answers = [
        post(Client(), "auth/verify-email/resend", {"email": email})
        for email in ("unverified@example.com", "verified@example.com", "nobody@example.com")
    ]
    assert {response.status_code for response in answers} == {202}
    assert answers[0].json() == answers[1].json() == answers[2].json()
    [message] = mail.outbox
    assert message.to == [unverified.email]
    post(Client(), "auth/verify-email", {"token": token_from(message)})
    unverified.refresh_from_db()
    assert unverified.email_verified


@pytest.mark.parametrize("token", ["no-such-token", ""])
def test_a_bad_verification_token_is_a_400_naming_the_token(token):
    assert_error(post(Client(), "auth/verify-email", {"token": token}), 400, "token")


def test_an_expired_verification_token_says_so():
    verification, token = email_verification_create(user=UserFactory())
    EmailVerification.objects.filter(pk=verification.pk).update(expires_at=timezone.now())
    error = assert_error(post(Client(), "auth/verify-email", {"token": token}), 400, "token")
    assert error["fields"]["token"] == ["This token is expired."]


# Password reset ----------------------------------------------------------------------------------------


def test_password_reset_by_e_mail_link_ends_every_session(settings):
    settings.ACCOUNT_PASSWORD_RESET_PATH = "/account/reset/{token}"
    user = UserFactory(email="forgetful@example.com")
    client, _ = signed_in(user)
    asked = post(Client(), "auth/password-reset", {"email": "Forgetful@example.com"})
    unknown = post(Client(), "auth/password-reset", {"email": "nobody@example.com"})
    assert asked.status_code == unknown.status_code == 202
    assert asked.json() == unknown.json()
    [message] = mail.outbox
    assert message.to == [user.email]
    token = unquote(re.search(r"/account/reset/(\S+)", message.body).group(1))

    weak = post(Client(), "auth/password-reset/confirm", {"token": token, "new_password": "123"})
    assert_error(weak, 400, "new_password")
    done = post(Client(), "auth/password-reset/confirm", {"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(f"{V1}/me").status_code == 401
    used = post(Client(), "auth/password-reset/confirm", {"token": token, "new_password": "yet-another-secret-9"})
    assert assert_error(used, 400, "token")["fields"]["token"] == ["This token is used."]


def test_an_unknown_reset_token_names_the_token():
    response = post(Client(), "auth/password-reset/confirm", {"token": "made-up", "new_password": NEW_PASSWORD})
    assert_error(response, 400, "token")


def test_account_e_mails_do_not_keep_their_links_in_the_database():
    user = UserFactory(email="careful@example.com")
    post(Client(), "auth/password-reset", {"email": user.email})
    post(Client(), "auth/register", {"email": "another@example.com", "password": PASSWORD})
    tokens = [token_from(message) for message in mail.outbox]
    assert len(tokens) == 2
    logs = EmailLog.objects.filter(to_address__in=[user.email, "another@example.com"])
    assert [log.body for log in logs] == [REDACTED_BODY, REDACTED_BODY]
    assert all(log.status == "SENT" for log in logs)
    assert not any(token in log.body for log in EmailLog.objects.all() for token in tokens)
    # a notification's e-mail keeps its body: only bodies holding a link are redacted
    notification_notify(user=user, type=NotificationType.QUIZ_COMPLETED, title="Quiz done", message="80%")
    assert EmailLog.objects.get(subject="Quiz done").body == "80%"


def test_account_e_mails_to_one_address_are_throttled():
    for _ in range(5):
        assert post(Client(), "auth/password-reset", {"email": "target@example.com"}).status_code == 202
    throttled = post(Client(), "auth/password-reset", {"email": "TARGET@example.com"})
    assert_error(throttled, 429)
    assert "Retry-After" in throttled.headers
    assert post(Client(), "auth/register", {"email": "target@example.com", "password": PASSWORD}).status_code == 429
    assert post(Client(), "auth/password-reset", {"email": "other@example.com"}).status_code == 202


# Me, profile, password -----------------------------------------------------------------------------------


def test_me_changes_name_and_avatar():
    user = UserFactory(name="Old")
    client, _ = signed_in(user)
    response = client.patch(f"{V1}/me", {"name": "Grace", "avatar": "https://img.example.com/g.png"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["profile"]["avatar"]) == ("Grace", "https://img.example.com/g.png")
    user.refresh_from_db()
    assert (user.name, user.profile.avatar) == ("Grace", "https://img.example.com/g.png")
    only_name = client.patch(f"{V1}/me", {"name": "Grace H."}, format="json").json()
    assert only_name["profile"]["avatar"] == "https://img.example.com/g.png"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"avatar": "not a url"}, "avatar"), ({"name": 5}, "name"), ({"name": "x" * 151}, "name")],
)
def test_me_refuses_bad_input_naming_the_field(body, field):
    client, _ = signed_in(UserFactory(name="Kept"))
    assert_error(client.patch(f"{V1}/me", body, format="json"), 400, field)
    assert User.objects.get().name == "Kept"


def test_me_takes_json_only():
    client, _ = signed_in(UserFactory())
    assert_error(client.patch(f"{V1}/me", "name=Ada", content_type="application/x-www-form-urlencoded"), 415)


def test_profile_changes_the_fields_sent():
    user = UserFactory()
    client, _ = signed_in(user)
    changes = {"bio": "I write Python.", "github_url": "https://github.com/ada", "preferences": {"theme": "dark"}}
    response = client.patch(f"{V1}/me/profile", changes, format="json")
    assert response.status_code == 200
    assert {key: response.json()[key] for key in changes} == changes
    client.patch(f"{V1}/me/profile", {"location": "London"}, format="json")
    user.profile.refresh_from_db()
    assert (user.profile.bio, user.profile.location, user.profile.preferences) == (
        "I write Python.",
        "London",
        {"theme": "dark"},
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"preferences": {"theme": "neon"}}, "preferences"),
        ({"preferences": {"colour": "red"}}, "preferences"),
        ({"preferences": []}, "preferences"),
        ({"website": "ftp:/nope"}, "website"),
        ({"location": "x" * 121}, "location"),
    ],
)
def test_profile_refuses_bad_input_naming_the_field(body, field):
    client, _ = signed_in(UserFactory())
    assert_error(client.patch(f"{V1}/me/profile", body, format="json"), 400, field)


def test_changing_the_password_keeps_this_session_and_ends_the_others():
    user = UserFactory()
    this, this_session = signed_in(user)
    other, _ = signed_in(user)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert post(this, "me/password", change).status_code == 204
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert this.get(f"{V1}/me").status_code == 200
    assert other.get(f"{V1}/me").status_code == 401
    this_session.refresh_from_db()
    assert this_session.revoked_at is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": "wrong-password-1", "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "123"}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
    ],
)
def test_a_password_change_is_refused_naming_the_field_and_changes_nothing(body, field):
    user = UserFactory()
    client, _ = signed_in(user)
    other, _ = signed_in(user)
    assert_error(post(client, "me/password", body), 400, field)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert other.get(f"{V1}/me").status_code == 200


def test_the_browsable_apis_cookie_session_survives_a_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        f"{V1}/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 204
    assert client.get(f"{V1}/me").status_code == 200


# Sessions ---------------------------------------------------------------------------------------------------


def test_sessions_list_the_devices_and_mark_this_one():
    user = UserFactory()
    login = Client().post(
        f"{V1}/auth/token",
        {"email": user.email, "password": PASSWORD},
        format="json",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) Firefox/140",
        REMOTE_ADDR="203.0.113.7",
    )
    client = Client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['token']}")
    _, other = signed_in(user)
    revoked, _ = session_create(user=user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired, _ = session_create(user=user)
    Session.objects.filter(pk=expired.pk).update(expires_at=timezone.now())

    rows = client.get(f"{V1}/me/sessions").json()["results"]
    assert {row["id"] for row in rows} == {str(other.pk), str(Session.objects.get(user_agent__contains="X11").pk)}
    mine = next(row for row in rows if row["current"])
    assert (mine["device"], mine["ip_address"]) == ("Mozilla/5.0 (X11; Linux) Firefox/140", "203.0.113.7")
    assert {"created_at", "last_used_at", "expires_at"} <= set(mine)
    assert [row["current"] for row in rows].count(True) == 1


def test_revoking_a_session_ends_it_and_another_users_session_is_not_found():
    user, stranger = UserFactory(), UserFactory()
    client, this = signed_in(user)
    other_client, other = signed_in(user)
    _, strangers = signed_in(stranger)
    assert assert_error(client.delete(f"{V1}/me/sessions/{strangers.pk}"), 404)
    strangers.refresh_from_db()
    assert strangers.revoked_at is None

    assert client.delete(f"{V1}/me/sessions/{other.pk}").status_code == 204
    assert other_client.get(f"{V1}/me").status_code == 401
    assert_error(client.delete(f"{V1}/me/sessions/{other.pk}"), 404)  # already ended
    assert client.delete(f"{V1}/me/sessions/{this.pk}").status_code == 204  # logging out
    assert client.get(f"{V1}/me").status_code == 401


def test_a_token_slides_with_use_and_stops_at_its_maximum_age(settings):
    settings.SESSION_TOKEN_TTL = timedelta(days=30)
    settings.SESSION_TOKEN_MAX_AGE = timedelta(days=90)
    client, session = signed_in(UserFactory())
    now = timezone.now()
    # Issued 10 days ago, last used 2 minutes ago, 20 days left: a use now gives 30 days from now.
    Session.objects.filter(pk=session.pk).update(
        created_at=now - timedelta(days=10),
        last_used_at=now - timedelta(minutes=2),
        expires_at=now + timedelta(days=20),
    )
    assert client.get(f"{V1}/me").status_code == 200
    session.refresh_from_db()
    assert session.last_used_at >= now
    assert abs(session.expires_at - (now + timedelta(days=30))) < timedelta(minutes=1)

    # Issued 80 days ago: the expiry stops at 90 days after issue.
    Session.objects.filter(pk=session.pk).update(
        created_at=now - timedelta(days=80), last_used_at=now - timedelta(minutes=5)
    )
    assert client.get(f"{V1}/me").status_code == 200
    session.refresh_from_db()
    assert abs(session.expires_at - (now + timedelta(days=10))) < timedelta(minutes=1)

    # Past its maximum age, no use revives it.
    Session.objects.filter(pk=session.pk).update(
        created_at=now - timedelta(days=91),
        last_used_at=now - timedelta(days=1),
        expires_at=now - timedelta(days=1),
    )
    assert assert_error(client.get(f"{V1}/me"), 401)["message"] == "The token is expired."


def test_a_busy_client_does_not_write_its_session_on_every_request():
    client, session = signed_in(UserFactory())
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{V1}/me").status_code == 200
        assert not [query for query in queries if 'UPDATE "auth"."sessions"' in query["sql"]]
    a_minute_ago = timezone.now() - timedelta(seconds=61)
    Session.objects.filter(pk=session.pk).update(created_at=a_minute_ago, last_used_at=a_minute_ago)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{V1}/me")
    assert len([query for query in queries if 'UPDATE "auth"."sessions"' in query["sql"]]) == 1


# Notification preferences -----------------------------------------------------------------------------------


def test_notification_preferences_are_read_and_changed_by_channel():
    user = UserFactory()
    client, _ = signed_in(user)
    assert client.get(f"{V1}/me/notification-preferences").json() == {"email": True, "push": True, "sms": False}
    changed = client.patch(f"{V1}/me/notification-preferences", {"email": False}, format="json")
    assert changed.json() == {"email": False, "push": True, "sms": False}
    assert NotificationPreference.objects.get(user=user).email is False
    mail.outbox.clear()
    notification_notify(user=user, type=NotificationType.QUIZ_COMPLETED, title="Quiz done")
    assert mail.outbox == []  # the preference is followed


@pytest.mark.parametrize("value", ["no", 1, None, "true"])
def test_notification_preferences_take_true_or_false_only(value):
    client, _ = signed_in(UserFactory())
    assert_error(client.patch(f"{V1}/me/notification-preferences", {"push": value}, format="json"), 400, "push")


def test_a_user_without_preferences_reads_the_defaults_and_a_change_makes_the_row():
    user = UserFactory()
    NotificationPreference.objects.filter(user=user).delete()
    client, _ = signed_in(user)
    assert client.get(f"{V1}/me/notification-preferences").json() == {"email": True, "push": True, "sms": False}
    assert not NotificationPreference.objects.filter(user=user).exists()
    client.patch(f"{V1}/me/notification-preferences", {"sms": True}, format="json")
    assert NotificationPreference.objects.get(user=user).sms is True


# Who may call what, and what no answer holds ----------------------------------------------------------------

CALLERS = (None, "a", "b", "instructor", "admin")
ANYONE = dict.fromkeys(CALLERS, 202)
ANYONE_200 = dict.fromkeys(CALLERS, 200)
SIGNED_IN_200 = {None: 401, "a": 200, "b": 200, "instructor": 200, "admin": 200}
SIGNED_IN_204 = {**SIGNED_IN_200, "a": 204, "b": 204, "instructor": 204, "admin": 204}
NOT_ALLOWED = {None: 401, "a": 405, "b": 405, "instructor": 405, "admin": 405}


@pytest.fixture
def world(fake_stripe):
    return build_world(stripe=fake_stripe)


def requests_of(world, caller):
    """Every operation of the account endpoints, with a body fit for ``caller``: (method, path, body, expected).

    The tokens are another user's: a token is the proof, whoever sends it.
    """
    a = world.a.user
    owner = User.objects.with_email("token-owner@example.com").first() or UserFactory(email="token-owner@example.com")
    _, verification = email_verification_create(user=owner)
    _, reset = password_reset_create(user=owner)
    label = caller or "anonymous"
    return [
        ("post", "auth/register", {"email": f"{label}-new@example.com", "password": PASSWORD}, ANYONE),
        ("post", "auth/register", {"email": a.email, "password": PASSWORD}, ANYONE),
        ("post", "auth/verify-email/resend", {"email": a.email}, ANYONE),
        ("post", "auth/password-reset", {"email": a.email}, ANYONE),
        ("post", "auth/verify-email", {"token": verification}, ANYONE_200),
        ("post", "auth/password-reset/confirm", {"token": reset, "new_password": NEW_PASSWORD}, ANYONE_200),
        ("get", "auth/register", None, dict.fromkeys(CALLERS, 405)),
        ("get", "me", None, SIGNED_IN_200),
        ("patch", "me", {"name": f"{label} renamed"}, SIGNED_IN_200),
        ("put", "me", {"name": "x"}, NOT_ALLOWED),
        ("patch", "me/profile", {"bio": f"{label} writes code"}, SIGNED_IN_200),
        ("get", "me/profile", None, NOT_ALLOWED),
        ("get", "me/sessions", None, SIGNED_IN_200),
        ("delete", "me/sessions", None, NOT_ALLOWED),
        ("get", "me/notification-preferences", None, SIGNED_IN_200),
        ("patch", "me/notification-preferences", {"sms": True}, SIGNED_IN_200),
        ("post", "me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, SIGNED_IN_204),
    ]


def test_permission_matrix_of_the_account_endpoints(world):
    seen = 0
    for caller in CALLERS:
        for method, path, body, expected in requests_of(world, caller):
            cache.clear()  # the per-address e-mail throttle is tested on its own
            response = getattr(world.client(caller), method)(f"{V1}/{path}", body, format="json")
            assert response.status_code == expected[caller], (caller, method, path, response.content[:300])
            seen += 1
    assert seen == len(CALLERS) * 17


def test_another_users_session_is_not_found_for_every_other_caller(world):
    a_session, _ = session_create(user=world.a.user)
    for caller, status in ((None, 401), ("b", 404), ("instructor", 404), ("admin", 404), ("a", 204)):
        response = world.client(caller).delete(f"{V1}/me/sessions/{a_session.pk}")
        assert response.status_code == status, caller
        a_session.refresh_from_db()
        assert (a_session.revoked_at is not None) is (caller == "a"), caller


def test_no_account_answer_holds_secrets_or_other_users_emails_or_ids(world):
    a = world.a.user
    a_session, _ = session_create(user=a)
    a_markers = {a.email, str(a.pk), str(a_session.pk)}
    own_email = {
        "a": a.email,
        "b": world.b.user.email,
        "instructor": world.instructor.email,
        "admin": world.admin.email,
    }
    checked = 0
    for caller in CALLERS:
        for method, path, body, _ in requests_of(world, caller):
            cache.clear()
            response = getattr(world.client(caller), method)(f"{V1}/{path}", body, format="json")
            if not response.content:
                continue
            document = response.json()
            for where, key, _value in walk(document):
                assert key not in FORBIDDEN_KEYS, (caller, path, where, key)
            text = json.dumps(document)
            assert not set(EMAIL.findall(text)) - {own_email.get(caller)}, (caller, path)
            if caller != "a":
                assert not {marker for marker in a_markers if marker in text}, (caller, path)
            checked += 1
    assert checked > 60
