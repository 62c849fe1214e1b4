"""The activity schema: types are an enum, names are required, the feed and events are indexed for their reads."""

import pytest
from django.db import IntegrityError, connection, transaction

from activity.types import ActivityType
from tests.catalog import fetch
from tests.rawsql import assert_refused, update_raw

from .factories import AnalyticsEventFactory, UserActivityFactory

pytestmark = pytest.mark.django_db


def index_definition(name: str) -> str:
    return fetch(
        connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'activity' AND indexname = %s", [name]
    )[0][0]


def test_database_refuses_an_activity_type_out_of_its_enum():
    assert_refused(UserActivityFactory(), "user_activities_type_valid", type="teleported")
    assert_refused(UserActivityFactory(), "user_activities_type_valid", type="")
    user_id = UserActivityFactory().user_id
    with (
        pytest.raises(IntegrityError, match='"user_activities_type_valid"'),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("INSERT INTO activity.user_activities (user_id, type) VALUES (%s, 'teleported')", [user_id])


def test_database_takes_every_activity_type():
    activity = UserActivityFactory()
    for value in ActivityType.values:
        update_raw(activity, type=value)


def test_blank_event_names_are_refused():
    assert_refused(AnalyticsEventFactory(), "analytics_events_name_not_blank", event_name="")


def test_feed_index_is_one_users_activities_newest_first():
    assert "(user_id, created_at DESC)" in index_definition("activities_user_newest_idx")


def test_analytics_events_are_indexed_newest_first_overall_and_per_name():
    assert "(created_at DESC, id DESC)" in index_definition("analytics_events_newest_idx")
    assert "(event_name, created_at DESC, id DESC)" in index_definition("analytics_events_named_idx")


def test_an_event_outlives_its_user_without_them():
    event = AnalyticsEventFactory()
    event.user.hard_delete()
    event.refresh_from_db()
    assert event.user_id is None
