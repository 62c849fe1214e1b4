"""Recording activities one by one and in bulk, and generating analytics events in bulk."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from psycopg.types.json import Jsonb
from uuid6 import uuid7

from activity.models import AnalyticsEvent, UserActivity
from activity.services import (
    ActivityTemplate,
    NewActivity,
    activity_bulk_generate,
    activity_bulk_record,
    activity_record,
    analytics_event_bulk_generate,
)
from activity.types import ActivityType
from codezest.db.bulk import Occurrences
from codezest.db.partitions import months_between
from tests.accounts.factories import UserFactory
from tests.catalog import fetch

pytestmark = pytest.mark.django_db


def recorded(activity: UserActivity) -> tuple:
    """What an activity says, without its id and time."""
    return activity.user_id, activity.type, activity.description, activity.metadata


def test_an_activity_of_an_unknown_type_is_refused_on_its_type():
    user = UserFactory()
    with pytest.raises(ValidationError) as raised:
        activity_record(user=user, type="teleported", description="Went somewhere")
    assert set(raised.value.message_dict) == {"type"}
    assert not UserActivity.objects.filter(user=user, description="Went somewhere").exists()


def test_bulk_recording_stores_what_recording_one_by_one_stores():
    ada, bob = UserFactory(), UserFactory()
    wanted = [
        NewActivity(ada, ActivityType.MODULE_STARTED, "Started Basics", {"module_id": "m1"}),
        NewActivity(bob, ActivityType.QUIZ_COMPLETED, "Scored 80%"),
        NewActivity(ada, ActivityType.LANGUAGE_PAUSED),
    ]
    one_by_one = [
        recorded(activity_record(user=user, type=type, description=description, metadata=metadata))
        for user, type, description, metadata, _ in wanted
    ]
    UserActivity.objects.exclude(type=ActivityType.SIGNED_UP).delete()

    in_bulk = activity_bulk_record(activities=wanted)

    assert [recorded(activity) for activity in in_bulk] == one_by_one
    stored = UserActivity.objects.exclude(type=ActivityType.SIGNED_UP)
    assert sorted(map(recorded, stored), key=str) == sorted(one_by_one, key=str)
    assert all(activity.created_at is not None for activity in stored)


def test_bulk_recording_refuses_an_unknown_type_and_records_nothing():
    user = UserFactory()
    before = UserActivity.objects.count()
    with pytest.raises(ValidationError) as raised:
        activity_bulk_record(activities=[NewActivity(user, ActivityType.QUIZ_STARTED), NewActivity(user, "teleported")])
    assert "type" in raised.value.message_dict
    assert UserActivity.objects.count() == before


def test_bulk_recording_dates_activities_and_their_keys_when_asked():
    user, then = UserFactory(), timezone.now() - timedelta(days=40)
    (activity,) = activity_bulk_record(activities=[NewActivity(user, ActivityType.MODULE_STARTED, created_at=then)])
    stored = UserActivity.objects.get(pk=activity.pk)
    assert stored.created_at == then
    assert stored.pk.version == 7
    assert stored.pk.int >> 80 == millisecond(then)


class TestActivitiesGenerated:
    """Many activities from a few templates, each as ``activity_record`` records it."""

    def test_each_occurrence_is_what_recording_it_one_by_one_stores(self):
        ada, bob = UserFactory(), UserFactory()
        templates = [
            ActivityTemplate(ActivityType.QUIZ_STARTED, "Started Basics quiz", {"quiz_id": "q1"}),
            ActivityTemplate(ActivityType.LANGUAGE_PAUSED),
        ]
        wanted = [(ada, 0, {"attempt_id": "a1"}), (bob, 1, None), (ada, 0, {"attempt_id": "a2"})]
        one_by_one = [
            recorded(
                activity_record(
                    user=user,
                    type=templates[number].type,
                    description=templates[number].description,
                    metadata={**(templates[number].metadata or {}), **(extra or {})},
                )
            )
            for user, number, extra in wanted
        ]
        UserActivity.objects.exclude(type=ActivityType.SIGNED_UP).delete()
        moments = [timezone.now() - timedelta(days=days) for days in (3, 2, 1)]

        made = activity_bulk_generate(templates=templates, occurrences=occurrences(wanted, moments))

        assert made == 3
        stored = UserActivity.objects.exclude(type=ActivityType.SIGNED_UP).order_by("created_at")
        assert [recorded(activity) for activity in stored] == one_by_one
        assert [activity.created_at for activity in stored] == moments
        assert [activity.pk.int >> 80 for activity in stored] == [millisecond(at) for at in moments]

    def test_a_template_of_an_unknown_type_is_refused_and_nothing_recorded(self):
        user = UserFactory()
        before = UserActivity.objects.count()
        with pytest.raises(ValidationError) as raised:
            activity_bulk_generate(
                templates=[ActivityTemplate("teleported")],
                occurrences=occurrences([(user, 0, None)], [timezone.now()]),
            )
        assert "type" in raised.value.message_dict
        assert UserActivity.objects.count() == before

    def test_an_occurrence_for_a_user_who_does_not_exist_is_refused_on_user(self):
        stranger = uuid7()
        with pytest.raises(ValidationError) as raised:
            activity_bulk_generate(
                templates=[ActivityTemplate(ActivityType.QUIZ_STARTED)],
                occurrences=Occurrences(
                    "SELECT 0 AS template, %s::uuid AS user_id, now() AS at, NULL::jsonb AS metadata", [stranger]
                ),
            )
        assert raised.value.message_dict == {"user": [f"No such user: {stranger}."]}


def millisecond(moment: datetime) -> int:
    """The millisecond since the epoch a UUIDv7 of the moment starts with."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def occurrences(wanted: list, moments: list) -> Occurrences:
    """Occurrences from Python lists, as a caller would select them from its own tables."""
    return Occurrences(
        "SELECT template, user_id, at, metadata FROM unnest(%s::int[], %s::uuid[], %s::timestamptz[], %s::jsonb[])"
        " AS o(template, user_id, at, metadata) ORDER BY at",
        [
            [number for _, number, _ in wanted],
            [user.pk for user, _, _ in wanted],
            moments,
            [Jsonb(extra) if extra else None for _, _, extra in wanted],
        ],
    )


