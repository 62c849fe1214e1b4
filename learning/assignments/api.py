"""Assignments of a module for anyone, the learner's own submissions, and everyone's for staff."""

import django_filters
from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.api.idempotency import idempotent
from codezest.api.pagination import CursorPagination
from codezest.api.rows import JSONRowsListMixin
from codezest.api.serializers import LearnerSerializer
from codezest.api.views import SelectorQuerysetMixin
from learning.content.api import ModuleContentMixin
from learning.review.api import (
    AssignmentAnalysisOutputSerializer,
    StaffAssignmentAnalysisOutputSerializer,
    StaffMixin,
)
from payments.api.permissions import plan_includes

from . import selectors, services
from .grader import Verdict
from .models import Assignment, AssignmentSubmission
from .selectors import UNLIMITED_SUBMISSIONS, test_case_of, visible_test_cases


class TestCaseSerializer(serializers.Serializer):
    input = serializers.CharField()
    expected_output = serializers.CharField()
    hidden = serializers.BooleanField()

    class Meta:
        ref_name = "TestCase"


class ModuleAssignments(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        test_cases = serializers.SerializerMethodField(
            help_text="The visible test cases; hidden ones are run on every submission but never shown."
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
            return visible_test_cases(assignment)

    serializer_class = OutputSerializer

    def select(self):
        return selectors.module_assignments(module=self.module())


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


class TestResultOutputSerializer(serializers.Serializer):
    """A test's verdict; what it was given, expected and printed only for a visible test."""

    number = serializers.IntegerField()
    hidden = serializers.BooleanField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    time_ms = serializers.IntegerField(allow_null=True, required=False, help_text="CPU time; visible tests only.")
    memory_kb = serializers.IntegerField(allow_null=True, required=False, help_text="Visible tests only.")
    input = serializers.CharField(required=False, help_text="Visible tests only.")
    expected_output = serializers.CharField(required=False, help_text="Visible tests only.")
    actual_output = serializers.CharField(source="stdout", required=False, help_text="Visible tests only.")
    error_output = serializers.CharField(source="stderr", required=False, help_text="Visible tests only.")

    class Meta:
        ref_name = "TestResult"

    def to_representation(self, result):
        if result.hidden:
            return {"number": result.number, "hidden": True, "verdict": result.verdict}
        shown = super().to_representation(result)
        case = test_case_of(result)
        shown["input"], shown["expected_output"] = case.get("input", ""), case.get("expected_output", "")
        return shown


class MySubmission(SelectorQuerysetMixin, generics.RetrieveAPIView):
    """Your submission with a verdict for every test case (details of the visible ones only)."""

    class OutputSerializer(SubmissionOutputSerializer):
        tests = TestResultOutputSerializer(source="test_results", many=True, read_only=True)

        class Meta(SubmissionOutputSerializer.Meta):
            ref_name = "SubmissionDetail"
            fields = [*SubmissionOutputSerializer.Meta.fields, "tests"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.user_submissions_with_tests(user=self.request.user)


class SubmissionQuota(plan_includes(UNLIMITED_SUBMISSIONS)):
    """Submitting is free up to FREE_SUBMISSIONS_PER_DAY a day; beyond that the plan must include unlimited ones."""

    message = (
        f"Your plan includes {settings.FREE_SUBMISSIONS_PER_DAY} submissions a day: upgrade to PRO for unlimited ones."
    )

    def has_permission(self, request, view):
        if request.method != "POST":
            return True
        return super().has_permission(request, view) or (
            selectors.user_submissions_today(user=request.user) < settings.FREE_SUBMISSIONS_PER_DAY
        )


class MySubmissions(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    """Your submissions (GET); submit code for a published assignment (POST): it is graded in the background,
    so the answer is 202 with the submission, PENDING, and its URL to poll."""

    class InputSerializer(serializers.Serializer):
        assignment = serializers.UUIDField()
        code = serializers.CharField(trim_whitespace=False, max_length=settings.GRADER_MAX_CODE_BYTES)

        class Meta:
            ref_name = "SubmissionRequest"

    serializer_class = SubmissionOutputSerializer
    pagination_class = CursorPagination
    permission_classes = [IsAuthenticated, SubmissionQuota]

    def select(self):
        return selectors.user_submissions(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={202: MySubmission.OutputSerializer})
    @idempotent
    def post(self, request):
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        assignment = selectors.public_assignments().filter(pk=given.validated_data["assignment"]).first()
        if assignment is None:
            raise NotFound("No published assignment has this id.")
        submission = services.submission_create(
            user=request.user, assignment=assignment, code=given.validated_data["code"]
        )
        shown = selectors.user_submissions_with_tests(user=request.user).get(pk=submission.pk)
        url = reverse("my-submission", kwargs={"pk": submission.pk}, request=request)
        body = MySubmission.OutputSerializer(shown).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class SubmissionFilter(django_filters.FilterSet):
    # Ids, not model choices: a choice filter would render every row (every user's email) in the browsable API.
    assignment = django_filters.UUIDFilter()
    user = django_filters.UUIDFilter()

    class Meta:
        model = AssignmentSubmission
        fields = ["status", "assignment", "language", "user"]


class AllSubmissions(JSONRowsListMixin, SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
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
