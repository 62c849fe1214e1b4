"""The account services behind the API: sign-up that reveals nothing, profile and password changes, sliding
sessions, background e-mails, Idempotency-Key records, and the rules the database holds for them."""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts import services
from accounts.models import IdempotencyRecord, Session, User
from notifications.models import EmailStatus, NotificationPreference
from notifications.services import REDACTED_BODY, email_queue, notification_preference_update
from tests.rawsql import assert_refused

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HASH = "a" * 64


def test_sign_up_of_a_taken_address_changes_nothing_and_tells_the_owner(django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.com", name="Owner")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.user_register(email="Owner@EXAMPLE.com", password="other-secret-pass-5", name="X") is None
    owner.refresh_from_db()
    assert (owner.name, owner.check_password(PASSWORD)) == ("Owner", True)
    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_sign_up_refuses_a_weak_password_on_the_password_field():
    with pytest.raises(ValidationError) as raised:
        services.user_register(email="new@example.com", password="new@example.com")
    assert set(raised.value.message_dict) == {"password"}
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_racing_another_sign_up_of_the_address_answers_as_for_a_taken_one():
    """The other sign-up's INSERT is not committed when this one looks: this one's INSERT waits, then fails on
    the unique email, and the address is treated as taken, not as an error."""
    inserted, release = threading.Event(), threading.Event()

    def other_sign_up():
        try:
            with transaction.atomic():
                services.user_create(email="race@example.com", password=PASSWORD)
                inserted.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    other = threading.Thread(target=other_sign_up)
    other.start()
    assert inserted.wait(timeout=10)
    threading.Timer(0.5, release.set).start()
    services.user_register(email="race@example.com", password="another-secret-pass-5")
    other.join(timeout=10)
    user = User.objects.with_email("race@example.com").get()
    assert user.check_password(PASSWORD)
    assert [message.subject for message in mail.outbox] == ["Someone tried to sign up to CodeZest with your address"]


def test_profile_update_changes_only_the_fields_given_and_checks_the_preferences():
    user = UserFactory()
    services.user_profile_update(user=user, bio="Hi", preferences={"theme": "light"})
    services.user_profile_update(user=user, location="Oslo")
    user.profile.refresh_from_db()
    assert (user.profile.bio, user.profile.location, user.profile.preferences) == ("Hi", "Oslo", {"theme": "light"})
    with pytest.raises(ValidationError) as raised:
        services.user_profile_update(user=user, preferences={"theme": "neon"})
    assert "preferences" in raised.value.message_dict


def test_profile_update_makes_a_missing_profile():
    user = UserFactory()
    user.profile.delete()
    profile = services.user_profile_update(user=User.objects.get(pk=user.pk), avatar="https://img.example.com/a.png")
    assert profile.avatar == "https://img.example.com/a.png"


def test_password_change_keeps_one_session_and_revokes_the_rest():
    user = UserFactory()
    kept, _ = services.session_create(user=user)
    others = [services.session_create(user=user)[0] for _ in range(2)]
    services.user_password_change(
        user=user, current_password=PASSWORD, new_password="a-brand-new-secret-7", keep_session=kept
    )
    assert Session.objects.get(pk=kept.pk).revoked_at is None
    assert all(Session.objects.get(pk=session.pk).revoked_at for session in others)


def test_password_change_without_a_session_to_keep_revokes_them_all():
    user = UserFactory()
    session, _ = services.session_create(user=user)
    services.user_password_change(user=user, current_password=PASSWORD, new_password="a-brand-new-secret-7")
    assert Session.objects.get(pk=session.pk).revoked_at is not None


def test_a_session_slides_on_use_at_most_once_a_minute(settings):
    settings.SESSION_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
    session, token = services.session_create(user=UserFactory())
    assert session.last_used_at == session.created_at
    assert services.session_authenticate(token=token).last_used_at == session.created_at  # within the minute
    Session.objects.filter(pk=session.pk).update(
        created_at=session.created_at - timedelta(minutes=2), last_used_at=session.created_at - timedelta(minutes=2)
    )
    used = services.session_authenticate(token=token)
    assert used.last_used_at > session.created_at
    assert Session.objects.get(pk=session.pk).last_used_at == used.last_used_at


def test_a_new_session_never_outlives_its_maximum_age(settings):
    settings.SESSION_TOKEN_TTL = timedelta(days=30)
    settings.SESSION_TOKEN_MAX_AGE = timedelta(days=7)
    session, _ = services.session_create(user=UserFactory())
    assert session.expires_at == session.created_at + timedelta(days=7)


def test_the_database_refuses_a_last_use_before_the_session_began():
    session, _ = services.session_create(user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(last_used_at=session.created_at - timedelta(seconds=1))


def test_reset_and_verification_e_mails_go_only_to_active_accounts_that_need_them(django_capture_on_commit_callbacks):
    UserFactory(email="inactive@example.com", is_active=False)
    UserFactory(email="verified@example.com", email_verified=True)
    unverified = UserFactory(email="unverified@example.com")
    assert services.password_reset_send(email="inactive@example.com") is None
    assert services.password_reset_send(email="nobody@example.com") is None
    assert services.email_verification_send(email="verified@example.com") is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.email_verification_send(email="UNVERIFIED@example.com").user == unverified
        assert services.password_reset_send(email="unverified@example.com").user == unverified
    assert [message.to for message in mail.outbox] == [[unverified.email], [unverified.email]]


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("gone")


def test_a_redacted_body_is_blanked_even_when_sending_fails(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.accounts.test_account_services.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        log = email_queue(to_address="a@example.com", subject="Link", body="https://x/?token=secret", redact_body=True)
    log.refresh_from_db()
    assert (log.status, log.body) == (EmailStatus.FAILED, REDACTED_BODY)
    assert "gone" in log.error


def test_notification_preference_update_leaves_channels_not_given():
    user = UserFactory()
    notification_preference_update(user=user, push=False)
    notification_preference_update(user=user, sms=True)
    preference = NotificationPreference.objects.get(user=user)
    assert (preference.email, preference.push, preference.sms) == (True, False, True)


# Idempotency-Key records -----------------------------------------------------------------------------------


def claim(user, key="key-1", request_hash=HASH):
    return services.idempotency_record_claim(
        user=user, key=key, request_hash=request_hash, method="POST", path="/api/v1/things"
    )


def test_a_key_is_claimed_once_per_user_and_anonymous_callers_share_one_space():
    user = UserFactory()
    record, claimed = claim(user)
    assert claimed
    again, claimed_again = claim(user, request_hash="b" * 64)
    assert (again.pk, claimed_again, again.request_hash) == (record.pk, False, HASH)
    assert claim(UserFactory())[1]
    assert claim(None)[1]
    assert not claim(None)[1]
    assert IdempotencyRecord.objects.count() == 3


def test_a_completed_record_keeps_the_response_and_release_only_frees_unfinished_ones():
    record, _ = claim(UserFactory())
    services.idempotency_record_complete(record=record, status=201, body='{"id": 1}', headers={"Location": "/x"})
    services.idempotency_record_release(record=record)
    stored = IdempotencyRecord.objects.get()
    assert (stored.response_status, stored.response_body, stored.response_headers) == (
        201,
        '{"id": 1}',
        {"Location": "/x"},
    )
    with pytest.raises(services.IdempotencyConflict):  # completing twice: the first response stands
        services.idempotency_record_complete(record=record, status=201, body="{}")


def test_a_malformed_key_is_refused_on_the_key_field():
    with pytest.raises(ValidationError) as raised:
        claim(UserFactory(), key="two words")
    assert set(raised.value.message_dict) == {"key"}


def test_purge_removes_expired_records():
    user = UserFactory()
    old, _ = claim(user, key="old")
    claim(user, key="new")
    IdempotencyRecord.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now() - timedelta(days=1)
    )
    assert services.idempotency_record_purge() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.parametrize(
    ("columns", "constraint"),
    [
        ({"key": ""}, "idempotency_records_key_not_blank"),
        ({"request_hash": "not-a-digest"}, "idempotency_records_hash_is_hex"),
        ({"completed_at": timezone.now()}, "idempotency_records_completed_has_status"),
        ({"response_status": 200}, "idempotency_records_completed_has_status"),
        ({"completed_at": timezone.now(), "response_status": 99}, "idempotency_records_completed_has_status"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "idempotency_records_expire_after"),
    ],
)
def test_the_database_refuses_a_broken_idempotency_record(columns, constraint):
    record, _ = claim(UserFactory())
    assert_refused(record, constraint, **columns)


def insert_record_sql(user_id, key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth.idempotency_records (user_id, key, request_hash, method, path, expires_at) "
            "VALUES (%s, %s, %s, 'POST', '/x', now() + interval '1 day')",
            [user_id, key, HASH],
        )


def test_the_database_keeps_one_record_per_user_and_key_anonymous_included():
    user = UserFactory()
    for owner in (user.pk, None):
        insert_record_sql(owner, "k")
        with pytest.raises(IntegrityError, match="idempotency_records_user_key_unique"), transaction.atomic():
            insert_record_sql(owner, "k")
    insert_record_sql(UserFactory().pk, "k")  # another user's "k" is theirs
    assert IdempotencyRecord.objects.count() == 3
