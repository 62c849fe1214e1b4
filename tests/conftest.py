import pytest
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache

from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.payments.fake_stripe import SETTINGS as STRIPE_SETTINGS
from tests.payments.fake_stripe import TRANSPORT as STRIPE_TRANSPORT
from tests.payments.fake_stripe import FakeStripe


def pytest_collection_modifyitems(items):
    """A test that commits must restore the rows migrations made (content types, groups) for the tests after
    it: without serialized_rollback its flush leaves them to post_migrate, and the next test that restores
    them meets duplicates."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: transaction=True needs serialized_rollback=True")


@pytest.fixture(autouse=True)
def _fresh_throttle_counters(request):
    """API throttles count in the shared cache: each test starts from zero. The database cache's rows go with a
    test's rolled-back transaction; a test that commits (or another cache) is cleared before and after."""
    marker = request.node.get_closest_marker("django_db")
    rolled_back = isinstance(caches[DEFAULT_CACHE_ALIAS], DatabaseCache) and not (
        (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not rolled_back:
        cache.clear()
    yield
    if not rolled_back:
        cache.clear()


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    """Stripe configured, the real library talking to a fake Stripe in this process."""
    fake = FakeStripe()
    for name, value in STRIPE_SETTINGS.items():
        setattr(settings, name, value)
    monkeypatch.setattr(STRIPE_TRANSPORT, lambda: fake)
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
