"""Reads of the notifications context."""

from django.db.models import QuerySet

from .models import Notification


def user_notifications(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def user_unread_count(*, user) -> int:
    """Served by the partial index on one user's unread notifications."""
    return Notification.objects.filter(user=user, read=False).count()
