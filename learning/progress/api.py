"""The signed-in learner's enrollments and progress."""

from rest_framework import generics, serializers

from codezest.api.views import SelectorQuerysetMixin
from learning.content.api import LanguageOutputSerializer

from . import selectors
from .models import LanguageEnrollment, MaterialProgress, ModuleProgress


class MyEnrollments(SelectorQuerysetMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        language = LanguageOutputSerializer(read_only=True)

        class Meta:
            model = LanguageEnrollment
            ref_name = "Enrollment"
            fields = ["id", "language", "status", "enrolled_at", "completed_at"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.user_enrollments(user=self.request.user)


class MyModuleProgress(SelectorQuerysetMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = ModuleProgress
            ref_name = "ModuleProgress"
            fields = ["id", "module", "status", "progress_percent", "started_at", "completed_at", "last_accessed_at"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.user_module_progress(user=self.request.user)


class MyMaterialProgress(SelectorQuerysetMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = MaterialProgress
            ref_name = "MaterialProgress"
            fields = ["id", "material", "completed", "view_count", "last_viewed_at", "completed_at"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.user_material_progress(user=self.request.user)
