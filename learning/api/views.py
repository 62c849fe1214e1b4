from django.http import Http404
from rest_framework import generics
from rest_framework.permissions import AllowAny

from codezest.api.pagination import CursorPagination
from codezest.api.permissions import IsInstructorOrAdmin
from codezest.api.views import SelectorQuerysetMixin
from learning import selectors
from learning.models import MCQQuiz, Module

from . import serializers
from .filters import AssignmentAnalysisFilter, AttemptFilter, QuizAnalysisFilter, SubmissionFilter

# Content: anyone may read what is published ----------------------------------------------------


class PublicContentMixin:
    permission_classes = [AllowAny]


class LanguageList(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    serializer_class = serializers.LanguageSerializer

    def select(self):
        return selectors.public_languages()


class LanguageDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    serializer_class = serializers.LanguageSerializer

    def select(self):
        return selectors.public_languages()


class LanguageBySlug(LanguageDetail):
    lookup_field = "slug"


class ModuleContentMixin(PublicContentMixin):
    def module(self):
        try:
            return selectors.public_module(module_id=self.kwargs["module_id"])
        except Module.DoesNotExist as missing:
            raise Http404 from missing


class LanguageModules(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    serializer_class = serializers.ModuleSerializer

    def select(self):
        modules = selectors.public_modules(language_id=self.kwargs["language_id"])
        if not selectors.public_languages().filter(pk=self.kwargs["language_id"]).exists():
            raise Http404
        return modules


class ModuleMaterials(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    serializer_class = serializers.MaterialSerializer

    def select(self):
        return selectors.module_current_materials(module=self.module())


class ModuleAssignments(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    serializer_class = serializers.AssignmentSerializer

    def select(self):
        return selectors.module_assignments(module=self.module())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "module_id" in self.kwargs:
            context["revealed_assignment_ids"] = selectors.assignments_submitted_by(
                user=self.request.user, module_id=self.kwargs["module_id"]
            )
        return context


class ModuleQuizzes(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    serializer_class = serializers.QuizSummarySerializer

    def select(self):
        return selectors.module_quizzes(module=self.module())


class QuizDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    """A quiz with its questions and options; answers and explanations once you have submitted an attempt."""

    serializer_class = serializers.QuizSerializer

    def get_object(self):
        try:
            return selectors.public_quiz_with_questions(quiz_id=self.kwargs["pk"])
        except MCQQuiz.DoesNotExist as missing:
            raise Http404 from missing

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            context["reveal_answers"] = selectors.quiz_answers_visible(
                user=self.request.user, quiz_id=self.kwargs["pk"]
            )
        return context


# The signed-in learner's own rows: another user's id is simply not found --------------------


class MyEnrollments(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.EnrollmentSerializer

    def select(self):
        return selectors.user_enrollments(user=self.request.user)


class MyModuleProgress(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.ModuleProgressSerializer

    def select(self):
        return selectors.user_module_progress(user=self.request.user)


class MyMaterialProgress(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.MaterialProgressSerializer

    def select(self):
        return selectors.user_material_progress(user=self.request.user)


class MySubmissions(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.SubmissionSerializer
    pagination_class = CursorPagination

    def select(self):
        return selectors.user_submissions(user=self.request.user)


class MySubmission(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = serializers.SubmissionSerializer

    def select(self):
        return selectors.user_submissions(user=self.request.user)


class MyAttempts(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.AttemptSerializer
    pagination_class = CursorPagination

    def select(self):
        return selectors.user_attempts(user=self.request.user)


class MyAttempt(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = serializers.AttemptSerializer

    def select(self):
        return selectors.user_attempts(user=self.request.user)


# Everyone's work, for instructors and admins -------------------------------------------------


class StaffMixin:
    permission_classes = [IsInstructorOrAdmin]


class AllSubmissions(SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = serializers.StaffSubmissionSerializer
    pagination_class = CursorPagination
    filterset_class = SubmissionFilter

    def select(self):
        return selectors.submissions_with_analyses()


class AllAttempts(SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = serializers.StaffAttemptSerializer
    pagination_class = CursorPagination
    filterset_class = AttemptFilter

    def select(self):
        return selectors.attempts_with_answers()


class AllAssignmentAnalyses(SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = serializers.StaffAssignmentAnalysisSerializer
    pagination_class = CursorPagination
    filterset_class = AssignmentAnalysisFilter

    def select(self):
        return selectors.assignment_analyses()


class AllQuizAnalyses(SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = serializers.StaffQuizAnalysisSerializer
    pagination_class = CursorPagination
    filterset_class = QuizAnalysisFilter

    def select(self):
        return selectors.quiz_analyses()
