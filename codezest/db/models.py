"""Abstract models and helpers every app builds on."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, Value
from django.db.models.functions import Now
from django.db.models.lookups import Exact
from django.utils import timezone
from uuid6 import uuid7


class UUIDModel(models.Model):
    """A time-ordered UUIDv7 key from Python; ``gen_random_uuid()`` for rows other services insert."""

    id = models.UUIDField(primary_key=True, default=uuid7, db_default=RandomUUID(), editable=False)

    class Meta:
        abstract = True


def now_field(verbose_name: str, *, editable: bool = True) -> models.DateTimeField:
    """A moment that defaults to now, in Django and in the database."""
    return models.DateTimeField(verbose_name, default=timezone.now, db_default=Now(), editable=editable)


def created_at_field() -> models.DateTimeField:
    """When the row was created."""
    return now_field("created at", editable=False)


def updated_at_field() -> models.DateTimeField:
    """When the row last changed; Django sets it on every save, the database on insert."""
    return models.DateTimeField("updated at", auto_now=True, db_default=Now())


class TimestampedModel(UUIDModel):
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def delete(self):
        """Soft-delete every row of the queryset."""
        return self.update(deleted_at=timezone.now())

    delete.alters_data = True
    delete.queryset_only = True

    def hard_delete(self):
        """Delete the rows for real, cascading as the relations say."""
        return super().delete()

    hard_delete.alters_data = True
    hard_delete.queryset_only = True

    def restore(self):
        return self.update(deleted_at=None)

    restore.alters_data = True

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteManager(models.Manager):
    """Hides soft-deleted rows; the default manager of a soft-deletable model."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """``delete()`` sets ``deleted_at``; ``hard_delete()`` removes the row."""

    deleted_at = models.DateTimeField("deleted at", null=True, blank=True, editable=False)

    objects = SoftDeleteManager.from_queryset(SoftDeleteQuerySet)()
    all_objects = models.Manager.from_queryset(SoftDeleteQuerySet)()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def delete(self, using=None, keep_parents=False):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"], using=using)
        return 1, {self._meta.label: 1}

    delete.alters_data = True

    def hard_delete(self, using=None, keep_parents=False):
        return super().delete(using=using, keep_parents=keep_parents)

    hard_delete.alters_data = True

    def restore(self) -> None:
        self.deleted_at = None
        self.save(update_fields=["deleted_at"])

    restore.alters_data = True


def not_deleted() -> models.Q:
    """Condition of the partial unique constraints on soft-deletable models."""
    return models.Q(deleted_at__isnull=True)


class FieldCheckConstraint(models.CheckConstraint):
    """A CHECK about one field: ``full_clean()`` reports its violation on that field."""

    def __init__(self, *, field: str, **kwargs):
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from error

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "field": self.field}

    def __eq__(self, other):
        if isinstance(other, FieldCheckConstraint):
            return super().__eq__(other) and self.field == other.field
        return super().__eq__(other)


def jsonb_shape_check(
    field: str, *, kind: str, invalid: tuple[str, ...] = (), name: str, message: str
) -> FieldCheckConstraint:
    """A CHECK that a jsonb column is a ``kind`` ("array" or "object") in which no jsonpath of ``invalid`` finds
    anything: PostgreSQL holds the shape for every writer. Paths run silently (a type error is no match)."""
    condition = Q(Exact(Func(F(field), function="jsonb_typeof", output_field=models.CharField()), Value(kind)))
    for path in invalid:
        found = Func(F(field), Value(path), Value("{}"), Value(True), function="jsonb_path_exists")
        condition &= ~Q(ExpressionWrapper(found, output_field=BooleanField()))
    return FieldCheckConstraint(field=field, condition=condition, name=name, violation_error_message=message)


def choices_check(field: str, choices: type[models.TextChoices], *, name: str) -> FieldCheckConstraint:
    """A named CHECK that keeps ``field`` within ``choices``, whoever writes the row."""
    return FieldCheckConstraint(
        field=field,
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=name,
        violation_error_message=f"Choose one of: {', '.join(choices.values)}.",
    )


def range_check(field: str, *, name: str, minimum=None, maximum=None) -> FieldCheckConstraint:
    """A named CHECK that keeps a number within bounds (NULL passes, for optional fields)."""
    condition = models.Q()
    if minimum is not None:
        condition &= models.Q(**{f"{field}__gte": minimum})
    if maximum is not None:
        condition &= models.Q(**{f"{field}__lte": maximum})
    if maximum is None:
        message = f"Must be at least {minimum}."
    elif minimum is None:
        message = f"Must be at most {maximum}."
    else:
        message = f"Must be from {minimum} to {maximum}."
    return FieldCheckConstraint(field=field, condition=condition, name=name, violation_error_message=message)


def finite_check(field: str, *, name: str) -> FieldCheckConstraint:
    """A named CHECK that refuses Infinity, -Infinity and NaN in a float column (NULL passes): a float column takes
    them, and JSON cannot write them. NaN sorts above Infinity in PostgreSQL, so ``< Infinity`` refuses it too."""
    condition = models.Q(**{f"{field}__gt": float("-inf"), f"{field}__lt": float("inf")})
    return FieldCheckConstraint(
        field=field, condition=condition, name=name, violation_error_message="Must be a finite number."
    )


def not_blank_check(field: str, *, name: str) -> FieldCheckConstraint:
    return FieldCheckConstraint(
        field=field, condition=~models.Q(**{field: ""}), name=name, violation_error_message="This field is required."
    )


def user_relation(*, related_name: str, on_delete=models.CASCADE, null: bool = False, one_to_one: bool = False):
    """A relation to the user across schemas: joinable by the ORM, indexed, no database constraint."""
    field_class = models.OneToOneField if one_to_one else models.ForeignKey
    return field_class(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        related_name=related_name,
        db_constraint=False,
        null=null,
        blank=null,
    )


def users_check_exist(user_ids: Iterable) -> None:
    """What ``full_clean()`` checks of each bulk row's user (a relation without a database constraint), in one query."""
    wanted = set(map(str, user_ids))
    found = set(map(str, get_user_model()._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)))
    if found != wanted:
        raise ValidationError({"user": f"No such user: {', '.join(sorted(wanted - found))}."})


def text_list_field(help_text: str = "") -> ArrayField:
    """A PostgreSQL array of text, empty by default."""
    return ArrayField(models.TextField(), default=list, db_default=[], blank=True, help_text=help_text)
