"""Recording activities one by one and in bulk, and generating analytics events in bulk."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from uuid6 import uuid7

from activity.models import AnalyticsEvent, UserActivity
from activity.services import NewActivity, activity_bulk_record, activity_record, analytics_event_bulk_generate
from activity.types import ActivityType
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
        for user, type, description, metadata in wanted
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
