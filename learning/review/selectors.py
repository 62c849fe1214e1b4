"""Reads of analyses: the review queue, staff lists and the staff dashboard."""

from django.db.models import Count, Q, QuerySet

from learning.assignments.models import SubmissionStatus
from learning.assignments.selectors import submitted_today
from learning.content.models import ProgrammingLanguage

from .models import AssignmentAnalysis, QuizAnalysis


def assignment_analyses_awaiting_review() -> QuerySet[AssignmentAnalysis]:
    """The assignment review queue, oldest first."""
    return (
        AssignmentAnalysis.objects.awaiting_review()
        .select_related("submission__assignment__module__language", "submission__user")
        .order_by("created_at")
    )


def quiz_analyses_awaiting_review() -> QuerySet[QuizAnalysis]:
    """The quiz review queue, oldest first."""
    return (
        QuizAnalysis.objects.awaiting_review()
        .select_related("attempt__quiz__module__language", "attempt__user")
        .order_by("created_at")
    )


def assignment_analyses() -> QuerySet[AssignmentAnalysis]:
    return AssignmentAnalysis.objects.select_related("submission")


def quiz_analyses() -> QuerySet[QuizAnalysis]:
    return QuizAnalysis.objects.select_related("attempt")


def pass_rates_per_language() -> list[dict]:
    """Graded submissions per language and the share that passed."""
    submissions = "modules__assignments__submissions"
    graded = Q(**{f"{submissions}__status__in": [SubmissionStatus.PASSED, SubmissionStatus.FAILED]})
    passed = Q(**{f"{submissions}__status": SubmissionStatus.PASSED})
    languages = ProgrammingLanguage.objects.annotate(
        graded=Count(submissions, filter=graded), passed=Count(submissions, filter=passed)
    ).order_by("name")
    return [
        {
            "language": language.name,
            "graded": language.graded,
            "passed": language.passed,
            "percent": round(language.passed * 100 / language.graded) if language.graded else 0,
        }
        for language in languages
    ]


def staff_dashboard() -> dict:
    """What staff see first: the review backlog, today's submissions, and pass rates per language."""
    return {
        "assignment_analyses_awaiting": AssignmentAnalysis.objects.awaiting_review().count(),
        "quiz_analyses_awaiting": QuizAnalysis.objects.awaiting_review().count(),
        "submissions_today": submitted_today().count(),
        "pass_rates": pass_rates_per_language(),
    }
