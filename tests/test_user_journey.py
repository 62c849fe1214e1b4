"""The seed's user journey, sign-up to PRO, driven through the services the admin, API and Stripe code call."""

import json

import pytest
from django.db import connection

from accounts.services import user_create
from learning.assignments.models import SubmissionStatus
from learning.assignments.services import submission_create
from learning.progress.models import EnrollmentStatus
from learning.progress.services import enrollment_create, material_complete, material_view
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.models import AnalysisType
from learning.review.services import assignment_analysis_review
from payments.selectors import effective_plan
from payments.services import checkout_start, webhook_process, webhook_receive
from tests.catalog import fetch
from tests.learning.factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
)
from tests.payments.fake_stripe import signed

pytestmark = pytest.mark.django_db


def rows(sql: str, *params) -> list[tuple]:
    return fetch(connection, sql, list(params))


def test_the_journey_through_services_only(instructor, fake_stripe, django_capture_on_commit_callbacks):
    """The spec's eight steps, each by its service; what they leave is read back from the tables."""
    module = ModuleFactory(language__name="Python", language__slug="python")
    material = MaterialFactory(module=module)
    assignment = AssignmentFactory(module=module)
    quiz = MCQQuizFactory(module=module)
    question = MCQQuestionFactory(quiz=quiz, topic="basics")
    right = MCQOptionFactory(question=question, is_correct=True)

    with django_capture_on_commit_callbacks(execute=True):
        # 1. sign-up: the user, their profile, preferences and a FREE subscription
        student = user_create(email="grace@example.com", password="correct-horse-battery-9", name="Grace")
        # 2. enroll, 3. work through the module
        enrollment_create(user=student, language=module.language)
        material_view(user=student, material=material)
        material_complete(user=student, material=material)
        # 4. submit an assignment: analysed and graded in the background once committed
        submission = submission_create(
            user=student,
            assignment=assignment,
            code="first, second = map(int, input().split())\nprint(first + second)\n",
        )
        # 5. take a quiz
        attempt = quiz_attempt_start(user=student, quiz=quiz)
        quiz_answer(attempt=attempt, question=question, option=right)
        quiz_attempt_submit(attempt=attempt)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PASSED  # its tests ran in the sandbox
    assert list(submission.test_results.values_list("verdict", flat=True)) == ["PASSED", "PASSED"]
    breakdown = rows("SELECT performance_breakdown FROM learning.quiz_analyses WHERE attempt_id = %s", attempt.pk)
    assert [json.loads(value) for (value,) in breakdown] == [{"basics": 100.0}]

    # 6. an instructor reviews the AI analysis
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = assignment_analysis_review(analysis=submission.analysis, reviewer=instructor, overall_score=95)
    assert (reviewed.analysis_type, reviewed.analyzed_by) == (AnalysisType.HYBRID, instructor)

    # 7. upgrade to PRO: Checkout, then Stripe's webhooks
    session_url = checkout_start(user=student, plan="PRO")
    with django_capture_on_commit_callbacks(execute=True):
        for event in fake_stripe.complete_checkout(session_url.rsplit("/", 1)[1]):
            payload, signature = signed(event)
            webhook_process(event=webhook_receive(payload=payload, signature=signature))
    assert effective_plan(user=student) == "PRO"

    # 8. each step left its rows in its schema, an activity, and notifications and e-mails as preferred
    assert rows("SELECT count(*) FROM auth.user_profiles WHERE user_id = %s", student.pk) == [(1,)]
    assert rows("SELECT status FROM learning.language_enrollments WHERE user_id = %s", student.pk) == [
        (EnrollmentStatus.COMPLETED,)
    ]
    assert rows("SELECT status, progress_percent FROM learning.module_progress WHERE user_id = %s", student.pk) == [
        ("COMPLETED", 100)
    ]
    assert rows(
        "SELECT i.status FROM payments.invoices i JOIN payments.subscriptions s ON s.id = i.subscription_id "
        "WHERE s.user_id = %s",
        student.pk,
    ) == [("PAID",)]
    activity_types = {
        row[0] for row in rows("SELECT type FROM activity.user_activities WHERE user_id = %s", student.pk)
    }
    assert activity_types >= {
        "signed_up",
        "language_enrolled",
        "module_started",
        "module_completed",
        "language_completed",
        "assignment_submitted",
        "assignment_analyzed",
        "quiz_started",
        "quiz_completed",
        "analysis_reviewed",
        "subscription_changed",
        "payment_success",
    }
    notified = rows("SELECT type FROM notifications.notifications WHERE user_id = %s", student.pk)
    assert {row[0] for row in notified} >= {
        "module_completed",
        "language_completed",
        "assignment_analyzed",
        "quiz_completed",
        "analysis_reviewed",
        "payment_success",
    }
    sent = rows(
        "SELECT count(*) FROM notifications.email_logs WHERE to_address = %s AND status = 'SENT'", student.email
    )
    assert sent == [(len(notified),)]
