from django.contrib import admin

from codezest.admin import BigTableAdminMixin, ReadOnlyAdminMixin, RecentFilter
from codezest.admin_filters import IndexedValuesFilter

from .models import AnalyticsEvent, UserActivity


@admin.register(UserActivity)
class UserActivityAdmin(ReadOnlyAdminMixin, BigTableAdminMixin, admin.ModelAdmin):
    list_display = ("type", "user", "description", "created_at")
    list_filter = (RecentFilter, "type")
    list_select_related = ("user",)
    search_fields = ("user__email", "user")
    search_help_text = "An e-mail or a user's id finds that user's activity."
    ordering = ("-created_at",)


class EventNameFilter(IndexedValuesFilter):
    title = "event name"
    parameter_name = "event_name"


@admin.register(AnalyticsEvent)
class AnalyticsEventAdmin(ReadOnlyAdminMixin, BigTableAdminMixin, admin.ModelAdmin):
    """The largest table, newest first; each filter and search has an index that serves it in that order."""

    list_display = ("event_name", "user", "created_at")
    list_filter = (RecentFilter, EventNameFilter)
    list_select_related = ("user",)
    search_fields = ("event_name", "user__email", "user")
    search_help_text = "An event name (exact), an e-mail or a user's id."
    ordering = ("-created_at", "-id")
