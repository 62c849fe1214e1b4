"""PostgreSQL backend that understands schema-qualified ``db_table`` names, checks a busy kept connection's health
without a round trip, and reads infinite times."""

import select
import time
from datetime import datetime

from django.db.backends.postgresql import base
from psycopg.adapt import AdaptersMap
from psycopg.pq import Format

from .introspection import DatabaseIntrospection
from .operations import DatabaseOperations
from .schema import DatabaseSchemaEditor

# Past this long without a request, a kept connection is checked with a query: a NAT or load balancer that
# dropped it silently (4 minutes and more, typically) left nothing on its socket to see.
QUIET_SECONDS = 60


def _server_has_spoken(connection) -> bool:
    """Whether anything waits on an idle connection's socket: what a server that ended it (a restart, an idle
    timeout, ``pg_terminate_backend``) sends last, its error and the end of the stream."""
    poll = select.poll()
    poll.register(connection.fileno(), select.POLLIN)
    return bool(poll.poll(0))


def _reading_infinity(loader: type) -> type:
    """Django's ``timestamptz`` loader, reading PostgreSQL's ``infinity`` and ``-infinity`` as the latest and earliest
    times Python holds, in the loader's time zone (psycopg refuses them): the column takes them, so a row another
    service wrote may hold one, and it must still be read."""

    class InfinityLoader(loader):
        def load(self, data):
            if data == b"infinity":
                return datetime.max.replace(tzinfo=self.timezone)
            if data == b"-infinity":
                return datetime.min.replace(tzinfo=self.timezone)
            return super().load(data)

    return InfinityLoader


class DatabaseWrapper(base.DatabaseWrapper):
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor
    checked_at = 0.0  # monotonic time of the last connect or health check

    def get_connection_params(self):
        """Django's, with a ``timestamptz`` loader that reads infinity (``_reading_infinity``)."""
        params = super().get_connection_params()
        context = AdaptersMap(params["context"])  # Django's map is shared by every connection: extend a copy
        timestamptz = context.types["timestamptz"].oid
        context.register_loader(timestamptz, _reading_infinity(context.get_loader(timestamptz, Format.TEXT)))
        params["context"] = context
        return params

    def connect(self):
        super().connect()
        self.checked_at = time.monotonic()

    def close_if_health_check_failed(self):
        """Django's check (CONN_HEALTH_CHECKS) sends ``SELECT 1`` before each request's first query, a round trip
        on every request. A connection checked less than QUIET_SECONDS ago, open, and on which the server has
        said nothing is in use at once; otherwise Django's check runs, and closes it when it fails."""
        if self.connection is None or not self.health_check_enabled or self.health_check_done or self.pool:
            return super().close_if_health_check_failed()
        now = time.monotonic()
        recent, self.checked_at = now - self.checked_at < QUIET_SECONDS, now
        if recent and not self.connection.closed and not _server_has_spoken(self.connection):
            self.health_check_done = True
            return None
        return super().close_if_health_check_failed()
