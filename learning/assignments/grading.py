"""How a submission is graded: the score scaled to the assignment, PASSED at or above the pass mark."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .models import AssignmentSubmission, SubmissionStatus


@dataclass(frozen=True)
class Grade:
    status: SubmissionStatus
    score: Decimal | None


def grade_from_percent(*, percent: int | None, max_score: int) -> Grade:
    """PASSED at or above ``ASSIGNMENT_PASS_MARK``, FAILED below; no percent means a person must judge it."""
    if percent is None:
        return Grade(status=SubmissionStatus.PENDING, score=None)
    score = (Decimal(percent) * max_score / 100).quantize(Decimal("0.01"))
    passed = percent >= settings.ASSIGNMENT_PASS_MARK
    return Grade(status=SubmissionStatus.PASSED if passed else SubmissionStatus.FAILED, score=score)


GRADE_IMPOSSIBLE = Grade(status=SubmissionStatus.ERROR, score=None)


def submission_grade(*, submission: AssignmentSubmission, grade: Grade, feedback: str) -> AssignmentSubmission:
    """Store a grade and its feedback; a submission still awaiting a person has no grading time."""
    submission.status, submission.score, submission.feedback = grade.status, grade.score, feedback
    submission.graded_at = timezone.now() if grade.status != SubmissionStatus.PENDING else None
    submission.full_clean()
    submission.save(update_fields=["status", "score", "feedback", "graded_at"])
    return submission
