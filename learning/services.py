"""Writes of the learning context: the learner's journey and the analyses of their work."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import User
from activity.services import activity_record
from notifications.services import notification_notify

from .assignments.analyzers.base import AnalyzerUnavailable, assignment_analyzers, manual_review_report
from .quizzes.analyzer import analyze_attempt
from .models import (
    AnalysisType,
    Assignment,
    AssignmentAnalysis,
    AssignmentSubmission,
    EnrollmentStatus,
    LanguageEnrollment,
    Material,
    MaterialProgress,
    MCQAnswer,
    MCQAttempt,
    MCQOption,
    MCQQuestion,
    MCQQuiz,
    Module,
    ModuleProgress,
    ProgrammingLanguage,
    ProgressStatus,
    QuizAnalysis,
    SubmissionStatus,
)
from .selectors import module_current_materials
from .tasks import analyze_attempt_task, analyze_submission_task


def _ensure_available(content, field: str) -> None:
    """Learners act only on content that is still published (not soft-deleted)."""
    if content.is_deleted:
        raise ValidationError({field: f"This {content._meta.verbose_name} is no longer available."})


# Enrollment ----------------------------------------------------------------------------------


@transaction.atomic
def enrollment_create(*, user: User, language: ProgrammingLanguage) -> LanguageEnrollment:
    """Enroll in a language; enrolling again returns the enrollment, resumed if paused or dropped."""
    _ensure_available(language, "language")
    if not language.is_active:
        raise ValidationError({"language": "This language is not open for enrollment."})
    enrollment, created = LanguageEnrollment.objects.select_for_update().get_or_create(user=user, language=language)
    if created:
        activity_record(
            user=user,
            type="language_enrolled",
            description=f"Enrolled in {language.name}",
            metadata={"language_id": str(language.pk)},
        )
    elif enrollment.status in (EnrollmentStatus.PAUSED, EnrollmentStatus.DROPPED):
        _enrollment_set_status(enrollment, EnrollmentStatus.ACTIVE)
    return enrollment


def _enrollment_set_status(enrollment: LanguageEnrollment, status: str) -> LanguageEnrollment:
    enrollment.status = status
    enrollment.completed_at = timezone.now() if status == EnrollmentStatus.COMPLETED else None
    enrollment.full_clean()
    enrollment.save(update_fields=["status", "completed_at"])
    activity_record(
        user=enrollment.user,
        type=f"language_{status.lower()}",
        description=f"{enrollment.language.name}: {enrollment.get_status_display()}",
        metadata={"language_id": str(enrollment.language_id)},
    )
    return enrollment


@transaction.atomic
def enrollment_pause(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise ValidationError({"status": "Only an active enrollment can be paused."})
    return _enrollment_set_status(enrollment, EnrollmentStatus.PAUSED)


@transaction.atomic
def enrollment_drop(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status == EnrollmentStatus.COMPLETED:
        raise ValidationError({"status": "A completed enrollment cannot be dropped."})
    return _enrollment_set_status(enrollment, EnrollmentStatus.DROPPED)


@transaction.atomic
def enrollment_complete(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return enrollment
    enrollment = _enrollment_set_status(enrollment, EnrollmentStatus.COMPLETED)
    notification_notify(
        user=enrollment.user, type="language_completed", title=f"You completed {enrollment.language.name}!"
    )
    return enrollment


# Progress ------------------------------------------------------------------------------------


def _material_progress(user: User, material: Material) -> MaterialProgress:
    _ensure_available(material, "material")
    progress, _ = MaterialProgress.objects.get_or_create(user=user, material=material)
    return progress


@transaction.atomic
def material_view(*, user: User, material: Material) -> MaterialProgress:
    """Count a view of a material; concurrent views each count (the increment happens in SQL)."""
    progress = _material_progress(user, material)
    MaterialProgress.objects.filter(pk=progress.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
    module_progress_recompute(user=user, module=material.module)
    progress.refresh_from_db()
    return progress


@transaction.atomic
def material_complete(*, user: User, material: Material) -> MaterialProgress:
    progress = _material_progress(user, material)
    now = timezone.now()
    MaterialProgress.objects.filter(pk=progress.pk, completed=False).update(completed=True, completed_at=now)
    MaterialProgress.objects.filter(pk=progress.pk, last_viewed_at__isnull=True).update(last_viewed_at=now)
    module_progress_recompute(user=user, module=material.module)
    progress.refresh_from_db()
    return progress


@transaction.atomic
def module_progress_recompute(*, user: User, module: Module) -> ModuleProgress:
    """Percent and status from the module's current materials; the row is locked while it changes."""
    progress, _ = ModuleProgress.objects.get_or_create(user=user, module=module)
    progress = ModuleProgress.objects.select_for_update().get(pk=progress.pk)
    materials = module_current_materials(module=module)
    total = materials.count()
    states = MaterialProgress.objects.filter(user=user, material__in=materials)
    done = states.filter(completed=True).count()
    started = states.exists()
    was = progress.status
    now = timezone.now()
    progress.progress_percent = round(done * 100 / total) if total else 0
    if total and done == total:
        progress.status = ProgressStatus.COMPLETED
        progress.completed_at = progress.completed_at or now
    else:
        progress.status = ProgressStatus.IN_PROGRESS if started else ProgressStatus.NOT_STARTED
        progress.completed_at = None
    if started and progress.started_at is None:
        progress.started_at = now
    progress.last_accessed_at = now
    progress.full_clean()
    progress.save()
    if was == ProgressStatus.NOT_STARTED and progress.status != ProgressStatus.NOT_STARTED:
        activity_record(
            user=user,
            type="module_started",
            description=f"Started {module.title}",
            metadata={"module_id": str(module.pk)},
        )
    if was != ProgressStatus.COMPLETED and progress.status == ProgressStatus.COMPLETED:
        activity_record(
            user=user,
            type="module_completed",
            description=f"Completed {module.title}",
            metadata={"module_id": str(module.pk)},
        )
        notification_notify(user=user, type="module_completed", title=f"Module completed: {module.title}")
        _complete_enrollment_if_done(user, module.language)
    return progress


