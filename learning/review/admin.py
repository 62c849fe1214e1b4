"""The review queue: analyses awaiting review first, each reviewed through the review services."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from codezest.admin import BigTableAdminMixin
from codezest.admin_widgets import Bar, bar_chart, highlighted_code
from learning.assignments.admin import CodeLanguageFilter, test_results_table
from learning.assignments.models import Assignment
from learning.quizzes.analyzer import topic_is_weak
from learning.quizzes.models import MCQQuiz
from learning.validators import CODE_QUALITY_KEYS

from .forms import AssignmentReviewForm, QuizReviewForm
from .models import REVIEW_QUEUE_ORDER, SCORE_BANDS, AssignmentAnalysis, QuizAnalysis, score_band
from .services import ASSIGNMENT_REVIEW_FIELDS, QUIZ_REVIEW_FIELDS, assignment_analysis_review, quiz_analysis_review

PROVENANCE = ("analysis_type", "ai_model", "analyzed_by", "reviewed_at", "created_at")


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting review"), ("reviewed", "Reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_review()
        if self.value() == "reviewed":
            return queryset.reviewed()
        return queryset


class ScoreBandFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [*((band, band) for band in SCORE_BANDS), ("none", "No score")]

    def queryset(self, request, queryset):
        if self.value() in {*SCORE_BANDS, "none"}:
            return queryset.filter(score_band(self.value()))
        return queryset


# A filter through the submission or the attempt lists the analyses in its order, oldest first, which that
# table's index for the filter serves: no index of the analyses can hold another table's column.
BY_SUBMISSION = ("submission__submitted_at", "submission_id")
BY_ATTEMPT = ("attempt__started_at", "attempt_id")


class SubmissionLanguageFilter(CodeLanguageFilter):
    field = "submission__language"
    ordering = BY_SUBMISSION


class AssignmentFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assignment"
    ordering = BY_SUBMISSION

    def lookups(self, request, model_admin):
        return Assignment.objects.order_by("title").values_list("pk", "title")

    def queryset(self, request, queryset):
        return queryset.filter(submission__assignment=self.value()) if self.value() else queryset


class QuizFilter(admin.SimpleListFilter):
    title = "quiz"
    parameter_name = "quiz"
    ordering = BY_ATTEMPT

    def lookups(self, request, model_admin):
        return MCQQuiz.objects.order_by("title").values_list("pk", "title")

    def queryset(self, request, queryset):
        return queryset.filter(attempt__quiz=self.value()) if self.value() else queryset


class ReviewQueueAdmin(BigTableAdminMixin, admin.ModelAdmin):
    """Awaiting review first, oldest first; saving is a review by the model's review service."""

    review_fields: tuple = ()
    actions = ["approve_selected"]
    ordering = REVIEW_QUEUE_ORDER

    def has_add_permission(self, request):
        return False  # analyses come from the engine

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def review(self, *, analysis, reviewer, **changes):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in self.review_fields if name in form.cleaned_data}
        reviewed = self.review(analysis=obj, reviewer=request.user, **changes)
        obj.analysis_type, obj.analyzed_by, obj.reviewed_at = (
            reviewed.analysis_type,
            reviewed.analyzed_by,
            reviewed.reviewed_at,
        )

    @admin.action(description="Approve selected AI analyses as reviewed", permissions=["change"])
    def approve_selected(self, request, queryset):
        approved = 0
        for analysis in queryset.awaiting_review():
            self.review(analysis=analysis, reviewer=request.user)
            approved += 1
        self.message_user(request, f"{approved} analyses approved as reviewed.", messages.SUCCESS)


