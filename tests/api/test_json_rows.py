"""Lists whose rows PostgreSQL writes as JSON (codezest.api.rows) answer what their serializers would, to the
character of every value: the same keys in the same order, strings, numbers (75.0 stays 75.0), nulls,
date-times and decimals, on every page of their cursor."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from rest_framework import mixins, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory, force_authenticate

from activity.models import UserActivity
from codezest.api.permissions import IsInstructorOrAdmin
from codezest.api.rows import JSONRowsListMixin, row_sql
from learning.review.models import AnalysisType
from tests.activity.factories import UserActivityFactory
from tests.learning.factories import (
    AssignmentAnalysisFactory,
    AssignmentSubmissionFactory,
    MCQAnswerFactory,
    MCQAttemptFactory,
    MCQQuestionFactory,
    QuizAnalysisFactory,
)
from tests.notifications.factories import NotificationFactory
from tests.rawsql import update_raw

from .world import build_world

pytestmark = pytest.mark.django_db

JSON_LISTS = {
    "my-enrollments",
    "my-module-progress",
    "my-material-progress",
    "my-submissions",
    "my-attempts",
    "my-notifications",
    "my-activity",
    "submission-list",
    "attempt-list",
    "assignment-analysis-list",
    "quiz-analysis-list",
}
AWKWARD_TEXT = 'π \u2028 "quoted" \\ back\tslash \x01 😀 </script>'
ON_THE_SECOND = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)  # no microseconds: DRF writes no fraction
WITH_MICROSECONDS = datetime(2026, 3, 1, 12, 0, 0, 120, tzinfo=UTC)


def json_list_views() -> dict[str, type]:
    """URL name → view class of every list the mechanism serves."""
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif issubclass(getattr(pattern.callback, "view_class", object), JSONRowsListMixin):
                found[pattern.name] = pattern.callback.view_class

    walk(get_resolver().url_patterns)
    return found


def serializer_view(view_class: type) -> type:
    """The same view answering through its serializer and DRF's JSON renderer, as before JSON rows."""
    return type(
        f"Serialized{view_class.__name__}",
        (view_class,),
        {"list": mixins.ListModelMixin.list, "renderer_classes": [JSONRenderer]},
    )


def body(view_class: type, user, path: str, query: dict) -> str:
    request = APIRequestFactory().get(path, query)
    force_authenticate(request, user)
    response = view_class.as_view()(request)
    assert response.status_code == 200, (path, response.data)
    document = json.loads(response.render().content)
    return json.dumps(document, ensure_ascii=False)  # keeps key order and 75.0 apart from 75


@pytest.fixture
def world(django_capture_on_commit_callbacks, fake_stripe):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(stripe=fake_stripe, rows=2)
    awkward_rows(world)
    return world


