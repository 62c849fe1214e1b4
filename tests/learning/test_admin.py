"""Instructors in the admin: the review queue, reviewing through the service, authoring content."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from learning.models import AnalysisType, AssignmentAnalysis, MCQQuestion, QuizAnalysis

from .factories import AssignmentAnalysisFactory, MCQQuizFactory, QuizAnalysisFactory

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
