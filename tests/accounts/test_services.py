from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts import services
from accounts.models import INSTRUCTORS_GROUP, EmailVerification, PasswordReset, Session, User
from accounts.tokens import token_digest
from tests.catalog import fetch

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def stored_text_of(table: str) -> str:
    """Every value of every row of an auth table, as text."""
    rows = fetch(connection, f"SELECT t::text FROM auth.{table} t")
    return " ".join(row for (row,) in rows)


def test_user_logs_in_with_email_in_any_case():
    UserFactory(email="Linus@Example.com")
    user = authenticate(email="linus@EXAMPLE.com", password=PASSWORD)
    assert user is not None
    assert user.email == "Linus@example.com"  # the domain is normalised, the local part kept


def test_soft_deleted_user_cannot_log_in():
    user = UserFactory()
    user.delete()
    assert authenticate(email=user.email, password=PASSWORD) is None


@pytest.mark.parametrize(
    ("role", "is_staff", "is_superuser", "instructor"),
    [
        (User.Role.ADMIN, True, True, False),
        (User.Role.INSTRUCTOR, True, False, True),
        (User.Role.STUDENT, False, False, False),
    ],
)
def test_role_decides_admin_access(role, is_staff, is_superuser, instructor):
    user = UserFactory(role=role)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (is_staff, is_superuser)
    assert user.groups.filter(name=INSTRUCTORS_GROUP).exists() is instructor


def test_changing_role_moves_flags_and_group():
    user = UserFactory(role=User.Role.INSTRUCTOR)
    services.user_change_role(user=user, role=User.Role.STUDENT)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert not user.groups.filter(name=INSTRUCTORS_GROUP).exists()


def test_unknown_role_is_a_validation_error_and_changes_nothing():
    user = UserFactory(role=User.Role.STUDENT)
    with pytest.raises(ValidationError) as raised:
        services.user_change_role(user=user, role="OWNER")
    assert "role" in raised.value.message_dict
    user.refresh_from_db()
    assert user.role == User.Role.STUDENT


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [("not-an-email", PASSWORD, "email"), ("", PASSWORD, "email"), ("ok@example.com", "123", None)],
)
def test_user_create_refuses_bad_input_with_a_validation_error(email, password, field):
    with pytest.raises(ValidationError) as raised:
        services.user_create(email=email, password=password)
    if field:
        assert field in raised.value.message_dict
    assert not User.all_objects.exists()


def test_oauth_only_user_has_an_unusable_password():
    user = services.user_create(email="oauth@example.com", password=None)
    assert not user.has_usable_password()


def test_createsuperuser_makes_an_admin(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--no-input", "--email", "root@example.com", verbosity=0)
    admin = User.objects.with_email("ROOT@example.com").get()
    assert (admin.role, admin.is_staff, admin.is_superuser) == (User.Role.ADMIN, True, True)
    # createsuperuser signs the user up like everyone else
    assert admin.profile
    assert admin.notification_preference.email
    assert (admin.subscription.plan, admin.subscription.status) == ("FREE", "ACTIVE")


def test_sign_up_is_atomic():
    """When the last step fails in the database, no part of the user is left behind."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'subscriptions are down'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_subscriptions BEFORE INSERT ON payments.subscriptions "
            "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse()"
        )
    with pytest.raises(DatabaseError, match="subscriptions are down"), transaction.atomic():
        services.user_create(email="half@example.com", password=PASSWORD)
    assert not User.all_objects.filter(email="half@example.com").exists()
    assert fetch(
        connection,
        "SELECT count(*) FROM auth.user_profiles p JOIN auth.users u ON u.id = p.user_id "
        "WHERE u.email = 'half@example.com'",
    ) == [(0,)]


class TestSessionTokens:
    def test_issued_token_verifies_and_only_its_digest_is_stored(self):
        user = UserFactory()
        session, token = services.session_create(user=user, ip_address="10.0.0.1", user_agent="pytest")
        assert services.session_authenticate(token=token) == session
        assert session.token == token_digest(token)
        assert token not in stored_text_of("sessions")

    def test_revoked_token_is_refused(self):
        session, token = services.session_create(user=UserFactory())
        services.session_revoke(session=session)
        with pytest.raises(services.TokenRefused) as raised:
            services.session_authenticate(token=token)
        assert raised.value.reason == "revoked"

    def test_expired_token_is_refused(self):
        session, token = services.session_create(user=UserFactory())
        Session.objects.filter(pk=session.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        with pytest.raises(services.TokenRefused) as raised:
            services.session_authenticate(token=token)
        assert raised.value.reason == "expired"

    def test_unknown_token_is_refused(self):
        with pytest.raises(services.TokenRefused) as raised:
            services.session_authenticate(token="made-up")
        assert raised.value.reason == "unknown"

    def test_token_of_a_deactivated_user_is_refused(self):
        user = UserFactory()
        _, token = services.session_create(user=user)
        User.objects.filter(pk=user.pk).update(is_active=False)
        with pytest.raises(services.TokenRefused):
            services.session_authenticate(token=token)


class TestPasswordReset:
    def test_token_resets_the_password_once(self):
        user = UserFactory()
        _, session_token = services.session_create(user=user)
        _, token = services.password_reset_create(user=user)
        assert token not in stored_text_of("password_resets")
        assert services.password_reset_verify(token=token).user == user

        services.password_reset_complete(token=token, new_password="a-brand-new-secret-7")
        user.refresh_from_db()
        assert user.check_password("a-brand-new-secret-7")
        with pytest.raises(services.TokenRefused) as raised:
            services.password_reset_complete(token=token, new_password="another-secret-8")
        assert raised.value.reason == "used"
        with pytest.raises(services.TokenRefused):  # resetting the password ends open sessions
            services.session_authenticate(token=session_token)

    def test_a_new_reset_revokes_the_earlier_one(self):
        user = UserFactory()
        _, first = services.password_reset_create(user=user)
        _, second = services.password_reset_create(user=user)
        with pytest.raises(services.TokenRefused):
            services.password_reset_verify(token=first)
        assert services.password_reset_verify(token=second)

    def test_expired_reset_is_refused(self):
        reset, token = services.password_reset_create(user=UserFactory())
        PasswordReset.objects.filter(pk=reset.pk).update(expires_at=timezone.now())
        with pytest.raises(services.TokenRefused) as raised:
            services.password_reset_complete(token=token, new_password="a-brand-new-secret-7")
        assert raised.value.reason == "expired"

    def test_weak_new_password_is_refused_and_the_token_stays_usable(self):
        user = UserFactory()
        _, token = services.password_reset_create(user=user)
        with pytest.raises(ValidationError):
            services.password_reset_complete(token=token, new_password="123")
        assert services.password_reset_verify(token=token)
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


class TestEmailVerification:
    def test_confirming_verifies_the_email_once(self):
        user = UserFactory()
        _, token = services.email_verification_create(user=user)
        assert token not in stored_text_of("email_verifications")
        assert services.email_verification_confirm(token=token).email_verified
        with pytest.raises(services.TokenRefused) as raised:
            services.email_verification_confirm(token=token)
        assert raised.value.reason == "used"

    def test_expired_verification_is_refused(self):
        verification, token = services.email_verification_create(user=UserFactory())
        EmailVerification.objects.filter(pk=verification.pk).update(expires_at=timezone.now())
        with pytest.raises(services.TokenRefused) as raised:
            services.email_verification_confirm(token=token)
        assert raised.value.reason == "expired"
        assert not User.objects.get(pk=verification.user_id).email_verified
