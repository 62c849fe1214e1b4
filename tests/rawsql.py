"""Writes as another service would make them: raw SQL, past Django's validation."""

import pytest
from django.db import IntegrityError, connection, transaction
from psycopg.types.json import Jsonb

__all__ = ["Jsonb", "assert_refused", "update_raw"]


def update_raw(instance, **values) -> None:
    """UPDATE the instance's row with column values, in SQL."""
    assignments = ", ".join(f'"{column}" = %s' for column in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{instance._meta.db_table}" SET {assignments} WHERE id = %s', [*values.values(), instance.pk]
        )


def assert_refused(instance, constraint: str, **values) -> None:
    """PostgreSQL refuses the raw UPDATE, naming the constraint."""
    with pytest.raises(IntegrityError, match=f'"{constraint}"'), transaction.atomic():
        update_raw(instance, **values)
