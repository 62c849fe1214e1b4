"""Reads of the notifications context."""

import uuid
from datetime import datetime
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Func, IntegerField, QuerySet, Subquery
from django.db.models.expressions import RawSQL

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


def user_unread_count_subquery(*, user) -> RawSQL:
    """The count as an expression, for a query of notifications that reads it beside its rows (computed once per
    query)."""
    return RawSQL(_unread_count_sql(), (user.pk,), output_field=IntegerField())


@cache
def _unread_count_sql() -> str:
    """The unread count as a subquery of a query of notifications, taking a user's id as its one parameter: compiled
    once, as building and compiling it for every page costs more than PostgreSQL takes to count."""
    # Not an aggregate, so no GROUP BY; COUNT(*) reads no column, so the partial index alone answers it.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    anyone = uuid.uuid4()
    unread = Subquery(_user_unread(user=anyone).order_by().values(count=count))
    # Compiled inside a query of notifications, as Django compiles a subquery, so its table gets an alias of its own.
    outer = Notification.objects.annotate(unread_count=unread).query
    sql, params = outer.get_compiler(connection=connection).compile(outer.annotations["unread_count"])
    if tuple(params) != (anyone,):  # any other value would stay frozen in every later count
        raise ImproperlyConfigured(f"The unread count's SQL must take a user's id alone, not {params!r}.")
    return sql


def user_notification_preference(*, user) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) for a user whose row another service has not made."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
