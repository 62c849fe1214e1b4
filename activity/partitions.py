"""Services keeping analytics events' monthly partitions: made ahead of the events, detached after the retention.

Events of a month without a partition land in the DEFAULT partition, so no writer ever fails; making that month's
partition moves them into it. Months are UTC months (see ``codezest.db.partitions``).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from codezest.db.partitions import (
    add_months,
    attached_partitions,
    default_partition_table,
    lock_until_commit,
    month_of,
    month_partition_create,
    month_partition_detach,
    month_partition_table,
    months_between,
    months_of_rows,
    partition_key_of,
    table_exists,
)

from .models import AnalyticsEvent

TABLE = AnalyticsEvent._meta.db_table
PARTITIONING_LOCK = f"partitions of {TABLE}"


@transaction.atomic
def analytics_event_partitions_ensure(*, start: date, end: date) -> list[date]:
    """Partitions for every month from ``start``'s to ``end``'s (idempotent); returns the months it had to make.

    Events of those months waiting in the default partition move into their partition. A datetime's month is
    its UTC month.
    """
    start, end = month_of(start), month_of(end)
    if end < start:
        raise ValidationError({"end": "Choose an end on or after the start."})
    wanted = months_between(start, end)
    if set(wanted) <= attached_partitions(connection, TABLE)[0].keys():
        return []  # the usual case, settled by a catalog read without a lock
    lock_until_commit(connection, PARTITIONING_LOCK)
    existing = attached_partitions(connection, TABLE)[0]
    missing = [month for month in wanted if month not in existing]
    for month in missing:
        if table_exists(connection, month_partition_table(TABLE, month)):
            raise ValidationError(
                {
                    "start": f"The events of {month:%B %Y} were detached and kept as a table of their own; "
                    "attach or drop that table first."
                }
            )
        month_partition_create(connection, AnalyticsEvent, month)
    return missing


@transaction.atomic
def analytics_event_partitions_detach(*, before: date, drop: bool = False) -> list[date]:
    """Detach the partitions of the months before ``before``'s (and drop them if ``drop``); returns their months."""
    lock_until_commit(connection, PARTITIONING_LOCK)
    old = sorted(month for month in attached_partitions(connection, TABLE)[0] if month < month_of(before))
    for month in old:
        month_partition_detach(connection, TABLE, month, drop=drop)
    return old


@dataclass(frozen=True)
class PartitionsMaintained:
    created: list[date]
    detached: list[date]
    dropped: bool
    left_in_default: int  # events of months outside the kept window, still in the default partition


def analytics_event_partitions_maintain(*, today: date | None = None, drop: bool | None = None) -> PartitionsMaintained:
    """What the daily job does: partitions for this month and ``ANALYTICS_PARTITIONS_AHEAD_MONTHS`` ahead, and
    for past months within the retention whose events wait in the default partition; the partitions of months
    before the retention (this month and the ``ANALYTICS_RETENTION_MONTHS`` before it) detached, and dropped
    when ``drop`` (by default ``ANALYTICS_RETENTION_DROP``); then the table's statistics.

    Each change of partitions commits on its own, so the statistics are gathered holding none of their locks.
    """
    current = month_of(today or timezone.now())
    oldest_kept = add_months(current, -settings.ANALYTICS_RETENTION_MONTHS)
    last = add_months(current, settings.ANALYTICS_PARTITIONS_AHEAD_MONTHS)
    drop = settings.ANALYTICS_RETENTION_DROP if drop is None else drop
    created = analytics_event_partitions_ensure(start=current, end=last)
    for month in _months_in_default():
        if oldest_kept <= month < current:
            created += analytics_event_partitions_ensure(start=month, end=month)
    detached = analytics_event_partitions_detach(before=oldest_kept, drop=drop)
    with connection.cursor() as cursor:
        # Autovacuum analyzes each partition but never the partitioned table, whose statistics plans across
        # months use (a lookup by id, a join): without them PostgreSQL guesses and may read whole tables.
        cursor.execute(f"ANALYZE {connection.ops.quote_name(TABLE)}")
    return PartitionsMaintained(
        created=sorted(created), detached=detached, dropped=drop and bool(detached), left_in_default=_default_count()
    )


def _months_in_default() -> list[date]:
    return months_of_rows(connection, default_partition_table(TABLE), partition_key_of(AnalyticsEvent))


def _default_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(default_partition_table(TABLE))}")
        return cursor.fetchone()[0]
