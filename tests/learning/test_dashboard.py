"""The staff dashboard's figures come from counts the database keeps, and they stay right whoever writes."""

import zoneinfo
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from learning.dashboard.selectors import staff_dashboard
from learning.models import (
    AssignmentAnalysis,
    AssignmentSubmission,
    ProgrammingLanguage,
    QuizAnalysis,
    SubmissionStatus,
)
from learning.review.services import assignment_analysis_review, quiz_analysis_review

from .factories import (
    AssignmentAnalysisFactory,
    AssignmentSubmissionFactory,
    ProgrammingLanguageFactory,
    QuizAnalysisFactory,
)

pytestmark = pytest.mark.django_db


def counted_from_scratch() -> dict:
    """The figures as a full count of the tables gives them: what the kept counts must always equal."""
    graded = AssignmentSubmission.objects.values("language").annotate(
        passed=Count("pk", filter=Q(status=SubmissionStatus.PASSED)),
        failed=Count("pk", filter=Q(status=SubmissionStatus.FAILED)),
    )
    return {
        "assignment_analyses_awaiting": AssignmentAnalysis.objects.awaiting_review().count(),
        "quiz_analyses_awaiting": QuizAnalysis.objects.awaiting_review().count(),
        "submissions_today": AssignmentSubmission.objects.filter(
            submitted_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        ).count(),
        "graded": {row["language"]: (row["passed"], row["passed"] + row["failed"]) for row in graded},
    }


def kept() -> dict:
    dashboard = staff_dashboard()
    slugs = dict(ProgrammingLanguage.objects.values_list("name", "slug"))
    graded = {slugs[row["language"]]: (row["passed"], row["graded"]) for row in dashboard.pop("pass_rates")}
    return {**dashboard, "graded": {slug: counts for slug, counts in graded.items() if counts[1]}}


def nonzero(figures: dict) -> dict:
    return {**figures, "graded": {slug: counts for slug, counts in figures["graded"].items() if counts[1]}}


@pytest.fixture
def python():
    return ProgrammingLanguageFactory(slug="python", name="Python")


def test_the_figures_follow_creates_reviews_and_deletes(python, instructor):
    first, second = AssignmentAnalysisFactory.create_batch(2)
    quiz = QuizAnalysisFactory()
    AssignmentSubmissionFactory(status=SubmissionStatus.PASSED)
    AssignmentSubmissionFactory(status=SubmissionStatus.FAILED)
    figures = kept()
    assert figures == nonzero(counted_from_scratch())
    assert (figures["assignment_analyses_awaiting"], figures["quiz_analyses_awaiting"]) == (2, 1)
    assert figures["submissions_today"] == 4
    assert figures["graded"] == {"python": (1, 2)}

    assignment_analysis_review(analysis=first, reviewer=instructor, overall_score=90)
    quiz_analysis_review(analysis=quiz, reviewer=instructor)
    assert (kept()["assignment_analyses_awaiting"], kept()["quiz_analyses_awaiting"]) == (1, 0)

    second.submission.delete()  # the analysis goes with it, by the database's cascade
    figures = kept()
    assert figures["assignment_analyses_awaiting"] == 0
    assert figures["submissions_today"] == 3
    assert figures == nonzero(counted_from_scratch())


def test_another_services_sql_writes_count_too(python):
    submission = AssignmentSubmissionFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO learning.assignment_submissions (code, language, status, assignment_id, user_id) "
            "SELECT 'print(3)', 'python', 'PASSED', assignment_id, user_id FROM learning.assignment_submissions "
            "CROSS JOIN generate_series(1, 3) RETURNING id"
        )
        inserted = [row[0] for row in cursor.fetchall()]
        cursor.execute("INSERT INTO learning.assignment_analyses (submission_id) SELECT unnest(%s::uuid[])", [inserted])
        assert kept()["assignment_analyses_awaiting"] == 3
        cursor.execute("UPDATE learning.assignment_submissions SET status = 'FAILED' WHERE id = %s", [inserted[0]])
        cursor.execute(
            "UPDATE learning.assignment_analyses SET reviewed_at = now() WHERE submission_id = %s", [inserted[1]]
        )
        cursor.execute("DELETE FROM learning.assignment_submissions WHERE id = %s", [inserted[2]])
    figures = kept()
    assert figures["graded"] == {"python": (1, 2)}
    assert figures["assignment_analyses_awaiting"] == 1
    assert figures["submissions_today"] == 3
    assert figures == nonzero(counted_from_scratch())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction holds deferred foreign key checks
        cursor.execute("TRUNCATE learning.assignment_submissions CASCADE")
    assert kept() == {**nonzero(counted_from_scratch()), "graded": {}}
    assert submission.pk  # truncated with the rest


def test_bulk_writes_count_each_row(python):
    first = AssignmentSubmissionFactory(status=SubmissionStatus.PASSED)
    AssignmentSubmission.objects.bulk_create(  # one INSERT of two rows
        AssignmentSubmissionFactory.build(user=first.user, assignment=first.assignment, status=SubmissionStatus.PASSED)
        for _ in range(2)
    )
    AssignmentSubmission.objects.filter(pk__in=AssignmentSubmission.objects.values("pk")[:2]).update(
        status=SubmissionStatus.FAILED
    )
    assert kept()["graded"] == {"python": (1, 3)}
    assert kept() == nonzero(counted_from_scratch())


@override_settings(TIME_ZONE="Asia/Kathmandu")  # UTC+5:45: local midnight is not on a UTC hour
def test_today_starts_at_local_midnight(python):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert midnight.tzinfo == zoneinfo.ZoneInfo("Asia/Kathmandu")
    for minutes in (-10, -1, 1, 10):
        AssignmentSubmissionFactory(submitted_at=midnight + timedelta(minutes=minutes))
    assert kept()["submissions_today"] == 2


def test_the_admin_index_reads_the_counts_in_a_few_queries_whatever_the_rows(client, admin_account, python):
    client.force_login(admin_account)

    def index_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:index")).status_code == 200
        return [query["sql"] for query in queries]

    AssignmentAnalysisFactory()
    few = index_queries()
    AssignmentAnalysisFactory.create_batch(20)
    QuizAnalysisFactory.create_batch(5)
    assert len(index_queries()) == len(few)
    counted = ("assignment_submissions", "assignment_analyses", "quiz_analyses")
    assert not [sql for sql in few if any(f'"{table}"' in sql for table in counted)]
