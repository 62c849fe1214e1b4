"""seed_demo builds the demo set once: running it again changes nothing."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from learning.assignments.models import AssignmentSubmission, SubmissionStatus
from learning.demo import seed_scale
from learning.progress.models import ModuleProgress
from learning.progress.services import module_progress_recompute
from learning.quizzes.models import MCQAttempt
from learning.quizzes.selectors import attempt_score_percent
from learning.review.models import AnalysisType, AssignmentAnalysis, QuizAnalysis
from learning.review.services import quiz_analysis_run, submission_evaluate

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "learning", "payments", "notifications", "activity")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_seed_demo_twice_leaves_the_same_row_counts(settings, capsys, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--scale", "5")
    first = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--scale", "5")
    assert row_counts() == first
    assert first["accounts.User"] == 2 + 3 + 5
    assert first["learning.ProgrammingLanguage"] == 3
    assert first["learning.AssignmentSubmission"] == 2 + 2 + 3 + 5  # the demo students in all three languages
    assert "admin@codezest.local / zest-dev-2026" in capsys.readouterr().out


def test_demo_has_analyses_awaiting_review_and_reviewed(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    types = set(AssignmentAnalysis.objects.values_list("analysis_type", flat=True))
    assert types == {AnalysisType.AI, AnalysisType.HYBRID}


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known passwords"):
        call_command("seed_demo")


def test_scaled_data_is_what_the_services_would_make(django_capture_on_commit_callbacks):
    """Bulk rows follow the services' rules: regrading, rescoring and recomputing them changes nothing."""
    seed_scale(30, events_per_student=1)
    submissions = AssignmentSubmission.objects.select_related("assignment", "analysis").order_by("pk")
    graded = {row.pk: (row.status, row.score, row.feedback, analysis_fields(row.analysis)) for row in submissions}
    assert {status for status, *_ in graded.values()} == {SubmissionStatus.PASSED, SubmissionStatus.FAILED}
    for submission in submissions:
        submission_evaluate(submission=submission)
    regraded = {row.pk: (row.status, row.score, row.feedback, analysis_fields(row.analysis)) for row in submissions}
    assert regraded == graded

    for attempt in MCQAttempt.objects.select_related("analysis"):
        assert attempt_score_percent(attempt=attempt) == attempt.score
        before = quiz_fields(attempt.analysis)
        assert quiz_fields(quiz_analysis_run(attempt=attempt)) == before

    for progress in ModuleProgress.objects.select_related("module"):
        recomputed = module_progress_recompute(user=progress.user, module=progress.module)
        assert (recomputed.status, recomputed.progress_percent) == (progress.status, progress.progress_percent)


def analysis_fields(analysis: AssignmentAnalysis) -> tuple:
    return (analysis.overall_score, analysis.code_quality, analysis.strengths, analysis.weaknesses, analysis.ai_model)


def quiz_fields(analysis: QuizAnalysis) -> tuple:
    return (
        analysis.performance_breakdown,
        analysis.strong_topics,
        analysis.weak_topics,
        analysis.recommendations,
        analysis.insights,
        analysis.avg_time_per_question,
        analysis.time_management,
    )
