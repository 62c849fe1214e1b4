"""Writes of the accounts context: users, roles and the tokens they are issued."""

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_tasks import task

from activity.services import NewActivity, activity_bulk_record, activity_record
from activity.types import ActivityType
from codezest.db.bulk import uuid7_at
from notifications.models import Notification, NotificationPriority
from notifications.selectors import user_notified_since
from notifications.services import (
    email_queue,
    notification_notify,
    notification_preference_bulk_create,
    notification_preference_create,
)
from notifications.types import NotificationType
from payments.services import subscription_bulk_create_free, subscription_create_free

from .emails import (
    email_verification_message,
    login_failures_message,
    password_reset_message,
    sign_up_attempt_message,
)
from .models import (
    EMAIL_TAKEN,
    INSTRUCTORS_GROUP,
    EmailVerification,
    IdempotencyRecord,
    IssuedToken,
    PasswordReset,
    Session,
    User,
    UserProfile,
)
from .tokens import new_token, token_digest

SIGNED_UP_DESCRIPTION = "Joined CodeZest"
WRONG_CURRENT_PASSWORD = "The current password is not right."


class Keep(Enum):
    """An argument left out of an update: the field keeps its value."""

    VALUE = "keep"


KEEP = Keep.VALUE


class TokenRefused(ValidationError):
    """A token that is unknown, expired, used or revoked; ``code`` says which."""

    def __init__(self, reason: str):
        super().__init__(f"This token is {reason}.", code=reason)
        self.reason = reason


def _check_password(password: str, user: User, *, field: str) -> None:
    """Django's password validators, their complaints filed under ``field``."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


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
    user = User(
        email=User.objects.normalize_email(email),
        name=name,
        role=role,
        email_verified=email_verified,
        is_active=is_active,
    )
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
def user_register(*, email: str, password: str, name: str = "") -> None:
    """Sign up from the outside, answering nothing, so that nobody learns whether the address has an account.

    The password must pass the validators either way (they judge it against the email and name given, not
    against a stored account). A free address gets a user (``user_create``) and a verification e-mail; a
    taken one gets an e-mail telling its owner that someone tried, and the password is hashed all the
    same: both paths do one hash and queue one e-mail, so both take as long.
    """
    email = User.objects.normalize_email(email)
    _check_password(password, User(email=email, name=name), field="password")
    if not User.objects.with_email(email).exists():
        user = _user_create_unless_taken(email=email, password=password, name=name)
        if user is not None:
            _, token = email_verification_create(user=user)
            subject, body = email_verification_message(token=token)
            email_queue(to_address=user.email, subject=subject, body=body, redact_body=True)
            return
    make_password(password)  # the hash user_create makes in set_password
    owner = User.objects.with_email(email).first()
    if owner is not None:
        subject, body = sign_up_attempt_message()
        email_queue(to_address=owner.email, subject=subject, body=body)


def _user_create_unless_taken(*, email: str, password: str, name: str) -> User | None:
    """``user_create``, or None when someone signed up with the address since it was looked up."""
    try:
        with transaction.atomic():
            return user_create(email=email, password=password, name=name)
    except IntegrityError:
        return None
    except ValidationError as error:
        if EMAIL_TAKEN in error.messages:
            return None
        raise


@transaction.atomic
def user_update(*, user: User, name: str | Keep = KEEP, avatar: str | Keep = KEEP) -> User:
    """Change the user's name and avatar (the avatar is the profile's)."""
    if name is not KEEP:
        user.name = name
        user.full_clean()
        user.save(update_fields=["name", "updated_at"])
    if avatar is not KEEP:
        user_profile_update(user=user, avatar=avatar)
    return user


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    bio: str | Keep = KEEP,
    avatar: str | Keep = KEEP,
    location: str | Keep = KEEP,
    website: str | Keep = KEEP,
    github_url: str | Keep = KEEP,
    linkedin_url: str | Keep = KEEP,
    twitter_url: str | Keep = KEEP,
    preferences: dict | Keep = KEEP,
) -> UserProfile:
    """Change the fields given of the user's profile (made first for a user another service inserted)."""
    profile, _ = UserProfile.objects.select_for_update().get_or_create(user=user)
    changes = {
        "bio": bio,
        "avatar": avatar,
        "location": location,
        "website": website,
        "github_url": github_url,
        "linkedin_url": linkedin_url,
        "twitter_url": twitter_url,
        "preferences": preferences,
    }
    for name, value in changes.items():
        if value is not KEEP:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def user_password_change(
    *, user: User, current_password: str, new_password: str, keep_session: Session | None = None
) -> User:
    """Change the password, knowing the current one; every session but ``keep_session`` is revoked."""
    if not user.check_password(current_password):
        raise ValidationError({"current_password": WRONG_CURRENT_PASSWORD})
    _check_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.full_clean()
    user.save(update_fields=["password", "updated_at"])
    others = user.sessions.filter(revoked_at__isnull=True)
    if keep_session is not None:
        others = others.exclude(pk=keep_session.pk)
    others.update(revoked_at=timezone.now())
    return user


