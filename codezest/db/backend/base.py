"""PostgreSQL backend that understands schema-qualified ``db_table`` names, and checks a kept connection's
health without a round trip."""

import select

from django.db.backends.postgresql import base

from .introspection import DatabaseIntrospection
from .operations import DatabaseOperations
from .schema import DatabaseSchemaEditor


def _server_has_spoken(connection) -> bool:
    """Whether anything waits on an idle connection's socket: what a server that ended it (a restart, an idle
    timeout, ``pg_terminate_backend``) sends last, its error and the end of the stream."""
    try:
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):  # no socket any more
        return True
    return bool(readable)


class DatabaseWrapper(base.DatabaseWrapper):
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor

    def close_if_health_check_failed(self):
        """Django's check (CONN_HEALTH_CHECKS) sends ``SELECT 1`` before each request's first query, a round trip
        on every request. A kept connection that psycopg does not know broken and on which the server has said
        nothing is in use; otherwise Django's check runs, and closes it when it fails."""
        checking = self.connection is not None and self.health_check_enabled and not self.health_check_done
        if checking and not self.pool and not self.connection.broken and not _server_has_spoken(self.connection):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
