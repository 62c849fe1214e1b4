"""Assignments for authors, and students' submissions for staff to read."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from codezest.admin import BigTableAdminMixin
from codezest.admin_widgets import highlighted_code
from learning.content.admin import ContentInModuleAdmin
from learning.content.models import ProgrammingLanguage
from learning.progress.admin import LearnerRowAdmin
from learning.review.tasks import assignment_regrade_task

from .models import Assignment, AssignmentSubmission, SubmissionTestResult
from .selectors import test_case_of


def test_results_table(submission: AssignmentSubmission) -> SafeString:
    """Every test of the last grading run, hidden ones included: what it was given, expected and printed."""
    results = submission.test_results.order_by("number")
    if not results:
        return format_html("<p>{}</p>", "No tests were run.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td>"
        "<td><pre>{}</pre></td><td><pre>{}</pre></td><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
        (
            (
                result.number,
                "hidden" if result.hidden else "visible",
                result.get_verdict_display(),
                result.time_ms if result.time_ms is not None else "-",
                result.memory_kb if result.memory_kb is not None else "-",
                test_case_of(result).get("input", ""),
                test_case_of(result).get("expected_output", ""),
                result.stdout,
                result.stderr,
            )
            for result in results
        ),
    )
    return format_html(
        "<table><thead><tr><th>#</th><th>shown</th><th>verdict</th><th>CPU ms</th><th>memory KB</th>"
        "<th>input</th><th>expected</th><th>output</th><th>errors</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )


@admin.register(Assignment)
class AssignmentAdmin(ContentInModuleAdmin):
    list_display = ("title", "module", "language", "difficulty", "max_score", "time_limit")
    list_filter = ("difficulty", "module__language")
    ordering = ("module__language__name", "module__order", "title")
    actions = [*ContentInModuleAdmin.actions, "regrade_selected"]

    @admin.action(description="Grade every submission of the selected assignments again", permissions=["change"])
    def regrade_selected(self, request, queryset):
        for assignment_id in queryset.values_list("pk", flat=True):
            assignment_id = str(assignment_id)
            transaction.on_commit(lambda assignment_id=assignment_id: assignment_regrade_task.enqueue(assignment_id))
        self.message_user(request, "The submissions will be graded again in the background.", messages.SUCCESS)


class CodeLanguageFilter(admin.SimpleListFilter):
    """The language of the submitted code, chosen among the languages table's: a DISTINCT would read every row."""

    title = "language"
    parameter_name = "language"
    field = "language"

    def lookups(self, request, model_admin):
        return ProgrammingLanguage.objects.order_by("name").values_list("slug", "name")

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


@admin.register(AssignmentSubmission)
class AssignmentSubmissionAdmin(BigTableAdminMixin, LearnerRowAdmin):
    list_display = ("user", "assignment", "language", "status", "score", "submitted_at")
    list_filter = ("status", CodeLanguageFilter)
    list_select_related = ("user", "assignment")
    raw_id_fields = ("user", "assignment")
    readonly_fields = ("code_highlighted", "tests")
    search_fields = ("user__email", "user")
    search_help_text = "An e-mail or a user's id finds that student's submissions."
    ordering = ("-submitted_at",)

    @admin.display(description="code")
    def code_highlighted(self, obj):
        return highlighted_code(obj.code, obj.language)

    @admin.display(description="tests")
    def tests(self, obj):
        return test_results_table(obj)


@admin.register(SubmissionTestResult)
class SubmissionTestResultAdmin(BigTableAdminMixin, admin.ModelAdmin):
    """Verdicts come from the grader; staff read them here."""

    list_display = ("submission", "number", "hidden", "verdict", "time_ms", "memory_kb")
    list_filter = ("verdict", "hidden")
    list_select_related = ("submission__user", "submission__assignment")
    raw_id_fields = ("submission",)
    ordering = ("submission", "number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
