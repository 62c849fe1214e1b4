"""Filter forms of the browsable API never list other users (issue 13, class 6)."""

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.accounts.factories import UserFactory
from tests.learning.factories import AssignmentSubmissionFactory, MCQAttemptFactory

pytestmark = pytest.mark.django_db


def views_with_filters(patterns=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from views_with_filters(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            filterset_class = getattr(getattr(pattern.callback, "cls", None), "filterset_class", None)
            if filterset_class is not None:
                yield pattern.name, filterset_class


FILTERED_VIEWS = sorted(set(views_with_filters()), key=lambda item: item[0])


def test_the_walk_finds_the_staff_lists():
    assert {"submission-list", "attempt-list"} <= {name for name, _ in FILTERED_VIEWS}


@pytest.mark.parametrize(("name", "filterset_class"), FILTERED_VIEWS, ids=[name for name, _ in FILTERED_VIEWS])
def test_no_filter_offers_a_list_of_rows(name, filterset_class):
    for field_name, filter_ in filterset_class.base_filters.items():
        assert not isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter), (
            f"{name}?{field_name} would render every row of {filter_.queryset.model.__name__} as a choice"
        )


@pytest.mark.parametrize("path", ["/api/v1/submissions", "/api/v1/attempts"])
def test_the_browsable_filter_form_shows_no_other_users_email(client, instructor, path):
    AssignmentSubmissionFactory()
    MCQAttemptFactory()
    bystander = UserFactory(email="bystander@example.com")
    client.force_login(instructor)
    page = client.get(path, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert bystander.email not in page.content.decode()


def test_filtering_by_user_id_still_works(client, instructor):
    mine = AssignmentSubmissionFactory()
    AssignmentSubmissionFactory()
    client.force_login(instructor)
    response = client.get("/api/v1/submissions", {"user": str(mine.user_id)})
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]
