"""Writes of the notifications context: preferences, in-app notifications and e-mail."""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from codezest.db.bulk import Occurrences, fan_out, templates_clean, uuid7_at, uuid7_sql
from codezest.db.models import users_check_exist

from .models import EmailLog, EmailStatus, Notification, NotificationPreference, NotificationPriority
from .types import NotificationType


def notification_preference_create(*, user: AbstractBaseUser) -> NotificationPreference:
    """A new user's preferences: the defaults (e-mail and in-app on, SMS off)."""
    preference = NotificationPreference(user=user)
    preference.full_clean(validate_unique=False)  # new user: nothing to clash with
    preference.save()
    return preference


@transaction.atomic
def notification_preference_bulk_create(*, users: Iterable[AbstractBaseUser]) -> list[NotificationPreference]:
    """New users' preferences in a few INSERTs, the defaults ``notification_preference_create`` gives,
    each made when its user was (the user's ``created_at``).

    A user who already has preferences makes PostgreSQL refuse the whole INSERT (one row per user).
    """
    preferences = [
        NotificationPreference(id=uuid7_at(user.created_at), user=user, created_at=user.created_at) for user in users
    ]
    for preference in preferences:
        preference.full_clean(exclude=["user"], validate_unique=False)
    users_check_exist({preference.user_id for preference in preferences})
    return NotificationPreference.objects.bulk_create(preferences, batch_size=2000)


@transaction.atomic
def notification_preference_update(
    *, user: AbstractBaseUser, email: bool | None = None, push: bool | None = None, sms: bool | None = None
) -> NotificationPreference:
    """Turn the user's channels on or off; ``None`` leaves a channel as it is.

    A user without preferences (a row another service did not make) gets the defaults first.
    """
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for channel, value in (("email", email), ("push", push), ("sms", sms)):
        if value is not None:
            setattr(preference, channel, value)
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def notification_notify(
    *,
    user: AbstractBaseUser,
    type: NotificationType,
    title: str,
    message: str = "",
    priority: str = NotificationPriority.MEDIUM,
    metadata: dict | None = None,
    security: bool = False,
) -> Notification | None:
    """Notify a user as their preferences allow: in the app (push) and by e-mail.

    The notification is checked whichever channels are on (an unknown type is refused even when only
    e-mail goes out). The e-mail is sent after the transaction commits, so a mail failure never loses
    the notification. A security notice (``security=True``, such as an account under attack) goes out on
    both channels whatever the preferences say, as the account e-mails do: it is not a choice to miss it.
    """
    notification = Notification(
        user=user, type=type, title=title, message=message, priority=priority, metadata=metadata or {}
    )
    notification.full_clean()
    preference = None if security else NotificationPreference.objects.filter(user=user).first()
    if preference is None or preference.push:
        notification.save()
    else:
        notification = None
    if preference is None or preference.email:
        email_queue(to_address=user.email, subject=title, body=message or title)
    return notification


class NotificationTemplate(NamedTuple):
    """A notification for ``notification_bulk_notify``: what ``notification_notify`` takes, but the user."""

    type: NotificationType
    title: str
    message: str = ""
    priority: str = NotificationPriority.MEDIUM
    metadata: dict | None = None


