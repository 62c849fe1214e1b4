"""Writes of the accounts context: users, roles and the tokens they are issued."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from activity.services import NewActivity, activity_bulk_record, activity_record
from activity.types import ActivityType
from notifications.services import notification_preference_bulk_create, notification_preference_create
from payments.services import subscription_bulk_create_free, subscription_create_free

from .models import (
    EMAIL_TAKEN,
    INSTRUCTORS_GROUP,
    EmailVerification,
    IssuedToken,
    PasswordReset,
    Session,
    User,
    UserProfile,
)
from .tokens import new_token, token_digest

SIGNED_UP_DESCRIPTION = "Joined CodeZest"


class TokenRefused(ValidationError):
    """A token that is unknown, expired, used or revoked; ``code`` says which."""

    def __init__(self, reason: str):
        super().__init__(f"This token is {reason}.", code=reason)
        self.reason = reason


def _sync_instructors_group(user: User) -> None:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    if user.role == User.Role.INSTRUCTOR:
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    name: str = "",
    role: str = User.Role.STUDENT,
    email_verified: bool = False,
    is_active: bool = True,
) -> User:
    """Sign a user up: the user, their profile, notification preferences and a FREE subscription.

    ``password=None`` makes an OAuth-only user with an unusable password.
    """
    user = User(email=email, name=name, role=role, email_verified=email_verified, is_active=is_active)
    if password is not None:
        password_validation.validate_password(password, user)
    user.set_password(password)  # None sets an unusable password
    user.full_clean()
    user.save()
    _sync_instructors_group(user)
    UserProfile.objects.create(user=user)
    notification_preference_create(user=user)
    subscription_create_free(user=user)
    activity_record(user=user, type=ActivityType.SIGNED_UP, description=SIGNED_UP_DESCRIPTION)
    return user


@transaction.atomic
def user_bulk_create(
    *,
    emails: list[str],
    password: str,
    name_for: Callable[[str], str] | None = None,
    email_verified: bool = False,
) -> list[User]:
    """Sign students up in bulk (demo and scale data), with what ``user_create`` gives each.

    The same rules hold: each email is normalised and must be valid and free (in the database and
    within ``emails``, regardless of case), and the password must pass the validators for each user;
    it is hashed once and the hash shared. ``name_for(email)`` names each user (no name by default).
    Users, profiles, notification preferences, FREE subscriptions and "signed up" activities are
    made in a few INSERTs per table.
    """
    hashed = make_password(password)
    users, errors = [], []
    for email in emails:
        user = User(email=email, name=name_for(email) if name_for else "", email_verified=email_verified)
        user.password = hashed
        try:
            password_validation.validate_password(password, user)
            # The CHECKs full_clean() would ask the database about one user at a time are the
            # INSERT's; the unique email is checked for all users at once below.
            user.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.extend(f"{email}: {message}" for message in error.messages)
        users.append(user)
    if errors:
        raise ValidationError({"emails": errors})
    _check_emails_free(users)
    User.objects.bulk_create(users, batch_size=1000)
    UserProfile.objects.bulk_create((UserProfile(user=user) for user in users), batch_size=2000)
    notification_preference_bulk_create(users=users)
    subscription_bulk_create_free(users=users)
    activity_bulk_record(
        activities=(NewActivity(user, ActivityType.SIGNED_UP, SIGNED_UP_DESCRIPTION) for user in users)
    )
    return users


def _check_emails_free(users: list[User]) -> None:
    """No two of ``users`` share an email, and no current user has one of theirs, regardless of case."""
    wanted, errors = {}, []
    for user in users:
        if user.email.lower() in wanted:
            errors.append(f"{user.email}: {EMAIL_TAKEN}")
        wanted.setdefault(user.email.lower(), user.email)
    taken = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    errors.extend(f"{wanted[email]}: {EMAIL_TAKEN}" for email in taken.values_list("email_lower", flat=True))
    if errors:
        raise ValidationError({"emails": errors})


@transaction.atomic
def user_change_role(*, user: User, role: str) -> User:
    """Give the user a role, with the admin access and group that come with it."""
    user.role = role
    user.full_clean()
    user.save(update_fields=["role", "is_staff", "is_superuser", "updated_at"])
    _sync_instructors_group(user)
    return user


def _issue(model: type[IssuedToken], *, user: User, ttl: timedelta, **fields) -> tuple[IssuedToken, str]:
    token, digest = new_token()
    issued = model(user=user, token=digest, expires_at=timezone.now() + ttl, **fields)
    issued.full_clean()
    issued.save()
    return issued, token


def _redeem(model: type[IssuedToken], token: str, *, for_update: bool = False) -> IssuedToken:
    """The stored token for ``token``, or TokenRefused with the reason it may not be used."""
    digest = token_digest(token)
    queryset = model.objects.select_related("user")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    # The token is looked up by its SHA-256 digest, so the plaintext is never compared with anything.
    issued = queryset.filter(token=digest).first()
    if issued is None:
        raise TokenRefused("unknown")
    reason = issued.refusal_reason()
    if reason:
        raise TokenRefused(reason)
    if not issued.user.is_active or issued.user.is_deleted:
        raise TokenRefused("revoked")
    return issued


@transaction.atomic
def session_create(*, user: User, ip_address: str | None = None, user_agent: str = "") -> tuple[Session, str]:
    """Open a session; the bearer token is returned once and only its digest is stored."""
    return _issue(Session, user=user, ttl=settings.SESSION_TOKEN_TTL, ip_address=ip_address, user_agent=user_agent)


def session_authenticate(*, token: str) -> Session:
    """The valid session for a bearer token (TokenRefused when expired, revoked or unknown)."""
    return _redeem(Session, token)


@transaction.atomic
def session_revoke(*, session: Session) -> Session:
    if session.revoked_at is None:
        session.revoked_at = timezone.now()
        session.save(update_fields=["revoked_at"])
    return session


@transaction.atomic
def password_reset_create(*, user: User) -> tuple[PasswordReset, str]:
    """Issue a reset token; earlier unused ones of the user stop working."""
    now = timezone.now()
    user.password_resets.filter(used=False).update(used=True, used_at=now)
    return _issue(PasswordReset, user=user, ttl=settings.PASSWORD_RESET_TTL)


def password_reset_verify(*, token: str) -> PasswordReset:
    """Check a reset token without using it (for the "choose a password" form)."""
    return _redeem(PasswordReset, token)


@transaction.atomic
def password_reset_complete(*, token: str, new_password: str) -> User:
    """Use a reset token once: set the new password and revoke the user's open sessions."""
    reset = _redeem(PasswordReset, token, for_update=True)
    user = reset.user
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    now = timezone.now()
    reset.used, reset.used_at = True, now
    reset.save(update_fields=["used", "used_at"])
    user.sessions.filter(revoked_at__isnull=True).update(revoked_at=now)
    return user


@transaction.atomic
def email_verification_create(*, user: User) -> tuple[EmailVerification, str]:
    return _issue(EmailVerification, user=user, ttl=settings.EMAIL_VERIFICATION_TTL)


@transaction.atomic
def email_verification_confirm(*, token: str) -> User:
    """Use a verification token once and mark the user's email as verified."""
    verification = _redeem(EmailVerification, token, for_update=True)
    verification.verified, verification.verified_at = True, timezone.now()
    verification.save(update_fields=["verified", "verified_at"])
    user = verification.user
    user.email_verified = True
    user.save(update_fields=["email_verified", "updated_at"])
    return user
