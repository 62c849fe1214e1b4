import pytest
from django.core.cache import cache

from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.payments.fake_stripe import PRICE_ENTERPRISE, PRICE_PRO, WEBHOOK_SECRET, FakeStripe


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """API throttles count in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    """Stripe configured, the real library talking to a fake Stripe in this process."""
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_codezest"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICES = {"PRO": PRICE_PRO, "ENTERPRISE": PRICE_ENTERPRISE}
    settings.PRO_ONLY_FEATURES = ["ai_mentor"]
    monkeypatch.setattr("payments.stripe_api.http_client", lambda: fake)
    return fake


@pytest.fixture
def student(db) -> User:
    return UserFactory(role=User.Role.STUDENT)


@pytest.fixture
def instructor(db) -> User:
    return UserFactory(role=User.Role.INSTRUCTOR)


@pytest.fixture
def admin_account(db) -> User:
    """An ADMIN (a superuser); pytest-django's own ``admin_user`` skips the sign-up rules."""
    return UserFactory(role=User.Role.ADMIN)
