"""Reads of the learning context: ordered querysets with their joins."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import (
    AssignmentAnalysis,
    AssignmentSubmission,
    LanguageEnrollment,
    Material,
    Module,
    ProgrammingLanguage,
    QuizAnalysis,
    SubmissionStatus,
)


def module_current_materials(*, module: Module) -> QuerySet[Material]:
    """The module's materials that are not soft-deleted, in order."""
    return Material.objects.filter(module=module).order_by("order", "title")


def user_enrollments(*, user: User) -> QuerySet[LanguageEnrollment]:
    return LanguageEnrollment.objects.filter(user=user).select_related("language").order_by("-enrolled_at")


def assignment_analyses_awaiting_review() -> QuerySet[AssignmentAnalysis]:
    """AI analyses no instructor has reviewed yet, oldest first."""
    return (
        AssignmentAnalysis.objects.filter(analysis_type="AI", reviewed_at__isnull=True)
        .select_related("submission__assignment__module__language", "submission__user")
        .order_by("created_at")
    )


def quiz_analyses_awaiting_review() -> QuerySet[QuizAnalysis]:
    return (
        QuizAnalysis.objects.filter(analysis_type="AI", reviewed_at__isnull=True)
        .select_related("attempt__quiz__module__language", "attempt__user")
        .order_by("created_at")
    )


def admin_dashboard() -> dict:
    """What staff see first: the review backlog, today's submissions, and pass rates per language."""
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    graded = Q(modules__assignments__submissions__status__in=[SubmissionStatus.PASSED, SubmissionStatus.FAILED])
    languages = ProgrammingLanguage.objects.annotate(
        graded=Count("modules__assignments__submissions", filter=graded),
        passed=Count(
            "modules__assignments__submissions",
            filter=Q(modules__assignments__submissions__status=SubmissionStatus.PASSED),
        ),
    ).order_by("name")
    pass_rates = [
        {
            "language": language.name,
            "graded": language.graded,
            "passed": language.passed,
            "percent": round(language.passed * 100 / language.graded) if language.graded else 0,
        }
        for language in languages
    ]
    return {
        "assignment_analyses_awaiting": assignment_analyses_awaiting_review().count(),
        "quiz_analyses_awaiting": quiz_analyses_awaiting_review().count(),
        "submissions_today": AssignmentSubmission.objects.filter(submitted_at__gte=start_of_day).count(),
        "pass_rates": pass_rates,
        "chart_height": 24 * len(pass_rates) + 8,
    }