def _complete_enrollment_if_done(user: User, language: ProgrammingLanguage) -> None:
    enrollment = LanguageEnrollment.objects.filter(user=user, language=language).first()
    if enrollment is None or enrollment.status == EnrollmentStatus.COMPLETED:
        return
    modules = Module.objects.filter(language=language)
    completed = ModuleProgress.objects.filter(user=user, module__in=modules, status=ProgressStatus.COMPLETED)
    if modules.exists() and completed.count() == modules.count():
        enrollment_complete(enrollment=enrollment)


# Quizzes -------------------------------------------------------------------------------------


@transaction.atomic
def quiz_attempt_start(*, user: User, quiz: MCQQuiz) -> MCQAttempt:
    _ensure_available(quiz, "quiz")
    attempt = MCQAttempt(user=user, quiz=quiz)
    attempt.full_clean()
    attempt.save()
    activity_record(
        user=user,
        type="quiz_started",
        description=f"Started {quiz.title}",
        metadata={"quiz_id": str(quiz.pk), "attempt_id": str(attempt.pk)},
    )
    return attempt


def _deadline(attempt: MCQAttempt):
    limit = attempt.quiz.time_limit
    return attempt.started_at + timedelta(minutes=limit) if limit else None


@transaction.atomic
def quiz_answer(*, attempt: MCQAttempt, question: MCQQuestion, option: MCQOption) -> MCQAnswer:
    """Answer a question of an open attempt; answering again before submitting changes the answer."""
    attempt = MCQAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.completed_at is not None:
        raise ValidationError(
            "This attempt has been submitted; its answers can no longer change.", code="attempt_submitted"
        )
    deadline = _deadline(attempt)
    if deadline and timezone.now() > deadline:
        raise ValidationError("The time limit of this quiz has passed.", code="time_limit")
    answer = MCQAnswer.objects.filter(attempt=attempt, question=question).first() or MCQAnswer(
        attempt=attempt, question=question
    )
    answer.selected_option, answer.is_correct, answer.answered_at = option, option.is_correct, timezone.now()
    answer.full_clean()  # the question must be in the quiz, the option in the question
    answer.save()
    return answer


