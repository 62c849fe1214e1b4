"""Analytics events partitioned by month: partitions made ahead, old months detached, no writer ever refused."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from activity.models import AnalyticsEvent
from activity.partitions import (
    analytics_event_partitions_detach,
    analytics_event_partitions_ensure,
    analytics_event_partitions_maintain,
)
from activity.tasks import analytics_partitions_maintain_task, analytics_partitions_schedule, next_maintenance
from tests.catalog import fetch, tables_in_schema

from .factories import AnalyticsEventFactory

pytestmark = pytest.mark.django_db


def attached() -> dict[str, str]:
    """Partition name -> its bounds, as PostgreSQL states them."""
    return dict(
        fetch(
            connection,
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'activity.analytics_events'::regclass",
        )
    )


def month_names(*months: str) -> set[str]:
    return {f"analytics_events_{month.replace('-', '_')}" for month in months}


def partition_of(event_id) -> str:
    return fetch(
        connection, "SELECT tableoid::regclass::text FROM activity.analytics_events WHERE id = %s", [event_id]
    )[0][0]


def insert_raw(created_at: datetime | None = None) -> str:
    """An event as another service writes it: plain SQL, the database's defaults."""
    if created_at is None:
        sql, params = "INSERT INTO activity.analytics_events (event_name) VALUES ('raw') RETURNING id", []
    else:
        sql = "INSERT INTO activity.analytics_events (event_name, created_at) VALUES ('raw', %s) RETURNING id"
        params = [created_at]
    return fetch(connection, sql, params)[0][0]


def test_the_table_is_partitioned_by_range_of_time_with_a_key_holding_it_and_a_default_partition():
    assert fetch(
        connection,
        "SELECT partstrat, pg_get_partkeydef(partrelid) FROM pg_partitioned_table "
        "WHERE partrelid = 'activity.analytics_events'::regclass",
    ) == [("r", "RANGE (created_at)")]
    assert fetch(
        connection,
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'activity.analytics_events'::regclass AND contype = 'p'",
    ) == [("PRIMARY KEY (id, created_at)",)]
    assert attached()["analytics_events_default"] == "DEFAULT"
    assert AnalyticsEvent._meta.pk.name == "id"  # Django's key, for the admin's and the API's URLs


def test_partitions_are_made_for_every_month_of_the_range_once():
    made = analytics_event_partitions_ensure(start=date(2031, 11, 20), end=date(2032, 2, 3))

    assert made == [date(2031, 11, 1), date(2031, 12, 1), date(2032, 1, 1), date(2032, 2, 1)]
    assert month_names("2031-11", "2031-12", "2032-01", "2032-02") <= attached().keys()
    assert attached()["analytics_events_2032_01"] == (
        "FOR VALUES FROM ('2032-01-01 00:00:00+00') TO ('2032-02-01 00:00:00+00')"
    )
    before = attached()
    assert analytics_event_partitions_ensure(start=date(2031, 11, 1), end=date(2032, 2, 29)) == []
    assert analytics_event_partitions_ensure(start=date(2031, 10, 1), end=date(2031, 12, 1)) == [date(2031, 10, 1)]
    assert attached().keys() - before.keys() == month_names("2031-10")


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValidationError) as raised:
        analytics_event_partitions_ensure(start=date(2032, 2, 1), end=date(2032, 1, 31))
    assert set(raised.value.message_dict) == {"end"}


def test_events_of_a_month_made_ahead_land_in_its_partition():
    in_two_months = timezone.now() + timedelta(days=62)
    analytics_event_partitions_ensure(start=timezone.now(), end=in_two_months)

    event = AnalyticsEventFactory(created_at=in_two_months)

    assert partition_of(event.pk) == f"activity.analytics_events_{in_two_months.astimezone(UTC):%Y_%m}"
    assert AnalyticsEvent.objects.get(pk=event.pk) == event


