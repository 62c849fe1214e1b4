"""Assignments for authors, and students' submissions for staff to read."""

from django.contrib import admin

from codezest.admin import BigTableAdminMixin
from codezest.admin_widgets import highlighted_code
from learning.content.admin import ContentInModuleAdmin
from learning.progress.admin import LearnerRowAdmin

from .models import Assignment, AssignmentSubmission


@admin.register(Assignment)
class AssignmentAdmin(ContentInModuleAdmin):
    list_display = ("title", "module", "language", "difficulty", "max_score", "time_limit")
    list_filter = ("difficulty", "module__language")
    ordering = ("module__language__name", "module__order", "title")


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
        return highlighted_code(obj.code, obj.language)
