"""Writes of analyses: the automatic runs, and an instructor's review, which always wins over them."""

from collections.abc import Sequence
from dataclasses import asdict
from enum import Enum

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from activity.services import activity_record
from activity.types import ActivityType
from codezest.db.bulk import Occurrences, fan_out, templates_clean, uuid7_sql
from learning.assignments.analyzers.base import (
    AnalyzerUnavailable,
    AssignmentReport,
    assignment_analyzers,
    manual_review_report,
)
from learning.assignments.grader import GraderUnavailable
from learning.assignments.grading import (
    GRADE_IMPOSSIBLE,
    grade_from_percent,
    grade_from_tests,
    submission_grade,
    submission_test_results_replace,
    submission_tests_run,
    tests_feedback,
)
from learning.assignments.models import AssignmentSubmission, SubmissionStatus
from learning.quizzes.analyzer import QuizReport, quiz_analysis_compute
from learning.quizzes.models import MCQAttempt
from notifications.services import notification_notify
from notifications.types import NotificationType

from .models import AnalysisType, AssignmentAnalysis, QuizAnalysis


class Keep(Enum):
    """A review argument left out: the analysis keeps its value."""

    VALUE = "keep"


KEEP = Keep.VALUE

# What an instructor may change in a review; the admin's review forms show exactly these.
ASSIGNMENT_REVIEW_FIELDS = (
    "overall_score",
    "code_quality",
    "strengths",
    "weaknesses",
    "suggestions",
    "detailed_feedback",
)
QUIZ_REVIEW_FIELDS = ("strong_topics", "weak_topics", "recommendations", "insights", "time_management")


def _grade_from_analysis(submission: AssignmentSubmission, analysis: AssignmentAnalysis) -> None:
    """The analysis decides the grade; without a score the submission waits for a person."""
    grade = grade_from_percent(percent=analysis.overall_score, max_score=submission.assignment.max_score)
    submission_grade(submission=submission, grade=grade, feedback=analysis.detailed_feedback)


def submission_report(submission: AssignmentSubmission) -> AssignmentReport:
    """The first configured analyzer's report on the submission, or one asking an instructor to judge it."""
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


def _locked_submission(pk) -> AssignmentSubmission:
    return AssignmentSubmission.objects.select_for_update().select_related("assignment", "user").get(pk=pk)


def submission_evaluate(*, submission: AssignmentSubmission) -> AssignmentSubmission:
    """Run the submission's tests, then analyse it; a reviewed submission is left as it is.

    The tests grade it when the assignment has any; otherwise the analysis does. Grading and analysing
    happen outside a transaction (they take seconds); the results are stored together under a row lock.
    """
    with transaction.atomic():
        submission = _locked_submission(submission.pk)
        if AssignmentAnalysis.objects.reviewed().filter(submission=submission).exists():
            return submission
        submission.status = SubmissionStatus.RUNNING
        submission.save(update_fields=["status"])
    try:
        result = submission_tests_run(submission=submission)
    except GraderUnavailable as error:
        with transaction.atomic():
            feedback = f"Your code could not be run yet ({error}); it will be graded again."
            return submission_grade(
                submission=_locked_submission(submission.pk), grade=GRADE_IMPOSSIBLE, feedback=feedback
            )
    report = submission_report(submission)
    with transaction.atomic():
        submission = _locked_submission(submission.pk)
        analysis = AssignmentAnalysis.objects.select_for_update().filter(submission=submission).first()
        if analysis and analysis.is_reviewed:
            return submission  # reviewed while we were grading
        analysis = _analysis_from_report(analysis or AssignmentAnalysis(submission=submission), report)
        if result is not None:
            submission_test_results_replace(submission=submission, result=result)
            grade = grade_from_tests(result=result, max_score=submission.assignment.max_score)
            submission_grade(submission=submission, grade=grade, feedback=tests_feedback(result))
        elif report.analysis_impossible:
            submission_grade(submission=submission, grade=GRADE_IMPOSSIBLE, feedback=analysis.detailed_feedback)
        else:
            _grade_from_analysis(submission, analysis)
        _tell_graded(submission, analysis)
    return submission


def _analysis_from_report(analysis: AssignmentAnalysis, report: AssignmentReport) -> AssignmentAnalysis:
    _findings_set(analysis, report)
    analysis.full_clean()
    analysis.save()
    return analysis


# A bulk analysis's id and times: those of the moment it was made.
_ANALYSED_AT = {"id": uuid7_sql("o.at"), "created_at": "o.at", "updated_at": "o.at"}


def _findings_set(analysis: AssignmentAnalysis, report: AssignmentReport) -> AssignmentAnalysis:
    findings = asdict(report)
    findings.pop("analysis_impossible")
    for name, value in findings.items():
        setattr(analysis, name, value)
    return analysis


@transaction.atomic
def assignment_analysis_bulk_generate(*, templates: Sequence[AssignmentReport], occurrences: Occurrences) -> int:
    """Analyses in one INSERT, each stored as ``submission_evaluate`` stores an analyzer's report; returns how many.

    The occurrences' columns: ``template`` (its position in ``templates``), ``submission_id`` and ``at``
    (when analysed). Rows are written in the occurrences' order.
    """
    analyses = [_findings_set(AssignmentAnalysis(), report) for report in templates]
    templates_clean(analyses, exclude=["submission"])
    values = {**_ANALYSED_AT, "submission_id": "o.submission_id"}
    return fan_out(AssignmentAnalysis, templates=analyses, occurrences=occurrences, values=values)


