"""Writes of the activity context: the user's feed and analytics events."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from codezest.db.models import users_check_exist

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
    """One activity for ``activity_bulk_record``: the arguments ``activity_record`` takes."""

    user: AbstractBaseUser
    type: ActivityType
    description: str = ""
    metadata: dict | None = None


@transaction.atomic
def activity_bulk_record(*, activities: Iterable[NewActivity]) -> list[UserActivity]:
    """Record many activities in a few INSERTs, each checked as ``activity_record`` checks it.

    The field rules run in Python for every row and the users are looked up in one query; the CHECKs
    that ``full_clean()`` would ask the database about one row at a time are left to the INSERT
    itself, which PostgreSQL refuses whole.
    """
    rows = [
        UserActivity(user=user, type=type, description=description, metadata=metadata or {})
        for user, type, description, metadata in activities
    ]
    for row in rows:
        row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    users_check_exist({row.user_id for row in rows})
    return UserActivity.objects.bulk_create(rows, batch_size=2000)


def analytics_event_record(
    *, event_name: str, user: AbstractBaseUser | None = None, properties: dict | None = None
) -> AnalyticsEvent:
    event = AnalyticsEvent(event_name=event_name, user=user, properties=properties or {})
    event.full_clean()
    event.save()
    return event


ANALYTICS_SPREAD = timedelta(days=30)
_SECONDS_STEP = 97  # consecutive events of a user land about a minute and a half apart, wrapped over the span


@transaction.atomic
def analytics_event_bulk_generate(
    *, user_ids: Sequence[UUID], per_user: int, event_names: Sequence[str], since: datetime | None = None
) -> int:
    """``per_user`` analytics events for each of the users, made by PostgreSQL itself; returns how many.

    Event names take turns, and the events spread between ``since`` (30 days ago by default) and now,
    with ``{"n": <the event's number for its user>}`` as properties. A million rows through the ORM
    would take minutes; one ``INSERT … SELECT`` over ``generate_series`` takes seconds.
    """
    now = timezone.now()
    since = now - ANALYTICS_SPREAD if since is None else since
    if per_user < 0:
        raise ValidationError({"per_user": "Ask for zero events or more."})
    if since >= now:
        raise ValidationError({"since": "Choose a moment in the past."})
    if not event_names:
        raise ValidationError({"event_names": "Give at least one event name."})
    for name in dict.fromkeys(event_names):  # each name as analytics_event_record would check it
        try:
            AnalyticsEvent(event_name=name).full_clean()
        except ValidationError as error:
            raise ValidationError({"event_names": [f"{name!r}: {message}" for message in error.messages]}) from error
    users_check_exist(user_ids)
    analytics_event_partitions_ensure(start=since, end=now)  # each month's events in its partition
    span = max(int((now - since).total_seconds()), 1)
    table = connection.ops.quote_name(AnalyticsEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (id, event_name, user_id, properties, created_at)
            SELECT gen_random_uuid(), (%s::text[])[1 + (n %% %s)], member.id, jsonb_build_object('n', n),
                   %s::timestamptz - make_interval(secs => (n * %s) %% %s)
            FROM unnest(%s::uuid[]) AS member(id), generate_series(1, %s) AS n
            """,
            [list(event_names), len(event_names), now, _SECONDS_STEP, span, list(user_ids), per_user],
        )
        return cursor.rowcount
