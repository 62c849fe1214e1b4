import contextlib
import shutil
import subprocess
import time

import pytest
import redis
from django.db import transaction
from django.test import override_settings

from tests.codezest.test_make_run import free_port
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


@pytest.fixture
def redis_server(tmp_path):
    """A Redis server of the test's own on a free port (Debian's redis-server), nothing saved to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if redis.Redis.from_url(url).ping():
                    break
            assert server.poll() is None, "redis-server stopped"
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
