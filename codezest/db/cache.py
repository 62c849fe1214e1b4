"""Django's database cache with each write one statement, and a counter that takes one, for the throttles that
count every request (``CACHES`` in the settings).

Django's ``DatabaseCache`` writes in a transaction of four to six round trips: it counts the table's rows (to
cull past MAX_ENTRIES), reads the key, then updates or inserts it. Here a write is one ``INSERT … ON CONFLICT``
(PostgreSQL's upsert, which two processes writing one key cannot break), and the rows are counted, and culled
as Django culls them, only on every CULL_EVERY-th write of a process: the table may outgrow MAX_ENTRIES by that
many rows per process in between. Reads, deletes and the stored format are Django's.

``count_hit`` adds one to a counter and returns it: in one upsert here, SET NX EX and INCR in one transaction on
Redis (one round trip each), ``add`` then ``incr`` on any other cache. A counter is stored as ``get`` reads it (here
a protocol-0 pickle, ``I<n>\\n.``, which SQL can read and write).
"""

import base64
import pickle
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

DEFAULT_CULL_EVERY = 100
FIRST_HIT = base64.b64encode(b"I1\n.").decode("ascii")  # a counter at 1, as pickle writes it in protocol 0


class PostgreSQLCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", DEFAULT_CULL_EVERY))
        self._writes = 0

    @contextmanager
    def _writing(self):
        """A cursor on the cache's database, its table's quoted name and the time to the second (as Django keeps
        it), once the rows are culled if this write is the CULL_EVERY-th."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        with connection.cursor() as cursor:
            self._writes += 1
            if self._writes % self._cull_every == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                [count] = cursor.fetchone()
                if count > self._max_entries:
                    self._cull(db, cursor, now, count)
            yield cursor, table, now

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = expires.replace(microsecond=0)
        with self._writing() as (cursor, table, now):
            if mode == "touch":
                cursor.execute(f"UPDATE {table} SET expires = %s WHERE cache_key = %s", [expires, key])
                return cursor.rowcount == 1
            # As Django's: set replaces any row, add only an expired one.
            replaces, parameters = ("", []) if mode == "set" else (f" WHERE {table}.expires < %s", [now])
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                f"ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires{replaces}",
                [key, self._encoded(value), expires, *parameters],
            )
            return cursor.rowcount == 1

    def count_hit(self, key: str, *, timeout: int) -> int:
        """One more hit on the counter at ``key``, created (or restarted, once expired) at 1 to expire after
        ``timeout`` seconds; its new value."""
        key = self.make_and_validate_key(key)
        expires = datetime.fromtimestamp(time.time() + timeout, tz=UTC).replace(microsecond=0)
        with self._writing() as (cursor, table, now):
            # The stored count, or 0 for an expired row or one another writer left in another format; as text
            # with escapes, so a binary pickle cannot fail the decoding.
            stored = (
                f"CASE WHEN {table}.expires < %s THEN 0 ELSE COALESCE(substring(encode(decode({table}.value, "
                r"'base64'), 'escape') FROM '^I(\d{1,18})\n\.$')::bigint, 0) END"
            )
            count = f"encode(convert_to('I' || ({stored} + 1) || E'\\n.', 'UTF8'), 'base64')"
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                f"ON CONFLICT (cache_key) DO UPDATE SET value = {count}, "
                f"expires = CASE WHEN {table}.expires < %s THEN EXCLUDED.expires ELSE {table}.expires END "
                "RETURNING value",
                [key, FIRST_HIT, expires, now, now],
            )
            [value] = cursor.fetchone()
        return int(base64.b64decode(value)[1:-2])  # I<n>\n.

    def _encoded(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with ``count_hit`` in one round trip."""

    def count_hit(self, key: str, *, timeout: int) -> int:
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline() as pipeline:  # MULTI … EXEC: both or neither
            pipeline.set(key, 0, ex=timeout, nx=True)  # the first hit starts the clock (SET NX: any Redis since 2.6)
            pipeline.incr(key)  # keeps the expiry
            _, count = pipeline.execute()
        return count


def count_hit(cache: BaseCache, key: str, *, timeout: int) -> int:
    """One more hit on the counter at ``key`` in ``cache``, which expires ``timeout`` seconds after its first;
    the counter's new value."""
    if hasattr(cache, "count_hit"):  # ours, or the proxy of the default cache to one of ours
        return cache.count_hit(key, timeout=timeout)
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired since: this hit is the next counter's first
        return count_hit(cache, key, timeout=timeout)
