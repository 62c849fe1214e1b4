"""The signed-in learner's enrollments and progress: reading them, enrolling, and working through materials."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.idempotency import idempotent
from codezest.api.rows import JSONRowsListMixin
from codezest.api.views import SelectorQuerysetMixin
from learning.content import selectors as content_selectors
from learning.content.api import LanguageOutputSerializer

from . import selectors, services
from .models import EnrollmentStatus, LanguageEnrollment, MaterialProgress, ModuleProgress


class EnrollmentOutputSerializer(serializers.ModelSerializer):
    language = LanguageOutputSerializer(read_only=True)

    class Meta:
        model = LanguageEnrollment
        ref_name = "Enrollment"
        fields = ["id", "language", "status", "enrolled_at", "completed_at"]


class MyEnrollments(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    """Your enrollments (GET); enroll in a published language, or resume one you paused or dropped (POST)."""

    class InputSerializer(serializers.Serializer):
        language = serializers.UUIDField()

        class Meta:
            ref_name = "EnrollmentRequest"

    serializer_class = EnrollmentOutputSerializer

    def select(self):
        return selectors.user_enrollments(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={201: EnrollmentOutputSerializer})
    @idempotent
    def post(self, request):
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        language = content_selectors.public_languages().filter(pk=given.validated_data["language"]).first()
        if language is None:
            raise NotFound("No published language has this id.")
        enrollment = services.enrollment_create(user=request.user, language=language)
        return Response(EnrollmentOutputSerializer(enrollment).data, status=status.HTTP_201_CREATED)


class MyEnrollment(SelectorQuerysetMixin, generics.GenericAPIView):
    """Pause, drop, or resume (ACTIVE) one of your enrollments."""

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[EnrollmentStatus.ACTIVE, EnrollmentStatus.PAUSED, EnrollmentStatus.DROPPED], required=False
        )

        class Meta:
            ref_name = "EnrollmentChange"

    serializer_class = EnrollmentOutputSerializer

    def select(self):
        return selectors.user_enrollments(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={200: EnrollmentOutputSerializer})
    def patch(self, request, pk):
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        enrollment = self.get_object()
        if "status" in given.validated_data:  # a PATCH changes the fields it sends, and none if it sends none
            enrollment = services.enrollment_status_change(enrollment=enrollment, status=given.validated_data["status"])
        return Response(EnrollmentOutputSerializer(enrollment).data)


class MyModuleProgress(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = ModuleProgress
            ref_name = "ModuleProgress"
            fields = ["id", "module", "status", "progress_percent", "started_at", "completed_at", "last_accessed_at"]

    serializer_class = OutputSerializer

    def select(self):
        return selectors.user_module_progress(user=self.request.user)


class MaterialProgressOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialProgress
        ref_name = "MaterialProgress"
        fields = ["id", "material", "completed", "view_count", "last_viewed_at", "completed_at"]


class MyMaterialProgress(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = MaterialProgressOutputSerializer

    def select(self):
        return selectors.user_material_progress(user=self.request.user)


class MaterialActionView(APIView):
    """A step on a published material; the module's progress follows."""

    step = staticmethod(services.material_view)

    @extend_schema(request=None, responses={200: MaterialProgressOutputSerializer})
    def post(self, request, pk):
        material = content_selectors.public_materials().filter(pk=pk).first()
        if material is None:
            raise Http404
        progress = self.step(user=request.user, material=material)
        return Response(MaterialProgressOutputSerializer(progress).data)


class MaterialView(MaterialActionView):
    """Count a view of the material."""


class MaterialComplete(MaterialActionView):
    """Mark the material completed."""

    step = staticmethod(services.material_complete)