def _tell_graded(submission: AssignmentSubmission, analysis: AssignmentAnalysis) -> None:
    activity_record(
        user=submission.user,
        type=ActivityType.ASSIGNMENT_ANALYZED,
        description=f"{submission.assignment.title}: {submission.get_status_display()}",
        metadata={"submission_id": str(submission.pk), "status": submission.status},
    )
    notification_notify(
        user=submission.user,
        type=NotificationType.ASSIGNMENT_ANALYZED,
        title=f"Feedback on {submission.assignment.title}",
        message=f"{submission.feedback}\n\n{analysis.detailed_feedback}".strip(),
        metadata={"submission_id": str(submission.pk)},
    )


@transaction.atomic
def quiz_analysis_run(*, attempt: MCQAttempt) -> QuizAnalysis:
    """Compute the attempt's analysis; one an instructor has reviewed is left as it is."""
    attempt = MCQAttempt.objects.select_related("quiz__module").get(pk=attempt.pk)  # as stored, not as passed
    existing = QuizAnalysis.objects.select_for_update().filter(attempt=attempt).first()
    if existing and existing.is_reviewed:
        return existing
    analysis = existing or QuizAnalysis(attempt=attempt)
    for name, value in asdict(quiz_analysis_compute(attempt)).items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis.save()
    return analysis


@transaction.atomic
def quiz_analysis_bulk_generate(*, templates: Sequence[QuizReport], occurrences: Occurrences) -> int:
    """Quiz analyses in one INSERT, each stored as ``quiz_analysis_run`` stores one; returns how many.

    The occurrences' columns: ``template`` (its position in ``templates``), ``attempt_id`` and ``at``
    (when analysed). Rows are written in the occurrences' order.
    """
    analyses = [QuizAnalysis(**asdict(report)) for report in templates]
    templates_clean(analyses, exclude=["attempt"])
    values = {**_ANALYSED_AT, "attempt_id": "o.attempt_id"}
    return fan_out(QuizAnalysis, templates=analyses, occurrences=occurrences, values=values)


def _review(analysis, *, reviewer: AbstractBaseUser, changes: dict, owner: AbstractBaseUser):
    """Apply an instructor's changes: AI becomes HYBRID, MANUAL stays MANUAL; reviewer and time are kept."""
    if not (reviewer.is_active and reviewer.is_staff):  # staff are exactly the instructors and admins
        raise PermissionDenied("Only instructors and admins review analyses.")
    for name, value in changes.items():
        if value is not KEEP:
            setattr(analysis, name, value)
    if analysis.analysis_type == AnalysisType.AI:
        analysis.analysis_type = AnalysisType.HYBRID
    analysis.analyzed_by, analysis.reviewed_at = reviewer, timezone.now()
    analysis.full_clean()
    analysis.save()
    activity_record(
        user=owner,
        type=ActivityType.ANALYSIS_REVIEWED,
        description="An instructor reviewed your work",
        metadata={"analysis_id": str(analysis.pk)},
    )
    notification_notify(user=owner, type=NotificationType.ANALYSIS_REVIEWED, title="An instructor reviewed your work")
    return analysis


@transaction.atomic
def assignment_analysis_review(
    *,
    analysis: AssignmentAnalysis,
    reviewer: AbstractBaseUser,
    overall_score: int | Keep | None = KEEP,
    code_quality: dict | Keep = KEEP,
    strengths: list[str] | Keep = KEEP,
    weaknesses: list[str] | Keep = KEEP,
    suggestions: list[str] | Keep = KEEP,
    detailed_feedback: str | Keep = KEEP,
) -> AssignmentAnalysis:
    """An instructor reviews an assignment analysis; the submission is graded again from the reviewed score.

    A submission graded by its tests keeps that grade unless the reviewer gives a score.
    """
    analysis = (
        AssignmentAnalysis.objects.select_for_update().select_related("submission__assignment").get(pk=analysis.pk)
    )
    changes = {
        "overall_score": overall_score,
        "code_quality": code_quality,
        "strengths": strengths,
        "weaknesses": weaknesses,
        "suggestions": suggestions,
        "detailed_feedback": detailed_feedback,
    }
    analysis = _review(analysis, reviewer=reviewer, changes=changes, owner=analysis.submission.user)
    if overall_score is not KEEP or not analysis.submission.test_results.exists():
        _grade_from_analysis(analysis.submission, analysis)  # a reviewer's score outranks the tests
    return analysis


@transaction.atomic
def quiz_analysis_review(
    *,
    analysis: QuizAnalysis,
    reviewer: AbstractBaseUser,
    strong_topics: list[str] | Keep = KEEP,
    weak_topics: list[str] | Keep = KEEP,
    recommendations: list[str] | Keep = KEEP,
    insights: str | Keep = KEEP,
    time_management: str | Keep = KEEP,
) -> QuizAnalysis:
    """An instructor reviews a quiz analysis."""
    analysis = QuizAnalysis.objects.select_for_update().select_related("attempt").get(pk=analysis.pk)
    changes = {
        "strong_topics": strong_topics,
        "weak_topics": weak_topics,
        "recommendations": recommendations,
        "insights": insights,
        "time_management": time_management,
    }
    return _review(analysis, reviewer=reviewer, changes=changes, owner=analysis.attempt.user)


def assignment_regrade(*, assignment_id, batch_size: int = 100, progress=None) -> int:
    """Evaluate every submission of an assignment again (after its tests change); reviewed ones are kept.

    Submissions are read in batches by key (no offset), each evaluated in its own transactions; ``progress(n)``
    is told after each batch. Returns how many were evaluated.
    """
    submissions = AssignmentSubmission.objects.filter(assignment_id=assignment_id).order_by("pk")
    done, last = 0, None
    while batch := list(submissions.filter(pk__gt=last)[:batch_size] if last else submissions[:batch_size]):
        for submission in batch:
            submission_evaluate(submission=submission)
        done, last = done + len(batch), batch[-1].pk
        if progress:
            progress(len(batch))
    return done
