from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from codezest.db.models import (
    FieldCheckConstraint,
    SoftDeleteModel,
    TimestampedModel,
    UUIDModel,
    choices_check,
    created_at_field,
    not_blank_check,
    not_deleted,
)
from codezest.db.tables import schema_table

from .managers import UserManager

SCHEMA = "auth"
INSTRUCTORS_GROUP = "Instructors"
EMAIL_TAKEN = "A user with this email address already exists."


class Role(models.TextChoices):
    ADMIN = "ADMIN", "Admin"
    INSTRUCTOR = "INSTRUCTOR", "Instructor"
    STUDENT = "STUDENT", "Student"


class User(SoftDeleteModel, TimestampedModel, AbstractBaseUser, PermissionsMixin):
    """A person on CodeZest; logs in with their email, whatever its case."""

    Role = Role

    email = models.EmailField("email address", max_length=254)
    name = models.CharField(max_length=150, blank=True, db_default="")
    role = models.CharField(max_length=20, choices=Role, default=Role.STUDENT, db_default=Role.STUDENT)
    email_verified = models.BooleanField(default=False, db_default=False)
    is_active = models.BooleanField(default=True, db_default=True)
    is_staff = models.BooleanField(
        "staff status", default=False, db_default=False, help_text="Follows the role: admins and instructors."
    )
    is_superuser = models.BooleanField(
        "superuser status", default=False, db_default=False, help_text="Follows the role: admins only."
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        db_table = schema_table(SCHEMA, "users")
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=not_deleted(),
                name="users_email_ci_unique",
                violation_error_message=EMAIL_TAKEN,
            ),
            not_blank_check("email", name="users_email_not_blank"),
            FieldCheckConstraint(  # " ada@example.com" would otherwise be a second account beside "ada@example.com"
                field="email",
                condition=models.Q(email=Trim("email")),
                name="users_email_trimmed",
                violation_error_message="The email address must not start or end with spaces.",
            ),
            choices_check("role", Role, name="users_role_valid"),
            FieldCheckConstraint(
                field="role",
                condition=(
                    models.Q(role=Role.ADMIN, is_staff=True, is_superuser=True)
                    | models.Q(role=Role.INSTRUCTOR, is_staff=True, is_superuser=False)
                    | models.Q(role=Role.STUDENT, is_staff=False, is_superuser=False)
                ),
                name="users_role_matches_admin_flags",
                violation_error_message="Staff and superuser status must follow the role.",
            ),
        ]
        indexes = [
            models.Index(Lower("email"), name="users_email_lower_idx"),
            models.Index(fields=["role"], name="users_role_idx"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)
        self.apply_role()

    def apply_role(self) -> None:
        """Derive admin access from the role (instructor group membership is the service's)."""
        self.is_staff = self.role in (self.Role.ADMIN, self.Role.INSTRUCTOR)
        self.is_superuser = self.role == self.Role.ADMIN

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


PREFERENCE_THEMES = ("light", "dark", "system")
# The shape ``preference_errors`` accepts, as a JSON Schema for the API's documentation.
PREFERENCES_JSON_SCHEMA = {
    "type": "object",
    "properties": {
        "theme": {"type": "string", "enum": list(PREFERENCE_THEMES)},
        "language": {"type": "string", "minLength": 1, "description": 'A language code such as "en".'},
        "notifications": {
            "type": "object",
            "additionalProperties": {"type": "boolean"},
            "description": "Setting name to true or false.",
        },
    },
    "additionalProperties": False,
}


class UserProfile(TimestampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(blank=True, db_default="")
    avatar = models.URLField(max_length=500, blank=True, db_default="")
    location = models.CharField(max_length=120, blank=True, db_default="")
    website = models.URLField(max_length=500, blank=True, db_default="")
    github_url = models.URLField("GitHub URL", max_length=500, blank=True, db_default="")
    linkedin_url = models.URLField("LinkedIn URL", max_length=500, blank=True, db_default="")
    twitter_url = models.URLField("Twitter URL", max_length=500, blank=True, db_default="")
    preferences = models.JSONField(
        default=dict,
        db_default={},
        blank=True,
        help_text=(
            'Object with optional keys: "theme" ("light", "dark" or "system"), "language" (a language '
            'code such as "en"), "notifications" (an object of setting name to true/false).'
        ),
    )

    class Meta:
        db_table = schema_table(SCHEMA, "user_profiles")
        verbose_name = "user profile"
        verbose_name_plural = "user profiles"
        ordering = ["user__email"]

    def __str__(self):
        return f"Profile of {self.user}"

    def clean(self):
        super().clean()
        self.preferences = self.preferences or {}
        errors = preference_errors(self.preferences)
        if errors:
            raise ValidationError({"preferences": errors})


def preference_errors(preferences) -> list[str]:
    """What is wrong with a profile's preferences object (empty when it is well formed)."""
    if not isinstance(preferences, dict):
        return ["Preferences must be an object."]
    errors = [
        f"Unknown preference {key!r}." for key in preferences if key not in ("theme", "language", "notifications")
    ]
    if "theme" in preferences and preferences["theme"] not in PREFERENCE_THEMES:
        errors.append(f"Theme must be one of {', '.join(PREFERENCE_THEMES)}.")
    if "language" in preferences and not (isinstance(preferences["language"], str) and preferences["language"]):
        errors.append("Language must be a non-empty language code.")
    notifications = preferences.get("notifications", {})
    if not isinstance(notifications, dict) or not all(isinstance(value, bool) for value in notifications.values()):
        errors.append("Notifications must be an object of setting name to true or false.")
    return errors


class IssuedToken(UUIDModel):
    """A bearer token of which only the SHA-256 digest is stored."""

    token = models.CharField(
        "token digest",
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 hex digest of the token; the token itself is never stored.",
    )
    expires_at = models.DateTimeField()
    created_at = created_at_field()

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(token__regex=r"^[0-9a-f]{64}$"), name="%(class)s_token_is_digest"
            ),
        ]

    def refusal_reason(self) -> str | None:
        """Why this token may not be used now: "expired", "used" or "revoked"; None when valid."""
        spent = self.spent_reason()
        if spent:
            return spent
        return "expired" if self.expires_at <= timezone.now() else None

    def spent_reason(self) -> str | None:
        raise NotImplementedError


