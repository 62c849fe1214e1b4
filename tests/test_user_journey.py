"""The seed's user journey, sign-up to PRO, at the model level: each step leaves its rows in its schema."""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User, UserProfile
from accounts.services import user_create
from activity.models import UserActivity
from learning.models import (
    AnalysisType,
    AssignmentAnalysis,
    AssignmentSubmission,
    EnrollmentStatus,
    LanguageEnrollment,
    MaterialProgress,
    MCQAnswer,
    MCQAttempt,
    ModuleProgress,
    ProgressStatus,
    QuizAnalysis,
    SubmissionStatus,
)
from notifications.models import Notification
from payments.models import (
    Invoice,
    InvoiceStatus,
    Subscription,
    SubscriptionPlan,
    Transaction,
    TransactionStatus,
)
from tests.catalog import fetch
from tests.learning.factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db


def leave_a_trace(user: User, step: str, title: str) -> None:
    """Step 8: every step records an activity, and a notification since the user wants them."""
    UserActivity.objects.create(user=user, type=step, description=title)
    if user.notification_preference.email:
        Notification.objects.create(user=user, type=step, title=title)


def count(table: str, user: User) -> int:
    return fetch(connection, f"SELECT count(*) FROM {table} WHERE user_id = %s", [user.pk])[0][0]


def test_sign_up_to_pro_upgrade():
    now = timezone.now()
    # 1. sign-up makes the user's profile, preferences and FREE subscription, and records the activity
    student = user_create(email="ada@example.com", password="correct-horse-battery-9", name="Ada")
    UserProfile.objects.filter(user=student).update(preferences={"theme": "dark"})
    subscription = Subscription.objects.get(user=student, plan=SubscriptionPlan.FREE)

    # 2. enroll in a language
    module = ModuleFactory(language__name="Python", language__slug="python")
    LanguageEnrollment.objects.create(user=student, language=module.language)
    leave_a_trace(student, "language_enrolled", "Enrolled in Python")

    # 3. work through a module
    material = MaterialFactory(module=module)
    MaterialProgress.objects.create(
        user=student, material=material, view_count=2, completed=True, completed_at=now, last_viewed_at=now
    )
    ModuleProgress.objects.create(
        user=student,
        module=module,
        status=ProgressStatus.COMPLETED,
        progress_percent=100,
        started_at=now,
        completed_at=now,
        last_accessed_at=now,
    )
    leave_a_trace(student, "module_completed", "Finished the module")

    # 4. submit an assignment, analysed by an AI
    submission = AssignmentSubmission.objects.create(
        user=student,
        assignment=AssignmentFactory(module=module),
        code="def add(a, b):\n    return a + b\n",
        language="python",
        status=SubmissionStatus.PASSED,
        score=Decimal(90),
        graded_at=now,
    )
    analysis = AssignmentAnalysis.objects.create(
        submission=submission,
        overall_score=90,
        code_quality={"readability": 9, "efficiency": 9, "best_practices": 8},
        strengths=["Short and clear"],
        ai_model="static-analyzer",
    )
    leave_a_trace(student, "assignment_submitted", "Assignment analysed")

    # 5. take a quiz: answers, a score, an analysis
    quiz = MCQQuizFactory(module=module)
    question = MCQQuestionFactory(quiz=quiz, topic="basics")
    right = MCQOptionFactory(question=question, is_correct=True)
    attempt = MCQAttempt.objects.create(user=student, quiz=quiz, score=Decimal(100), completed_at=now)
    MCQAnswer.objects.create(attempt=attempt, question=question, selected_option=right, is_correct=True)
    QuizAnalysis.objects.create(attempt=attempt, performance_breakdown={"basics": 100}, strong_topics=["basics"])
    leave_a_trace(student, "quiz_completed", "Quiz passed")

    # 6. an instructor reviews the AI analysis
    instructor = user_create(email="grace@example.com", password="correct-horse-battery-9", role=User.Role.INSTRUCTOR)
    analysis.analysis_type, analysis.analyzed_by = AnalysisType.HYBRID, instructor
    analysis.save()
    leave_a_trace(student, "analysis_reviewed", "An instructor reviewed your code")

    # 7. upgrade to PRO
    subscription.plan = SubscriptionPlan.PRO
    subscription.stripe_customer_id, subscription.stripe_subscription_id = "cus_ada", "sub_ada"
    subscription.save()
    Transaction.objects.create(
        user=student, subscription=subscription, amount=1900, status=TransactionStatus.SUCCEEDED, paid_at=now
    )
    Invoice.objects.create(
        subscription=subscription,
        invoice_number="INV-2026-000001",
        amount=1900,
        tax=0,
        total=1900,
        status=InvoiceStatus.PAID,
        issued_at=now,
        paid_at=now,
    )
    leave_a_trace(student, "subscription_upgraded", "Welcome to PRO")

    assert count("auth.user_profiles", student) == 1
    assert count("notifications.notification_preferences", student) == 1
    assert fetch(connection, "SELECT plan FROM payments.subscriptions WHERE user_id = %s", [student.pk]) == [("PRO",)]
    assert fetch(connection, "SELECT status FROM learning.language_enrollments WHERE user_id = %s", [student.pk]) == [
        (EnrollmentStatus.ACTIVE,)
    ]
    assert count("learning.material_progress", student) == 1
    assert count("learning.module_progress", student) == 1
    assert fetch(
        connection,
        "SELECT a.analysis_type, a.analyzed_by_id FROM learning.assignment_analyses a "
        "JOIN learning.assignment_submissions s ON s.id = a.submission_id WHERE s.user_id = %s",
        [student.pk],
    ) == [("HYBRID", instructor.pk)]
    assert fetch(
        connection,
        "SELECT count(*) FROM learning.mcq_answers a JOIN learning.mcq_attempts t ON t.id = a.attempt_id "
        "JOIN learning.quiz_analyses q ON q.attempt_id = t.id WHERE t.user_id = %s",
        [student.pk],
    ) == [(1,)]
    assert fetch(connection, "SELECT status FROM payments.transactions WHERE user_id = %s", [student.pk]) == [
        ("SUCCEEDED",)
    ]
    assert fetch(
        connection,
        "SELECT i.status, i.total FROM payments.invoices i JOIN payments.subscriptions s ON s.id = i.subscription_id "
        "WHERE s.user_id = %s",
        [student.pk],
    ) == [("PAID", 1900)]
    assert count("activity.user_activities", student) == 7  # sign-up's and six steps'
    assert count("notifications.notifications", student) == 6


