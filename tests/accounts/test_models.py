import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.models import User, UserProfile
from tests.catalog import fetch, tables_in_schema

from .factories import PASSWORD, SessionFactory, UserFactory, UserProfileFactory

pytestmark = pytest.mark.django_db

ACCOUNTS_TABLES = {
    "users",
    "user_profiles",
    "sessions",
    "oauth_accounts",
    "password_resets",
    "email_verifications",
}


def insert_user_sql(email="raw@example.com", role="STUDENT", is_staff=False, is_superuser=False):
    """A user row written as another service would: raw SQL, database defaults for the rest."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth.users (email, password, name, role, is_staff, is_superuser) "
            "VALUES (%s, '!', '', %s, %s, %s) RETURNING id, created_at, updated_at, email_verified, is_active",
            [email, role, is_staff, is_superuser],
        )
        return cursor.fetchone()


def test_every_accounts_table_is_in_the_auth_schema():
    in_auth = tables_in_schema(connection, "auth")
    assert in_auth >= ACCOUNTS_TABLES
    in_public = tables_in_schema(connection, "public")
    assert not ACCOUNTS_TABLES & in_public


def test_every_accounts_model_names_its_schema_table():
    from django.apps import apps

    for model in apps.get_app_config("accounts").get_models():
        assert model._meta.db_table.startswith('auth"."'), model


def test_raw_insert_gets_database_defaults():
    user_id, created_at, updated_at, email_verified, is_active = insert_user_sql()
    assert isinstance(user_id, uuid.UUID)
    assert created_at is not None
    assert updated_at is not None
    assert (email_verified, is_active) == (False, True)


def test_primary_keys_from_python_are_uuid7():
    user = UserFactory()
    assert user.id.version == 7


@pytest.mark.parametrize("role", ["GOD", "student", ""])
def test_database_refuses_an_unknown_role(role):
    # An unknown role breaks both CHECKs; PostgreSQL names the first it tests.
    refused = r'check constraint "users_role_(valid|matches_admin_flags)"'
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        insert_user_sql(role=role)


def test_database_refuses_admin_flags_that_contradict_the_role():
    with pytest.raises(IntegrityError, match="users_role_matches_admin_flags"), transaction.atomic():
        insert_user_sql(role="STUDENT", is_staff=True)


def test_database_refuses_an_email_differing_only_in_case():
    insert_user_sql(email="Ada@Example.com")
    with pytest.raises(IntegrityError, match="users_email_ci_unique"), transaction.atomic():
        insert_user_sql(email="ada@example.COM")


def test_model_validation_refuses_an_email_differing_only_in_case():
    UserFactory(email="grace@example.com")
    with pytest.raises(ValidationError) as raised:
        UserFactory(email="GRACE@example.com")
    assert "A user with this email address already exists." in raised.value.messages


def test_soft_delete_hides_the_user_but_keeps_the_row():
    user = UserFactory()
    user.delete()
    assert not User.objects.filter(pk=user.pk).exists()
    assert User.all_objects.get(pk=user.pk).deleted_at is not None
    assert fetch(connection, "SELECT count(*) FROM auth.users WHERE id = %s", [user.pk]) == [(1,)]


def test_soft_deleted_email_can_be_registered_again():
    UserFactory(email="reuse@example.com").delete()
    again = UserFactory(email="Reuse@example.com")
    assert User.objects.get(pk=again.pk).email == "Reuse@example.com"


def test_queryset_delete_is_soft_and_hard_delete_removes_rows():
    first, second = UserFactory(), UserFactory()
    User.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert User.all_objects.deleted().filter(pk__in=[first.pk, second.pk]).count() == 2
    SessionFactory(user=first)
    first.hard_delete()
    assert not User.all_objects.filter(pk=first.pk).exists()
    assert fetch(connection, "SELECT count(*) FROM auth.sessions WHERE user_id = %s", [first.pk]) == [(0,)]


def test_restore_brings_a_user_back():
    user = UserFactory()
    user.delete()
    user.restore()
    assert User.objects.filter(pk=user.pk).exists()


def test_token_digest_check_refuses_a_plaintext_token():
    user = UserFactory()
    with pytest.raises(IntegrityError, match="session_token_is_digest"), transaction.atomic():
        SessionFactory(user=user, token="not-a-digest")


@pytest.mark.parametrize(
    ("preferences", "message"),
    [
        ({"theme": "neon"}, "Theme must be one of"),
        ({"colour": "red"}, "Unknown preference 'colour'."),
        ({"notifications": {"email": "yes"}}, "Notifications must be an object"),
        (["dark"], "Preferences must be an object."),
    ],
)
def test_profile_preferences_shape_is_validated(preferences, message):
    profile = UserProfile(user=UserFactory(), preferences=preferences)
    with pytest.raises(ValidationError) as raised:
        profile.full_clean()
    assert any(message in text for text in raised.value.message_dict["preferences"])


def test_well_formed_preferences_pass():
    profile = UserProfileFactory(preferences={"theme": "system", "language": "en", "notifications": {"email": False}})
    profile.full_clean()


def test_password_is_hashed():
    user = UserFactory()
    assert user.password != PASSWORD
    assert user.check_password(PASSWORD)


def test_database_refuses_an_email_with_surrounding_spaces():
    """A raw write of " ada@…" would otherwise be a second account beside "ada@…"."""
    user = UserFactory(email="ada@example.com")
    with (
        pytest.raises(IntegrityError, match="users_email_trimmed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE auth.users SET email = ' ' || email WHERE id = %s", [user.pk])


def test_sign_up_trims_the_email_and_then_finds_it_taken():
    from accounts.services import user_create

    first = user_create(email="  Ada@Example.COM ", password=PASSWORD)
    assert first.email == "Ada@example.com"
    with pytest.raises(ValidationError):
        user_create(email="ada@example.com", password=PASSWORD)
