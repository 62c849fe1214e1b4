"""Migration operations shared by the apps."""

from django.db import migrations

from codezest.db.partitions import month_partition_create, months_of_rows
from codezest.db.tables import schema_table, split_schema_table


def create_schema(name: str) -> migrations.RunSQL:
    """Create an app's PostgreSQL schema; reversing drops it once it is empty."""
    return migrations.RunSQL(
        sql=f'CREATE SCHEMA IF NOT EXISTS "{name}"',
        reverse_sql=f'DROP SCHEMA IF EXISTS "{name}"',
    )


class PartitionByMonth(migrations.operations.base.Operation):
    """Turn a model's table into one partitioned by month on ``field`` (see ``codezest.db.partitions``), rows kept.

    The table is renamed aside, the partitioned table created in its place with a DEFAULT partition and a
    partition for each month its rows cover, the rows copied, the old table dropped; the model's indexes are
    built after the copy. Reversing copies the rows of the attached partitions back into an ordinary table.
    Django's state does not change: the pk column stays Django's primary key.
    """

    reversible = True
    category = migrations.operations.base.OperationCategory.ALTERATION

    def __init__(self, model_name: str, field: str):
        self.model_name = model_name
        self.field = field

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"model_name": self.model_name, "field": self.field}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        key = model._meta.get_field(self.field).column
        aside = self._set_aside(schema_editor, model, "unpartitioned")
        months = months_of_rows(schema_editor.connection, aside, key)
        schema_editor.create_model(model, partition_key=key)
        for month in months:
            month_partition_create(schema_editor.connection, model, month, key=key)
        self._copy(schema_editor, model, aside)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        aside = self._set_aside(schema_editor, model, "partitioned")
        schema_editor.create_model(model)
        self._copy(schema_editor, model, aside)

    @staticmethod
    def _set_aside(schema_editor, model, suffix: str) -> str:
        """Rename the model's table to ``<table>_<suffix>`` without its constraints and indexes: their names are the
        new table's, and PostgreSQL would give the new one's others (NOT NULL) other names. Return its new name."""
        db_table = model._meta.db_table
        schema, table = split_schema_table(db_table)
        renamed = f"{table}_{suffix}"
        quote = schema_editor.quote_name
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY contype <> 'p'",
                [quote(db_table)],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {quote(db_table)} DROP CONSTRAINT {quote(name)}")
            cursor.execute(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass", [quote(db_table)]
            )
            for (index,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {index}")
            cursor.execute(f"ALTER TABLE {quote(db_table)} RENAME TO {quote(renamed)}")
        return renamed if schema is None else schema_table(schema, renamed)

    @staticmethod
    def _copy(schema_editor, model, source: str) -> None:
        quote = schema_editor.quote_name
        columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT {columns} FROM {quote(source)}"
            )
            cursor.execute(f"DROP TABLE {quote(source)} CASCADE")

    def describe(self):
        return f"Partition {self.model_name}'s table by month of {self.field}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_partitioned_by_month"
