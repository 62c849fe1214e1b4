from .analysis import AssignmentAnalysis, QuizAnalysis
from .choices import (
    AnalysisType,
    Difficulty,
    EnrollmentStatus,
    MaterialType,
    ProgressStatus,
    SubmissionStatus,
)
from .content import Assignment, Material, MCQOption, MCQQuestion, MCQQuiz, Module, ProgrammingLanguage
from .progress import (
    AssignmentSubmission,
    LanguageEnrollment,
    MaterialProgress,
    MCQAnswer,
    MCQAttempt,
    ModuleProgress,
)

__all__ = [
    "AnalysisType",
    "Assignment",
    "AssignmentAnalysis",
    "AssignmentSubmission",
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
    "SubmissionStatus",
]
