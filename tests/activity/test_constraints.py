"""The activity schema: names are required, and the feed and event time are indexed for their reads."""

import pytest
from django.db import connection

from tests.catalog import fetch
from tests.rawsql import assert_refused

from .factories import AnalyticsEventFactory, UserActivityFactory

pytestmark = pytest.mark.django_db


def index_definition(name: str) -> str:
    return fetch(
        connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'activity' AND indexname = %s", [name]
    )[0][0]


def test_blank_names_are_refused():
    assert_refused(UserActivityFactory(), "user_activities_type_not_blank", type="")
    assert_refused(AnalyticsEventFactory(), "analytics_events_name_not_blank", event_name="")


def test_feed_index_is_one_users_activities_newest_first():
    assert "(user_id, created_at DESC)" in index_definition("activities_user_newest_idx")


def test_analytics_event_time_has_a_brin_index():
    assert "USING brin (created_at)" in index_definition("analytics_events_time_brin")


def test_an_event_outlives_its_user_without_them():
    event = AnalyticsEventFactory()
    event.user.hard_delete()
    event.refresh_from_db()
    assert event.user_id is None
