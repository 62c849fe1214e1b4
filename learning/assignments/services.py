"""Writes of assignments: a student submits code, which is analysed and graded in the background."""

from collections.abc import Sequence
from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import activity_record
from activity.types import ActivityType
from codezest.db.bulk import Occurrences, fan_out, templates_clean, uuid7_sql
from learning.content.services import content_check_available
from learning.review.tasks import submission_evaluate_task

from .grader import GradingResult, validated_submission
from .grading import submission_test_results
from .models import Assignment, AssignmentSubmission, SubmissionStatus, SubmissionTestResult


@transaction.atomic
def submission_create(*, user: AbstractBaseUser, assignment: Assignment, code: str) -> AssignmentSubmission:
    """Keep the code as PENDING, in the language of the assignment's module; it is graded in the background."""
    content_check_available(content=assignment, field="assignment")
    if not code.strip():
        raise ValidationError({"code": "The code is empty."})
    language = assignment.module.language.slug
    if assignment.test_cases:  # it will run: the grader must know the language, and the code must fit its limits
        validated_submission(language=language, code=code, test_cases=assignment.test_cases)
    submission = AssignmentSubmission(user=user, assignment=assignment, code=code, language=language)
    submission.full_clean()
    submission.save()
    activity_record(
        user=user,
        type=ActivityType.ASSIGNMENT_SUBMITTED,
        description=f"Submitted {assignment.title}",
        metadata={"submission_id": str(submission.pk)},
    )
    submission_id = str(submission.pk)
    transaction.on_commit(lambda: submission_evaluate_task.enqueue(submission_id))
    return submission


class GradedSubmission(NamedTuple):
    """A submission for ``submission_bulk_generate``: as graded (status, score, feedback) and its tests' verdicts
    (None for an assignment without tests)."""

    submission: AssignmentSubmission
    result: GradingResult | None


@transaction.atomic
def submission_bulk_generate(*, templates: Sequence[GradedSubmission], occurrences: Occurrences) -> tuple[int, int]:
    """Graded submissions and their tests' verdicts in two INSERTs, as ``submission_create`` and
    ``submission_evaluate`` store them; returns (submissions, test results).

    The occurrences' columns: ``template`` (its position in ``templates``), ``id`` (the submission's),
    ``user_id``, ``at`` (when submitted) and ``graded_at``. Rows are written in the occurrences' order.
    """
    submissions, results, links = [], [], []
    for number, (submission, result) in enumerate(templates):
        submissions.append(submission)
        for row in submission_test_results(submission=submission, result=result) if result else ():
            links.append((number, len(results)))
            results.append(row)
    templates_clean(submissions, exclude=["user"])
    templates_clean(results, exclude=["submission"])
    made = fan_out(
        AssignmentSubmission,
        templates=submissions,
        occurrences=occurrences,
        values={
            "id": "o.id",
            "user_id": "u.id",
            "submitted_at": "o.at",
            "graded_at": f"CASE WHEN t.status = '{SubmissionStatus.PENDING}' THEN NULL ELSE o.graded_at END",
        },
        users_of="o.user_id",
    )
    verdicts = Occurrences(
        f"SELECT link.result AS template, o.id AS submission_id, o.graded_at AS at FROM ({occurrences.sql}) AS o"
        " JOIN unnest(%s::int[], %s::int[]) AS link(submission, result) ON link.submission = o.template"
        " ORDER BY at, template",
        [*occurrences.params, [submission for submission, _ in links], [result for _, result in links]],
    )
    values = {"id": uuid7_sql("o.at"), "submission_id": "o.submission_id"}
    return made, fan_out(SubmissionTestResult, templates=results, occurrences=verdicts, values=values)