@transaction.atomic
def notification_bulk_notify(*, templates: Sequence[NotificationTemplate], occurrences: Occurrences) -> tuple[int, int]:
    """Notify many times in two INSERTs, each time as ``notification_notify`` would; returns (notifications, e-mails).

    The occurrences' columns: ``template`` (its position in ``templates``), ``user_id``, ``at`` (when),
    ``metadata`` (added to the template's, or NULL), ``read_at`` (when the user read it, or NULL) and
    ``sent_at`` (when its e-mail went out, or NULL for one still PENDING). Each user's preferences hold:
    in the app when push is on, by e-mail when e-mail is on, both for a user without preferences.
    """
    notifications = [
        Notification(
            type=template.type,
            title=template.title,
            message=template.message,
            priority=template.priority,
            metadata=template.metadata or {},
        )
        for template in templates
    ]
    emails = [
        _email_log(to_address="", subject=template.title, body=template.message or template.title)
        for template in templates
    ]
    templates_clean(notifications, exclude=["user"])
    templates_clean(emails, exclude=["to_address"])
    preferences = connection.ops.quote_name(NotificationPreference._meta.db_table)

    def wanting(channel: str) -> Occurrences:
        return Occurrences(
            f"SELECT o.* FROM ({occurrences.sql}) AS o LEFT JOIN {preferences} AS p ON p.user_id = o.user_id"
            f" WHERE p.{channel} IS NOT FALSE",
            occurrences.params,
        )

    made = fan_out(
        Notification,
        templates=notifications,
        occurrences=wanting("push"),
        values={
            "id": uuid7_sql("o.at"),
            "user_id": "u.id",
            "created_at": "o.at",
            "metadata": "t.metadata || coalesce(o.metadata, '{}')",
            "read": "o.read_at IS NOT NULL",
            "read_at": "o.read_at",
        },
        users_of="o.user_id",
    )
    sent = fan_out(
        EmailLog,
        templates=emails,
        occurrences=wanting("email"),
        values={
            "id": uuid7_sql("o.at"),
            "to_address": "u.email",
            "created_at": "o.at",
            "status": f"CASE WHEN o.sent_at IS NULL THEN '{EmailStatus.PENDING}' ELSE '{EmailStatus.SENT}' END",
            "sent_at": "o.sent_at",
        },
        users_of="o.user_id",
    )
    return made, sent


@transaction.atomic
def notification_mark_all_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the user read, in one UPDATE; returns how many there were."""
    return Notification.objects.filter(user=user, read=False).update(read=True, read_at=timezone.now())


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.read:
        notification.read, notification.read_at = True, timezone.now()
        notification.save(update_fields=["read", "read_at"])
    return notification


REDACTED_BODY = "[Redacted once sent: this e-mail held a single-use link.]"


def email_queue(*, to_address: str, subject: str, body: str, redact_body: bool = False) -> EmailLog:
    """Record an e-mail as PENDING and send it in the background once the transaction commits.

    ``redact_body=True`` for a body holding a secret (a single-use link): the body is blanked once the
    e-mail has been handed to the transport (sent or failed), so the database does not keep the secret.
    """
    log = _email_log(to_address=to_address, subject=subject, body=body)
    log.full_clean()
    log.save()
    if redact_body:
        transaction.on_commit(lambda: email_send_task.enqueue(str(log.pk), redact_body=True))
    else:
        transaction.on_commit(lambda: email_send_task.enqueue(str(log.pk)))
    return log


def _email_log(*, to_address: str, subject: str, body: str) -> EmailLog:
    return EmailLog(
        to_address=to_address,
        from_address=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:255],
        body=body,
        provider=settings.EMAIL_PROVIDER_NAME,
    )


@task()
def email_send_task(email_log_id: str, redact_body: bool = False) -> str:
    return email_send(email_log=EmailLog.objects.get(pk=email_log_id), redact_body=redact_body).status


def email_send(*, email_log: EmailLog, redact_body: bool = False) -> EmailLog:
    """Send a PENDING e-mail through Django's backend; the log says SENT or FAILED with the error."""
    if email_log.status != EmailStatus.PENDING:
        return email_log
    redacted = ["body"] if redact_body else []
    try:
        send_mail(email_log.subject, email_log.body, email_log.from_address, [email_log.to_address])
    except Exception as error:  # any transport failure is recorded, not raised
        email_log.status, email_log.failed_at, email_log.error = EmailStatus.FAILED, timezone.now(), str(error)
        email_log.body = REDACTED_BODY if redact_body else email_log.body
        email_log.save(update_fields=["status", "failed_at", "error", *redacted])
    else:
        email_log.status, email_log.sent_at = EmailStatus.SENT, timezone.now()
        email_log.body = REDACTED_BODY if redact_body else email_log.body
        email_log.save(update_fields=["status", "sent_at", *redacted])
    return email_log
