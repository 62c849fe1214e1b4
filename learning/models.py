"""Every model of the learning app, each defined in the subpackage that owns it."""

from learning.assignments.models import Assignment, AssignmentSubmission, SubmissionStatus, SubmissionTestResult
from learning.content.models import Difficulty, Material, MaterialType, Module, ProgrammingLanguage
from learning.dashboard.models import AnalysisKind, AwaitingReviewCount, SubmissionCount, SubmissionQuarterHourCount
from learning.progress.models import (
    EnrollmentStatus,
    LanguageEnrollment,
    MaterialProgress,
    ModuleProgress,
    ProgressStatus,
)
from learning.quizzes.models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz
from learning.review.models import AnalysisType, AssignmentAnalysis, QuizAnalysis

__all__ = [
    "AnalysisKind",
    "AnalysisType",
    "Assignment",
    "AssignmentAnalysis",
    "AssignmentSubmission",
    "AwaitingReviewCount",
    "Difficulty",
    "EnrollmentStatus",
    "LanguageEnrollment",
    "MCQAnswer",
    "MCQAttempt",
    "MCQOption",
    "MCQQuestion",
    "MCQQuiz",
    "Material",
    "MaterialProgress",
    "MaterialType",
    "Module",
    "ModuleProgress",
    "ProgrammingLanguage",
    "ProgressStatus",
    "QuizAnalysis",
    "SubmissionCount",
    "SubmissionQuarterHourCount",
    "SubmissionStatus",
    "SubmissionTestResult",
]
