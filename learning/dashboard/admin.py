"""The admin index's dashboard panel, and the counts behind it, read-only (the database keeps them)."""

from django.contrib import admin
from django.template.loader import render_to_string

from codezest.admin import ReadOnlyAdminMixin
from codezest.admin_widgets import Bar, bar_chart

from .models import AwaitingReviewCount, SubmissionCount, SubmissionQuarterHourCount
from .selectors import staff_dashboard


def dashboard_panel(request) -> str:
    """The review backlog, today's submissions and pass rates per language."""
    dashboard = staff_dashboard()
    bars = [
        Bar(row["language"], row["percent"], f"{row['percent']}% ({row['passed']}/{row['graded']})")
        for row in dashboard["pass_rates"]
    ]
    chart = bar_chart(title="Pass rate per language", bars=bars)
    return render_to_string(
        "admin/learning/dashboard.html", {"dashboard": dashboard, "pass_rate_chart": chart}, request=request
    )


admin.site.register_dashboard_panel(dashboard_panel)


@admin.register(SubmissionCount)
class SubmissionCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("language", "status", "submissions")


@admin.register(SubmissionQuarterHourCount)
class SubmissionQuarterHourCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("starts_at", "submissions")


@admin.register(AwaitingReviewCount)
class AwaitingReviewCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "analyses")
