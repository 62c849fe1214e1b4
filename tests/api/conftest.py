import pytest
from django.db import transaction
from django.test import override_settings

from tests.payments.fake_stripe import SETTINGS as STRIPE_SETTINGS
from tests.payments.fake_stripe import TRANSPORT as STRIPE_TRANSPORT
from tests.payments.fake_stripe import FakeStripe


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For rows a module's tests share: made once, in a transaction rolled back when the module is done. Each test
    still runs in a savepoint of its own (pytest-django's db), so what one test writes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_stripe():
    """The fake_stripe fixture for a module: for its shared rows and every one of its tests."""
    fake = FakeStripe()
    with override_settings(**STRIPE_SETTINGS), pytest.MonkeyPatch.context() as patch:
        patch.setattr(STRIPE_TRANSPORT, lambda: fake)
        yield fake
