"""Reads of the learner's progress."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from .models import LanguageEnrollment, MaterialProgress, ModuleProgress


def user_enrollments(*, user: AbstractBaseUser) -> QuerySet[LanguageEnrollment]:
    return LanguageEnrollment.objects.filter(user=user).select_related("language").order_by("-enrolled_at")


def user_module_progress(*, user: AbstractBaseUser) -> QuerySet[ModuleProgress]:
    return ModuleProgress.objects.filter(user=user).select_related("module").order_by("module__order")


def user_material_progress(*, user: AbstractBaseUser) -> QuerySet[MaterialProgress]:
    return MaterialProgress.objects.filter(user=user).select_related("material").order_by("material__order")
