"""The learner's journey through the learning services."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from learning.assignments.services import submission_create
from learning.models import (
    EnrollmentStatus,
    LanguageEnrollment,
    MaterialProgress,
    MCQAttempt,
    ModuleProgress,
    ProgressStatus,
    QuizAnalysis,
)
from learning.progress.services import (
    enrollment_create,
    enrollment_drop,
    enrollment_pause,
    material_complete,
    material_view,
    module_progress_recompute,
)
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.services import quiz_analysis_run
from tests.accounts.factories import UserFactory

from .factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
    ProgrammingLanguageFactory,
)

pytestmark = pytest.mark.django_db


class TestEnrollment:
    def test_enrolling_twice_returns_the_same_enrollment(self):
        user, language = UserFactory(), ProgrammingLanguageFactory()
        first = enrollment_create(user=user, language=language)
        again = enrollment_create(user=user, language=language)
        assert first.pk == again.pk
        assert LanguageEnrollment.objects.filter(user=user).count() == 1

    def test_pause_drop_and_resume(self):
        enrollment = enrollment_create(user=UserFactory(), language=ProgrammingLanguageFactory())
        assert enrollment_pause(enrollment=enrollment).status == EnrollmentStatus.PAUSED
        with pytest.raises(ValidationError):
            enrollment_pause(enrollment=enrollment)
        assert enrollment_drop(enrollment=enrollment).status == EnrollmentStatus.DROPPED
        resumed = enrollment_create(user=enrollment.user, language=enrollment.language)
        assert resumed.status == EnrollmentStatus.ACTIVE

    def test_an_inactive_language_refuses_enrollment(self):
        with pytest.raises(ValidationError) as raised:
            enrollment_create(user=UserFactory(), language=ProgrammingLanguageFactory(is_active=False))
        assert "language" in raised.value.message_dict


class TestProgress:
    def test_completing_materials_moves_the_module_and_then_the_enrollment(self):
        user, module = UserFactory(), ModuleFactory()
        first, second = MaterialFactory(module=module), MaterialFactory(module=module)
        enrollment_create(user=user, language=module.language)

        material_view(user=user, material=first)
        progress = ModuleProgress.objects.get(user=user, module=module)
        assert (progress.status, progress.progress_percent) == (ProgressStatus.IN_PROGRESS, 0)
        assert progress.started_at is not None

        material_complete(user=user, material=first)
        assert ModuleProgress.objects.get(pk=progress.pk).progress_percent == 50
        material_complete(user=user, material=second)
        progress.refresh_from_db()
        assert (progress.status, progress.progress_percent) == (ProgressStatus.COMPLETED, 100)
        enrollment = LanguageEnrollment.objects.get(user=user, language=module.language)
        assert enrollment.status == EnrollmentStatus.COMPLETED
        assert enrollment.completed_at is not None

    def test_soft_deleted_materials_do_not_count(self):
        user, module = UserFactory(), ModuleFactory()
        kept, gone = MaterialFactory(module=module), MaterialFactory(module=module)
        gone.delete()
        material_complete(user=user, material=kept)
        assert ModuleProgress.objects.get(user=user, module=module).status == ProgressStatus.COMPLETED

    def test_a_new_material_reopens_a_completed_module(self):
        user, module = UserFactory(), ModuleFactory()
        material_complete(user=user, material=MaterialFactory(module=module))
        MaterialFactory(module=module)
        progress = module_progress_recompute(user=user, module=module)
        assert (progress.status, progress.progress_percent, progress.completed_at) == (
            ProgressStatus.IN_PROGRESS,
            50,
            None,
        )

    def test_a_deleted_material_cannot_be_viewed(self):
        material = MaterialFactory()
        material.delete()
        with pytest.raises(ValidationError):
            material_view(user=UserFactory(), material=material)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_views_of_one_progress_row_both_count():
    user, material = UserFactory(), MaterialFactory()
    material_view(user=user, material=material)
    start = threading.Barrier(2)
    errors = []

    def view():
        try:
            start.wait(timeout=10)
            material_view(user=user, material=material)
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=view) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert MaterialProgress.objects.get(user=user, material=material).view_count == 3


@pytest.fixture
def quiz():
    """Three questions worth 1, 2 and 2 points, on two topics, each with a right and a wrong option."""
    quiz = MCQQuizFactory(time_limit=10)
    for points, topic in ((1, "loops"), (2, "loops"), (2, "functions")):
        question = MCQQuestionFactory(quiz=quiz, points=points, topic=topic)
        MCQOptionFactory(question=question, is_correct=True, option_text="right")
        MCQOptionFactory(question=question, is_correct=False, option_text="wrong")
    return quiz


def answer(attempt, question, correct: bool):
    return quiz_answer(attempt=attempt, question=question, option=question.options.get(is_correct=correct))


class TestQuizzes:
    def test_score_is_earned_over_total_points(self, quiz, django_capture_on_commit_callbacks):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        one, two, three = quiz.questions.order_by("order")
        answer(attempt, one, True)
        answer(attempt, two, False)
        answer(attempt, three, True)
        with django_capture_on_commit_callbacks(execute=True):
            attempt = quiz_attempt_submit(attempt=attempt)
        assert attempt.score == Decimal("60.00")  # (1 + 2) of 5 points
        analysis = QuizAnalysis.objects.get(attempt=attempt)
        assert analysis.performance_breakdown == {"functions": 100.0, "loops": 33.3}
        assert analysis.strong_topics == ["functions"]
        assert analysis.weak_topics == ["loops"]
        assert "loops" in analysis.recommendations[0]
        assert analysis.avg_time_per_question is not None

    def test_changing_an_answer_keeps_one_answer_per_question(self, quiz):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        question = quiz.questions.first()
        answer(attempt, question, False)
        answer(attempt, question, True)
        assert attempt.answers.get().is_correct

    def test_answering_after_submission_is_refused(self, quiz):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        quiz_attempt_submit(attempt=attempt)
        with pytest.raises(ValidationError) as raised:
            answer(attempt, quiz.questions.first(), True)
        assert raised.value.code == "attempt_submitted"
        with pytest.raises(ValidationError):
            quiz_attempt_submit(attempt=attempt)

    def test_the_time_limit_is_enforced(self, quiz):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        MCQAttempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(minutes=11))
        with pytest.raises(ValidationError) as raised:
            answer(attempt, quiz.questions.first(), True)
        assert raised.value.code == "time_limit"

    def test_an_option_of_another_question_is_refused(self, quiz):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        first, second = quiz.questions.order_by("order")[:2]
        with pytest.raises(ValidationError) as raised:
            quiz_answer(attempt=attempt, question=first, option=second.options.first())
        assert "selected_option" in raised.value.message_dict
        assert not attempt.answers.exists()

    def test_a_question_of_another_quiz_is_refused(self, quiz):
        attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
        stranger = MCQOptionFactory()
        with pytest.raises(ValidationError) as raised:
            quiz_answer(attempt=attempt, question=stranger.question, option=stranger)
        assert "question" in raised.value.message_dict


def test_the_quiz_analysis_reads_the_attempt_as_stored(quiz):
    attempt = quiz_attempt_start(user=UserFactory(), quiz=quiz)
    for question in quiz.questions.all():
        answer(attempt, question, True)
    quiz_attempt_submit(attempt=attempt)
    analysis = quiz_analysis_run(attempt=attempt)  # the object from before the submission
    assert analysis.insights.startswith("Scored 100.00%")


@pytest.mark.parametrize("deleted", ["module", "language"])
def test_content_under_a_deleted_parent_is_no_longer_available(deleted):
    module = ModuleFactory()
    material, quiz = MaterialFactory(module=module), MCQQuizFactory(module=module)
    assignment = AssignmentFactory(module=module, test_cases=[])
    (module if deleted == "module" else module.language).delete()
    user = UserFactory()
    for act, field in (
        (lambda: material_view(user=user, material=material), "material"),
        (lambda: quiz_attempt_start(user=user, quiz=quiz), "quiz"),
        (lambda: submission_create(user=user, assignment=assignment, code="print(1)"), "assignment"),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert field in refused.value.message_dict
