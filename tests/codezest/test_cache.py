"""The shared cache (codezest.db.cache) on the real django_cache table: one statement per write, shared by every
connection, expiry and culling as Django's database cache has them."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codezest.db.cache import PostgreSQLCache, count_hit

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


def test_a_hit_is_one_statement_and_get_reads_the_count():
    cache = cache_with()
    with CaptureQueriesContext(connection) as hits:
        counts = [count_hit(cache, "hits", timeout=60) for _ in range(3)]
    assert counts == [1, 2, 3]
    assert len(hits) == 3
    assert cache.get("hits") == 3


def test_a_counter_restarts_once_expired_and_over_a_value_stored_another_way():
    cache = cache_with()
    count_hit(cache, "hits", timeout=60)
    cache.touch("hits", 0)  # expired a second ago
    assert count_hit(cache, "hits", timeout=60) == 1
    for value in ([1.0, 2.0], "I5\n.", 10**30, "é\x00"):
        cache.set("other", value)
        assert count_hit(cache, "other", timeout=60) == 1, value


def test_any_other_cache_counts_with_add_and_incr():
    memory = LocMemCache("counters", {})
    assert [count_hit(memory, "hits", timeout=60) for _ in range(3)] == [1, 2, 3]
    memory.touch("hits", -1)  # expired
    assert count_hit(memory, "hits", timeout=60) == 1


def test_hits_take_part_in_culling():
    cache = cache_with(MAX_ENTRIES=2, CULL_EVERY=3, CULL_FREQUENCY=2)
    for key in ("a", "b", "c"):
        count_hit(cache, key, timeout=60)  # the third counts 2 rows: not past MAX_ENTRIES
    assert rows() == 3
    for key in ("d", "e", "f"):
        count_hit(cache, key, timeout=60)  # the sixth counts 5: the first 2 go (CULL_FREQUENCY 2), then it counts
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        assert {key for (key,) in cursor.fetchall()} == {":1:c", ":1:d", ":1:e", ":1:f"}


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

    def hits():
        counts = [count_hit(caches["default"], "hits", timeout=60) for _ in range(25)]
        connection.close()
        return counts

    with ThreadPoolExecutor(2) as pool:
        counts = [count for thread in [pool.submit(hits), pool.submit(hits)] for count in thread.result()]
    assert sorted(counts) == list(range(1, 51))  # every hit counted once, none lost between the connections
    cache.delete("hits")
