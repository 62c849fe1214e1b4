"""The user activity list: each page a few queries, filtered by type through its index, searched by user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity.types import ActivityType

from .factories import UserActivityFactory

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("admin:activity_useractivity_changelist")
# The session, the user, the capped count and the page, however many rows it shows.
PAGES = ["", "?created=7", "?type=module_started", "?q=someone@example.com", "?q={user}", "?p=1"]


@pytest.fixture
def superuser_client(client, admin_account):
    client.force_login(admin_account)
    return client


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_page_makes_the_same_four_queries_for_one_activity_or_thirty(superuser_client):
    user = UserActivityFactory(user__email="someone@example.com").user
    pages = [ACTIVITIES + page.format(user=user.pk) for page in PAGES]
    assert [queries_of(superuser_client, page) for page in pages] == [4] * len(PAGES)
    UserActivityFactory.create_batch(29, user=user)
    assert [queries_of(superuser_client, page) for page in pages] == [4] * len(PAGES)


def test_activities_are_filtered_by_type_and_found_by_their_users_email(superuser_client):
    started = UserActivityFactory(user__email="someone@example.com", type=ActivityType.MODULE_STARTED)
    completed = UserActivityFactory(user=started.user, type=ActivityType.MODULE_COMPLETED)
    UserActivityFactory(type=ActivityType.MODULE_STARTED)

    def listed(query: str) -> set:
        return set(superuser_client.get(ACTIVITIES + query).context["cl"].result_list)

    assert listed("?type=module_completed") == {completed}
    found = listed("?q=SomeOne@example.com")
    assert {started, completed} <= found
    assert {activity.user for activity in found} == {started.user}  # signing up recorded one more
    assert listed("?q=module_started") == set()  # a type is a filter, not a search
