"""The notifications schema refuses bad rows written in raw SQL."""

import pytest
from django.db import connection

from tests.catalog import fetch
from tests.rawsql import assert_refused

from .factories import EmailLogFactory, NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_values_out_of_their_enums():
    assert_refused(NotificationFactory(), "notifications_priority_valid", priority="CRITICAL")
    assert_refused(EmailLogFactory(), "email_logs_status_valid", status="DELIVERED")


def test_a_read_notification_says_when():
    assert_refused(NotificationFactory(), "notifications_read_has_time", read=True)
    assert_refused(NotificationFactory(), "notifications_type_not_blank", type="")


def test_one_preference_row_per_user():
    first = NotificationPreferenceFactory()
    assert_refused(NotificationPreferenceFactory(), "notification_preferences_user_id_key", user_id=first.user_id)


def test_defaults_hold_for_rows_other_services_insert():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO notifications.email_logs (to_address, subject, body, provider, "
            "provider_message_id) VALUES ('a@example.com', 'Hi', '', '', '') "
            "RETURNING from_address, status, created_at, id"
        )
        from_address, status, created_at, row_id = cursor.fetchone()
    assert (from_address, status) == ("noreply@codezest.com", "PENDING")
    assert created_at is not None
    assert row_id is not None


def test_unread_list_of_one_user_has_a_partial_index_newest_first():
    (definition,) = fetch(
        connection,
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'notifications' AND indexname = 'notifications_unread_idx'",
    )[0]
    assert "(user_id, created_at DESC) WHERE (NOT read)" in definition
