"""Submissions graded by their assignment's tests: the flow from submitting to a grade, reviews, regrading."""

import httpx2
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from learning.assignments.grader import judge0
from learning.assignments.models import AssignmentSubmission, SubmissionStatus
from learning.assignments.services import submission_create
from learning.review.models import AnalysisType
from learning.review.services import assignment_analysis_review
from tests.learning.factories import AssignmentFactory
from tests.learning.grader.fake_judge0 import AUTH_TOKEN, FakeJudge0

pytestmark = pytest.mark.django_db

SUM = "first, second = map(int, input().split())\nprint(first + second)\n"
DIFFERENCE = "first, second = map(int, input().split())\nprint(first - second)\n"  # right for "2 0" only
CASES = [
    {"input": "1 2", "expected_output": "3", "hidden": False},
    {"input": "2 0", "expected_output": "2", "hidden": True},
]


@pytest.fixture
def assignment(sandbox_ready):
    return AssignmentFactory(module__language__slug="python", test_cases=CASES, max_score=80)


def submit(student, assignment, code: str, capture) -> AssignmentSubmission:
    with capture(execute=True):
        submission = submission_create(user=student, assignment=assignment, code=code)
    submission.refresh_from_db()
    return submission


def verdicts(submission) -> list[str]:
    return list(submission.test_results.order_by("number").values_list("verdict", flat=True))


def test_the_tests_grade_a_passing_a_failing_and_a_non_compiling_submission(
    student, assignment, django_capture_on_commit_callbacks
):
    passing = submit(student, assignment, SUM, django_capture_on_commit_callbacks)
    assert (passing.status, passing.score, verdicts(passing)) == ("PASSED", 80, ["PASSED", "PASSED"])
    assert passing.feedback == "2 of 2 tests passed."
    assert passing.analysis.overall_score is not None  # the analysis stays, as feedback beside the grade

    failing = submit(student, assignment, DIFFERENCE, django_capture_on_commit_callbacks)
    assert (failing.status, failing.score, verdicts(failing)) == ("FAILED", 40, ["WRONG_ANSWER", "PASSED"])

    broken = submit(student, assignment, "print(1 +\n", django_capture_on_commit_callbacks)
    assert (broken.status, broken.score) == (SubmissionStatus.ERROR, None)
    assert verdicts(broken) == ["COMPILE_ERROR", "COMPILE_ERROR"]
    assert "SyntaxError" in broken.feedback  # the compiler's own message


def test_output_the_database_cannot_hold_is_stored_readably(student, assignment, django_capture_on_commit_callbacks):
    submission = submit(student, assignment, 'print("a\\0b")\n', django_capture_on_commit_callbacks)
    assert submission.test_results.first().stdout.startswith("a\N{REPLACEMENT CHARACTER}b")


@pytest.mark.parametrize(
    ("language", "code", "field"),
    [("cobol", SUM, "language"), ("python", "x = 1\n" * 20_000, "code")],
)
def test_an_unknown_language_or_oversized_code_is_refused_naming_the_field_and_nothing_is_stored(
    student, language, code, field
):
    assignment = AssignmentFactory(module__language__slug=language, test_cases=CASES)
    with pytest.raises(ValidationError) as raised:
        submission_create(user=student, assignment=assignment, code=code)
    assert field in raised.value.message_dict
    assert not AssignmentSubmission.objects.exists()


@pytest.fixture
def judge0_down(settings, monkeypatch):
    settings.GRADER_BACKEND = "judge0"
    settings.JUDGE0_URL, settings.JUDGE0_AUTH_TOKEN = "https://judge0.test", AUTH_TOKEN
    settings.JUDGE0_POLL_SECONDS = 0
    monkeypatch.setattr(judge0, "http_transport", lambda: httpx2.MockTransport(lambda request: httpx2.Response(503)))
    return monkeypatch


def test_a_grader_outage_marks_the_submission_error_with_the_reason_and_a_regrade_grades_it(
    student, judge0_down, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory(module__language__slug="python", test_cases=CASES)
    submission = submit(student, assignment, SUM, django_capture_on_commit_callbacks)
    assert submission.status == SubmissionStatus.ERROR
    assert "could not be run" in submission.feedback
    assert "503" in submission.feedback

    def outcome(source_code: str, stdin: str) -> dict:
        first, second = map(int, stdin.split())
        return {"status_id": 3, "stdout": f"{first + second}\n"}

    judge0_down.setattr(judge0, "http_transport", lambda: httpx2.MockTransport(FakeJudge0(outcome).handle))
    call_command("regrade", "--assignment", str(assignment.pk))
    submission.refresh_from_db()
    assert (submission.status, verdicts(submission)) == ("PASSED", ["PASSED", "PASSED"])


def test_a_review_wins_over_a_regrade_and_new_tests_regrade_the_rest(
    student, instructor, assignment, django_capture_on_commit_callbacks
):
    reviewed = submit(student, assignment, DIFFERENCE, django_capture_on_commit_callbacks)
    other = submit(student, assignment, DIFFERENCE, django_capture_on_commit_callbacks)
    assignment_analysis_review(analysis=reviewed.analysis, reviewer=instructor, overall_score=90)
    assignment.test_cases = [{"input": "5 0", "expected_output": "5", "hidden": False}]
    assignment.save()

    call_command("regrade", "--assignment", str(assignment.pk))

    reviewed.refresh_from_db()
    other.refresh_from_db()
    assert (reviewed.status, reviewed.score, reviewed.analysis.analysis_type) == ("PASSED", 72, AnalysisType.HYBRID)
    assert (other.status, verdicts(other)) == ("PASSED", ["PASSED"])


def test_regrade_refuses_an_unknown_assignment():
    with pytest.raises(CommandError, match="No assignment"):
        call_command("regrade", "--assignment", "not-a-uuid")


def test_staff_see_every_test_and_regrade_from_the_admin(
    client, admin_account, student, assignment, django_capture_on_commit_callbacks
):
    submission = submit(student, assignment, DIFFERENCE, django_capture_on_commit_callbacks)
    client.force_login(admin_account)
    page = client.get(reverse("admin:learning_assignmentsubmission_change", args=[submission.pk])).content.decode()
    assert "Wrong answer" in page
    assert "2 0" in page  # the hidden test's input, which staff may see

    assignment.test_cases = [{"input": "5 0", "expected_output": "5", "hidden": False}]
    assignment.save()
    changelist = reverse("admin:learning_assignment_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "regrade_selected", "_selected_action": [assignment.pk]})
    submission.refresh_from_db()
    assert (submission.status, verdicts(submission)) == ("PASSED", ["PASSED"])
