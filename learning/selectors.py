"""Reads of the learning context: ordered querysets with their joins."""

from django.db.models import QuerySet

from accounts.models import User

from .models import AssignmentAnalysis, LanguageEnrollment, Material, Module, QuizAnalysis


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
