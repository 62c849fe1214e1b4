"""Reads of the learning context: ordered querysets with their joins."""

from django.db.models import Count, Prefetch, Q, QuerySet
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


# API reads ------------------------------------------------------------------------------------


def public_languages() -> QuerySet[ProgrammingLanguage]:
    """What anyone may browse: active languages that are not deleted."""
    return ProgrammingLanguage.objects.filter(is_active=True).order_by("name")


def public_modules(*, language_id) -> QuerySet[Module]:
    return Module.objects.filter(language_id=language_id, language__in=public_languages()).order_by("order", "title")


def public_module(*, module_id) -> Module:
    return Module.objects.filter(language__in=public_languages()).get(pk=module_id)


def module_assignments(*, module: Module) -> QuerySet:
    return module.assignments.order_by("title")


def module_quizzes(*, module: Module) -> QuerySet:
    return module.quizzes.order_by("title")


def public_quiz_with_questions(*, quiz_id):
    from .models import MCQOption, MCQQuestion, MCQQuiz

    questions = MCQQuestion.objects.order_by("order").prefetch_related(
        Prefetch("options", queryset=MCQOption.objects.order_by("order"))
    )
    return (
        MCQQuiz.objects.filter(module__language__in=public_languages())
        .prefetch_related(Prefetch("questions", queryset=questions))
        .get(pk=quiz_id)
    )


def quiz_answers_visible(*, user, quiz_id) -> bool:
    """Whether the user may see the quiz's correct options and explanations: staff always,
    a student once they have submitted an attempt."""
    from .models import MCQAttempt

    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return MCQAttempt.objects.filter(user=user, quiz_id=quiz_id, completed_at__isnull=False).exists()


def assignments_submitted_by(*, user, module_id) -> set:
    """The module's assignments the user has submitted (their hidden test cases may be shown)."""
    if not user.is_authenticated:
        return set()
    return set(
        AssignmentSubmission.objects.filter(user=user, assignment__module_id=module_id).values_list(
            "assignment_id", flat=True
        )
    )


def user_module_progress(*, user: User) -> QuerySet:
    from .models import ModuleProgress

    return ModuleProgress.objects.filter(user=user).select_related("module").order_by("module__order")


def user_material_progress(*, user: User) -> QuerySet:
    from .models import MaterialProgress

    return MaterialProgress.objects.filter(user=user).select_related("material").order_by("material__order")


def submissions_with_analyses() -> QuerySet[AssignmentSubmission]:
    """With their analyses and learners; the assignment is read as its id, so it is not joined."""
    return AssignmentSubmission.objects.select_related("analysis", "user")


def user_submissions(*, user: User) -> QuerySet[AssignmentSubmission]:
    return submissions_with_analyses().filter(user=user)


def attempts_with_answers() -> QuerySet:
    from .models import MCQAnswer, MCQAttempt

    return MCQAttempt.objects.select_related("analysis", "user").prefetch_related(
        Prefetch("answers", queryset=MCQAnswer.objects.order_by("answered_at"))
    )


def user_attempts(*, user: User) -> QuerySet:
    return attempts_with_answers().filter(user=user)


def assignment_analyses() -> QuerySet[AssignmentAnalysis]:
    return AssignmentAnalysis.objects.select_related("submission")


def quiz_analyses() -> QuerySet[QuizAnalysis]:
    return QuizAnalysis.objects.select_related("attempt")
