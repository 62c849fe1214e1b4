"""Quizzes with their questions and options for authors, and students' attempts for staff to read."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from codezest.admin import BigTableAdminMixin, SoftDeleteAdminMixin
from learning.content.admin import ContentInModuleAdmin
from learning.progress.admin import LearnerRowAdmin

from .models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz


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
    search_fields = ("user__email", "user")
    search_help_text = "An e-mail or a user's id finds that student's attempts."
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
