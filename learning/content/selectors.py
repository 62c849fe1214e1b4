"""Reads of the content: what anyone may browse, in order."""

from django.db.models import QuerySet

from .models import Material, Module, ProgrammingLanguage


def public_languages() -> QuerySet[ProgrammingLanguage]:
    """What anyone may browse: active languages that are not deleted."""
    return ProgrammingLanguage.objects.filter(is_active=True).order_by("name")


def public_modules(*, language_id) -> QuerySet[Module]:
    return Module.objects.filter(language_id=language_id, language__in=public_languages()).order_by("order", "title")


def public_module(*, module_id) -> Module:
    return Module.objects.filter(language__in=public_languages()).get(pk=module_id)


def module_current_materials(*, module: Module) -> QuerySet[Material]:
    """The module's materials that are not soft-deleted, in order."""
    return Material.objects.filter(module=module).order_by("order", "title")
