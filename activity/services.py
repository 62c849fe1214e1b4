"""Writes of the activity context: the user's feed and analytics events."""

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from codezest.db.bulk import Occurrences, fan_out, templates_clean, uuid7_at, uuid7_sql
from codezest.db.models import users_check_exist
from codezest.db.partitions import add_months, months_between

from .models import AnalyticsEvent, UserActivity
from .partitions import analytics_event_partitions_ensure
from .types import ActivityType


def activity_record(
    *, user: AbstractBaseUser, type: ActivityType, description: str = "", metadata: dict | None = None
) -> UserActivity:
    activity = UserActivity(user=user, type=type, description=description, metadata=metadata or {})
    activity.full_clean()
    activity.save()
    return activity


class NewActivity(NamedTuple):
    """One activity for ``activity_bulk_record``: the arguments ``activity_record`` takes, and when it
    happened (now by default)."""

    user: AbstractBaseUser
    type: ActivityType
    description: str = ""
    metadata: dict | None = None
    created_at: datetime | None = None


@transaction.atomic
def activity_bulk_record(*, activities: Iterable[NewActivity]) -> list[UserActivity]:
    """Record many activities in a few INSERTs, each checked as ``activity_record`` checks it.

    The field rules run in Python for every row and the users are looked up in one query; the CHECKs
    that ``full_clean()`` would ask the database about one row at a time are left to the INSERT
    itself, which PostgreSQL refuses whole.
    """
    rows = []
    for user, type, description, metadata, created_at in activities:
        row = UserActivity(user=user, type=type, description=description, metadata=metadata or {})
        if created_at is not None:
            row.id, row.created_at = uuid7_at(created_at), created_at
        rows.append(row)
    for row in rows:
        row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    users_check_exist({row.user_id for row in rows})
    return UserActivity.objects.bulk_create(rows, batch_size=2000)


class ActivityTemplate(NamedTuple):
    """An activity for ``activity_bulk_generate``: what ``activity_record`` takes, but the user."""

    type: ActivityType
    description: str = ""
    metadata: dict | None = None


@transaction.atomic
def activity_bulk_generate(*, templates: Sequence[ActivityTemplate], occurrences: Occurrences) -> int:
    """Record many activities in one INSERT, each as ``activity_record`` would; returns how many.

    The occurrences' columns: ``template`` (its position in ``templates``), ``user_id``, ``at`` (when)
    and ``metadata`` (added to the template's, or NULL). Rows are written in the occurrences' order.
    """
    rows = [
        UserActivity(type=type, description=description, metadata=metadata or {})
        for type, description, metadata in templates
    ]
    templates_clean(rows, exclude=["user"])
    values = {
        "id": uuid7_sql("o.at"),
        "user_id": "u.id",
        "created_at": "o.at",
        "metadata": "t.metadata || coalesce(o.metadata, '{}')",
    }
    return fan_out(UserActivity, templates=rows, occurrences=occurrences, values=values, users_of="o.user_id")


def analytics_event_record(
    *, event_name: str, user: AbstractBaseUser | None = None, properties: dict | None = None
) -> AnalyticsEvent:
    event = AnalyticsEvent(event_name=event_name, user=user, properties=properties or {})
    event.full_clean()
    event.save()
    return event


ANALYTICS_SPREAD = timedelta(days=30)


@transaction.atomic
def analytics_event_bulk_generate(
    *,
    user_ids: Sequence[UUID],
    per_user: int,
    event_names: Sequence[str],
    since: datetime | Sequence[datetime] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """``per_user`` analytics events for each of the users, made by PostgreSQL itself; returns how many.

    Event names take turns, and each user's events spread evenly from ``since`` (one moment for all,
    one per user, or 30 days ago) to now, with ``{"n": <the event's number for its user>}`` as
    properties. They are written a month at a time, each month's in time order, so the table's physical
    order follows ``created_at`` as live events leave it; ``progress(rows)`` is told after each month.
    """
    now = timezone.now()
    since = now - ANALYTICS_SPREAD if since is None else since
    starts = [since] * len(user_ids) if isinstance(since, datetime) else list(since)
    if per_user < 0:
        raise ValidationError({"per_user": "Ask for zero events or more."})
    if len(starts) != len(user_ids):
        raise ValidationError({"since": "Give one moment, or one for each user."})
    if any(start >= now for start in starts):
        raise ValidationError({"since": "Choose a moment in the past."})
    if not event_names:
        raise ValidationError({"event_names": "Give at least one event name."})
    for name in dict.fromkeys(event_names):  # each name as analytics_event_record would check it
        try:
            AnalyticsEvent(event_name=name).full_clean()
        except ValidationError as error:
            raise ValidationError({"event_names": [f"{name!r}: {message}" for message in error.messages]}) from error
    users_check_exist(user_ids)
    if not user_ids or not per_user:
        return 0
    analytics_event_partitions_ensure(start=min(starts), end=now)  # each month's events in its partition
    steps = [(now - start) / per_user for start in starts]
    made = 0
    for month in months_between(min(starts), now):
        window_start, window_end = (datetime.combine(first, time.min, UTC) for first in (month, add_months(month, 1)))
        # The events of each user within the month: n whose moment, start + (n - 1/2) step, falls in it.
        users, moments, seconds, firsts, lasts = [], [], [], [], []
        for user_id, start, step in zip(user_ids, starts, steps, strict=True):
            first = max(1, math.ceil((window_start - start) / step + 0.5))
            last = min(per_user, math.ceil((window_end - start) / step + 0.5) - 1)
            if first <= last:
                users.append(user_id)
                moments.append(start)
                seconds.append(step.total_seconds())
                firsts.append(first)
                lasts.append(last)
        made += _analytics_events_insert(event_names, users, moments, seconds, firsts, lasts)
        if progress is not None:
            progress(made)
    return made


def _analytics_events_insert(event_names, users, moments, seconds, firsts, lasts) -> int:
    table = connection.ops.quote_name(AnalyticsEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (id, event_name, user_id, properties, created_at)
            SELECT {uuid7_sql("e.at")}, (%s::text[])[1 + mod(e.n, %s)], e.user_id, jsonb_build_object('n', e.n), e.at
            FROM (
                SELECT m.user_id, n, m.start + make_interval(secs => (n - 0.5) * m.step) AS at
                FROM unnest(%s::uuid[], %s::timestamptz[], %s::float8[], %s::int[], %s::int[])
                    AS m(user_id, start, step, first, last),
                    generate_series(m.first, m.last) AS n
            ) AS e
            ORDER BY e.at
            """,
            [list(event_names), len(event_names), users, moments, seconds, firsts, lasts],
        )
        return cursor.rowcount
