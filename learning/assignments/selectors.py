"""Reads of assignments and submissions."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from learning.content.models import Module
from learning.content.selectors import public_content_modules

from .models import Assignment, AssignmentSubmission, SubmissionTestResult


def module_assignments(*, module: Module) -> QuerySet[Assignment]:
    return module.assignments.order_by("title")


# A feature name for PRO_ONLY_FEATURES: without it, a plan submits FREE_SUBMISSIONS_PER_DAY a day.
UNLIMITED_SUBMISSIONS = "unlimited_submissions"


def start_of_today():
    """Midnight, local time: where "today" starts for a day's submissions."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def submitted_today() -> QuerySet[AssignmentSubmission]:
    """Submissions since midnight, local time."""
    return AssignmentSubmission.objects.filter(submitted_at__gte=start_of_today())


def user_submissions_today(*, user: AbstractBaseUser) -> int:
    return submitted_today().filter(user=user).count()


def public_assignments() -> QuerySet[Assignment]:
    """Assignments of published modules."""
    return Assignment.objects.filter(module__in=public_content_modules())


def _test_cases(assignment: Assignment) -> list:
    """The assignment's test cases; none for a malformed row another writer made before its CHECK existed."""
    return assignment.test_cases if isinstance(assignment.test_cases, list) else []


def visible_test_cases(assignment: Assignment) -> list[dict]:
    """What learners may see of an assignment's tests: the hidden ones only ever show a verdict."""
    return [case for case in _test_cases(assignment) if isinstance(case, dict) and case.get("hidden", False) is False]


def test_case_of(result: SubmissionTestResult) -> dict:
    """The test case a result was graded on (empty if the assignment's tests have changed since)."""
    cases = _test_cases(result.submission.assignment)
    case = cases[result.number - 1] if result.number <= len(cases) else {}
    return case if isinstance(case, dict) else {}


def submissions_with_analyses() -> QuerySet[AssignmentSubmission]:
    """With their analyses and learners; the assignment is read as its id, so it is not joined."""
    return AssignmentSubmission.objects.select_related("analysis", "user")


def user_submissions(*, user: AbstractBaseUser) -> QuerySet[AssignmentSubmission]:
    return submissions_with_analyses().filter(user=user)


def user_submissions_with_tests(*, user: AbstractBaseUser) -> QuerySet[AssignmentSubmission]:
    """With the assignment (for its test cases) and each test's result, in order."""
    return (
        user_submissions(user=user)
        .select_related("assignment")
        .prefetch_related(Prefetch("test_results", queryset=SubmissionTestResult.objects.order_by("number")))
    )