def test_the_journey_through_services_only(django_capture_on_commit_callbacks):
    """The spec's eight steps, each by the service the admin, API and Stripe code call."""
    from learning import services as learning
    from payments.services import subscription_upgrade

    content = ModuleFactory(language__name="Python", language__slug="python")
    material = MaterialFactory(module=content)
    assignment = AssignmentFactory(module=content)
    quiz = MCQQuizFactory(module=content)
    question = MCQQuestionFactory(quiz=quiz, topic="basics")
    right = MCQOptionFactory(question=question, is_correct=True)

    with django_capture_on_commit_callbacks(execute=True):
        # 1. sign-up
        student = user_create(email="grace@example.com", password="correct-horse-battery-9", name="Grace")
        # 2. enroll
        learning.enrollment_create(user=student, language=content.language)
        # 3. work through the module
        learning.material_view(user=student, material=material)
        learning.material_complete(user=student, material=material)
        # 4. submit an assignment: analysed in the background once committed
        submission = learning.submission_create(
            user=student,
            assignment=assignment,
            code='def add(a, b):\n    """Sum."""\n    return a + b\n',
            language="python",
        )
        # 5. take a quiz
        attempt = learning.quiz_attempt_start(user=student, quiz=quiz)
        learning.quiz_answer(attempt=attempt, question=question, option=right)
        learning.quiz_attempt_submit(attempt=attempt)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PASSED
    assert QuizAnalysis.objects.get(attempt=attempt).performance_breakdown == {"basics": 100.0}

    # 6. an instructor reviews the AI analysis
    instructor = user_create(email="alan@example.com", password="correct-horse-battery-9", role=User.Role.INSTRUCTOR)
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = learning.analysis_review(analysis=submission.analysis, reviewer=instructor, overall_score=95)
        # 7. upgrade to PRO
        subscription, payment, invoice = subscription_upgrade(
            subscription=Subscription.objects.get(user=student),
            plan=SubscriptionPlan.PRO,
            amount=1900,
            tax=190,
            valid_until=timezone.now() + timezone.timedelta(days=30),
        )
    assert (reviewed.analysis_type, reviewed.analyzed_by) == (AnalysisType.HYBRID, instructor)
    assert (subscription.plan, payment.status, invoice.status, invoice.total) == ("PRO", "SUCCEEDED", "PAID", 2090)
    assert invoice.invoice_number.startswith(f"INV-{timezone.now():%Y}-")

    # 8. every step left an activity, and notifications and e-mails as the user's preferences allow
    activity_types = set(UserActivity.objects.filter(user=student).values_list("type", flat=True))
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
        "subscription_upgraded",
    }
    notification_types = set(Notification.objects.filter(user=student).values_list("type", flat=True))
    assert notification_types >= {
        "module_completed",
        "language_completed",
        "assignment_analyzed",
        "quiz_completed",
        "analysis_reviewed",
        "payment_success",
    }
    from notifications.models import EmailLog

    assert EmailLog.objects.filter(to_address=student.email, status="SENT").count() == len(
        Notification.objects.filter(user=student)
    )
    assert count("learning.material_progress", student) == 1
    assert count("learning.module_progress", student) == 1
