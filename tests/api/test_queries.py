"""Every list endpoint makes as many queries for a page of 1 as for a page of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory

from .test_access import MINE, PUBLIC, STAFF, endpoints
from .world import build_world

pytestmark = pytest.mark.django_db

LISTS = (
    "languages",
    "modules",
    "materials",
    "assignments",
    "quizzes",
    "enrollments",
    "module-progress",
    "material-progress",
    "me/submissions",
    "me/attempts",
    "transactions",
    "invoices",
    "payment-methods",
    "notifications",
    "activity",
    "/submissions",
    "/attempts",
    "assignment-analyses",
    "quiz-analyses",
)


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    results = response.json()["results"]
    return len(captured), len(results)


def test_list_endpoints_query_counts_do_not_depend_on_page_size(django_capture_on_commit_callbacks, fake_stripe):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(stripe=fake_stripe, rows=4)
    measured = 0
    for url, expected in endpoints(world):
        if expected not in (PUBLIC, MINE, STAFF) or not url.endswith(LISTS):
            continue
        client = world.client("admin" if expected is STAFF else "a")
        small, small_rows = queries(client, f"{url}?page_size=1")
        large, _ = queries(client, f"{url}?page_size=50")
        assert small == large, (url, small, large)
        assert small_rows <= 1
        measured += 1
    assert measured == 19


def test_a_notification_page_reads_the_unread_count_in_its_own_query():
    user, other = UserFactory(), UserFactory()
    NotificationFactory.create_batch(3, user=user, read=False)
    NotificationFactory(user=user, read=True, read_at=timezone.now())
    NotificationFactory(user=other, read=False)
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/me/notifications?page_size=2").json()
    assert body["unread_count"] == 3
    assert len(body["results"]) == 2
    [notifications] = [query["sql"] for query in captured if "notifications" in query["sql"]]
    assert "COUNT(*)" in notifications  # the page and its count, in one query
    assert client.get(body["next"]).json()["unread_count"] == 3  # on the last page too

    # The first page is the newest two (the read one and an unread one); the others go to another user, so
    # that the next page is empty: its count is read apart.
    user.notifications.exclude(pk__in=[row["id"] for row in body["results"]]).update(user=other)
    empty = client.get(body["next"]).json()
    assert (empty["results"], empty["unread_count"]) == ([], 1)
