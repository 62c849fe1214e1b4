"""Analyses: what a student may read of their own, and everyone's for instructors and admins."""

import django_filters
from django.db.models import BooleanField, ExpressionWrapper, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from codezest.api.pagination import CursorPagination
from codezest.api.permissions import IsInstructorOrAdmin
from codezest.api.rows import JSONRowsListMixin
from codezest.api.views import SelectorQuerysetMixin

from . import selectors
from .models import AnalysisType, AssignmentAnalysis, QuizAnalysis

# ``reviewed`` (Analysis.is_reviewed) in SQL, for the lists PostgreSQL writes (codezest.api.rows).
REVIEWED_SQL = {"reviewed": ExpressionWrapper(Q(awaiting_review=False), output_field=BooleanField())}


class AssignmentAnalysisOutputSerializer(serializers.ModelSerializer):
    """What a student may read of an analysis: no prompt, no reviewer."""

    reviewed = serializers.BooleanField(source="is_reviewed", read_only=True)

    class Meta:
        model = AssignmentAnalysis
        ref_name = "AssignmentAnalysis"
        fields = [
            "id",
            "analysis_type",
            "overall_score",
            "code_quality",
            "strengths",
            "weaknesses",
            "suggestions",
            "detailed_feedback",
            "ai_model",
            "reviewed",
            "created_at",
            "updated_at",
        ]
        sql_fields = REVIEWED_SQL


class QuizAnalysisOutputSerializer(serializers.ModelSerializer):
    reviewed = serializers.BooleanField(source="is_reviewed", read_only=True)

    class Meta:
        model = QuizAnalysis
        ref_name = "QuizAnalysis"
        fields = [
            "id",
            "analysis_type",
            "performance_breakdown",
            "strong_topics",
            "weak_topics",
            "recommendations",
            "insights",
            "avg_time_per_question",
            "time_management",
            "reviewed",
            "created_at",
        ]
        sql_fields = REVIEWED_SQL


class StaffAssignmentAnalysisOutputSerializer(AssignmentAnalysisOutputSerializer):
    class Meta(AssignmentAnalysisOutputSerializer.Meta):
        ref_name = "StaffAssignmentAnalysis"
        fields = [
            *AssignmentAnalysisOutputSerializer.Meta.fields,
            "submission",
            "ai_prompt",
            "analyzed_by",
            "reviewed_at",
        ]


class StaffQuizAnalysisOutputSerializer(QuizAnalysisOutputSerializer):
    class Meta(QuizAnalysisOutputSerializer.Meta):
        ref_name = "StaffQuizAnalysis"
        fields = [*QuizAnalysisOutputSerializer.Meta.fields, "attempt", "ai_model", "analyzed_by", "reviewed_at"]


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """true or false; anything else is a 400 naming the filter, not silently ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true", **kwargs
        )


class ReviewedFilterMixin(django_filters.FilterSet):
    reviewed = StrictBooleanFilter(method="filter_reviewed", label="Reviewed by an instructor")
    analysis_type = django_filters.ChoiceFilter(choices=AnalysisType.choices)

    def filter_reviewed(self, queryset, name, value):
        return queryset.reviewed() if value else queryset.awaiting_review()


class AssignmentAnalysisFilter(ReviewedFilterMixin):
    assignment = django_filters.UUIDFilter(field_name="submission__assignment")

    class Meta:
        model = AssignmentAnalysis
        fields = ["analysis_type", "reviewed", "assignment"]


class QuizAnalysisFilter(ReviewedFilterMixin):
    quiz = django_filters.UUIDFilter(field_name="attempt__quiz")

    class Meta:
        model = QuizAnalysis
        fields = ["analysis_type", "reviewed", "quiz"]


class StaffMixin:
    permission_classes = [IsInstructorOrAdmin]
    pagination_class = CursorPagination


class AllAssignmentAnalyses(JSONRowsListMixin, SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = StaffAssignmentAnalysisOutputSerializer
    filterset_class = AssignmentAnalysisFilter

    def select(self):
        return selectors.assignment_analyses()


class AllQuizAnalyses(JSONRowsListMixin, SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    serializer_class = StaffQuizAnalysisOutputSerializer
    filterset_class = QuizAnalysisFilter

    def select(self):
        return selectors.quiz_analyses()