def test_another_services_insert_without_a_partition_lands_in_the_default_then_moves_to_its_month():
    far_future = datetime(2041, 3, 9, 12, tzinfo=UTC)
    now_id, later_id = insert_raw(), insert_raw(far_future)
    assert partition_of(now_id) == partition_of(later_id) == "activity.analytics_events_default"

    assert analytics_event_partitions_ensure(start=far_future, end=far_future) == [date(2041, 3, 1)]

    assert partition_of(later_id) == "activity.analytics_events_2041_03"
    assert partition_of(now_id) == "activity.analytics_events_default"
    assert AnalyticsEvent.objects.filter(pk__in=[now_id, later_id]).count() == 2
    # The month's partition existing, the next raw insert goes straight into it.
    assert partition_of(insert_raw(far_future + timedelta(days=1))) == "activity.analytics_events_2041_03"


def test_a_month_is_taken_at_its_utc_bounds():
    analytics_event_partitions_ensure(start=date(2040, 1, 1), end=date(2040, 1, 1))
    last_instant_of_january = datetime(2040, 2, 1, tzinfo=UTC) - timedelta(microseconds=1)
    assert partition_of(insert_raw(last_instant_of_january)) == "activity.analytics_events_2040_01"
    assert partition_of(insert_raw(datetime(2040, 2, 1, tzinfo=UTC))) == "activity.analytics_events_default"


class TestRetention:
    @pytest.fixture
    def months_of_events(self, settings):
        """Events in each month from October 2029 to March 2030; today is 2030-03-15."""
        settings.ANALYTICS_RETENTION_MONTHS = 3
        settings.ANALYTICS_PARTITIONS_AHEAD_MONTHS = 2
        analytics_event_partitions_ensure(start=date(2029, 10, 1), end=date(2030, 3, 1))
        for month in (10, 11, 12):
            AnalyticsEventFactory(created_at=datetime(2029, month, 5, tzinfo=UTC))
        for month in (1, 2, 3):
            AnalyticsEventFactory(created_at=datetime(2030, month, 5, tzinfo=UTC))
        return date(2030, 3, 15)

    def test_the_months_before_the_retention_are_detached_and_kept_as_tables(self, months_of_events):
        done = analytics_event_partitions_maintain(today=months_of_events, drop=False)

        assert done.detached == [date(2029, 10, 1), date(2029, 11, 1)]
        assert done.created == [date(2030, 4, 1), date(2030, 5, 1)]
        months = {name for name in attached() if name.startswith("analytics_events_20")}
        assert months == month_names("2029-12", "2030-01", "2030-02", "2030-03", "2030-04", "2030-05")
        assert not AnalyticsEvent.objects.filter(created_at__lt=datetime(2029, 12, 1, tzinfo=UTC)).exists()
        assert AnalyticsEvent.objects.count() == 4
        assert month_names("2029-10", "2029-11") <= tables_in_schema(connection, "activity")
        assert fetch(connection, "SELECT count(*) FROM activity.analytics_events_2029_10") == [(1,)]

    def test_dropping_removes_the_detached_months(self, months_of_events):
        done = analytics_event_partitions_maintain(today=months_of_events, drop=True)

        assert done.dropped
        assert not month_names("2029-10", "2029-11") & tables_in_schema(connection, "activity")

    def test_a_second_run_changes_nothing(self, months_of_events):
        analytics_event_partitions_maintain(today=months_of_events)
        before = attached()
        again = analytics_event_partitions_maintain(today=months_of_events)
        assert (again.created, again.detached, attached()) == ([], [], before)

    def test_a_detached_month_is_not_made_again_over_its_table(self, months_of_events):
        analytics_event_partitions_detach(before=date(2029, 11, 1))
        with pytest.raises(ValidationError, match="October 2029"):
            analytics_event_partitions_ensure(start=date(2029, 10, 1), end=date(2029, 10, 1))

    def test_past_months_within_the_retention_get_their_partition_from_the_default(self, settings):
        settings.ANALYTICS_RETENTION_MONTHS = 3
        kept, too_old = insert_raw(datetime(2033, 1, 20, tzinfo=UTC)), insert_raw(datetime(2032, 6, 1, tzinfo=UTC))

        done = analytics_event_partitions_maintain(today=date(2033, 3, 1))

        assert date(2033, 1, 1) in done.created
        assert partition_of(kept) == "activity.analytics_events_2033_01"
        assert partition_of(too_old) == "activity.analytics_events_default"
        assert done.left_in_default == 1


