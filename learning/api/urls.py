from django.urls import path

from learning.assignments import api as assignments
from learning.content import api as content
from learning.progress import api as progress
from learning.quizzes import api as quizzes
from learning.review import api as review

urlpatterns = [
    path("languages", content.LanguageList.as_view(), name="language-list"),
    path("languages/<uuid:pk>", content.LanguageDetail.as_view(), name="language-detail"),
    path("languages/slug/<slug:slug>", content.LanguageBySlug.as_view(), name="language-by-slug"),
    path("languages/<uuid:language_id>/modules", content.LanguageModules.as_view(), name="language-modules"),
    path(
        "languages/<uuid:language_id>/modules/slug/<slug:slug>", content.ModuleBySlug.as_view(), name="module-by-slug"
    ),
    path("modules", content.ModuleList.as_view(), name="module-list"),
    path("modules/<uuid:pk>", content.ModuleDetail.as_view(), name="module-detail"),
    path("modules/<uuid:module_id>/materials", content.ModuleMaterials.as_view(), name="module-materials"),
    path("materials/<uuid:pk>", content.MaterialDetail.as_view(), name="material-detail"),
    path("modules/<uuid:module_id>/assignments", assignments.ModuleAssignments.as_view(), name="module-assignments"),
    path("modules/<uuid:module_id>/quizzes", quizzes.ModuleQuizzes.as_view(), name="module-quizzes"),
    path("quizzes/<uuid:pk>", quizzes.QuizDetail.as_view(), name="quiz-detail"),
    path("me/enrollments", progress.MyEnrollments.as_view(), name="my-enrollments"),
    path("me/enrollments/<uuid:pk>", progress.MyEnrollment.as_view(), name="my-enrollment"),
    path("me/materials/<uuid:pk>/view", progress.MaterialView.as_view(), name="my-material-view"),
    path("me/materials/<uuid:pk>/complete", progress.MaterialComplete.as_view(), name="my-material-complete"),
    path("me/module-progress", progress.MyModuleProgress.as_view(), name="my-module-progress"),
    path("me/material-progress", progress.MyMaterialProgress.as_view(), name="my-material-progress"),
    path("me/submissions", assignments.MySubmissions.as_view(), name="my-submissions"),
    path("me/submissions/<uuid:pk>", assignments.MySubmission.as_view(), name="my-submission"),
    path("me/attempts", quizzes.MyAttempts.as_view(), name="my-attempts"),
    path("me/attempts/<uuid:pk>", quizzes.MyAttempt.as_view(), name="my-attempt"),
    path("me/attempts/<uuid:pk>/answers/<uuid:question>", quizzes.MyAttemptAnswer.as_view(), name="my-attempt-answer"),
    path("me/attempts/<uuid:pk>/submit", quizzes.MyAttemptSubmit.as_view(), name="my-attempt-submit"),
    path("submissions", assignments.AllSubmissions.as_view(), name="submission-list"),
    path("attempts", quizzes.AllAttempts.as_view(), name="attempt-list"),
    path("assignment-analyses", review.AllAssignmentAnalyses.as_view(), name="assignment-analysis-list"),
    path("quiz-analyses", review.AllQuizAnalyses.as_view(), name="quiz-analysis-list"),
]
