from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
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


def signed_up(user: User) -> tuple:
    """What sign-up gave a user, read back from the database, without ids, emails and times."""
    user = User.objects.select_related("profile", "notification_preference", "subscription").get(pk=user.pk)
    activities = [
        (activity.type, activity.description, activity.metadata) for activity in user.activities.order_by("created_at")
    ]
    preference, subscription = user.notification_preference, user.subscription
    return (
        (user.role, user.is_staff, user.is_superuser, user.is_active, user.email_verified, user.has_usable_password()),
        list(user.groups.values_list("name", flat=True)),
        (user.profile.bio, user.profile.preferences),
        (preference.email, preference.push, preference.sms),
        (subscription.plan, subscription.status, subscription.valid_until, subscription.started_at is not None),
        activities,
    )


class TestBulkSignUp:
    def test_each_user_gets_what_user_create_gives(self):
        one = services.user_create(email="one@example.com", password=PASSWORD, email_verified=True)
        users = services.user_bulk_create(
            emails=["Ada@Example.COM", "bob@example.com"], password=PASSWORD, email_verified=True
        )
        assert [user.email for user in users] == ["Ada@example.com", "bob@example.com"]  # normalised alike
        for user in users:
            assert signed_up(user) == signed_up(one)
            assert authenticate(email=user.email.upper(), password=PASSWORD) == user
        assert signed_up(one)[-1] == [("signed_up", "Joined CodeZest", {})]

    def test_the_password_is_hashed_once_for_all(self):
        users = services.user_bulk_create(emails=["a@example.com", "b@example.com"], password=PASSWORD)
        hashes = set(User.objects.filter(pk__in=[user.pk for user in users]).values_list("password", flat=True))
        assert len(hashes) == 1
        assert PASSWORD not in hashes.pop()
        assert not any(user.email_verified for user in users)  # unverified unless asked

    def test_each_joined_when_joined_at_says_with_their_rows_and_keys(self):
        then = timezone.now() - timedelta(days=100)
        (user,) = services.user_bulk_create(emails=["old@example.com"], password=PASSWORD, joined_at=lambda _: then)
        user = User.objects.select_related("profile", "notification_preference", "subscription").get(pk=user.pk)
        signed_up = user.activities.get()
        rows = [user, user.profile, user.notification_preference, user.subscription, signed_up]
        assert [row.created_at for row in rows] == [then] * 5
        assert user.subscription.started_at == then
        assert {row.pk.int >> 80 for row in rows} == {
            (then - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
        }

    def test_names_come_from_name_for(self):
        users = services.user_bulk_create(
            emails=["ada@example.com"], password=PASSWORD, name_for=lambda email: email.split("@")[0].title()
        )
        assert User.objects.get(pk=users[0].pk).name == "Ada"

    @pytest.mark.parametrize(
        ("emails", "password", "named"),
        [
            (["ok@example.com", "not-an-email"], PASSWORD, "not-an-email"),
            (
                ["ok@example.com", ""],
                PASSWORD,
                "Enter a valid email address" if False else "This field cannot be blank",
            ),
            (["ok@example.com", "OK@example.com"], PASSWORD, "OK@example.com: A user with this email address"),
            (["ok@example.com", "taken@EXAMPLE.com"], PASSWORD, "taken@example.com: A user with this email address"),
            (["ok@example.com"], "123", "ok@example.com: This password is too short"),
            (["ok@example.com"], "ok@example.com", "too similar to the email address"),
        ],
    )
    def test_bad_input_is_refused_on_emails_and_nobody_is_signed_up(self, emails, password, named):
        UserFactory(email="Taken@example.com")
        before = User.all_objects.count()
        with pytest.raises(ValidationError) as raised:
            services.user_bulk_create(emails=emails, password=password)
        assert any(named in message for message in raised.value.message_dict["emails"]), raised.value
        assert User.all_objects.count() == before

    def test_the_number_of_queries_does_not_grow_with_the_number_of_users(self):
        with CaptureQueriesContext(connection) as few:
            services.user_bulk_create(emails=[f"few{n}@example.com" for n in range(2)], password=PASSWORD)
        with CaptureQueriesContext(connection) as many:
            services.user_bulk_create(emails=[f"many{n}@example.com" for n in range(200)], password=PASSWORD)
        assert len(many) == len(few)
        assert User.objects.filter(email__startswith="many").count() == 200
