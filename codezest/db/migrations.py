"""Migration operations shared by the apps."""

from django.db import migrations


def create_schema(name: str) -> migrations.RunSQL:
    """Create an app's PostgreSQL schema; reversing drops it once it is empty."""
    return migrations.RunSQL(
        sql=f'CREATE SCHEMA IF NOT EXISTS "{name}"',
        reverse_sql=f'DROP SCHEMA IF EXISTS "{name}"',
    )
