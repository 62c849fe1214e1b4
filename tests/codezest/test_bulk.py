"""Time-ordered keys for bulk rows: the same layout from Python and from PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from codezest.db.bulk import uuid7_at, uuid7_sql

MOMENT = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


def sql_uuid7(moment: datetime):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {uuid7_sql('moment')} FROM (SELECT %s::timestamptz AS moment) AS given", [moment])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_python_and_sql_keys_hold_the_same_moment_as_uuidv7():
    from_python, from_sql = uuid7_at(MOMENT), sql_uuid7(MOMENT)
    assert from_python.version == from_sql.version == 7
    assert from_python.variant == from_sql.variant == "specified in RFC 4122"
    assert from_python.int >> 80 == from_sql.int >> 80 == int(MOMENT.timestamp()) * 1000 + 123
    assert from_python.int >> 64 == from_sql.int >> 64  # the fraction of the millisecond too
    assert from_python != from_sql  # random after that


@pytest.mark.django_db
def test_keys_follow_time_within_a_millisecond():
    moments = [MOMENT + timedelta(microseconds=step * 250) for step in range(8)]
    for make in (uuid7_at, sql_uuid7):
        keys = [make(moment) for moment in moments]
        assert keys == sorted(keys)
