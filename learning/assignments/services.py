"""Writes of assignments: a student submits code, which is analysed and graded in the background."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import activity_record
from activity.types import ActivityType
from learning.content.services import content_check_available
from learning.review.tasks import submission_evaluate_task

from .grader import validated_submission
from .models import Assignment, AssignmentSubmission


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
