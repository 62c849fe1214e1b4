from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from codezest.admin import BigTableAdminMixin, SoftDeleteAdminMixin

from .models import (
    AnalysisType,
    Assignment,
    AssignmentAnalysis,
    AssignmentSubmission,
    LanguageEnrollment,
    Material,
    MaterialProgress,
    MCQAnswer,
    MCQAttempt,
    MCQOption,
    MCQQuestion,
    MCQQuiz,
    Module,
    ModuleProgress,
    ProgrammingLanguage,
    QuizAnalysis,
)
from .services import analysis_review
from .validators import CODE_QUALITY_KEYS

# Content ---------------------------------------------------------------------------------------


@admin.register(ProgrammingLanguage)
class ProgrammingLanguageAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "difficulty", "is_active", "updated_at")
    list_filter = ("difficulty", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)


class MaterialInline(admin.TabularInline):
    model = Material
    fields = ("order", "title", "type", "duration")
    extra = 0
    show_change_link = True


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("title", "difficulty", "max_score", "time_limit")
    extra = 0
    show_change_link = True


class QuizInline(admin.TabularInline):
    model = MCQQuiz
    fields = ("title", "passing_score", "time_limit")
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("title", "language", "order", "slug", "updated_at")
    list_editable = ("order",)
    list_filter = ("language",)
    list_select_related = ("language",)
    search_fields = ("title", "slug", "language__name")
    autocomplete_fields = ("language",)
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("language__name", "order")
    inlines = [MaterialInline, AssignmentInline, QuizInline]


class ContentInModuleAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_select_related = ("module__language",)
    autocomplete_fields = ("module",)
    search_fields = ("title", "module__title")

    @admin.display(description="language", ordering="module__language__name")
    def language(self, obj):
        return obj.module.language


@admin.register(Material)
class MaterialAdmin(ContentInModuleAdmin):
    list_display = ("title", "module", "language", "type", "order", "duration")
    list_editable = ("order",)
    list_filter = ("type", "module__language")
    ordering = ("module__language__name", "module__order", "order")


@admin.register(Assignment)
class AssignmentAdmin(ContentInModuleAdmin):
    list_display = ("title", "module", "language", "difficulty", "max_score", "time_limit")
    list_filter = ("difficulty", "module__language")
    ordering = ("module__language__name", "module__order", "title")


class QuestionInline(admin.TabularInline):
    model = MCQQuestion
    fields = ("order", "question", "topic", "points")
    extra = 0
    show_change_link = True


@admin.register(MCQQuiz)
class MCQQuizAdmin(ContentInModuleAdmin):
    list_display = ("title", "module", "language", "passing_score", "time_limit")
    list_filter = ("module__language",)
    ordering = ("module__language__name", "module__order", "title")
    inlines = [QuestionInline]


class OptionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not any(form.cleaned_data.get("is_correct") for form in kept):
            raise ValidationError("A question needs at least one correct option.")


class OptionInline(admin.TabularInline):
    model = MCQOption
    formset = OptionFormSet
    fields = ("order", "option_text", "is_correct")
    extra = 2


@admin.register(MCQQuestion)
class MCQQuestionAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("short_question", "quiz", "topic", "points", "order")
    list_editable = ("order",)
    list_filter = ("quiz__module__language", "topic")
    list_select_related = ("quiz",)
    search_fields = ("question", "topic", "quiz__title")
    autocomplete_fields = ("quiz",)
    ordering = ("quiz__title", "order")
    inlines = [OptionInline]

    @admin.display(description="question")
    def short_question(self, obj):
        return str(obj)


@admin.register(MCQOption)
class MCQOptionAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("option_text", "question", "is_correct", "order")
    list_filter = ("is_correct",)
    list_select_related = ("question",)
    search_fields = ("option_text", "question__question")
    autocomplete_fields = ("question",)
    ordering = ("question__quiz__title", "question__order", "order")


# Learner state ---------------------------------------------------------------------------------


class LearnerRowAdmin(admin.ModelAdmin):
    """Learners' rows are made by the services; staff read them here."""

    raw_id_fields = ("user",)
    search_fields = ("user__email",)

    def has_add_permission(self, request):
        return False


@admin.register(LanguageEnrollment)
class LanguageEnrollmentAdmin(LearnerRowAdmin):
    list_display = ("user", "language", "status", "enrolled_at", "completed_at")
    list_filter = ("status", "language")
    list_select_related = ("user", "language")
    raw_id_fields = ("user", "language")


@admin.register(ModuleProgress)
class ModuleProgressAdmin(LearnerRowAdmin):
    list_display = ("user", "module", "status", "progress_percent", "last_accessed_at")
    list_filter = ("status", "module__language")
    list_select_related = ("user", "module")
    raw_id_fields = ("user", "module")


@admin.register(MaterialProgress)
class MaterialProgressAdmin(LearnerRowAdmin):
    list_display = ("user", "material", "completed", "view_count", "last_viewed_at")
    list_filter = ("completed",)
    list_select_related = ("user", "material")
    raw_id_fields = ("user", "material")


