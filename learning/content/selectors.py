"""Reads of the content: what anyone may browse, in order."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from .models import SEARCH_CONFIG, Material, Module, ProgrammingLanguage, language_search_vector

SEARCH_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits: all a tsquery operand may hold here


def public_languages() -> QuerySet[ProgrammingLanguage]:
    """What anyone may browse: active languages that are not deleted."""
    return ProgrammingLanguage.objects.filter(is_active=True).order_by("name")


def languages_matching(languages: QuerySet[ProgrammingLanguage], *, text: str) -> QuerySet[ProgrammingLanguage]:
    """The languages whose name or description has, for every word of ``text``, a word starting with it
    (any case). Full-text on the expression the GIN index ``languages_search_idx`` holds, so no scan;
    ``text`` without a letter or digit matches nothing."""
    words = SEARCH_WORD.findall(text)
    if not words:
        return languages.none()
    # Only letters and digits reach the raw query, each as a prefix (``pyth:*``), all of them required.
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
    return languages.alias(search_document=language_search_vector()).filter(search_document=query)


def public_content_modules() -> QuerySet[Module]:
    """Modules learners may use: not deleted, in a published language."""
    return Module.objects.filter(language__in=public_languages())


def public_modules_in_order() -> QuerySet[Module]:
    """Every published module, by language name, then in the language's order."""
    return public_content_modules().order_by("language__name", "order", "title", "pk")


def public_modules(*, language_id) -> QuerySet[Module]:
    """One published language's modules, in order."""
    return public_content_modules().filter(language_id=language_id).order_by("order", "title")


def public_module(*, module_id) -> Module:
    return public_content_modules().get(pk=module_id)


def module_current_materials(*, module: Module) -> QuerySet[Material]:
    """The module's materials that are not soft-deleted, in order."""
    return Material.objects.filter(module=module).order_by("order", "title")


def public_materials() -> QuerySet[Material]:
    """Materials of published modules."""
    return Material.objects.filter(module__in=public_content_modules())


def public_material(*, material_id) -> Material:
    return public_materials().get(pk=material_id)
