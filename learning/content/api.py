"""Content anyone may read: published languages, their modules and the modules' materials.

Every view here, and those built on ``PublicContentMixin`` elsewhere (assignments, quizzes), answers a
conditional GET: ``ETag`` and ``Last-Modified`` from the rows' ``updated_at``, 304 for a matching
``If-None-Match`` or ``If-Modified-Since``."""

import django_filters
from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from codezest.api.conditional import ConditionalGetMixin
from codezest.api.views import SelectorQuerysetMixin

from . import selectors
from .models import Material, Module, ProgrammingLanguage

SEARCH_MAX_LENGTH = 100


class LanguageOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammingLanguage
        ref_name = "Language"
        fields = ["id", "name", "slug", "description", "icon", "difficulty"]


class ModuleOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        ref_name = "Module"
        fields = ["id", "language", "title", "slug", "description", "syllabus", "order"]


class MaterialOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        ref_name = "Material"
        fields = ["id", "module", "title", "type", "content", "duration", "order"]


class PublicContentMixin(ConditionalGetMixin):
    permission_classes = [AllowAny]


class ModuleContentMixin(PublicContentMixin):
    """Views under ``modules/<module_id>/``: the module must be published."""

    def module(self) -> Module:
        if not hasattr(self, "_module"):
            try:
                self._module = selectors.public_module(module_id=self.kwargs["module_id"])
            except Module.DoesNotExist as missing:
                raise Http404 from missing
        return self._module


class LanguageFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="search_filter",
        max_length=SEARCH_MAX_LENGTH,
        help_text=(
            "Words to find in the name or description, any case: each must start a word there "
            "(`pyth` finds Python); all of them must be found."
        ),
    )

    class Meta:
        model = ProgrammingLanguage
        fields = ["difficulty", "search"]

    def search_filter(self, queryset, name, value):
        return selectors.languages_matching(queryset, text=value)


class LanguageList(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    """Published languages by name; filter by difficulty, search in names and descriptions."""

    serializer_class = LanguageOutputSerializer
    filterset_class = LanguageFilter

    def select(self):
        return selectors.public_languages()


class LanguageDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    """A published language."""

    serializer_class = LanguageOutputSerializer

    def select(self):
        return selectors.public_languages()


class LanguageBySlug(LanguageDetail):
    """A published language by its slug."""

    lookup_field = "slug"


class LanguageModules(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    """A published language's modules, in order."""

    serializer_class = ModuleOutputSerializer

    def select(self):
        modules = selectors.public_modules(language_id=self.kwargs["language_id"])
        if not selectors.public_languages().filter(pk=self.kwargs["language_id"]).exists():
            raise Http404
        return modules


class ModuleFilter(django_filters.FilterSet):
    language = django_filters.UUIDFilter(
        field_name="language", help_text="A language's id: its modules only (none if it is not published)."
    )

    class Meta:
        model = Module
        fields = ["language"]


class ModuleList(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    """Published modules by language name, then in each language's order; filter by language id."""

    serializer_class = ModuleOutputSerializer
    filterset_class = ModuleFilter

    def select(self):
        return selectors.public_modules_in_order()


class ModuleDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    """A published module (not deleted, in a published language)."""

    serializer_class = ModuleOutputSerializer

    def select(self):
        return selectors.public_content_modules()


class ModuleBySlug(ModuleDetail):
    """A published module by its slug within a published language."""

    lookup_field = "slug"

    def select(self):
        return selectors.public_modules(language_id=self.kwargs["language_id"])


class MaterialFilter(django_filters.FilterSet):
    class Meta:
        model = Material
        fields = ["type"]


class ModuleMaterials(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    """The module's materials in order; filter by type."""

    serializer_class = MaterialOutputSerializer
    filterset_class = MaterialFilter

    def select(self):
        return selectors.module_current_materials(module=self.module())


class MaterialDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    """A material of a published module."""

    serializer_class = MaterialOutputSerializer

    def select(self):
        return selectors.public_materials()
