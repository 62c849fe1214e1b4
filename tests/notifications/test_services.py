"""Notifications follow the user's preferences; e-mail is logged per send and never loses a notification."""

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError

from notifications.models import EmailLog, EmailStatus, Notification, NotificationPreference
from notifications.services import notification_mark_read, notification_notify, notification_preference_bulk_create
from notifications.types import NotificationType
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


class RefusingSMTPBackend(BaseEmailBackend):
    """A mail transport whose server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"learner@example.com": (550, b"mailbox unavailable")})


def notify(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return notification_notify(
            user=user, type=NotificationType.QUIZ_COMPLETED, title="Quiz done", message="You scored 80%."
        )


def test_notification_and_email_when_the_user_wants_both(django_capture_on_commit_callbacks):
    user = UserFactory()
    notification = notify(user, django_capture_on_commit_callbacks)
    assert notification.title == "Quiz done"
    log = EmailLog.objects.get(to_address=user.email)
    assert (log.status, log.provider) == (EmailStatus.SENT, "locmem")
    assert log.sent_at is not None
    assert mail.outbox[0].to == [user.email]


def test_preferences_turn_channels_off(django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.filter(user=user).update(push=False, email=False)
    assert notify(user, django_capture_on_commit_callbacks) is None
    assert not Notification.objects.filter(user=user).exists()
    assert not EmailLog.objects.filter(to_address=user.email).exists()
    assert mail.outbox == []


def test_a_mail_failure_is_logged_and_the_notification_kept(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingSMTPBackend"
    user = UserFactory()
    notification = notify(user, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(pk=notification.pk).exists()
    log = EmailLog.objects.get(to_address=user.email)
    assert log.status == EmailStatus.FAILED
    assert "mailbox unavailable" in log.error
    assert log.failed_at is not None


def test_marking_read_records_when():
    notification = notification_notify(user=UserFactory(), type=NotificationType.MODULE_COMPLETED, title="Hello")
    read = notification_mark_read(notification=notification)
    assert read.read
    assert read.read_at is not None


@pytest.mark.parametrize("push", [True, False])
def test_a_notification_of_an_unknown_type_is_refused_on_its_type(push):
    user = UserFactory()
    NotificationPreference.objects.filter(user=user).update(push=push)
    with pytest.raises(ValidationError) as raised:
        notification_notify(user=user, type="reminder", title="Hello")
    assert set(raised.value.message_dict) == {"type"}
    assert not Notification.objects.filter(user=user).exists()
    assert not EmailLog.objects.filter(to_address=user.email).exists()  # not even by e-mail


def preference_settings(preference: NotificationPreference) -> tuple:
    return preference.email, preference.push, preference.sms


def test_preferences_in_bulk_are_the_ones_made_one_by_one():
    users = [UserFactory() for _ in range(3)]  # sign-up made each one's preferences one by one
    one_by_one = {preference_settings(p) for p in NotificationPreference.objects.filter(user__in=users)}
    NotificationPreference.objects.filter(user__in=users).delete()

    made = notification_preference_bulk_create(users=users)

    stored = NotificationPreference.objects.filter(user__in=users)
    assert sorted(p.user_id for p in stored) == sorted(user.pk for user in users) == sorted(p.user_id for p in made)
    assert {preference_settings(p) for p in stored} == one_by_one == {(True, True, False)}


def test_preferences_in_bulk_refuse_a_user_who_has_them_and_make_none():
    fresh, signed_up = UserFactory(), UserFactory()
    NotificationPreference.objects.filter(user=fresh).delete()
    with pytest.raises(IntegrityError, match="notification_preferences_user_id_key"):
        notification_preference_bulk_create(users=[fresh, signed_up])
    assert not NotificationPreference.objects.filter(user=fresh).exists()


def test_preferences_in_bulk_refuse_a_user_who_does_not_exist():
    from accounts.models import User

    with pytest.raises(ValidationError) as raised:
        notification_preference_bulk_create(users=[User(email="nobody@example.com")])  # never saved
    assert "user" in raised.value.message_dict