def awkward_rows(world) -> None:
    """Values each rendering rule must get right, in student a's rows."""
    user = world.a.user
    bare = AssignmentSubmissionFactory(
        user=user, assignment=world.assignment, code=AWKWARD_TEXT, score=Decimal("7.5"), feedback=AWKWARD_TEXT
    )
    bare.__class__.objects.filter(pk=bare.pk).update(submitted_at=ON_THE_SECOND)  # and no analysis
    reviewed = AssignmentAnalysisFactory(
        submission=AssignmentSubmissionFactory(user=user, assignment=world.assignment, graded_at=WITH_MICROSECONDS),
        analysis_type=AnalysisType.HYBRID,
        reviewed_at=ON_THE_SECOND,
        analyzed_by=world.instructor,
        code_quality={"readability": 7.0, "efficiency": 9.5, "best_practices": 10},
        strengths=[AWKWARD_TEXT, ""],
        detailed_feedback=AWKWARD_TEXT,
    )
    assert reviewed.is_reviewed
    open_attempt = MCQAttemptFactory(user=user, quiz=world.quiz)  # not submitted: is_correct stays null
    made_first = MCQAnswerFactory(attempt=open_attempt, question=world.quiz.questions.first())
    MCQAnswerFactory(
        attempt=open_attempt, question=MCQQuestionFactory(quiz=world.quiz), selected_option=None, is_correct=False
    )
    # Answers are listed in time order, not in the order of their keys.
    made_first.__class__.objects.filter(pk=made_first.pk).update(answered_at=datetime(2030, 1, 1, tzinfo=UTC))
    MCQAttemptFactory(user=user, quiz=world.quiz, score=Decimal("100"))  # no answers, no analysis
    for seconds in (75.0, 12.345, None):
        QuizAnalysisFactory(
            attempt=MCQAttemptFactory(user=user, quiz=world.quiz, completed_at=ON_THE_SECOND),
            avg_time_per_question=seconds,
            performance_breakdown={"loops": 33.3, "bases": 100},
            insights=AWKWARD_TEXT,
        )
    NotificationFactory(user=user, read=True, read_at=WITH_MICROSECONDS, title=AWKWARD_TEXT, metadata={"x": 1.5})
    # Times another service may write that Python cannot hold: read as the latest and earliest it can.
    update_raw(NotificationFactory(user=user), created_at="infinity")
    update_raw(NotificationFactory(user=user, read=True, read_at=WITH_MICROSECONDS), read_at="-infinity")
    UserActivityFactory(user=user, description=AWKWARD_TEXT, metadata={"nested": {"list": [1, "é", None]}})


def test_the_lists_served_as_json_rows_are_the_big_ones():
    assert set(json_list_views()) == JSON_LISTS


def test_every_page_of_every_json_list_is_what_its_serializer_gives(world):
    pages = 0
    for name, view_class in json_list_views().items():
        staff = IsInstructorOrAdmin in view_class.permission_classes
        user = world.admin if staff else world.a.user
        path = reverse(name)
        query = {"page_size": 2}
        while True:
            served = body(view_class, user, path, query)
            assert served == body(serializer_view(view_class), user, path, query), name
            pages += 1
            next_page = json.loads(served)["next"]
            if next_page is None:
                break
            query = {key: values[0] for key, values in parse_qs(urlsplit(next_page).query).items()}
    assert pages > 3 * len(JSON_LISTS)


def test_a_page_with_its_nested_rows_is_one_query(world):
    for name, view_class in json_list_views().items():
        staff = IsInstructorOrAdmin in view_class.permission_classes
        with CaptureQueriesContext(connection) as captured:
            body(view_class, world.admin if staff else world.a.user, reverse(name), {"page_size": 50})
        page_queries = [query for query in captured.captured_queries if "json_build_object" in query["sql"]]
        assert len(page_queries) == 1, name


def test_filters_narrow_json_lists_as_before(world):
    view_class = json_list_views()["assignment-analysis-list"]
    for query in ({"reviewed": "true"}, {"reviewed": "false"}, {"analysis_type": "HYBRID"}):
        served = body(view_class, world.instructor, reverse("assignment-analysis-list"), query)
        assert served == body(serializer_view(view_class), world.instructor, reverse("assignment-analysis-list"), query)
        assert json.loads(served)["results"]


def test_the_browsable_api_shows_json_rows(world, client):
    client.force_login(world.a.user)
    page = client.get(reverse("my-activity"), HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert str(world.a.user.activities.order_by("-id").first().pk) in page.content.decode()


def test_a_field_the_mechanism_cannot_write_must_name_its_sql():
    class MethodField(serializers.ModelSerializer):
        shout = serializers.SerializerMethodField()

        class Meta:
            model = UserActivity
            fields = ["id", "shout"]

        def get_shout(self, activity) -> str:
            return activity.description.upper()

    with pytest.raises(ImproperlyConfigured, match="shout"):
        row_sql(MethodField)

    class OtherFormat(serializers.ModelSerializer):
        created_at = serializers.DateTimeField(format="%d/%m/%Y")

        class Meta:
            model = UserActivity
            fields = ["id", "created_at"]

    with pytest.raises(ImproperlyConfigured, match="created_at"):
        row_sql(OtherFormat)
