from django.contrib import admin

from codezest.admin import BigTableAdminMixin, ReadOnlyAdminMixin, RecentFilter

from .models import AnalyticsEvent, UserActivity


@admin.register(UserActivity)
class UserActivityAdmin(ReadOnlyAdminMixin, BigTableAdminMixin, admin.ModelAdmin):
    list_display = ("type", "user", "description", "created_at")
    list_filter = (RecentFilter,)
    list_select_related = ("user",)
    search_fields = ("=user__email", "=type")
    ordering = ("-created_at",)


@admin.register(AnalyticsEvent)
class AnalyticsEventAdmin(ReadOnlyAdminMixin, BigTableAdminMixin, admin.ModelAdmin):
    """The largest table: exact-match search on indexed columns, time windows on the BRIN index."""

    list_display = ("event_name", "user", "created_at")
    list_filter = (RecentFilter,)
    list_select_related = ("user",)
    search_fields = ("=event_name", "=user__email")
    ordering = ("-created_at",)