class Session(IssuedToken):
    """An API session: a bearer token that is valid until it expires or is revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions")
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.TextField(blank=True, db_default="")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(
        "last used at",
        null=True,
        blank=True,
        help_text="When the token was last used, written at most once per SESSION_TOKEN_TOUCH_INTERVAL.",
    )

    class Meta(IssuedToken.Meta):
        db_table = schema_table(SCHEMA, "sessions")
        verbose_name = "session"
        verbose_name_plural = "sessions"
        constraints = [
            *IssuedToken.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(last_used_at__isnull=True) | models.Q(last_used_at__gte=models.F("created_at")),
                name="sessions_last_used_after_created",
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="sessions_expires_at_idx")]

    def __str__(self):
        return f"Session of {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    def spent_reason(self):
        return "revoked" if self.revoked_at else None


class OAuthProvider(models.TextChoices):
    GOOGLE = "google", "Google"
    GITHUB = "github", "GitHub"
    LINKEDIN = "linkedin", "LinkedIn"


class OAuthAccount(TimestampedModel):
    Provider = OAuthProvider

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oauth_accounts")
    provider = models.CharField(max_length=20, choices=Provider)
    provider_account_id = models.CharField("provider's account id", max_length=255)
    access_token = models.TextField(blank=True, db_default="")
    refresh_token = models.TextField(blank=True, db_default="")
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "oauth_accounts")
        verbose_name = "OAuth account"
        verbose_name_plural = "OAuth accounts"
        ordering = ["provider", "provider_account_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_account_id"], name="oauth_accounts_provider_account_unique"
            ),
            choices_check("provider", OAuthProvider, name="oauth_accounts_provider_valid"),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} account {self.provider_account_id}"


class PasswordReset(IssuedToken):
    """A single-use token that lets a user choose a new password."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_resets")
    used = models.BooleanField(default=False, db_default=False)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta(IssuedToken.Meta):
        db_table = schema_table(SCHEMA, "password_resets")
        verbose_name = "password reset"
        verbose_name_plural = "password resets"
        constraints = [
            *IssuedToken.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(used=False, used_at__isnull=True) | models.Q(used=True, used_at__isnull=False),
                name="password_resets_used_has_time",
            ),
        ]

    def __str__(self):
        return f"Password reset for {self.user}"

    def spent_reason(self):
        return "used" if self.used else None


