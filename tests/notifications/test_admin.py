"""The notification and e-mail log lists: each page a few queries, filtered and searched through indexes."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailStatus, NotificationPriority
from tests.rawsql import update_raw

from .factories import EmailLogFactory, NotificationFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("admin:notifications_notification_changelist")
EMAIL_LOGS = reverse("admin:notifications_emaillog_changelist")
# The session, the user, the capped count and the page, however many rows it shows.
NOTIFICATION_PAGES = [
    "",
    "?created=1",
    "?type=quiz_completed",
    "?priority=HIGH",
    "?read__exact=0",
    "?q=someone@example.com",
    "?q={user}",
]
EMAIL_LOG_PAGES = ["", "?created=30", "?status=SENT", "?q=someone@example.com"]


@pytest.fixture
def superuser_client(client, admin_account):
    client.force_login(admin_account)
    return client


def queries_of(client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_each_notification_page_makes_the_same_four_queries_for_one_row_or_thirty(superuser_client):
    user = NotificationFactory(user__email="someone@example.com", priority=NotificationPriority.HIGH).user
    pages = [NOTIFICATIONS + page.format(user=user.pk) for page in NOTIFICATION_PAGES]
    assert queries_of(superuser_client, pages) == [4] * len(pages)
    NotificationFactory.create_batch(29, user=user, priority=NotificationPriority.HIGH)
    assert queries_of(superuser_client, pages) == [4] * len(pages)


def test_each_email_log_page_makes_the_same_four_queries_for_one_row_or_thirty(superuser_client):
    EmailLogFactory(to_address="someone@example.com", status=EmailStatus.SENT)
    pages = [EMAIL_LOGS + page for page in EMAIL_LOG_PAGES]
    assert queries_of(superuser_client, pages) == [4] * len(pages)
    EmailLogFactory.create_batch(29, to_address="someone@example.com", status=EmailStatus.SENT)
    assert queries_of(superuser_client, pages) == [4] * len(pages)


def test_notifications_are_filtered_by_priority_and_type_and_found_by_their_users_email(superuser_client):
    urgent = NotificationFactory(user__email="someone@example.com", priority=NotificationPriority.URGENT)
    other = NotificationFactory(type="payment_failed")

    def listed(query: str) -> set:
        return set(superuser_client.get(NOTIFICATIONS + query).context["cl"].result_list)

    assert listed("?priority=URGENT") == {urgent}
    assert listed("?type=payment_failed") == {other}
    assert listed("?q=someone@example.com") == {urgent}


def test_times_another_service_wrote_as_infinity_are_shown(superuser_client):
    """PostgreSQL's ±infinity, which a timestamptz column takes, is read as the latest and earliest time Python
    holds: the list and the row's page still open."""
    notification = NotificationFactory(read=True, read_at=timezone.now())
    update_raw(notification, created_at="infinity", read_at="-infinity")
    notification.refresh_from_db()
    assert (notification.created_at, notification.read_at) == (
        datetime.max.replace(tzinfo=UTC),
        datetime.min.replace(tzinfo=UTC),
    )
    listed = superuser_client.get(NOTIFICATIONS)
    assert listed.status_code == 200
    assert notification.title in listed.content.decode()
    change_page = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert superuser_client.get(change_page).status_code == 200
