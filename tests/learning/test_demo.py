"""seed_demo builds the demo set once; --scale adds bulk students whose rows are what the services would make."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from activity.models import AnalyticsEvent, UserActivity
from learning.assignments.models import AssignmentSubmission
from learning.assignments.services import submission_create
from learning.demo import seed_scale
from learning.progress.models import EnrollmentStatus, LanguageEnrollment, ModuleProgress
from learning.progress.services import enrollment_create, material_complete, module_progress_recompute
from learning.quizzes.models import MCQAttempt
from learning.quizzes.selectors import attempt_score_percent
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.models import AnalysisType, AssignmentAnalysis, QuizAnalysis
from learning.review.services import quiz_analysis_run, submission_evaluate
from notifications.models import EmailLog, Notification
from notifications.types import NotificationType
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "learning", "payments", "notifications", "activity")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_seed_demo_twice_leaves_the_same_row_counts(settings, capsys, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    scaled = ["--scale", "5", "--submissions-per-student", "8", "--events-per-student", "20"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", *scaled)
    first = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", *scaled)
    assert row_counts() == first
    assert first["accounts.User"] == 2 + 3 + 5
    assert first["learning.ProgrammingLanguage"] == 3
    assert first["learning.AssignmentSubmission"] > 2 + 2 + 3 + 5  # the demo students' and the bulk students'
    assert first["activity.AnalyticsEvent"] == 5 * 20
    assert "admin@codezest.local / zest-dev-2026" in capsys.readouterr().out


def test_demo_has_analyses_awaiting_review_and_reviewed(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    types = set(AssignmentAnalysis.objects.values_list("analysis_type", flat=True))
    assert types == {AnalysisType.AI, AnalysisType.HYBRID}


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known passwords"):
        call_command("seed_demo")


def test_scaled_data_is_what_the_services_would_make(sandbox_ready):
    """Bulk rows follow the services' rules: regrading, rescoring and recomputing them changes nothing."""
    seed_scale(3, events_per_student=1, submissions_per_student=3)
    submissions = AssignmentSubmission.objects.select_related("assignment", "analysis").order_by("pk")
    graded = {row.pk: graded_fields(row) for row in submissions}
    assert len({status for status, *_ in graded.values()}) > 1
    for submission in submissions:
        submission_evaluate(submission=submission)
    assert {row.pk: graded_fields(row) for row in submissions} == graded

    for attempt in MCQAttempt.objects.select_related("analysis"):
        assert attempt_score_percent(attempt=attempt) == attempt.score
        before = quiz_fields(attempt.analysis)
        assert quiz_fields(quiz_analysis_run(attempt=attempt)) == before

    for progress in ModuleProgress.objects.select_related("module"):
        recomputed = module_progress_recompute(user=progress.user, module=progress.module)
        assert (recomputed.status, recomputed.progress_percent) == (progress.status, progress.progress_percent)


def graded_fields(submission: AssignmentSubmission) -> tuple:
    submission.refresh_from_db()
    analysis = AssignmentAnalysis.objects.get(submission=submission)
    verdicts = sorted(submission.test_results.values_list("number", "hidden", "verdict"))
    return submission.status, submission.score, submission.feedback, analysis_fields(analysis), verdicts


def analysis_fields(analysis: AssignmentAnalysis) -> tuple:
    return (analysis.overall_score, analysis.code_quality, analysis.strengths, analysis.weaknesses, analysis.ai_model)


def quiz_fields(analysis: QuizAnalysis) -> tuple:
    return (
        analysis.performance_breakdown,
        analysis.strong_topics,
        analysis.weak_topics,
        analysis.recommendations,
        analysis.insights,
        analysis.avg_time_per_question,
        analysis.time_management,
    )


class TestWhatTheBulkStudentsAreTold:
    """Their feed, notifications and e-mails are what the services record for the same steps."""

    def test_about_a_submission(self, sandbox_ready, django_capture_on_commit_callbacks):
        seed_scale(1, events_per_student=0, submissions_per_student=2)
        seeded = AssignmentSubmission.objects.order_by("submitted_at").first()
        with django_capture_on_commit_callbacks(execute=False):  # evaluated here, not by the task
            again = submission_create(user=seeded.user, assignment=seeded.assignment, code=seeded.code)
        submission_evaluate(submission=again)
        assert told(seeded.user, "submission_id", seeded.pk) == told(again.user, "submission_id", again.pk)

    def test_about_a_quiz_attempt(self, django_capture_on_commit_callbacks):
        seed_scale(1, events_per_student=0, submissions_per_student=0)
        seeded = MCQAttempt.objects.order_by("started_at").first()
        with django_capture_on_commit_callbacks(execute=False):
            again = quiz_attempt_start(user=seeded.user, quiz=seeded.quiz)
            for answer in seeded.answers.order_by("answered_at"):
                quiz_answer(attempt=again, question=answer.question, option=answer.selected_option)
            quiz_attempt_submit(attempt=again)
        assert told(seeded.user, "attempt_id", seeded.pk) == told(again.user, "attempt_id", again.pk)

    def test_about_enrollments_and_modules(self, django_capture_on_commit_callbacks):
        seed_scale(6, events_per_student=0, submissions_per_student=0)
        enrollment = LanguageEnrollment.objects.filter(status=EnrollmentStatus.COMPLETED).first()
        learner = UserFactory()
        with django_capture_on_commit_callbacks(execute=False):
            enrollment_create(user=learner, language=enrollment.language)
            for module in enrollment.language.modules.order_by("order"):
                for material in module.materials.all():
                    material_complete(user=learner, material=material)
        assert steps(enrollment.user, enrollment.language) == steps(learner, enrollment.language)


