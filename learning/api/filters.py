import django_filters

from learning.models import AnalysisType, AssignmentAnalysis, AssignmentSubmission, MCQAttempt, QuizAnalysis


class SubmissionFilter(django_filters.FilterSet):
    class Meta:
        model = AssignmentSubmission
        fields = ["status", "assignment", "language", "user"]


class AttemptFilter(django_filters.FilterSet):
    class Meta:
        model = MCQAttempt
        fields = ["quiz", "user"]


class ReviewedFilterMixin(django_filters.FilterSet):
    reviewed = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_reviewed",
        label="Reviewed by an instructor (true or false)",
    )
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
