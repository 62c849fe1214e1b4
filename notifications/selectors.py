"""Reads of the notifications context."""

from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def user_notifications(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def user_unread_count(*, user) -> int:
    """Served by the partial index on one user's unread notifications."""
    return Notification.objects.filter(user=user, read=False).count()


def user_notification_preference(*, user) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) for a user whose row another service has not made."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
