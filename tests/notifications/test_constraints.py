"""The notifications schema refuses bad rows written in raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from notifications.types import NotificationType
from tests.catalog import fetch
from tests.rawsql import assert_refused, update_raw

from .factories import EmailLogFactory, NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_values_out_of_their_enums():
    assert_refused(NotificationFactory(), "notifications_priority_valid", priority="CRITICAL")
    assert_refused(EmailLogFactory(), "email_logs_status_valid", status="DELIVERED")
    assert_refused(NotificationFactory(), "notifications_type_valid", type="reminder")
    assert_refused(NotificationFactory(), "notifications_type_valid", type="")


def test_database_refuses_inserting_a_notification_of_an_unknown_type():
    user_id = NotificationFactory().user_id
    with (
        pytest.raises(IntegrityError, match='"notifications_type_valid"'),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO notifications.notifications (user_id, type, title) VALUES (%s, 'reminder', 'Hi')", [user_id]
        )


def test_database_takes_every_notification_type():
    notification = NotificationFactory()
    for value in NotificationType.values:
        update_raw(notification, type=value)


def test_a_read_notification_says_when():
    assert_refused(NotificationFactory(), "notifications_read_has_time", read=True)


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
