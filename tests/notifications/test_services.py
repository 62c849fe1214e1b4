"""Notifications follow the user's preferences; e-mail is logged per send and never loses a notification."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError
from django.utils import timezone
from psycopg.types.json import Jsonb
from uuid6 import uuid7

from codezest.db.bulk import Occurrences
from notifications.models import EmailLog, EmailStatus, Notification, NotificationPreference
from notifications.services import (
    NotificationTemplate,
    notification_bulk_notify,
    notification_mark_read,
    notification_notify,
    notification_preference_bulk_create,
)
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


class TestNotifyingInBulk:
    """Many notifications from a few templates, each as ``notification_notify`` makes it."""

    TEMPLATES = [
        NotificationTemplate(NotificationType.QUIZ_COMPLETED, "Quiz passed", "You scored 80%.", metadata={"q": "1"}),
        NotificationTemplate(NotificationType.MODULE_COMPLETED, "Module completed: Basics"),
    ]

    def test_each_occurrence_is_what_notifying_one_by_one_makes(self):
        ada, bob = UserFactory(), UserFactory()
        wanted = [(ada, 0, {"attempt_id": "a1"}), (bob, 1, None), (ada, 1, None)]
        for user, number, extra in wanted:
            template = self.TEMPLATES[number]
            notification_notify(
                user=user,
                type=template.type,
                title=template.title,
                message=template.message,
                metadata={**(template.metadata or {}), **(extra or {})},
            )
        one_by_one = made()
        Notification.objects.all().delete()
        EmailLog.objects.all().delete()

        counts = notification_bulk_notify(templates=self.TEMPLATES, occurrences=occurrences(wanted))

        assert counts == (3, 3)
        assert made() == one_by_one

    def test_each_user_is_told_on_the_channels_their_preferences_allow(self):
        ada, bob = UserFactory(), UserFactory()
        NotificationPreference.objects.filter(user=ada).update(push=False)
        NotificationPreference.objects.filter(user=bob).update(email=False)
        counts = notification_bulk_notify(
            templates=self.TEMPLATES, occurrences=occurrences([(ada, 1, None), (bob, 1, None)])
        )
        assert counts == (1, 1)
        assert list(Notification.objects.values_list("user", flat=True)) == [bob.pk]
        assert list(EmailLog.objects.values_list("to_address", flat=True)) == [ada.email]

    def test_when_it_was_read_and_its_email_sent_are_kept(self):
        user = UserFactory()
        at = timezone.now() - timedelta(days=2)
        read, sent = at + timedelta(hours=5), at + timedelta(seconds=3)
        notification_bulk_notify(templates=self.TEMPLATES, occurrences=occurrences([(user, 1, None)], at, read, sent))
        notification = Notification.objects.get(user=user)
        assert (notification.created_at, notification.read, notification.read_at) == (at, True, read)
        email = EmailLog.objects.get(to_address=user.email)
        assert (email.created_at, email.status, email.sent_at) == (at, EmailStatus.SENT, sent)

    def test_a_user_who_does_not_exist_is_refused_and_nobody_told(self):
        stranger = uuid7()
        with pytest.raises(ValidationError) as raised:
            notification_bulk_notify(
                templates=self.TEMPLATES,
                occurrences=Occurrences(
                    "SELECT 1 AS template, %s::uuid AS user_id, now() AS at, NULL::jsonb AS metadata,"
                    " NULL::timestamptz AS read_at, NULL::timestamptz AS sent_at",
                    [stranger],
                ),
            )
        assert raised.value.message_dict == {"user": [f"No such user: {stranger}."]}
        assert not Notification.objects.exists()


def made() -> list:
    """Every notification and e-mail, without ids and times, in a stable order."""
    notifications = sorted(
        (str(n.user_id), n.type, n.title, n.message, n.priority, n.metadata, n.read) for n in Notification.objects.all()
    )
    emails = sorted(
        (e.to_address, e.from_address, e.subject, e.body, e.provider, e.status) for e in EmailLog.objects.all()
    )
    return [notifications, emails]


def occurrences(wanted: list, at=None, read_at=None, sent_at=None) -> Occurrences:
    """Occurrences from Python lists, as a caller would select them from its own tables."""
    return Occurrences(
        "SELECT template, user_id, %s::timestamptz AS at, metadata, %s::timestamptz AS read_at,"
        " %s::timestamptz AS sent_at FROM unnest(%s::int[], %s::uuid[], %s::jsonb[]) AS o(template, user_id, metadata)",
        [
            at or timezone.now(),
            read_at,
            sent_at,
            [number for _, number, _ in wanted],
            [user.pk for user, _, _ in wanted],
            [Jsonb(extra) if extra else None for _, _, extra in wanted],
        ],
    )
