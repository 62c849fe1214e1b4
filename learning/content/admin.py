"""Content authoring: languages and modules, with a module's materials, assignments and quizzes inline."""

from django.contrib import admin

from codezest.admin import SoftDeleteAdminMixin
from learning.assignments.models import Assignment
from learning.quizzes.models import MCQQuiz

from .models import Material, Module, ProgrammingLanguage


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
    """Content that belongs to a module: found by title or module, shown with its language."""

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