def highlighted(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    # Pygments escapes the code it formats.
    return mark_safe(highlight(code, lexer, HtmlFormatter(noclasses=True, linenos="inline")))


@admin.register(AssignmentSubmission)
class AssignmentSubmissionAdmin(BigTableAdminMixin, LearnerRowAdmin):
    list_display = ("user", "assignment", "language", "status", "score", "submitted_at")
    list_filter = ("status", "language")
    list_select_related = ("user", "assignment")
    raw_id_fields = ("user", "assignment")
    readonly_fields = ("code_highlighted",)
    ordering = ("-submitted_at",)

    @admin.display(description="code")
    def code_highlighted(self, obj):
        return highlighted(obj.code, obj.language)


class AnswerInline(admin.TabularInline):
    model = MCQAnswer
    fields = ("question", "selected_option", "is_correct", "answered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MCQAttempt)
class MCQAttemptAdmin(BigTableAdminMixin, LearnerRowAdmin):
    list_display = ("user", "quiz", "score", "started_at", "completed_at")
    list_select_related = ("user", "quiz")
    raw_id_fields = ("user", "quiz")
    ordering = ("-started_at",)
    inlines = [AnswerInline]


@admin.register(MCQAnswer)
class MCQAnswerAdmin(admin.ModelAdmin):
    list_display = ("attempt", "question", "selected_option", "is_correct", "answered_at")
    list_filter = ("is_correct",)
    list_select_related = ("attempt__user", "attempt__quiz", "question", "selected_option")
    raw_id_fields = ("attempt", "question", "selected_option")
    ordering = ("-answered_at",)

    def has_add_permission(self, request):
        return False


# Analyses: the review queue --------------------------------------------------------------------

AWAITING = Q(analysis_type=AnalysisType.AI, reviewed_at__isnull=True)


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting review"), ("reviewed", "Reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(AWAITING)
        if self.value() == "reviewed":
            return queryset.exclude(AWAITING)
        return queryset


class ScoreBandFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"
    bands = {"0-39": (0, 39), "40-59": (40, 59), "60-79": (60, 79), "80-100": (80, 100)}

    def lookups(self, request, model_admin):
        return [*((band, band) for band in self.bands), ("none", "No score")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(overall_score__isnull=True)
        if self.value() in self.bands:
            low, high = self.bands[self.value()]
            return queryset.filter(overall_score__gte=low, overall_score__lte=high)
        return queryset


class ReviewQueueAdmin(admin.ModelAdmin):
    """Awaiting review (AI, not yet reviewed) first, oldest first; saving is a review by the service."""

    review_fields: tuple = ()
    actions = ["approve_selected"]

    def get_ordering(self, request):
        return ("awaiting", "created_at")  # an annotation of get_queryset, so not in `ordering`

    def get_queryset(self, request):
        awaiting = Case(When(AWAITING, then=Value(0)), default=Value(1), output_field=IntegerField())
        return self.model._default_manager.annotate(awaiting=awaiting).order_by(*self.get_ordering(request))

    def has_add_permission(self, request):
        return False  # analyses come from the engine

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(boolean=True, description="awaiting review", ordering="awaiting")
    def is_awaiting(self, obj):
        return obj.analysis_type == AnalysisType.AI and obj.reviewed_at is None

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in self.review_fields if name in form.cleaned_data}
        reviewed = analysis_review(analysis=obj, reviewer=request.user, **changes)
        obj.analysis_type, obj.analyzed_by, obj.reviewed_at = (
            reviewed.analysis_type,
            reviewed.analyzed_by,
            reviewed.reviewed_at,
        )

    @admin.action(description="Approve selected AI analyses as reviewed", permissions=["change"])
    def approve_selected(self, request, queryset):
        approved = 0
        for analysis in queryset.filter(AWAITING):
            analysis_review(analysis=analysis, reviewer=request.user)
            approved += 1
        self.message_user(request, f"{approved} analyses approved as reviewed.", messages.SUCCESS)


def lines_field(label: str) -> SimpleArrayField:
    return SimpleArrayField(
        forms.CharField(),
        delimiter="\n",
        required=False,
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line.",
    )


class AssignmentReviewForm(forms.ModelForm):
    readability = forms.FloatField(min_value=0, max_value=10, required=False)
    efficiency = forms.FloatField(min_value=0, max_value=10, required=False)
    best_practices = forms.FloatField(min_value=0, max_value=10, required=False)
    strengths = lines_field("Strengths")
    weaknesses = lines_field("Weaknesses")
    suggestions = lines_field("Suggestions")

    class Meta:
        model = AssignmentAnalysis
        fields = ("overall_score", "strengths", "weaknesses", "suggestions", "detailed_feedback")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in CODE_QUALITY_KEYS:
            self.fields[key].initial = (self.instance.code_quality or {}).get(key)

    def clean(self):
        cleaned = super().clean()
        cleaned["code_quality"] = {key: cleaned[key] for key in CODE_QUALITY_KEYS if cleaned.get(key) is not None}
        self.instance.code_quality = cleaned["code_quality"]
        return cleaned


@admin.register(AssignmentAnalysis)
class AssignmentAnalysisAdmin(ReviewQueueAdmin):
    form = AssignmentReviewForm
    review_fields = ("overall_score", "code_quality", "strengths", "weaknesses", "suggestions", "detailed_feedback")
    list_display = (
        "submission",
        "student",
        "assignment",
        "language",
        "analysis_type",
        "overall_score",
        "is_awaiting",
        "created_at",
    )
    list_filter = (
        ReviewStatusFilter,
        "analysis_type",
        ScoreBandFilter,
        ("submission__assignment__module__language", admin.RelatedOnlyFieldListFilter),
        ("submission__assignment", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("submission__user", "submission__assignment__module__language", "analyzed_by")
    search_fields = ("submission__user__email", "submission__assignment__title")
    readonly_fields = (
        "student",
        "assignment_brief",
        "code",
        "analysis_type",
        "ai_model",
        "analyzed_by",
        "reviewed_at",
        "created_at",
    )
    fieldsets = (
        ("The student's work", {"fields": ("student", "assignment_brief", "code")}),
        (
            "Review",
            {
                "fields": (
                    "overall_score",
                    ("readability", "efficiency", "best_practices"),
                    "strengths",
                    "weaknesses",
                    "suggestions",
                    "detailed_feedback",
                )
            },
        ),
        ("Provenance", {"fields": ("analysis_type", "ai_model", "analyzed_by", "reviewed_at", "created_at")}),
    )

    @admin.display(description="student", ordering="submission__user__email")
    def student(self, obj):
        return obj.submission.user

    @admin.display(description="assignment")
    def assignment(self, obj):
        return obj.submission.assignment

    @admin.display(description="language", ordering="submission__assignment__module__language__name")
    def language(self, obj):
        return obj.submission.assignment.module.language

    @admin.display(description="assignment")
    def assignment_brief(self, obj):
        assignment = obj.submission.assignment
        return format_html("<strong>{}</strong><p>{}</p>", assignment.title, assignment.description)

    @admin.display(description="code")
    def code(self, obj):
        return highlighted(obj.submission.code, obj.submission.language)


class QuizReviewForm(forms.ModelForm):
    strong_topics = lines_field("Strong topics")
    weak_topics = lines_field("Weak topics")
    recommendations = lines_field("Recommendations")

    class Meta:
        model = QuizAnalysis
        fields = ("strong_topics", "weak_topics", "recommendations", "insights", "time_management")


def topic_chart(breakdown: dict) -> str:
    """The per-topic percents as an inline SVG bar chart."""
    rows = sorted(breakdown.items())
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="15" font-size="12">{}</text>'
        '<rect x="140" y="4" width="{}" height="14" fill="{}"></rect>'
        '<text x="{}" y="15" font-size="12">{}%</text></g>',
        (
            (
                index * 24,
                topic,
                round(float(percent) * 2),
                "#2e7d32" if float(percent) >= 60 else "#c62828",
                146 + round(float(percent) * 2),
                percent,
            )
            for index, (topic, percent) in enumerate(rows)
        ),
    )
    height = 24 * len(rows) + 8
    return format_html('<svg role="img" aria-label="Per-topic results" width="420" height="{}">{}</svg>', height, bars)


@admin.register(QuizAnalysis)
class QuizAnalysisAdmin(ReviewQueueAdmin):
    form = QuizReviewForm
    review_fields = ("strong_topics", "weak_topics", "recommendations", "insights", "time_management")
    list_display = ("attempt", "student", "quiz", "score", "analysis_type", "is_awaiting", "created_at")
    list_filter = (
        ReviewStatusFilter,
        "analysis_type",
        ("attempt__quiz__module__language", admin.RelatedOnlyFieldListFilter),
        ("attempt__quiz", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("attempt__user", "attempt__quiz__module__language", "analyzed_by")
    search_fields = ("attempt__user__email", "attempt__quiz__title")
    readonly_fields = (
        "student",
        "quiz",
        "score",
        "breakdown_chart",
        "answers",
        "avg_time_per_question",
        "analysis_type",
        "ai_model",
        "analyzed_by",
        "reviewed_at",
        "created_at",
    )
    fieldsets = (
        (
            "The attempt",
            {"fields": ("student", "quiz", "score", "breakdown_chart", "answers", "avg_time_per_question")},
        ),
        ("Review", {"fields": ("strong_topics", "weak_topics", "recommendations", "insights", "time_management")}),
        ("Provenance", {"fields": ("analysis_type", "ai_model", "analyzed_by", "reviewed_at", "created_at")}),
    )

    @admin.display(description="student", ordering="attempt__user__email")
    def student(self, obj):
        return obj.attempt.user

    @admin.display(description="quiz")
    def quiz(self, obj):
        return obj.attempt.quiz

    @admin.display(description="score (%)", ordering="attempt__score")
    def score(self, obj):
        return obj.attempt.score

    @admin.display(description="per topic")
    def breakdown_chart(self, obj):
        return topic_chart(obj.performance_breakdown or {})

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
