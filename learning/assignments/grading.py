"""How a submission is graded: by its tests when the assignment has any, else by its analysis's percent."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .grader import GradingResult, grade
from .models import AssignmentSubmission, SubmissionStatus, SubmissionTestResult


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


def grade_from_tests(*, result: GradingResult, max_score: int) -> Grade:
    """The tests decide: the passed share of ``max_score``, PASSED only when every test passes."""
    if result.compile_error:
        return GRADE_IMPOSSIBLE
    score = (Decimal(result.passed) * max_score / result.total).quantize(Decimal("0.01"))
    status = SubmissionStatus.PASSED if result.passed == result.total else SubmissionStatus.FAILED
    return Grade(status=status, score=score)


def tests_feedback(result: GradingResult) -> str:
    """What the student reads about the tests: the count passed, or the compiler's message."""
    if result.compile_error:
        return f"Your code does not compile:\n{result.compile_output}".strip()
    return f"{result.passed} of {result.total} tests passed."


def submission_tests_run(*, submission: AssignmentSubmission) -> GradingResult | None:
    """Run the submission against its assignment's test cases; None when there are none.

    Call it outside a transaction: it takes seconds. GraderUnavailable means nothing was judged.
    """
    test_cases = submission.assignment.test_cases
    if not test_cases:
        return None
    return grade(language=submission.language, code=submission.code, test_cases=test_cases)


def _storable(text: str) -> str:
    return text.replace("\x00", "\N{REPLACEMENT CHARACTER}")  # PostgreSQL text cannot hold NUL


def submission_test_results_replace(
    *, submission: AssignmentSubmission, result: GradingResult
) -> list[SubmissionTestResult]:
    """Keep this run's verdicts in place of the last run's."""
    submission.test_results.all().delete()
    rows = submission_test_results(submission=submission, result=result)
    for row in rows:
        row.full_clean(validate_unique=False)  # the old rows are gone; the constraint still holds in SQL
    return SubmissionTestResult.objects.bulk_create(rows)


def submission_test_results(*, submission: AssignmentSubmission, result: GradingResult) -> list[SubmissionTestResult]:
    """A run's verdicts as the rows that keep them (not yet checked or stored)."""
    return [
        SubmissionTestResult(
            submission=submission,
            number=test.number,
            hidden=test.hidden,
            verdict=test.verdict,
            time_ms=test.time_ms,
            wall_time_ms=test.wall_time_ms,
            memory_kb=test.memory_kb,
            stdout=_storable(test.stdout),
            stderr=_storable(test.stderr),
        )
        for test in result.tests
    ]
