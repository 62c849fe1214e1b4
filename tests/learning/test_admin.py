"""Instructors in the admin: the review queue, reviewing through the service, authoring content."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning.models import AnalysisType, AssignmentAnalysis, MCQQuestion, QuizAnalysis

from .factories import (
    AssignmentAnalysisFactory,
    AssignmentFactory,
    MCQQuizFactory,
    QuizAnalysisFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:learning_assignmentanalysis_changelist")


@pytest.fixture
def instructor(client, instructor):
    """The instructor, logged in to the admin."""
    client.force_login(instructor)
    return instructor


def review_form(analysis, **changes):
    data = {
        "overall_score": analysis.overall_score,
        "readability": 8,
        "efficiency": 8,
        "best_practices": 8,
        "strengths": "\n".join(analysis.strengths),
        "weaknesses": "\n".join(analysis.weaknesses),
        "suggestions": "\n".join(analysis.suggestions),
        "detailed_feedback": analysis.detailed_feedback,
    }
    return {**data, **changes}


def test_the_queue_lists_awaiting_analyses_first_oldest_first(client, instructor):
    reviewed = AssignmentAnalysisFactory(analysis_type=AnalysisType.HYBRID, analyzed_by=instructor)
    older, newer = AssignmentAnalysisFactory(), AssignmentAnalysisFactory()
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [older, newer, reviewed]
    awaiting = client.get(QUEUE + "?review=awaiting").context["cl"].result_list
    assert list(awaiting) == [older, newer]


def test_an_instructor_reviews_an_analysis_through_the_change_page(client, instructor):
    analysis = AssignmentAnalysisFactory(overall_score=40)
    url = reverse("admin:learning_assignmentanalysis_change", args=[analysis.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"<pre" in page.content  # the highlighted code
    response = client.post(url, review_form(analysis, overall_score=72, strengths="Clear names\nGood tests"))
    assert response.status_code == 302, response.content
    analysis.refresh_from_db()
    assert (analysis.analysis_type, analysis.analyzed_by, analysis.overall_score) == (
        AnalysisType.HYBRID,
        instructor,
        72,
    )
    assert analysis.strengths == ["Clear names", "Good tests"]
    assert analysis.code_quality == {"readability": 8.0, "efficiency": 8.0, "best_practices": 8.0}
    assert analysis.reviewed_at is not None
    assert LogEntry.objects.filter(user=instructor, action_flag=CHANGE, object_id=str(analysis.pk)).exists()
    assert analysis not in client.get(QUEUE + "?review=awaiting").context["cl"].result_list


def test_a_bad_review_is_a_form_error_and_changes_nothing(client, instructor):
    analysis = AssignmentAnalysisFactory(overall_score=40)
    url = reverse("admin:learning_assignmentanalysis_change", args=[analysis.pk])
    response = client.post(url, review_form(analysis, overall_score=140, readability=12))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "overall_score" in errors
    assert "readability" in errors
    analysis.refresh_from_db()
    assert (analysis.analysis_type, analysis.overall_score) == (AnalysisType.AI, 40)


def test_bulk_approval_marks_selected_analyses_reviewed(client, instructor):
    first, second = AssignmentAnalysisFactory(), AssignmentAnalysisFactory()
    response = client.post(QUEUE, {"action": "approve_selected", "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(AssignmentAnalysis.objects.values_list("analysis_type", "analyzed_by")) == {
        (AnalysisType.HYBRID, instructor.pk)
    }


def test_a_quiz_analysis_shows_its_topics_as_a_chart_and_the_answers(client, instructor):
    analysis = QuizAnalysisFactory()
    page = client.get(reverse("admin:learning_quizanalysis_change", args=[analysis.pk]))
    assert page.status_code == 200
    assert b'aria-label="Per-topic results"' in page.content
    assert b"loops" in page.content
    response = client.post(
        reverse("admin:learning_quizanalysis_change", args=[analysis.pk]),
        {
            "strong_topics": "basics",
            "weak_topics": "loops",
            "recommendations": "Redo loops",
            "insights": "Good start.",
            "time_management": "Good",
        },
    )
    assert response.status_code == 302
    analysis = QuizAnalysis.objects.get(pk=analysis.pk)
    assert (analysis.analysis_type, analysis.analyzed_by) == (AnalysisType.HYBRID, instructor)


def option_rows(*correct: bool) -> dict:
    data = {"options-TOTAL_FORMS": str(len(correct)), "options-INITIAL_FORMS": "0"}
    for index, is_correct in enumerate(correct):
        data[f"options-{index}-option_text"] = f"Option {index}"
        data[f"options-{index}-order"] = str(index)
        if is_correct:
            data[f"options-{index}-is_correct"] = "on"
    return data


def test_a_question_without_a_correct_option_is_refused(client, instructor):
    quiz = MCQQuizFactory()
    question = {"quiz": quiz.pk, "question": "What is 2 + 2?", "order": 0, "points": 1, "topic": "maths"}
    url = reverse("admin:learning_mcqquestion_add")
    refused = client.post(url, {**question, **option_rows(False, False)})
    assert refused.status_code == 200
    assert "A question needs at least one correct option." in refused.content.decode()
    assert not MCQQuestion.objects.filter(quiz=quiz).exists()
    accepted = client.post(url, {**question, **option_rows(False, True)})
    assert accepted.status_code == 302
    assert MCQQuestion.objects.get(quiz=quiz).options.filter(is_correct=True).count() == 1


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Each page of the big lists: the session, the user and the instructor's two permission lookups, the
# filters' choices (languages, assignments, quizzes), the capped count and the page, however many rows it shows.
BIG_LIST_PAGES = {
    "assignmentsubmission": (
        7,
        ["", "?status=PASSED", "?language=python", "?q=someone@example.com", "?q={user}", "?p=1"],
    ),
    "mcqattempt": (6, ["", "?q=someone@example.com", "?q={user}"]),
    "assignmentanalysis": (
        8,
        [
            "",
            "?review=awaiting",
            "?analysis_type=AI",
            "?score=80-100",
            "?language=python",
            "?assignment={assignment}",
            "?q=someone@example.com",
            "?q={submission}",
        ],
    ),
    "quizanalysis": (7, ["", "?review=reviewed", "?analysis_type=HYBRID", "?quiz={quiz}", "?q={attempt}"]),
}


@pytest.mark.parametrize("model_name", BIG_LIST_PAGES)
def test_each_page_of_a_big_list_makes_the_same_few_queries_for_one_row_or_thirty(client, instructor, model_name):
    expected, pages = BIG_LIST_PAGES[model_name]
    analysis = AssignmentAnalysisFactory(submission__user__email="someone@example.com")
    quiz_analysis = QuizAnalysisFactory(attempt__user=analysis.submission.user)
    ids = {
        "user": analysis.submission.user_id,
        "assignment": analysis.submission.assignment_id,
        "submission": analysis.submission_id,
        "quiz": quiz_analysis.attempt.quiz_id,
        "attempt": quiz_analysis.attempt_id,
    }
    url = reverse(f"admin:learning_{model_name}_changelist")
    with_one = {page: queries_of(client, url + page.format(**ids)) for page in pages}
    assert with_one == dict.fromkeys(pages, expected)
    AssignmentAnalysisFactory.create_batch(
        29, submission__user=analysis.submission.user, submission__assignment=analysis.submission.assignment
    )
    QuizAnalysisFactory.create_batch(
        29, attempt__user=analysis.submission.user, attempt__quiz=quiz_analysis.attempt.quiz
    )
    assert {page: queries_of(client, url + page.format(**ids)) for page in pages} == with_one


def test_a_filter_through_the_submission_lists_analyses_oldest_submission_first(client, instructor):
    assignment = AssignmentFactory()
    now = timezone.now()
    newer, older = (
        AssignmentAnalysisFactory(
            submission__assignment=assignment, submission__submitted_at=now - timezone.timedelta(days=days)
        )
        for days in (1, 2)
    )
    AssignmentAnalysisFactory()  # another assignment's
    listed = client.get(QUEUE + f"?assignment={assignment.pk}").context["cl"].result_list
    assert list(listed) == [older, newer]
    python = client.get(QUEUE + "?language=python").context["cl"].result_list
    assert list(python) == [older, newer, *AssignmentAnalysis.objects.exclude(submission__assignment=assignment)]


def test_a_filter_through_the_attempt_lists_quiz_analyses_oldest_attempt_first(client, instructor):
    quiz = MCQQuizFactory()
    now = timezone.now()
    newer, older = (
        QuizAnalysisFactory(attempt__quiz=quiz, attempt__started_at=now - timezone.timedelta(days=days))
        for days in (1, 2)
    )
    QuizAnalysisFactory()
    listed = client.get(reverse("admin:learning_quizanalysis_changelist") + f"?quiz={quiz.pk}").context["cl"]
    assert list(listed.result_list) == [older, newer]


@pytest.mark.parametrize(("band", "scores"), [("0-39", [0, 39]), ("80-100", [80, 100]), ("none", [None])])
def test_the_score_bands_hold_their_bounds(client, instructor, band, scores):
    for score in [None, 0, 39, 40, 79, 80, 100]:
        AssignmentAnalysisFactory(overall_score=score)
    listed = client.get(QUEUE + f"?score={band}").context["cl"].result_list
    assert sorted((analysis.overall_score for analysis in listed), key=lambda score: score or 0) == scores
