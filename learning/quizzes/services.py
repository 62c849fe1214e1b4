"""Writes of quizzes: a student starts an attempt, answers its questions and submits it."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import activity_record
from activity.types import ActivityType
from codezest.db.bulk import Occurrences, fan_out, templates_clean, uuid7_sql
from learning.content.services import content_check_available
from learning.review.tasks import quiz_analysis_run_task
from notifications.services import notification_notify
from notifications.types import NotificationType

from .models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz
from .scoring import quiz_passed
from .selectors import attempt_score_percent


@transaction.atomic
def quiz_attempt_start(*, user: AbstractBaseUser, quiz: MCQQuiz) -> MCQAttempt:
    content_check_available(content=quiz, field="quiz")
    attempt = MCQAttempt(user=user, quiz=quiz)
    attempt.full_clean()
    attempt.save()
    activity_record(
        user=user,
        type=ActivityType.QUIZ_STARTED,
        description=f"Started {quiz.title}",
        metadata={"quiz_id": str(quiz.pk), "attempt_id": str(attempt.pk)},
    )
    return attempt


def _deadline(attempt: MCQAttempt) -> datetime | None:
    limit = attempt.quiz.time_limit
    return attempt.started_at + timedelta(minutes=limit) if limit else None


@transaction.atomic
def quiz_answer(*, attempt: MCQAttempt, question: MCQQuestion, option: MCQOption) -> MCQAnswer:
    """Answer a question of an open attempt; answering again before submitting changes the answer."""
    attempt = MCQAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.completed_at is not None:
        raise ValidationError(
            "This attempt has been submitted; its answers can no longer change.", code="attempt_submitted"
        )
    deadline = _deadline(attempt)
    if deadline and timezone.now() > deadline:
        raise ValidationError("The time limit of this quiz has passed.", code="time_limit")
    answer = MCQAnswer.objects.filter(attempt=attempt, question=question).first() or MCQAnswer(
        attempt=attempt, question=question
    )
    answer.selected_option, answer.is_correct, answer.answered_at = option, option.is_correct, timezone.now()
    answer.full_clean()  # the question must be in the quiz, the option in the question
    answer.save()
    return answer


@transaction.atomic
def quiz_attempt_submit(*, attempt: MCQAttempt) -> MCQAttempt:
    """Score the attempt (earned over total points, 0 to 100) and analyse it in the background."""
    attempt = MCQAttempt.objects.select_for_update().select_related("quiz", "user").get(pk=attempt.pk)
    if attempt.completed_at is not None:
        raise ValidationError("This attempt has already been submitted.", code="attempt_submitted")
    attempt.score, attempt.completed_at = attempt_score_percent(attempt=attempt), timezone.now()
    attempt.full_clean()
    attempt.save(update_fields=["score", "completed_at"])
    passed = quiz_passed(score=attempt.score, passing_score=attempt.quiz.passing_score)
    activity_record(
        user=attempt.user,
        type=ActivityType.QUIZ_COMPLETED,
        description=f"{attempt.quiz.title}: {attempt.score}%",
        metadata={"attempt_id": str(attempt.pk), "score": str(attempt.score), "passed": passed},
    )
    notification_notify(
        user=attempt.user,
        type=NotificationType.QUIZ_COMPLETED,
        title=f"Quiz {'passed' if passed else 'completed'}: {attempt.quiz.title}",
        message=f"You scored {attempt.score}%.",
        metadata={"attempt_id": str(attempt.pk)},
    )
    attempt_id = str(attempt.pk)
    transaction.on_commit(lambda: quiz_analysis_run_task.enqueue(attempt_id))
    return attempt


class SubmittedAttempt(NamedTuple):
    """An attempt for ``quiz_attempt_bulk_generate``: submitted, with its score, and its answers."""

    attempt: MCQAttempt
    answers: Sequence[MCQAnswer]


@transaction.atomic
def quiz_attempt_bulk_generate(*, templates: Sequence[SubmittedAttempt], occurrences: Occurrences) -> tuple[int, int]:
    """Submitted attempts and their answers in two INSERTs, as ``quiz_attempt_start``, ``quiz_answer`` and
    ``quiz_attempt_submit`` store them; returns (attempts, answers).

    The occurrences' columns: ``template`` (its position in ``templates``), ``id`` (the attempt's),
    ``user_id`` and ``at`` (when started). Each attempt is submitted, and each answer given, as long
    after ``at`` as its template's after the template's start. Rows are written in the occurrences' order.
    """
    attempts, answers, links = [], [], []
    for number, (attempt, given) in enumerate(templates):
        attempts.append(attempt)
        for answer in given:
            links.append((number, len(answers), answer.answered_at - attempt.started_at))
            answers.append(answer)
    templates_clean(attempts, exclude=["user"])
    templates_clean(answers, exclude=["attempt"])  # the question must be in the quiz, the option in the question
    values = {
        "id": "o.id",
        "user_id": "u.id",
        "started_at": "o.at",
        "completed_at": "o.at + (t.completed_at - t.started_at)",
    }
    made = fan_out(MCQAttempt, templates=attempts, occurrences=occurrences, values=values, users_of="o.user_id")
    given = Occurrences(
        f"SELECT link.answer AS template, o.id AS attempt_id, o.at + link.after AS at FROM ({occurrences.sql}) AS o"
        " JOIN unnest(%s::int[], %s::int[], %s::interval[]) AS link(attempt, answer, after)"
        " ON link.attempt = o.template ORDER BY at",
        [*occurrences.params, *map(list, zip(*links, strict=True))],
    )
    values = {"id": uuid7_sql("o.at"), "attempt_id": "o.attempt_id", "answered_at": "o.at"}
    return made, fan_out(MCQAnswer, templates=answers, occurrences=given, values=values)