def _score_percent(attempt: MCQAttempt) -> Decimal:
    questions = MCQQuestion.objects.filter(quiz_id=attempt.quiz_id)
    total = questions.aggregate(points=Sum("points"))["points"] or 0
    earned = (
        questions.filter(answers__attempt=attempt, answers__is_correct=True).aggregate(points=Sum("points"))["points"]
        or 0
    )
    if not total:
        return Decimal(0)
    return (Decimal(earned) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def quiz_attempt_submit(*, attempt: MCQAttempt) -> MCQAttempt:
    """Score the attempt (earned over total points, 0 to 100) and analyse it in the background."""
    attempt = MCQAttempt.objects.select_for_update().select_related("quiz", "user").get(pk=attempt.pk)
    if attempt.completed_at is not None:
        raise ValidationError("This attempt has already been submitted.", code="attempt_submitted")
    attempt.score, attempt.completed_at = _score_percent(attempt), timezone.now()
    attempt.full_clean()
    attempt.save(update_fields=["score", "completed_at"])
    passed = attempt.score >= attempt.quiz.passing_score
    activity_record(
        user=attempt.user,
        type="quiz_completed",
        description=f"{attempt.quiz.title}: {attempt.score}%",
        metadata={"attempt_id": str(attempt.pk), "score": str(attempt.score), "passed": passed},
    )
    notification_notify(
        user=attempt.user,
        type="quiz_completed",
        title=f"Quiz {'passed' if passed else 'completed'}: {attempt.quiz.title}",
        message=f"You scored {attempt.score}%.",
        metadata={"attempt_id": str(attempt.pk)},
    )
    attempt_id = str(attempt.pk)
    transaction.on_commit(lambda: analyze_attempt_task.enqueue(attempt_id))
    return attempt


@transaction.atomic
def quiz_analysis_run(*, attempt: MCQAttempt) -> QuizAnalysis:
    """Compute the attempt's analysis; one an instructor has reviewed is left as it is."""
    attempt = MCQAttempt.objects.select_related("quiz__module").get(pk=attempt.pk)  # as stored, not as passed
    existing = QuizAnalysis.objects.select_for_update().filter(attempt=attempt).first()
    if existing and existing.is_reviewed:
        return existing
    report = analyze_attempt(attempt)
    analysis = existing or QuizAnalysis(attempt=attempt)
    for name, value in vars(report).items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis.save()
    return analysis


# Assignments ---------------------------------------------------------------------------------


@transaction.atomic
def submission_create(*, user: User, assignment: Assignment, code: str, language: str) -> AssignmentSubmission:
    """Keep the code as PENDING and analyse it in the background once the submission is stored."""
    _ensure_available(assignment, "assignment")
    if not code.strip():
        raise ValidationError({"code": "The code is empty."})
    submission = AssignmentSubmission(user=user, assignment=assignment, code=code, language=language.strip().lower())
    submission.full_clean()
    submission.save()
    activity_record(
        user=user,
        type="assignment_submitted",
        description=f"Submitted {assignment.title}",
        metadata={"submission_id": str(submission.pk)},
    )
    submission_id = str(submission.pk)
    transaction.on_commit(lambda: analyze_submission_task.enqueue(submission_id))
    return submission


def _grade(submission: AssignmentSubmission, analysis: AssignmentAnalysis, *, impossible: bool) -> None:
    """The analysis decides the grade: PASSED at or above the pass mark, FAILED below, ERROR when impossible."""
    if impossible:
        submission.status, submission.score = SubmissionStatus.ERROR, None
    elif analysis.overall_score is None:
        submission.status, submission.score = SubmissionStatus.PENDING, None  # awaiting manual review
    else:
        submission.score = (Decimal(analysis.overall_score) * submission.assignment.max_score / 100).quantize(
            Decimal("0.01")
        )
        passed = analysis.overall_score >= settings.ASSIGNMENT_PASS_MARK
        submission.status = SubmissionStatus.PASSED if passed else SubmissionStatus.FAILED
    submission.feedback = analysis.detailed_feedback
    submission.graded_at = timezone.now() if submission.status != SubmissionStatus.PENDING else None
    submission.full_clean()
    submission.save(update_fields=["status", "score", "feedback", "graded_at"])


def _report_for(submission: AssignmentSubmission):
    for analyzer in assignment_analyzers():
        try:
            return analyzer.analyze(
                code=submission.code,
                language=submission.language,
                assignment_title=submission.assignment.title,
                assignment_description=submission.assignment.description,
            )
        except AnalyzerUnavailable:
            continue
    return manual_review_report(submission.language)


def assignment_analysis_run(*, submission: AssignmentSubmission) -> AssignmentSubmission:
    """Analyse a submission with the first analyzer able to, and grade it; a reviewed analysis is kept."""
    with transaction.atomic():
        submission = (
            AssignmentSubmission.objects.select_for_update().select_related("assignment", "user").get(pk=submission.pk)
        )
        existing = AssignmentAnalysis.objects.filter(submission=submission).first()
        if existing and existing.is_reviewed:
            return submission
        submission.status = SubmissionStatus.RUNNING
        submission.save(update_fields=["status"])
    report = _report_for(submission)  # outside the transaction: an LLM call may take a while
    with transaction.atomic():
        submission = (
            AssignmentSubmission.objects.select_for_update().select_related("assignment", "user").get(pk=submission.pk)
        )
        analysis = AssignmentAnalysis.objects.select_for_update().filter(submission=submission).first()
        if analysis and analysis.is_reviewed:
            return submission  # reviewed while we were analysing
        analysis = analysis or AssignmentAnalysis(submission=submission)
        for name in (
            "overall_score",
            "code_quality",
            "strengths",
            "weaknesses",
            "suggestions",
            "detailed_feedback",
            "ai_model",
            "ai_prompt",
        ):
            setattr(analysis, name, getattr(report, name))
        analysis.full_clean()
        analysis.save()
        _grade(submission, analysis, impossible=report.analysis_impossible)
        activity_record(
            user=submission.user,
            type="assignment_analyzed",
            description=f"{submission.assignment.title}: {submission.get_status_display()}",
            metadata={"submission_id": str(submission.pk), "status": submission.status},
        )
        notification_notify(
            user=submission.user,
            type="assignment_analyzed",
            title=f"Feedback on {submission.assignment.title}",
            message=analysis.detailed_feedback,
            metadata={"submission_id": str(submission.pk)},
        )
    return submission


# Instructor review ---------------------------------------------------------------------------

ASSIGNMENT_REVIEW_FIELDS = {
    "overall_score",
    "code_quality",
    "strengths",
    "weaknesses",
    "suggestions",
    "detailed_feedback",
}
QUIZ_REVIEW_FIELDS = {"strong_topics", "weak_topics", "recommendations", "insights", "time_management"}


@transaction.atomic
def analysis_review(
    *, analysis: AssignmentAnalysis | QuizAnalysis, reviewer: User, **changes
) -> AssignmentAnalysis | QuizAnalysis:
    """An instructor edits an analysis: AI becomes HYBRID, MANUAL stays MANUAL; reviewer and time are kept.

    A reviewed assignment analysis grades its submission again from the reviewed score.
    """
    if not (reviewer.is_active and reviewer.role in (User.Role.INSTRUCTOR, User.Role.ADMIN)):
        raise PermissionDenied("Only instructors and admins review analyses.")
    allowed = ASSIGNMENT_REVIEW_FIELDS if isinstance(analysis, AssignmentAnalysis) else QUIZ_REVIEW_FIELDS
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed in a review."))
    analysis = type(analysis).objects.select_for_update().get(pk=analysis.pk)
    for name, value in changes.items():
        setattr(analysis, name, value)
    if analysis.analysis_type == AnalysisType.AI:
        analysis.analysis_type = AnalysisType.HYBRID
    analysis.analyzed_by, analysis.reviewed_at = reviewer, timezone.now()
    analysis.full_clean()
    analysis.save()
    owner = analysis.submission.user if isinstance(analysis, AssignmentAnalysis) else analysis.attempt.user
    if isinstance(analysis, AssignmentAnalysis):
        _grade(analysis.submission, analysis, impossible=False)
    activity_record(
        user=owner,
        type="analysis_reviewed",
        description="An instructor reviewed your work",
        metadata={"analysis_id": str(analysis.pk)},
    )
    notification_notify(user=owner, type="analysis_reviewed", title="An instructor reviewed your work")
    return analysis
