"""The API's limits per caller: a fixed window per caller, each request one more hit on its counter in the
shared cache (one statement in PostgreSQL, one round trip to Redis), a 429 with Retry-After past the limit."""

import math
from datetime import timedelta
from types import SimpleNamespace

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from codezest.api.throttling import AnonRateThrottle, UserRateThrottle
from codezest.db.cache import RedisCache, count_hit
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNED_IN_URL = "/api/v1/me/activity"
PUBLIC_URL = "/api/v1/languages"
WINDOW_START = 1_800_000_000  # a whole minute since the epoch


@pytest.fixture
def clock(monkeypatch):
    """The throttles' time, 20 seconds into a minute; move it with ``clock[0] = …``."""
    now = [WINDOW_START + 20.0]
    for throttle in (AnonRateThrottle, UserRateThrottle):
        monkeypatch.setattr(throttle, "timer", lambda self: now[0])
    return now


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_signed_in_caller_past_the_limit_waits_for_the_next_window(monkeypatch, clock):
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    user, other = UserFactory(), UserFactory()
    client = signed_in(user)
    assert [client.get(SIGNED_IN_URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(SIGNED_IN_URL)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"  # the rest of the minute
    assert refused.json()["error"]["code"] == "throttled"
    assert signed_in(other).get(SIGNED_IN_URL).status_code == 200  # per caller
    with connection.cursor() as cursor:  # the counters (one per caller) go when their window ends
        cursor.execute("SELECT expires - now() FROM django_cache WHERE cache_key LIKE %s", ["%throttle:user:%"])
        left = [left for (left,) in cursor.fetchall()]
    assert len(left) == 2
    assert all(timedelta(seconds=38) < each <= timedelta(seconds=41) for each in left)
    clock[0] = WINDOW_START + 59.5
    assert client.get(SIGNED_IN_URL)["Retry-After"] == str(math.ceil(0.5))
    clock[0] = WINDOW_START + 60
    assert client.get(SIGNED_IN_URL).status_code == 200


def test_a_refusal_as_its_window_ends_still_says_when_to_retry(monkeypatch, clock):
    """The window may end between the count and the answer: the caller is still told a wait, not none."""
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "1/minute")
    throttle, request = UserRateThrottle(), SimpleNamespace(user=UserFactory())
    assert [throttle.allow_request(request, None) for _ in range(2)] == [True, False]
    clock[0] = WINDOW_START + 60
    assert throttle.wait() == 1


def test_anonymous_callers_are_counted_per_ip(monkeypatch, clock):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    client = APIClient()
    answers = [client.get(PUBLIC_URL, REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert client.get(PUBLIC_URL, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_an_identity_of_any_length_or_character_is_counted(settings, clock):
    """Behind proxies that pass X-Forwarded-For through, the caller's identity is whatever the header holds."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": None}
    client = APIClient()
    for forwarded in ("203.0.113.7 " * 100, "\x00é\u202e😀", ""):
        assert client.get(PUBLIC_URL, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200, forwarded


def test_a_request_counts_in_one_statement_whatever_the_callers_history(clock):
    client = signed_in(UserFactory())
    for _ in range(200):
        client.get(SIGNED_IN_URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SIGNED_IN_URL).status_code == 200
    counting = [query["sql"] for query in queries if "django_cache" in query["sql"]]
    assert len(counting) == 1
    assert len(counting[0]) < 1000  # the count, not a log of the window's requests


def test_with_redis_a_hit_is_one_transaction_and_the_limit_holds(redis_server, settings, monkeypatch, clock):
    settings.CACHES = {"default": {"BACKEND": "codezest.db.cache.RedisCache", "LOCATION": redis_server}}
    cache, server = RedisCache(redis_server, {}), redis.Redis.from_url(redis_server)
    assert [count_hit(cache, "hits", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("hits") == 3
    assert 0 < server.ttl(":1:hits") <= 60  # set by the first hit, kept by the others
    commands = server.info("commandstats")
    assert [commands[f"cmdstat_{name}"]["calls"] for name in ("multi", "set", "incrby", "exec")] == [3, 3, 3, 3]

    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "2/minute")
    client = signed_in(UserFactory())
    assert [client.get(SIGNED_IN_URL).status_code for _ in range(3)] == [200, 200, 429]
    [key] = [key.decode() for key in redis.Redis.from_url(redis_server).keys("*throttle:user:*")]
    assert key.endswith(f":{WINDOW_START}")
