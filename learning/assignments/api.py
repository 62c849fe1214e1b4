"""Assignments of a module for anyone, the learner's own submissions, and everyone's for staff."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from codezest.api.pagination import CursorPagination
from codezest.api.serializers import LearnerSerializer
from codezest.api.views import SelectorQuerysetMixin
from learning.content.api import ModuleContentMixin
from learning.review.api import (
    AssignmentAnalysisOutputSerializer,
    StaffAssignmentAnalysisOutputSerializer,
    StaffMixin,
)

from . import selectors
from .models import Assignment, AssignmentSubmission


class TestCaseSerializer(serializers.Serializer):
    input = serializers.CharField()
    expected_output = serializers.CharField()
    hidden = serializers.BooleanField()

    class Meta:
        ref_name = "TestCase"


class ModuleAssignments(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        test_cases = serializers.SerializerMethodField(
            help_text="Hidden cases appear only once you have submitted a solution."
        )

        class Meta:
            model = Assignment
            ref_name = "Assignment"
            fields = [
                "id",
                "module",
                "title",
                "description",
                "difficulty",
                "starter_code",
                "test_cases",
                "hints",
                "max_score",
                "time_limit",
            ]

        @extend_schema_field(TestCaseSerializer(many=True))
        def get_test_cases(self, assignment):
            revealed = assignment.pk in self.context.get("revealed_assignment_ids", ())
            return [case for case in assignment.test_cases if revealed or not case.get("hidden")]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.module_assignments(module=self.module())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "module_id" in self.kwargs:
            context["revealed_assignment_ids"] = selectors.assignments_submitted_by(
                user=self.request.user, module_id=self.kwargs["module_id"]
            )
        return context


class SubmissionOutputSerializer(serializers.ModelSerializer):
    analysis = AssignmentAnalysisOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AssignmentSubmission
        ref_name = "Submission"
        fields = [
            "id",
            "assignment",
            "language",
            "code",
            "status",
            "score",
            "feedback",
            "submitted_at",
            "graded_at",
            "analysis",
        ]


class MySubmissions(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = SubmissionOutputSerializer
    pagination_class = CursorPagination

    def select(self):
        return selectors.user_submissions(user=self.request.user)


class MySubmission(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = SubmissionOutputSerializer

    def select(self):
        return selectors.user_submissions(user=self.request.user)


class SubmissionFilter(django_filters.FilterSet):
    class Meta:
        model = AssignmentSubmission
        fields = ["status", "assignment", "language", "user"]


class AllSubmissions(SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    class OutputSerializer(SubmissionOutputSerializer):
        user = LearnerSerializer(read_only=True)
        analysis = StaffAssignmentAnalysisOutputSerializer(read_only=True, allow_null=True)

        class Meta(SubmissionOutputSerializer.Meta):
            ref_name = "StaffSubmission"
            fields = [*SubmissionOutputSerializer.Meta.fields, "user"]

    serializer_class = OutputSerializer
    filterset_class = SubmissionFilter

    def select(self):
        return selectors.submissions_with_analyses()
