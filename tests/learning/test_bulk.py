"""The learning bulk writers check their templates as the services check each row, and refuse a whole batch.

That their rows are the services' is shown on the scale seed (tests/learning/test_demo.py): regraded,
rescored and reanalysed one by one, nothing changes.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from uuid6 import uuid7

from codezest.db.bulk import Occurrences
from learning.assignments.grader import GradingResult, TestResult, Verdict
from learning.assignments.models import AssignmentSubmission, SubmissionStatus, SubmissionTestResult
from learning.assignments.services import GradedSubmission, submission_bulk_generate
from learning.quizzes.models import MCQAnswer, MCQAttempt
from learning.quizzes.services import SubmittedAttempt, quiz_attempt_bulk_generate
from tests.accounts.factories import UserFactory
from tests.learning.factories import AssignmentFactory, MCQOptionFactory, MCQQuestionFactory, MCQQuizFactory

pytestmark = pytest.mark.django_db


def graded(assignment, *, status=SubmissionStatus.PASSED) -> GradedSubmission:
    result = GradingResult(tests=(TestResult(number=1, hidden=False, verdict=Verdict.PASSED, time_ms=3, stdout="3"),))
    submission = AssignmentSubmission(
        assignment=assignment, code="print(3)", language="python", status=status, score=100, feedback="1 of 1."
    )
    return GradedSubmission(submission, result)


def submitted(user_id, at) -> Occurrences:
    return Occurrences(
        "SELECT 0 AS template, %s::uuid AS id, %s::uuid AS user_id, %s::timestamptz AS at,"
        " %s::timestamptz + interval '5 seconds' AS graded_at",
        [uuid7(), user_id, at, at],
    )


def test_submissions_and_their_verdicts_are_stored_as_graded_at_their_times():
    user, at = UserFactory(), timezone.now() - timedelta(days=9)
    made = submission_bulk_generate(templates=[graded(AssignmentFactory())], occurrences=submitted(user.pk, at))
    assert made == (1, 1)
    submission = AssignmentSubmission.objects.get(user=user)
    assert (submission.status, submission.score, submission.feedback) == (SubmissionStatus.PASSED, 100, "1 of 1.")
    assert (submission.submitted_at, submission.graded_at) == (at, at + timedelta(seconds=5))
    verdict = SubmissionTestResult.objects.get(submission=submission)
    assert (verdict.number, verdict.verdict, verdict.time_ms, verdict.stdout) == (1, Verdict.PASSED, 3, "3")


def test_a_submission_of_an_unknown_status_is_refused_on_it():
    with pytest.raises(ValidationError) as raised:
        submission_bulk_generate(
            templates=[graded(AssignmentFactory(), status="LOST")],
            occurrences=submitted(UserFactory().pk, timezone.now()),
        )
    assert "status" in raised.value.message_dict
    assert not AssignmentSubmission.objects.exists()


def test_submissions_of_a_user_who_does_not_exist_are_refused_on_user():
    stranger = uuid7()
    with pytest.raises(ValidationError) as raised:
        submission_bulk_generate(
            templates=[graded(AssignmentFactory())], occurrences=submitted(stranger, timezone.now())
        )
    assert raised.value.message_dict == {"user": [f"No such user: {stranger}."]}


def test_an_answer_to_another_quiz_is_refused_as_quiz_answer_refuses_it():
    quiz = MCQQuizFactory()
    elsewhere = MCQQuestionFactory()  # of another quiz
    started = timezone.now()
    attempt = MCQAttempt(quiz=quiz, score=0, started_at=started, completed_at=started + timedelta(minutes=1))
    answer = MCQAnswer(
        attempt=attempt,
        question=elsewhere,
        selected_option=MCQOptionFactory(question=elsewhere),
        answered_at=started + timedelta(seconds=20),
    )
    occurrences = Occurrences(
        "SELECT 0 AS template, %s::uuid AS id, %s::uuid AS user_id, now() AS at", [uuid7(), UserFactory().pk]
    )
    with pytest.raises(ValidationError) as raised:
        quiz_attempt_bulk_generate(templates=[SubmittedAttempt(attempt, [answer])], occurrences=occurrences)
    assert "question" in raised.value.message_dict
    assert not MCQAttempt.objects.exists()
