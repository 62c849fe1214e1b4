"""Writes of the learner's progress: enrollments, materials viewed and completed, module progress."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from activity.services import activity_record
from activity.types import ActivityType
from learning.content.models import Material, Module, ProgrammingLanguage
from learning.content.selectors import module_current_materials
from learning.content.services import content_check_available
from notifications.services import notification_notify
from notifications.types import NotificationType

from .models import EnrollmentStatus, LanguageEnrollment, MaterialProgress, ModuleProgress, ProgressStatus

# What the learner's feed records when an enrollment moves to a status.
ENROLLMENT_ACTIVITY = {
    EnrollmentStatus.ACTIVE: ActivityType.LANGUAGE_ACTIVE,
    EnrollmentStatus.PAUSED: ActivityType.LANGUAGE_PAUSED,
    EnrollmentStatus.DROPPED: ActivityType.LANGUAGE_DROPPED,
    EnrollmentStatus.COMPLETED: ActivityType.LANGUAGE_COMPLETED,
}


@transaction.atomic
def enrollment_create(*, user: AbstractBaseUser, language: ProgrammingLanguage) -> LanguageEnrollment:
    """Enroll in a language; enrolling again returns the enrollment, resumed if paused or dropped."""
    content_check_available(content=language, field="language")
    if not language.is_active:
        raise ValidationError({"language": "This language is not open for enrollment."})
    enrollment, created = LanguageEnrollment.objects.select_for_update().get_or_create(user=user, language=language)
    if created:
        activity_record(
            user=user,
            type=ActivityType.LANGUAGE_ENROLLED,
            description=f"Enrolled in {language.name}",
            metadata={"language_id": str(language.pk)},
        )
    elif enrollment.status in (EnrollmentStatus.PAUSED, EnrollmentStatus.DROPPED):
        _enrollment_set_status(enrollment, EnrollmentStatus.ACTIVE)
    return enrollment


def _enrollment_set_status(enrollment: LanguageEnrollment, status: EnrollmentStatus) -> LanguageEnrollment:
    enrollment.status = status
    enrollment.completed_at = timezone.now() if status == EnrollmentStatus.COMPLETED else None
    enrollment.full_clean()
    enrollment.save(update_fields=["status", "completed_at"])
    activity_record(
        user=enrollment.user,
        type=ENROLLMENT_ACTIVITY[status],
        description=f"{enrollment.language.name}: {enrollment.get_status_display()}",
        metadata={"language_id": str(enrollment.language_id)},
    )
    return enrollment


@transaction.atomic
def enrollment_pause(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise ValidationError({"status": "Only an active enrollment can be paused."})
    return _enrollment_set_status(enrollment, EnrollmentStatus.PAUSED)


@transaction.atomic
def enrollment_drop(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status == EnrollmentStatus.COMPLETED:
        raise ValidationError({"status": "A completed enrollment cannot be dropped."})
    return _enrollment_set_status(enrollment, EnrollmentStatus.DROPPED)


@transaction.atomic
def enrollment_complete(*, enrollment: LanguageEnrollment) -> LanguageEnrollment:
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return enrollment
    enrollment = _enrollment_set_status(enrollment, EnrollmentStatus.COMPLETED)
    notification_notify(
        user=enrollment.user,
        type=NotificationType.LANGUAGE_COMPLETED,
        title=f"You completed {enrollment.language.name}!",
    )
    return enrollment


def _material_progress(user: AbstractBaseUser, material: Material) -> MaterialProgress:
    content_check_available(content=material, field="material")
    progress, _ = MaterialProgress.objects.get_or_create(user=user, material=material)
    return progress


@transaction.atomic
def material_view(*, user: AbstractBaseUser, material: Material) -> MaterialProgress:
    """Count a view of a material; concurrent views each count (the increment happens in SQL)."""
    progress = _material_progress(user, material)
    MaterialProgress.objects.filter(pk=progress.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
    module_progress_recompute(user=user, module=material.module)
    progress.refresh_from_db()
    return progress


@transaction.atomic
def material_complete(*, user: AbstractBaseUser, material: Material) -> MaterialProgress:
    progress = _material_progress(user, material)
    now = timezone.now()
    MaterialProgress.objects.filter(pk=progress.pk, completed=False).update(completed=True, completed_at=now)
    MaterialProgress.objects.filter(pk=progress.pk, last_viewed_at__isnull=True).update(last_viewed_at=now)
    module_progress_recompute(user=user, module=material.module)
    progress.refresh_from_db()
    return progress


def module_percent(*, done: int, total: int) -> int:
    """The share of a module's materials completed, as a whole percent."""
    return round(done * 100 / total) if total else 0


