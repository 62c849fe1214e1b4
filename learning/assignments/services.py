"""Writes of assignments: a student submits code, which is analysed and graded in the background."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import activity_record
from activity.types import ActivityType
from learning.content.services import content_check_available
from learning.review.tasks import assignment_analysis_run_task

from .models import Assignment, AssignmentSubmission


@transaction.atomic
def submission_create(
    *, user: AbstractBaseUser, assignment: Assignment, code: str, language: str
) -> AssignmentSubmission:
    """Keep the code as PENDING and analyse it in the background once the submission is stored."""
    content_check_available(content=assignment, field="assignment")
    if not code.strip():
        raise ValidationError({"code": "The code is empty."})
    submission = AssignmentSubmission(user=user, assignment=assignment, code=code, language=language.strip().lower())
    submission.full_clean()
    submission.save()
    activity_record(
        user=user,
        type=ActivityType.ASSIGNMENT_SUBMITTED,
        description=f"Submitted {assignment.title}",
        metadata={"submission_id": str(submission.pk)},
    )
    submission_id = str(submission.pk)
    transaction.on_commit(lambda: assignment_analysis_run_task.enqueue(submission_id))
    return submission