def told(user, key: str, pk) -> tuple:
    """What the user's feed and notifications say about a submission or an attempt, its id left out."""
    activities = [
        (activity.type, activity.description, {**activity.metadata, key: "…"})
        for activity in UserActivity.objects.filter(user=user, **{f"metadata__{key}": str(pk)}).order_by("created_at")
    ]
    notification = Notification.objects.get(user=user, **{f"metadata__{key}": str(pk)})
    email = (
        EmailLog.objects.filter(
            to_address=user.email, subject=notification.title, created_at__gte=notification.created_at
        )
        .order_by("created_at")
        .first()
    )
    return (
        activities,
        (notification.type, notification.title, notification.message, notification.priority),
        (email.from_address, email.subject, email.body, email.provider),
    )


def steps(user, language) -> tuple:
    """The user's feed and notifications about a language and its modules, in order."""
    modules = list(language.modules.all())
    activities = [
        (activity.type, activity.description, activity.metadata)
        for activity in UserActivity.objects.filter(user=user).order_by("created_at")
        if activity.metadata.get("language_id") == str(language.pk)
        or activity.metadata.get("module_id") in {str(module.pk) for module in modules}
    ]
    notifications = [
        (notification.type, notification.title)
        for notification in Notification.objects.filter(
            user=user, type__in=[NotificationType.MODULE_COMPLETED, NotificationType.LANGUAGE_COMPLETED]
        ).order_by("created_at")
        if f" {language.name}!" in notification.title or any(module.title in notification.title for module in modules)
    ]
    return activities, notifications


def test_scaled_rows_come_after_their_parents_with_keys_in_time_order():
    started = timezone.now()
    seed_scale(3, events_per_student=30, submissions_per_student=20)
    joined = {user.pk: user.created_at for user in apps.get_model("accounts", "User").objects.all()}
    enrolled = {
        (enrollment.user_id, enrollment.language_id): enrollment.enrolled_at
        for enrollment in LanguageEnrollment.objects.all()
    }
    for submission in AssignmentSubmission.objects.select_related("assignment__module", "analysis"):
        enrollment = enrolled[submission.user_id, submission.assignment.module.language_id]
        assert joined[submission.user_id] < enrollment <= submission.submitted_at
        assert submission.submitted_at < submission.graded_at == submission.analysis.created_at < started
    for attempt in MCQAttempt.objects.prefetch_related("answers").select_related("analysis"):
        assert all(attempt.started_at < answer.answered_at < attempt.completed_at for answer in attempt.answers.all())
        assert attempt.completed_at <= attempt.analysis.created_at
    for notification in Notification.objects.filter(read=True):
        assert notification.created_at < notification.read_at < started
    for event in AnalyticsEvent.objects.all():
        assert joined[event.user_id] < event.created_at < started
    for model, moment in TIMED:
        for key, at in model.objects.values_list("pk", moment):
            assert uuid7_moment(key) == at.replace(microsecond=at.microsecond // 1000 * 1000), model


TIMED = [
    (AssignmentSubmission, "submitted_at"),
    (AssignmentAnalysis, "created_at"),
    (MCQAttempt, "started_at"),
    (UserActivity, "created_at"),
    (Notification, "created_at"),
    (EmailLog, "created_at"),
    (AnalyticsEvent, "created_at"),
    (LanguageEnrollment, "enrolled_at"),
]


def uuid7_moment(key: uuid.UUID) -> datetime:
    """The millisecond a UUIDv7 holds."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=key.int >> 80)


def test_events_are_stored_in_time_order():
    seed_scale(2, events_per_student=50, submissions_per_student=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT created_at FROM {connection.ops.quote_name(AnalyticsEvent._meta.db_table)}")
        stored = [moment for (moment,) in cursor.fetchall()]  # in the order the rows lie
    assert len(stored) == 100
    assert stored == sorted(stored)