def module_status(*, done: int, total: int, started: bool) -> ProgressStatus:
    if total and done == total:
        return ProgressStatus.COMPLETED
    return ProgressStatus.IN_PROGRESS if started else ProgressStatus.NOT_STARTED


@transaction.atomic
def module_progress_recompute(*, user: AbstractBaseUser, module: Module) -> ModuleProgress:
    """Percent and status from the module's current materials; the row is locked while it changes."""
    progress, _ = ModuleProgress.objects.get_or_create(user=user, module=module)
    progress = ModuleProgress.objects.select_for_update().get(pk=progress.pk)
    materials = module_current_materials(module=module)
    total = materials.count()
    states = MaterialProgress.objects.filter(user=user, material__in=materials)
    done = states.filter(completed=True).count()
    started = states.exists()
    was = progress.status
    now = timezone.now()
    progress.progress_percent = module_percent(done=done, total=total)
    progress.status = module_status(done=done, total=total, started=started)
    progress.completed_at = (progress.completed_at or now) if progress.status == ProgressStatus.COMPLETED else None
    if started and progress.started_at is None:
        progress.started_at = now
    progress.last_accessed_at = now
    progress.full_clean()
    progress.save()
    if was == ProgressStatus.NOT_STARTED and progress.status != ProgressStatus.NOT_STARTED:
        _module_record(user, module, ActivityType.MODULE_STARTED, f"Started {module.title}")
    if was != ProgressStatus.COMPLETED and progress.status == ProgressStatus.COMPLETED:
        _module_record(user, module, ActivityType.MODULE_COMPLETED, f"Completed {module.title}")
        notification_notify(
            user=user, type=NotificationType.MODULE_COMPLETED, title=f"Module completed: {module.title}"
        )
        _complete_enrollment_if_done(user, module.language)
    return progress


def _module_record(user: AbstractBaseUser, module: Module, type: ActivityType, description: str) -> None:
    activity_record(user=user, type=type, description=description, metadata={"module_id": str(module.pk)})


def _complete_enrollment_if_done(user: AbstractBaseUser, language: ProgrammingLanguage) -> None:
    enrollment = LanguageEnrollment.objects.filter(user=user, language=language).first()
    if enrollment is None or enrollment.status == EnrollmentStatus.COMPLETED:
        return
    modules = Module.objects.filter(language=language)
    completed = ModuleProgress.objects.filter(user=user, module__in=modules, status=ProgressStatus.COMPLETED)
    if modules.exists() and completed.count() == modules.count():
        enrollment_complete(enrollment=enrollment)


@transaction.atomic
def enrollment_status_change(*, enrollment: LanguageEnrollment, status: EnrollmentStatus) -> LanguageEnrollment:
    """The learner moves an enrollment: ACTIVE resumes it, PAUSED pauses it, DROPPED drops it."""
    if status == EnrollmentStatus.ACTIVE:
        return enrollment_create(user=enrollment.user, language=enrollment.language)
    if status == EnrollmentStatus.PAUSED:
        return enrollment_pause(enrollment=enrollment)
    if status == EnrollmentStatus.DROPPED:
        return enrollment_drop(enrollment=enrollment)
    raise ValidationError({"status": "Choose ACTIVE, PAUSED or DROPPED."})