@admin.register(AssignmentAnalysis)
class AssignmentAnalysisAdmin(ReviewQueueAdmin):
    form = AssignmentReviewForm
    review_fields = ASSIGNMENT_REVIEW_FIELDS
    list_display = (
        "submission",
        "student",
        "assignment",
        "language",
        "analysis_type",
        "overall_score",
        "awaiting_review",
        "created_at",
    )
    list_filter = (ReviewStatusFilter, "analysis_type", ScoreBandFilter, SubmissionLanguageFilter, AssignmentFilter)
    list_select_related = ("submission__user", "submission__assignment")
    search_fields = ("submission__user__email", "submission")
    search_help_text = "An e-mail finds that student's analyses, a submission's id its analysis."
    readonly_fields = ("student", "assignment_brief", "code", "tests", *PROVENANCE)
    fieldsets = (
        ("The student's work", {"fields": ("student", "assignment_brief", "code", "tests")}),
        (
            "Review",
            {
                "fields": tuple(
                    CODE_QUALITY_KEYS if name == "code_quality" else name for name in ASSIGNMENT_REVIEW_FIELDS
                )
            },
        ),
        ("Provenance", {"fields": PROVENANCE}),
    )

    def review(self, *, analysis, reviewer, **changes):
        return assignment_analysis_review(analysis=analysis, reviewer=reviewer, **changes)

    @admin.display(description="student")
    def student(self, obj):
        return obj.submission.user

    @admin.display(description="assignment")
    def assignment(self, obj):
        return obj.submission.assignment

    @admin.display(description="language")
    def language(self, obj):
        return obj.submission.language  # the code's, as the language filter has it

    @admin.display(description="assignment")
    def assignment_brief(self, obj):
        assignment = obj.submission.assignment
        return format_html("<strong>{}</strong><p>{}</p>", assignment.title, assignment.description)

    @admin.display(description="code")
    def code(self, obj):
        return highlighted_code(obj.submission.code, obj.submission.language)

    @admin.display(description="tests")
    def tests(self, obj):
        return test_results_table(obj.submission)


@admin.register(QuizAnalysis)
class QuizAnalysisAdmin(ReviewQueueAdmin):
    form = QuizReviewForm
    review_fields = QUIZ_REVIEW_FIELDS
    list_display = ("attempt", "student", "quiz", "score", "analysis_type", "awaiting_review", "created_at")
    # No language filter: the attempts' index per quiz serves one quiz, not a language's several.
    list_filter = (ReviewStatusFilter, "analysis_type", QuizFilter)
    list_select_related = ("attempt__user", "attempt__quiz")
    search_fields = ("attempt__user__email", "attempt")
    search_help_text = "An e-mail finds that student's analyses, an attempt's id its analysis."
    the_attempt = ("student", "quiz", "score", "breakdown_chart", "answers", "avg_time_per_question")
    readonly_fields = (*the_attempt, *PROVENANCE)
    fieldsets = (
        ("The attempt", {"fields": the_attempt}),
        ("Review", {"fields": QUIZ_REVIEW_FIELDS}),
        ("Provenance", {"fields": PROVENANCE}),
    )

    def review(self, *, analysis, reviewer, **changes):
        return quiz_analysis_review(analysis=analysis, reviewer=reviewer, **changes)

    @admin.display(description="student")
    def student(self, obj):
        return obj.attempt.user

    @admin.display(description="quiz")
    def quiz(self, obj):
        return obj.attempt.quiz

    @admin.display(description="score (%)")
    def score(self, obj):
        return obj.attempt.score

    @admin.display(description="per topic")
    def breakdown_chart(self, obj):
        bars = [
            Bar(topic, percent, f"{percent}%", "#c62828" if topic_is_weak(percent) else "#2e7d32")
            for topic, percent in sorted((obj.performance_breakdown or {}).items())
        ]
        return bar_chart(title="Per-topic results", bars=bars)

    @admin.display(description="answers")
    def answers(self, obj):
        answers = obj.attempt.answers.select_related("question", "selected_option").order_by("question__order")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} — <em>{}</em> {}</li>",
                (
                    (answer.question, answer.selected_option or "no answer", "✔" if answer.is_correct else "✘")
                    for answer in answers
                ),
            ),
        )
