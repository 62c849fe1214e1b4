"""Django's database cache with each write one statement, for the throttles' counters every request reads and
writes (``CACHES`` in the settings).

Django's ``DatabaseCache`` writes in a transaction of four to six round trips: it counts the table's rows (to
cull past MAX_ENTRIES), reads the key, then updates or inserts it. Here a write is one ``INSERT … ON CONFLICT``
(PostgreSQL's upsert, which two processes writing one key cannot break), and the rows are counted, and culled
as Django culls them, only on every CULL_EVERY-th write of a process: the table may outgrow MAX_ENTRIES by that
many rows per process in between. Reads, deletes and the stored format are Django's.
"""

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

DEFAULT_CULL_EVERY = 100


class PostgreSQLCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", DEFAULT_CULL_EVERY))
        self._writes = 0

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = expires.replace(microsecond=0)
        with connection.cursor() as cursor:
            self._writes += 1
            if self._writes % self._cull_every == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                [count] = cursor.fetchone()
                if count > self._max_entries:
                    self._cull(db, cursor, now, count)
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

    def _encoded(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
