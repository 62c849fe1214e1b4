"""Reads of quizzes and attempts."""

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, QuerySet, Sum

from learning.content.models import Module
from learning.content.selectors import public_content_modules

from .models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz
from .scoring import quiz_score_percent


def module_quizzes(*, module: Module) -> QuerySet[MCQQuiz]:
    return module.quizzes.order_by("title")


def public_quizzes() -> QuerySet[MCQQuiz]:
    """Quizzes of published modules."""
    return MCQQuiz.objects.filter(module__in=public_content_modules())


def public_quiz_with_questions(*, quiz_id) -> MCQQuiz:
    questions = MCQQuestion.objects.order_by("order").prefetch_related(
        Prefetch("options", queryset=MCQOption.objects.order_by("order"))
    )
    return public_quizzes().prefetch_related(Prefetch("questions", queryset=questions)).get(pk=quiz_id)


def quiz_answers_visible(*, user: AbstractBaseUser, quiz_id) -> bool:
    """Whether the user may see the quiz's correct options and explanations: staff always,
    a student once they have submitted an attempt."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return MCQAttempt.objects.filter(user=user, quiz_id=quiz_id, completed_at__isnull=False).exists()


def attempts_with_answers() -> QuerySet[MCQAttempt]:
    return MCQAttempt.objects.select_related("analysis", "user").prefetch_related(
        Prefetch("answers", queryset=MCQAnswer.objects.order_by("answered_at"))
    )


def user_attempts(*, user: AbstractBaseUser) -> QuerySet[MCQAttempt]:
    return attempts_with_answers().filter(user=user)


def attempt_score_percent(*, attempt: MCQAttempt) -> Decimal:
    """The attempt's score from its answers as stored: points of the right answers over the quiz's points."""
    questions = MCQQuestion.objects.filter(quiz_id=attempt.quiz_id)
    total = questions.aggregate(points=Sum("points"))["points"] or 0
    right = questions.filter(answers__attempt=attempt, answers__is_correct=True)
    earned = right.aggregate(points=Sum("points"))["points"] or 0
    return quiz_score_percent(earned=earned, total=total)
