"""Reads that may lag go to the read replica (the ``replica`` alias, from DATABASE_REPLICA_URL); everything
else goes to the primary (``default``).

A read may lag when it is made inside ``replica_reads()`` (codezest.middleware.ReplicaReadsMiddleware opens
it for GET and HEAD requests), outside a transaction, before anything was written in that context, and is
not of a model in DATABASE_PRIMARY_MODELS. Everything else reads from the primary: a context that wrote
reads its own writes, a transaction sees its own rows and locks, and background tasks, commands and
requests that write read what they act on as it is now.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from codezest.db.config import REPLICA

_replica_reads: ContextVar[bool] = ContextVar("codezest_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may go to the replica, until the first write."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def _primary_only(model) -> bool:
    # The database cache's model has no label_lower, only these.
    return f"{model._meta.app_label}.{model._meta.model_name}" in settings.DATABASE_PRIMARY_MODELS


def _other_database(hints: dict) -> str | None:
    """The database an instance came from, when that is neither the primary nor the replica (a scratch one)."""
    instance = hints.get("instance")
    database = getattr(getattr(instance, "_state", None), "db", None)
    return database if database not in (None, DEFAULT_DB_ALIAS, REPLICA) else None


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if other := _other_database(hints):
            return other
        if (
            _replica_reads.get()
            and REPLICA in connections
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and not _primary_only(model)
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        if other := _other_database(hints):
            return other
        if not _primary_only(model):
            _replica_reads.set(False)  # from now on this context reads its own writes
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the primary's rows: an object read from either relates to any other

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica receives the schema by replication
