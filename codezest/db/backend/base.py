"""PostgreSQL backend that understands schema-qualified ``db_table`` names, and checks a busy kept connection's
health without a round trip."""

import select
import time

from django.db.backends.postgresql import base

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


class DatabaseWrapper(base.DatabaseWrapper):
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor
    checked_at = 0.0  # monotonic time of the last connect or health check

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
