"""The activity admin lists.

Analytics events: an event-name filter from the index, exact searches, users read with the page. User
activities: each page a few queries, filtered by type through its index, searched by user.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity.models import AnalyticsEvent
from activity.types import ActivityType
from codezest.admin_filters import distinct_values
from tests.accounts.factories import UserFactory

from .factories import AnalyticsEventFactory, UserActivityFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:activity_analyticsevent_changelist")


@pytest.fixture
def staff_client(client, admin_account):
    client.force_login(admin_account)
    return client


def listed(client, query: str = "") -> list[AnalyticsEvent]:
    response = client.get(URL + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_event_name_filter_offers_each_name_once_in_order_and_filters(staff_client):
    searches = [AnalyticsEventFactory(event_name=name) for name in ("search", "page_view", "search", "code_run")][::2]

    response = staff_client.get(URL + "?event_name=search")

    changelist = response.context["cl"]
    (event_names,) = [spec for spec in changelist.filter_specs if spec.parameter_name == "event_name"]
    offered = [choice["display"] for choice in event_names.choices(changelist)]
    assert offered == ["All", "code_run", "page_view", "search"]
    assert set(changelist.result_list) == set(searches)


def test_distinct_values_stop_at_the_limit():
    for name in ("d", "b", "c", "a"):
        AnalyticsEventFactory(event_name=name)
    assert distinct_values(AnalyticsEvent, "event_name", limit=3) == ["a", "b", "c"]


def test_a_search_is_an_exact_event_name_an_email_or_a_users_id(staff_client):
    ada, bob = UserFactory(email="ada@example.com"), UserFactory()
    opened = AnalyticsEventFactory(event_name="quiz_opened", user=bob)
    adas = AnalyticsEventFactory(event_name="page_view", user=ada)

    assert listed(staff_client, "?q=quiz_opened") == [opened]
    assert listed(staff_client, "?q=quiz") == []  # exact, as the index answers
    assert listed(staff_client, "?q=ADA@example.com") == [adas]
    assert listed(staff_client, f"?q={bob.pk}") == [opened]


def test_a_page_brings_its_users(staff_client, django_assert_num_queries):
    AnalyticsEventFactory.create_batch(3)
    events = listed(staff_client)
    with django_assert_num_queries(0):
        assert all(event.user.email for event in events)


ACTIVITIES = reverse("admin:activity_useractivity_changelist")
# The session, the user, the capped count and the page, however many rows it shows.
PAGES = ["", "?created=7", "?type=module_started", "?q=someone@example.com", "?q={user}", "?p=1"]


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_page_makes_the_same_four_queries_for_one_activity_or_thirty(staff_client):
    user = UserActivityFactory(user__email="someone@example.com").user
    pages = [ACTIVITIES + page.format(user=user.pk) for page in PAGES]
    assert [queries_of(staff_client, page) for page in pages] == [4] * len(PAGES)
    UserActivityFactory.create_batch(29, user=user)
    assert [queries_of(staff_client, page) for page in pages] == [4] * len(PAGES)


def test_activities_are_filtered_by_type_and_found_by_their_users_email(staff_client):
    started = UserActivityFactory(user__email="someone@example.com", type=ActivityType.MODULE_STARTED)
    completed = UserActivityFactory(user=started.user, type=ActivityType.MODULE_COMPLETED)
    UserActivityFactory(type=ActivityType.MODULE_STARTED)

    def listed(query: str) -> set:
        return set(staff_client.get(ACTIVITIES + query).context["cl"].result_list)

    assert listed("?type=module_completed") == {completed}
    found = listed("?q=SomeOne@example.com")
    assert {started, completed} <= found
    assert {activity.user for activity in found} == {started.user}  # signing up recorded one more
    assert listed("?q=module_started") == set()  # a type is a filter, not a search