class EmailVerification(IssuedToken):
    """A single-use token that proves the user owns their email address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_verifications")
    verified = models.BooleanField(default=False, db_default=False)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta(IssuedToken.Meta):
        db_table = schema_table(SCHEMA, "email_verifications")
        verbose_name = "email verification"
        verbose_name_plural = "email verifications"
        constraints = [
            *IssuedToken.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(verified=False, verified_at__isnull=True)
                | models.Q(verified=True, verified_at__isnull=False),
                name="email_verifications_verified_has_time",
            ),
        ]

    def __str__(self):
        return f"Email verification for {self.user}"

    def spent_reason(self):
        return "used" if self.verified else None


# Printable ASCII without spaces, as a UUID or any opaque token is.
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]{1,255}$"
IDEMPOTENCY_KEY_MESSAGE = "Send 1 to 255 printable ASCII characters without spaces, such as a UUID."


class IdempotencyRecord(UUIDModel):
    """A POST sent with an ``Idempotency-Key``: claimed before the view runs, then its response, kept for replays.

    One per user and key (anonymous requests share the user NULL, ``NULLS NOT DISTINCT``). Only a keyed
    HMAC-SHA256 of the request is kept, never the request itself. While ``completed_at`` is NULL the request
    is in progress.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="idempotency_records",
        help_text="Who sent it; empty for anonymous requests, which are keyed by the key alone.",
    )
    key = models.CharField(
        max_length=255,
        validators=[RegexValidator(IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_MESSAGE)],
        help_text="The Idempotency-Key header as sent.",
    )
    request_hash = models.CharField(
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "A hex SHA-256 digest.")],
        help_text="HMAC-SHA256 (hex) of the method, path and body, keyed by the SECRET_KEY.",
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="The first response's body as JSON text, empty for none (text, not jsonb: a replay keeps its "
        "key order).",
    )
    response_headers = models.JSONField(
        default=dict, db_default={}, blank=True, help_text="Headers of the first response to replay (Location)."
    )
    created_at = created_at_field()
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = schema_table(SCHEMA, "idempotency_records")
        verbose_name = "idempotency record"
        verbose_name_plural = "idempotency records"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], nulls_distinct=False, name="idempotency_records_user_key_unique"
            ),
            not_blank_check("key", name="idempotency_records_key_not_blank"),
            models.CheckConstraint(
                condition=models.Q(request_hash__regex=r"^[0-9a-f]{64}$"), name="idempotency_records_hash_is_hex"
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True, response_status__isnull=True)
                | models.Q(
                    completed_at__isnull=False,
                    response_status__isnull=False,  # else NULL >= 100 is NULL, which a CHECK lets through
                    response_status__gte=100,
                    response_status__lte=599,
                ),
                name="idempotency_records_completed_has_status",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="idempotency_records_expire_after"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="idempotency_records_expiry_idx")]

    def __str__(self):
        return f"{self.method} {self.path} with key {self.key}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