def test_the_upkeep_gathers_the_partitioned_tables_statistics_which_autovacuum_never_does():
    AnalyticsEventFactory.create_batch(3)
    parent_statistics = "SELECT count(*) FROM pg_stats WHERE schemaname = 'activity' AND tablename = 'analytics_events'"
    assert fetch(connection, parent_statistics) == [(0,)]

    analytics_event_partitions_maintain()

    assert fetch(connection, parent_statistics)[0][0] > 0


def test_the_command_reports_what_it_made_and_detached(settings, capsys):
    settings.ANALYTICS_RETENTION_MONTHS = 1
    settings.ANALYTICS_PARTITIONS_AHEAD_MONTHS = 1
    long_ago = timezone.now() - timedelta(days=100)
    analytics_event_partitions_ensure(start=long_ago, end=long_ago)

    call_command("analytics_partitions")

    output = capsys.readouterr().out
    this_month = timezone.now().astimezone(UTC)
    assert f"Partitions made: {this_month:%Y-%m}, " in output
    assert f"Partitions detached: {long_ago.astimezone(UTC):%Y-%m}." in output


class TestDailyTask:
    def test_the_next_run_is_the_next_maintenance_hour(self):
        assert next_maintenance(datetime(2030, 1, 1, 2, 59, tzinfo=UTC)) == datetime(2030, 1, 1, 3, tzinfo=UTC)
        assert next_maintenance(datetime(2030, 1, 1, 3, 0, tzinfo=UTC)) == datetime(2030, 1, 2, 3, tzinfo=UTC)

    def test_a_run_maintains_the_partitions_and_enqueues_the_next_once(self, monkeypatch):
        # The worker closes connections between tasks; this test's connection holds its transaction.
        monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
        run = analytics_partitions_maintain_task.using(backend="database").enqueue()

        call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay", verbosity=0)

        run.refresh()
        assert run.status == TaskResultStatus.SUCCESSFUL
        assert f"analytics_events_{timezone.now().astimezone(UTC):%Y_%m}" in attached()
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=run.task.module_path)
        assert list(waiting.values_list("run_after", flat=True)) == [next_maintenance(timezone.now())]
        assert analytics_partitions_schedule(backend="database") is False
        assert waiting.count() == 1

    def test_scheduling_needs_a_backend_whose_waiting_runs_can_be_seen(self):
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured, match="cron"):
            analytics_partitions_schedule()  # the tests' default backend runs tasks at once


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_partitioning_migration_keeps_every_event_both_ways():
    def events() -> set[tuple]:
        return set(fetch(connection, "SELECT id, event_name, user_id, created_at FROM activity.analytics_events"))

    call_command("migrate", "activity", "0002", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO activity.analytics_events (event_name, created_at) "
                "SELECT 'page_view', timestamptz '2030-03-31 23:00+00' + make_interval(days => n * 10) "
                "FROM generate_series(0, 6) AS n"
            )
        before = events()

        call_command("migrate", "activity", verbosity=0)
        assert events() == before
        assert set(attached()) == month_names("2030-03", "2030-04", "2030-05") | {"analytics_events_default"}
        assert fetch(connection, "SELECT count(*) FROM activity.analytics_events_default") == [(0,)]

        call_command("migrate", "activity", "0002", verbosity=0)
        assert events() == before
        assert fetch(connection, "SELECT relkind FROM pg_class WHERE oid = 'activity.analytics_events'::regclass") == [
            ("r",)
        ]
        assert tables_in_schema(connection, "activity") == {"analytics_events", "user_activities"}
    finally:  # back to an unpartitioned table without rows, so the partitioned one has no month partitions
        call_command("migrate", "activity", "0002", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM activity.analytics_events")
        call_command("migrate", "activity", verbosity=0)


def test_events_another_service_wrote_at_infinity_stay_in_the_default_and_the_upkeep_runs():
    """±infinity falls in no month: such events wait in the default partition, counted, and the daily job
    (which reads the months waiting there) still runs."""
    ids = [insert_raw("infinity"), insert_raw("-infinity")]
    maintained = analytics_event_partitions_maintain()
    assert maintained.left_in_default >= 2
    assert {partition_of(event_id) for event_id in ids} == {"activity.analytics_events_default"}
