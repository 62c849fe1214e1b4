"""Learners' enrollments and progress: made by the services, read by staff here."""

from django.contrib import admin

from .models import LanguageEnrollment, MaterialProgress, ModuleProgress


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