@transaction.atomic
def user_bulk_create(
    *,
    emails: list[str],
    password: str,
    name_for: Callable[[str], str] | None = None,
    email_verified: bool = False,
    joined_at: Callable[[str], datetime] | None = None,
) -> list[User]:
    """Sign students up in bulk (demo and scale data), with what ``user_create`` gives each.

    The same rules hold: each email is normalised and must be valid and free (in the database and
    within ``emails``, regardless of case), and the password must pass the validators for each user;
    it is hashed once and the hash shared. ``name_for(email)`` names each user (no name by default);
    ``joined_at(email)`` says when they signed up (now by default), the time of their rows and ids.
    Users, profiles, notification preferences, FREE subscriptions and "signed up" activities are
    made in a few INSERTs per table.
    """
    hashed = make_password(password)
    users, errors = [], []
    for email in emails:
        user = User(email=email, name=name_for(email) if name_for else "", email_verified=email_verified)
        if joined_at is not None:
            user.created_at = joined_at(email)
        user.id = uuid7_at(user.created_at)
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
    UserProfile.objects.bulk_create(
        (UserProfile(id=uuid7_at(user.created_at), user=user, created_at=user.created_at) for user in users),
        batch_size=2000,
    )
    notification_preference_bulk_create(users=users)
    subscription_bulk_create_free(users=users)
    activity_bulk_record(
        activities=(
            NewActivity(user, ActivityType.SIGNED_UP, SIGNED_UP_DESCRIPTION, created_at=user.created_at)
            for user in users
        )
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


def _issue(model: type[IssuedToken], *, user: User, ttl: timedelta, now=None, **fields) -> tuple[IssuedToken, str]:
    token, digest = new_token()
    issued = model(user=user, token=digest, expires_at=(now or timezone.now()) + ttl, **fields)
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


def _session_expiry(*, created_at, now):
    """SESSION_TOKEN_TTL after the last use, and never later than SESSION_TOKEN_MAX_AGE after issue."""
    return min(now + settings.SESSION_TOKEN_TTL, created_at + settings.SESSION_TOKEN_MAX_AGE)


@transaction.atomic
def session_create(*, user: User, ip_address: str | None = None, user_agent: str = "") -> tuple[Session, str]:
    """Open a session; the bearer token is returned once and only its digest is stored."""
    now = timezone.now()
    ttl = _session_expiry(created_at=now, now=now) - now
    return _issue(
        Session,
        user=user,
        ttl=ttl,
        now=now,
        ip_address=ip_address,
        user_agent=user_agent,
        created_at=now,
        last_used_at=now,
    )


def session_authenticate(*, token: str) -> Session:
    """The valid session for a bearer token (TokenRefused when expired, revoked or unknown).

    Each use slides its expiry (``_session_expiry``); the use is written at most once per
    SESSION_TOKEN_TOUCH_INTERVAL, so a busy client does not write on every request.
    """
    session = _redeem(Session, token)
    now = timezone.now()
    if session.last_used_at is None or now - session.last_used_at >= settings.SESSION_TOKEN_TOUCH_INTERVAL:
        session_touch(session=session, now=now)
    return session


@transaction.atomic
def session_touch(*, session: Session, now=None) -> Session:
    """Record a use of the session and slide its expiry."""
    now = now or timezone.now()
    session.last_used_at = now
    session.expires_at = _session_expiry(created_at=session.created_at, now=now)
    session.full_clean(validate_unique=False)
    session.save(update_fields=["last_used_at", "expires_at"])
    return session


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


def password_reset_request(*, email: str) -> None:
    """Ask for a reset e-mail. The lookup and the e-mail happen in the background, so this request does
    the same work whether or not the address has an account, and says nothing about it."""
    transaction.on_commit(lambda: password_reset_send_task.enqueue(email))


def password_reset_send(*, email: str) -> PasswordReset | None:
    """The background half of ``password_reset_request``: a reset link for an active account, else nothing."""
    user = User.objects.with_email(email).filter(is_active=True).first()
    if user is None:
        return None
    with transaction.atomic():
        reset, token = password_reset_create(user=user)
        subject, body = password_reset_message(token=token)
        email_queue(to_address=user.email, subject=subject, body=body, redact_body=True)
    return reset


@task()
def password_reset_send_task(email: str) -> bool:
    return password_reset_send(email=email) is not None


def password_reset_verify(*, token: str) -> PasswordReset:
    """Check a reset token without using it (for the "choose a password" form)."""
    return _redeem(PasswordReset, token)


@transaction.atomic
def password_reset_complete(*, token: str, new_password: str) -> User:
    """Use a reset token once: set the new password and revoke the user's open sessions."""
    reset = _redeem(PasswordReset, token, for_update=True)
    user = reset.user
    _check_password(new_password, user, field="new_password")
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


def email_verification_request(*, email: str) -> None:
    """Ask for another verification e-mail; like ``password_reset_request``, the work is the background's."""
    transaction.on_commit(lambda: email_verification_send_task.enqueue(email))


def email_verification_send(*, email: str) -> EmailVerification | None:
    """A verification link for an active account whose address is not verified yet, else nothing."""
    user = User.objects.with_email(email).filter(is_active=True, email_verified=False).first()
    if user is None:
        return None
    with transaction.atomic():
        verification, token = email_verification_create(user=user)
        subject, body = email_verification_message(token=token)
        email_queue(to_address=user.email, subject=subject, body=body, redact_body=True)
    return verification


@task()
def email_verification_send_task(email: str) -> bool:
    return email_verification_send(email=email) is not None


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


def login_failures_notice_request(*, email: str, failures: int, window: timedelta) -> None:
    """Tell the owner of ``email``, if there is one, that ``failures`` wrong passwords were tried within
    ``window``. Like ``password_reset_request``, the lookup is the background's: the failed login does the same
    work whether or not the address has an account."""
    seconds = int(window.total_seconds())
    transaction.on_commit(lambda: login_failures_notice_send_task.enqueue(email, failures, seconds))


def login_failures_notice_send(*, email: str, failures: int, window: timedelta) -> Notification | None:
    """The background half of ``login_failures_notice_request``: a security notice (in the app and by e-mail,
    whatever the preferences) to an active account, at most one per ``window``, else nothing."""
    with transaction.atomic():
        # Locked, so that two workers told of the same attack at once send one notice.
        user = User.objects.with_email(email).filter(is_active=True).select_for_update().first()
        if user is None or user_notified_since(
            user=user, type=NotificationType.FAILED_LOGINS, since=timezone.now() - window
        ):
            return None
        subject, body = login_failures_message(failures=failures, window=window)
        return notification_notify(
            user=user,
            type=NotificationType.FAILED_LOGINS,
            title=subject,
            message=body,
            priority=NotificationPriority.HIGH,
            metadata={"failures": failures, "window_seconds": int(window.total_seconds())},
            security=True,
        )


@task()
def login_failures_notice_send_task(email: str, failures: int, window_seconds: int) -> bool:
    window = timedelta(seconds=window_seconds)
    return login_failures_notice_send(email=email, failures=failures, window=window) is not None


# ---- Idempotency-Key: a POST runs once per user and key, and its first response is replayed. ----


class IdempotencyConflict(Exception):
    """The key cannot serve this request: ``reason`` is "mismatch" (another request used it) or "in_progress"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _records_of(*, user: User | None, key: str):
    owner = Q(user=user) if user is not None else Q(user__isnull=True)
    return IdempotencyRecord.objects.filter(owner, key=key)


def idempotency_record_claim(
    *, user: User | None, key: str, request_hash: str, method: str, path: str
) -> tuple[IdempotencyRecord, bool]:
    """Claim ``key`` for a request before it runs: the record, and whether this request made it.

    The INSERT commits at once (a transaction of its own), so a concurrent duplicate finds the claim; the
    unique (user, key) decides which of two claims wins. A record that has expired, or that stayed in
    progress longer than IDEMPOTENCY_STALE_AFTER (its request died), is removed first. The record
    returned unmade is as stored: compare its ``request_hash``, and replay it once ``completed_at`` is set.
    """
    for _ in range(3):  # a claim removed between our INSERT and our read: claim again
        now = timezone.now()
        abandoned = Q(completed_at__isnull=True, created_at__lte=now - settings.IDEMPOTENCY_STALE_AFTER)
        _records_of(user=user, key=key).filter(Q(expires_at__lte=now) | abandoned).delete()
        record = IdempotencyRecord(
            user=user,
            key=key,
            request_hash=request_hash,
            method=method,
            path=path[:2000],
            created_at=now,
            expires_at=now + settings.IDEMPOTENCY_TTL,
        )
        # The unique (user, key) is the INSERT's to decide; the CHECKs hold by construction (and in the database).
        record.full_clean(validate_constraints=False)
        with transaction.atomic():
            IdempotencyRecord.objects.bulk_create([record], ignore_conflicts=True)
        stored = _records_of(user=user, key=key).first()
        if stored is not None:
            return stored, stored.pk == record.pk
    raise IdempotencyConflict("in_progress")


@transaction.atomic
def idempotency_record_complete(
    *, record: IdempotencyRecord, status: int, body: str, headers: dict[str, str] | None = None
) -> IdempotencyRecord:
    """Store the response (its status, JSON text and headers to replay) of the claimed request; call it in
    the request's own transaction, so that the request's rows and its stored response commit together."""
    record.response_status, record.response_body = status, body
    record.response_headers, record.completed_at = headers or {}, timezone.now()
    record.full_clean(validate_unique=False)
    fields = ["response_status", "response_body", "response_headers", "completed_at"]
    stored = IdempotencyRecord.objects.filter(pk=record.pk, completed_at__isnull=True).update(
        **{field: getattr(record, field) for field in fields}
    )
    if not stored:  # the claim was taken over as stale: the other request's run counts, not ours
        raise IdempotencyConflict("in_progress")
    return record


def idempotency_record_release(*, record: IdempotencyRecord) -> None:
    """Give the key back after a request that did not succeed, so that the same request may be sent again."""
    IdempotencyRecord.objects.filter(pk=record.pk, completed_at__isnull=True).delete()


def idempotency_record_purge(*, now=None) -> int:
    """Remove the records past their IDEMPOTENCY_TTL; how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
