"""The shared cache (codezest.db.cache) on the real django_cache table: one statement per write, shared by every
connection, expiry and culling as Django's database cache has them."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codezest.db.cache import PostgreSQLCache

pytestmark = pytest.mark.django_db


def cache_with(**options) -> PostgreSQLCache:
    return PostgreSQLCache("django_cache", {"OPTIONS": options})


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        return cursor.fetchone()[0]


def test_the_settings_cache_is_this_one():
    assert isinstance(caches["default"], PostgreSQLCache)


def test_a_write_is_one_statement():
    cache = cache_with()
    with CaptureQueriesContext(connection) as first:
        cache.set("counter", [1.0])
    with CaptureQueriesContext(connection) as second:
        cache.set("counter", [2.0, 1.0])
    assert [len(first), len(second)] == [1, 1]
    assert "ON CONFLICT" in second[0]["sql"]
    assert cache.get("counter") == [2.0, 1.0]


def test_add_and_touch_answer_as_djangos():
    cache = cache_with()
    assert cache.add("key", "first") is True
    assert cache.add("key", "second") is False
    assert cache.get("key") == "first"
    assert cache.touch("key", 60) is True
    assert cache.touch("missing", 60) is False
    cache.set("forever", "kept", timeout=None)
    assert cache.get("forever") == "kept"


def test_expired_rows_are_gone_to_get_and_add_replaces_them():
    cache = cache_with()
    cache.set("key", "old", timeout=1)
    time.sleep(1.1)
    assert cache.get("key") is None
    cache.set("again", "old", timeout=0)  # expired a second ago (expiry is kept to the second, as Django's)
    assert cache.add("again", "new") is True
    assert cache.get("again") == "new"


def test_rows_are_counted_and_culled_only_every_cull_every_writes():
    cache = cache_with(MAX_ENTRIES=3, CULL_FREQUENCY=2, CULL_EVERY=5)
    with CaptureQueriesContext(connection) as writes:
        for number in range(4):
            cache.set(f"key{number}", number)
    assert rows() == 4  # past MAX_ENTRIES, not yet counted
    assert not any("COUNT" in query["sql"] for query in writes)
    cache.set("key4", 4)  # the fifth write counts 4 rows: a half (CULL_FREQUENCY 2) of them go, then it is stored
    assert rows() == 3
    assert cache.get("key4") == 4


def test_expired_rows_go_first_when_culling():
    cache = cache_with(MAX_ENTRIES=2, CULL_EVERY=3)
    cache.set("stale", 0, timeout=0)
    cache.set("live", 1)
    cache.set("new", 2)  # the third write: 2 rows counted, not past MAX_ENTRIES
    cache.set("newer", 3)
    cache.set("newest", 4)
    cache.set("last", 5)  # the sixth: 5 rows, the expired one deleted, then a third of the 4 others
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        assert {key for (key,) in cursor.fetchall()} == {":1:new", ":1:newer", ":1:newest", ":1:last"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connections_share_the_counter():
    """Another thread has its own connection and its own cache object: it sees this one's writes, and they
    count into one value."""
    cache = caches["default"]
    cache.set("throttle", [1.0])
    seen = []

    def another_process():
        other = caches["default"]
        seen.extend([other is cache, other.get("throttle")])
        other.set("throttle", [*other.get("throttle"), 2.0])
        connection.close()

    thread = threading.Thread(target=another_process)
    thread.start()
    thread.join()
    assert seen == [False, [1.0]]
    assert cache.get("throttle") == [1.0, 2.0]
    cache.delete("throttle")
