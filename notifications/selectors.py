"""Reads of the notifications context."""

from datetime import datetime

from django.db.models import QuerySet

from .models import Notification, NotificationPreference
from .types import NotificationType


def user_notifications(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def user_notified_since(*, user, type: NotificationType, since: datetime) -> bool:
    """Whether the user has had a notification of ``type`` since then (in the app: whatever the channels)."""
    return Notification.objects.filter(user=user, type=type, created_at__gte=since).exists()


def user_unread_count(*, user) -> int:
    """Served by the partial index on one user's unread notifications."""
    return Notification.objects.filter(user=user, read=False).count()


def user_notification_preference(*, user) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) for a user whose row another service has not made."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
