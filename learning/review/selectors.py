"""Reads of analyses: the review queue and staff lists."""

from django.db.models import QuerySet

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
