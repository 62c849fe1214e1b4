from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import (
    EmailVerification,
    IdempotencyRecord,
    OAuthAccount,
    PasswordReset,
    Session,
    User,
    UserProfile,
)
from accounts.tokens import new_token
from tests.factories import SignUpRowFactory

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    name = factory.Faker("name")
    password = PASSWORD
    role = User.Role.STUDENT

    class Meta:
        model = User

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from accounts.services import user_create

        return user_create(**kwargs)


class UserProfileFactory(SignUpRowFactory):
    user = factory.SubFactory(UserFactory)
    bio = factory.Faker("sentence")
    location = factory.Faker("city")
    preferences = factory.LazyFunction(lambda: {"theme": "dark", "language": "en"})

    class Meta:
        model = UserProfile


def _digest() -> str:
    return new_token()[1]


class SessionFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(_digest)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ip_address = "127.0.0.1"
    user_agent = "pytest"

    class Meta:
        model = Session


class OAuthAccountFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    provider = OAuthAccount.Provider.GITHUB
    provider_account_id = factory.Sequence(lambda n: f"gh-{n}")
    access_token = "gho_example"

    class Meta:
        model = OAuthAccount


class PasswordResetFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(_digest)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))

    class Meta:
        model = PasswordReset


class EmailVerificationFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(_digest)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))

    class Meta:
        model = EmailVerification


class IdempotencyRecordFactory(factory.django.DjangoModelFactory):
    """A completed POST with its key, kept for replays."""

    user = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"key-{n}")
    request_hash = factory.LazyFunction(_digest)
    method = "POST"
    path = "/api/v1/me/enrollments"
    response_status = 201
    response_body = '{"id": "01a20000-0000-7000-8000-000000000000"}'
    completed_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=24))

    class Meta:
        model = IdempotencyRecord
