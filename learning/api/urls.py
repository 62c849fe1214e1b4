from django.urls import path

from . import views

urlpatterns = [
    path("languages", views.LanguageList.as_view(), name="language-list"),
    path("languages/<uuid:pk>", views.LanguageDetail.as_view(), name="language-detail"),
    path("languages/slug/<slug:slug>", views.LanguageBySlug.as_view(), name="language-by-slug"),
    path("languages/<uuid:language_id>/modules", views.LanguageModules.as_view(), name="language-modules"),
    path("modules/<uuid:module_id>/materials", views.ModuleMaterials.as_view(), name="module-materials"),
    path("modules/<uuid:module_id>/assignments", views.ModuleAssignments.as_view(), name="module-assignments"),
    path("modules/<uuid:module_id>/quizzes", views.ModuleQuizzes.as_view(), name="module-quizzes"),
    path("quizzes/<uuid:pk>", views.QuizDetail.as_view(), name="quiz-detail"),
    path("me/enrollments", views.MyEnrollments.as_view(), name="my-enrollments"),
    path("me/module-progress", views.MyModuleProgress.as_view(), name="my-module-progress"),
    path("me/material-progress", views.MyMaterialProgress.as_view(), name="my-material-progress"),
    path("me/submissions", views.MySubmissions.as_view(), name="my-submissions"),
    path("me/submissions/<uuid:pk>", views.MySubmission.as_view(), name="my-submission"),
    path("me/attempts", views.MyAttempts.as_view(), name="my-attempts"),
    path("me/attempts/<uuid:pk>", views.MyAttempt.as_view(), name="my-attempt"),
    path("submissions", views.AllSubmissions.as_view(), name="submission-list"),
    path("attempts", views.AllAttempts.as_view(), name="attempt-list"),
    path("assignment-analyses", views.AllAssignmentAnalyses.as_view(), name="assignment-analysis-list"),
    path("quiz-analyses", views.AllQuizAnalyses.as_view(), name="quiz-analysis-list"),
]
