"""Tables partitioned by month on a timestamp, with PostgreSQL's declarative RANGE partitioning.

A model declares ``partition_by_month = "<datetime field>"``. Its table is then created
``PARTITION BY RANGE`` on that column, with the primary key ``(pk, key)`` (PostgreSQL requires a
partitioned table's unique keys to hold the partition key; Django still treats the pk column alone
as the primary key) and a DEFAULT partition, so that a row for a month without a partition is still
stored. Month partitions are named ``<table>_YYYY_MM`` and hold ``[first of the month, first of the
next)`` in UTC; the names are how the functions here find them.
"""

import re
from datetime import UTC, date, datetime

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from codezest.db.tables import schema_table, split_schema_table

PARTITION_ATTRIBUTE = "partition_by_month"


def partition_key_of(model: type[models.Model]) -> str | None:
    """The column a model's table is partitioned by, or None for an ordinary table."""
    field_name = getattr(model, PARTITION_ATTRIBUTE, None)
    return None if field_name is None else model._meta.get_field(field_name).column


def months_of_rows(connection: BaseDatabaseWrapper, db_table: str, key: str) -> list[date]:
    """The UTC months the rows of ``db_table`` fall in by their ``key`` column, in order. A time at ±infinity, which
    the column takes from any writer, falls in none: its row stays in the DEFAULT partition."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT date_trunc('month', {quote(key)} AT TIME ZONE 'UTC')::date FROM {quote(db_table)} "
            f"WHERE isfinite({quote(key)})"
        )
        return sorted(month for (month,) in cursor.fetchall())


def month_of(moment: date) -> date:
    """The first day of ``moment``'s month (in UTC for a datetime)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC).date()
    return moment.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from ``start``'s to ``end``'s, both included."""
    months, month, last = [], month_of(start), month_of(end)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _sibling(db_table: str, suffix: str) -> str:
    """A table beside ``db_table``, in its schema, named ``<table>_<suffix>``."""
    schema, table = split_schema_table(db_table)
    name = f"{table}_{suffix}"
    return name if schema is None else schema_table(schema, name)


def month_partition_table(db_table: str, month: date) -> str:
    return _sibling(db_table, f"{month:%Y_%m}")


def default_partition_table(db_table: str) -> str:
    return _sibling(db_table, "default")


def _bounds(month: date) -> str:
    # Literal UTC instants: DDL takes no parameters, and dates format safely.
    return f"FROM ('{month.isoformat()} 00:00+00') TO ('{add_months(month, 1).isoformat()} 00:00+00')"


def default_partition_sql(connection: BaseDatabaseWrapper, db_table: str) -> str:
    quote = connection.ops.quote_name
    return f"CREATE TABLE {quote(default_partition_table(db_table))} PARTITION OF {quote(db_table)} DEFAULT"


def attached_partitions(connection: BaseDatabaseWrapper, db_table: str) -> tuple[dict[date, str], bool]:
    """The month partitions attached to ``db_table`` (month -> bare name), and whether a DEFAULT one is."""
    _, table = split_schema_table(db_table)
    month_name = re.compile(rf"{re.escape(table)}_(\d{{4}})_(\d{{2}})")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [connection.ops.quote_name(db_table)],
        )
        rows = cursor.fetchall()
    months = {}
    for name, is_default in rows:
        if not is_default and (match := month_name.fullmatch(name)):
            months[date(int(match[1]), int(match[2]), 1)] = name
    return months, any(is_default for _, is_default in rows)


def table_exists(connection: BaseDatabaseWrapper, db_table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [connection.ops.quote_name(db_table)])
        return cursor.fetchone()[0]


def lock_until_commit(connection: BaseDatabaseWrapper, name: str) -> None:
    """Wait for, then hold until the transaction ends, the advisory lock called ``name`` (e.g. to serialise changes
    to a table's partitions)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def month_partition_create(
    connection: BaseDatabaseWrapper, model: type[models.Model], month: date, *, key: str | None = None
) -> int:
    """Attach the partition of ``month`` to ``model``'s table, partitioned on the column ``key`` (by default the
    model's ``partition_by_month``), moving that month's rows out of the DEFAULT partition into it (PostgreSQL
    refuses a partition whose rows sit in the default); returns how many moved.

    Call inside a transaction. The partition is made beside the table and attached, rather than created
    ``PARTITION OF``, which would lock the whole table against readers: attaching locks it only against
    schema changes, and the default partition fully until commit (PostgreSQL checks that none of its rows
    belong to the month). The default partition is locked first, so no row for the month arrives there
    meanwhile.
    """
    quote = connection.ops.quote_name
    db_table = model._meta.db_table
    key = key or partition_key_of(model)
    partition = quote(month_partition_table(db_table, month))
    default = default_partition_table(db_table)
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    moved = 0
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {partition} (LIKE {quote(db_table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        if table_exists(connection, default):
            cursor.execute(f"LOCK TABLE {quote(default)} IN ACCESS EXCLUSIVE MODE")
            cursor.execute(
                f"WITH moved AS (DELETE FROM {quote(default)} WHERE {quote(key)} >= %s AND {quote(key)} < %s "
                f"RETURNING {columns}) INSERT INTO {partition} ({columns}) SELECT {columns} FROM moved",
                [_start(month), _start(add_months(month, 1))],
            )
            moved = cursor.rowcount
        cursor.execute(f"ALTER TABLE {quote(db_table)} ATTACH PARTITION {partition} FOR VALUES {_bounds(month)}")
    return moved


def _start(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=UTC)


def month_partition_detach(connection: BaseDatabaseWrapper, db_table: str, month: date, *, drop: bool) -> None:
    """Detach the partition of ``month`` from ``db_table``; it stays as a table of its own unless ``drop``."""
    quote = connection.ops.quote_name
    partition = quote(month_partition_table(db_table, month))
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(db_table)} DETACH PARTITION {partition}")
        if drop:
            cursor.execute(f"DROP TABLE {partition}")
