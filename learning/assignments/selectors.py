"""Reads of assignments and submissions."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from learning.content.models import Module

from .models import Assignment, AssignmentSubmission


def module_assignments(*, module: Module) -> QuerySet[Assignment]:
    return module.assignments.order_by("title")


def assignments_submitted_by(*, user: AbstractBaseUser, module_id) -> set:
    """The module's assignments the user has submitted (their hidden test cases may be shown)."""
    if not user.is_authenticated:
        return set()
    return set(
        AssignmentSubmission.objects.filter(user=user, assignment__module_id=module_id).values_list(
            "assignment_id", flat=True
        )
    )


def submissions_with_analyses() -> QuerySet[AssignmentSubmission]:
    """With their analyses and learners; the assignment is read as its id, so it is not joined."""
    return AssignmentSubmission.objects.select_related("analysis", "user")


def user_submissions(*, user: AbstractBaseUser) -> QuerySet[AssignmentSubmission]:
    return submissions_with_analyses().filter(user=user)
