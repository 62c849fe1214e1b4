"""Content anyone may read: published languages, their modules and a module's materials."""

from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from codezest.api.views import SelectorQuerysetMixin

from . import selectors
from .models import Material, Module, ProgrammingLanguage


class LanguageOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammingLanguage
        ref_name = "Language"
        fields = ["id", "name", "slug", "description", "icon", "difficulty"]


class PublicContentMixin:
    permission_classes = [AllowAny]


class ModuleContentMixin(PublicContentMixin):
    """Views under ``modules/<module_id>/``: the module must be published."""

    def module(self) -> Module:
        try:
            return selectors.public_module(module_id=self.kwargs["module_id"])
        except Module.DoesNotExist as missing:
            raise Http404 from missing


class LanguageList(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    serializer_class = LanguageOutputSerializer

    def select(self):
        return selectors.public_languages()


class LanguageDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    serializer_class = LanguageOutputSerializer

    def select(self):
        return selectors.public_languages()


class LanguageBySlug(LanguageDetail):
    lookup_field = "slug"


class LanguageModules(SelectorQuerysetMixin, PublicContentMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Module
            ref_name = "Module"
            fields = ["id", "language", "title", "slug", "description", "syllabus", "order"]

    serializer_class = OutputSerializer

    def select(self):
        modules = selectors.public_modules(language_id=self.kwargs["language_id"])
        if not selectors.public_languages().filter(pk=self.kwargs["language_id"]).exists():
            raise Http404
        return modules


class ModuleMaterials(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Material
            ref_name = "Material"
            fields = ["id", "module", "title", "type", "content", "duration", "order"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.module_current_materials(module=self.module())
