from django.contrib import admin

from codezest.admin import BigTableAdminMixin, ReadOnlyAdminMixin, RecentFilter

from .models import EmailLog, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ("title", "user", "type", "priority", "read", "created_at")
    list_filter = (RecentFilter, "type", "priority", "read")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    search_fields = ("user__email", "user")
    search_help_text = "An e-mail or a user's id finds that user's notifications."
    ordering = ("-created_at",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "push", "sms", "updated_at")
    list_filter = ("email", "push", "sms")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    search_fields = ("user__email",)
    ordering = ("user__email",)


@admin.register(EmailLog)
class EmailLogAdmin(ReadOnlyAdminMixin, BigTableAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "to_address", "status", "provider", "created_at", "sent_at")
    list_filter = (RecentFilter, "status")
    search_fields = ("to_address",)
    search_help_text = "The exact address the e-mails were sent to."
    ordering = ("-created_at",)
