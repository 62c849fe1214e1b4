import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from learning.models import AnalysisType, AssignmentAnalysis, AssignmentSubmission, MCQAttempt, QuizAnalysis


class SubmissionFilter(django_filters.FilterSet):
    class Meta:
        model = AssignmentSubmission
        fields = ["status", "assignment", "language", "user"]


class AttemptFilter(django_filters.FilterSet):
    class Meta:
        model = MCQAttempt
        fields = ["quiz", "user"]


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
        awaiting = {"analysis_type": AnalysisType.AI, "reviewed_at__isnull": True}
        return queryset.exclude(**awaiting) if value else queryset.filter(**awaiting)


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
