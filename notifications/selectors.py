"""Reads of the notifications context."""

from datetime import datetime

from django.db.models import Func, IntegerField, QuerySet, Subquery

from .models import Notification, NotificationPreference
from .types import NotificationType


def user_notifications(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def user_notified_since(*, user, type: NotificationType, since: datetime) -> bool:
    """Whether the user has had a notification of ``type`` since then (in the app: whatever the channels)."""
    return Notification.objects.filter(user=user, type=type, created_at__gte=since).exists()


def _user_unread(*, user) -> QuerySet[Notification]:
    """Served by the partial index on one user's unread notifications."""
    return Notification.objects.filter(user=user, read=False)


def user_unread_count(*, user) -> int:
    return _user_unread(user=user).count()


def user_unread_count_subquery(*, user) -> Subquery:
    """The count as an expression, for a query that reads it beside other rows (computed once per query)."""
    # Not an aggregate, so no GROUP BY; COUNT(*) reads no column, so the partial index alone answers it.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(_user_unread(user=user).order_by().values(count=count))


def user_notification_preference(*, user) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) for a user whose row another service has not made."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