class TestAnalyticsEventsInBulk:
    def test_each_user_gets_the_events_names_in_turn_within_the_window(self):
        ada, bob = UserFactory(), UserFactory()
        since = timezone.now() - timedelta(days=7)
        made = analytics_event_bulk_generate(
            user_ids=[ada.pk, bob.pk], per_user=6, event_names=["page_view", "code_run", "hint_opened"], since=since
        )
        assert made == 12
        for user in (ada, bob):
            events = AnalyticsEvent.objects.filter(user=user)
            assert events.count() == 6
            numbers = sorted(event.properties["n"] for event in events)
            assert numbers == [1, 2, 3, 4, 5, 6]
            names = {event.properties["n"]: event.event_name for event in events}
            assert [names[n] for n in numbers] == ["code_run", "hint_opened", "page_view"] * 2
            assert all(since <= event.created_at <= timezone.now() for event in events)

    def test_each_user_may_have_a_start_of_their_own_and_events_lie_in_time_order(self):
        ada, bob = UserFactory(), UserFactory()
        starts = [timezone.now() - timedelta(days=90), timezone.now() - timedelta(days=3)]
        analytics_event_bulk_generate(user_ids=[ada.pk, bob.pk], per_user=40, event_names=["page_view"], since=starts)
        for user, start in zip((ada, bob), starts, strict=True):
            moments = list(AnalyticsEvent.objects.filter(user=user).values_list("created_at", flat=True))
            assert len(moments) == 40
            assert start < min(moments)
            assert max(moments) < timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, created_at FROM {connection.ops.quote_name(AnalyticsEvent._meta.db_table)}")
            stored = cursor.fetchall()  # in the order the rows lie
        assert [at for _, at in stored] == sorted(at for _, at in stored)
        assert all(key.int >> 80 == millisecond(at) for key, at in stored)

    def test_events_spread_over_the_past_thirty_days_by_default(self):
        user = UserFactory()
        analytics_event_bulk_generate(user_ids=[user.pk], per_user=30000, event_names=["page_view"])
        oldest = AnalyticsEvent.objects.filter(user=user).order_by("created_at").first().created_at
        assert timezone.now() - timedelta(days=30) <= oldest < timezone.now() - timedelta(days=29)

    def test_the_months_of_the_window_get_their_partitions_first_so_no_event_lands_in_the_default(self):
        since = timezone.now() - timedelta(days=100)
        analytics_event_bulk_generate(
            user_ids=[UserFactory().pk], per_user=2000, event_names=["page_view"], since=since
        )

        partitions = {name for (name,) in fetch(connection, "SELECT relname FROM pg_class WHERE relispartition")}
        for month in months_between(since, timezone.now()):
            assert f"analytics_events_{month:%Y_%m}" in partitions
        assert fetch(connection, "SELECT count(*) FROM activity.analytics_events_default") == [(0,)]
        assert AnalyticsEvent.objects.count() == 2000

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"event_names": ["page_view", ""]}, "event_names"),
            ({"event_names": ["x" * 101]}, "event_names"),
            ({"event_names": []}, "event_names"),
            ({"per_user": -1}, "per_user"),
            ({"since": timezone.now() + timedelta(days=1)}, "since"),
            ({"since": [timezone.now() - timedelta(days=1)] * 2}, "since"),
            ({"user_ids": [uuid7()]}, "user"),
        ],
    )
    def test_bad_arguments_are_refused_and_nothing_is_made(self, arguments, field):
        user = UserFactory()
        with pytest.raises(ValidationError) as raised:
            analytics_event_bulk_generate(
                **{"user_ids": [user.pk], "per_user": 3, "event_names": ["page_view"], **arguments}
            )
        assert field in raised.value.message_dict
        assert not AnalyticsEvent.objects.exists()


def test_bulk_recording_refuses_a_user_who_does_not_exist():
    from accounts.models import User

    stranger = User(email="nobody@example.com")  # never saved
    with pytest.raises(ValidationError) as raised:
        activity_bulk_record(activities=[NewActivity(stranger, ActivityType.QUIZ_STARTED)])
    assert "user" in raised.value.message_dict
