"""Schema editor for schema-qualified tables.

PostgreSQL puts an index in its table's schema, but Django drops and renames
indexes by bare name, which ``DROP INDEX IF EXISTS`` quietly fails to find
outside the search path. Index names are qualified with the table's schema here.
"""

from django.db import models
from django.db.backends.ddl_references import Statement, Table
from django.db.backends.postgresql import schema

from codezest.db.partitions import default_partition_sql, partition_key_of
from codezest.db.tables import schema_table, split_schema_table

# Django emulates on_delete in Python; the database does it too, for rows other services delete.
# RESTRICT, unlike the default NO ACTION, refuses at once rather than at commit.
DATABASE_ON_DELETE = {
    models.CASCADE: " ON DELETE CASCADE",
    models.SET_NULL: " ON DELETE SET NULL",
    models.PROTECT: " ON DELETE RESTRICT",
}


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    sql_create_schema = "CREATE SCHEMA IF NOT EXISTS %(schema)s"
    # Every foreign key, of a new table or an added column, goes through _create_fk_sql.
    sql_create_column_inline_fk = None
    # SET CONSTRAINTS finds a constraint through the search path: name its schema.
    sql_delete_fk = "SET CONSTRAINTS %(namespace)s%(name)s IMMEDIATE; ALTER TABLE %(table)s DROP CONSTRAINT %(name)s"

    _partition_key = None  # the column of the partitioned table being created, if any

    def _index_in_table_schema(self, model, name):
        table_schema, _ = split_schema_table(model._meta.db_table)
        return name if table_schema is None else schema_table(table_schema, name)

    def create_model(self, model, *, partition_key: str | None = None):
        """Create ``model``'s table; partitioned by range of ``partition_key`` (a column), or of the model's
        ``partition_by_month`` field, with a DEFAULT partition (see ``codezest.db.partitions``)."""
        # Builds without migrations (``migrate --run-syncdb``) need the schema too.
        table_schema, _ = split_schema_table(model._meta.db_table)
        if table_schema is not None:
            self.execute(self.sql_create_schema % {"schema": self.quote_name(table_schema)})
        key = partition_key or partition_key_of(model)
        self._partition_key = key
        try:
            super().create_model(model)
        finally:
            self._partition_key = None
        if key is not None:
            self.execute(default_partition_sql(self.connection, model._meta.db_table))

    def table_sql(self, model):
        sql, params = super().table_sql(model)
        if self._partition_key is None:
            return sql, params
        # A partitioned table's primary key must hold its partition key.
        primary_key = self._pk_constraint_sql([model._meta.pk.column, self._partition_key])
        definition = sql.removesuffix(")")
        return f"{definition}, {primary_key}) PARTITION BY RANGE ({self.quote_name(self._partition_key)})", params

    def _iter_column_sql(self, column_db_type, params, model, field, field_db_params, include_default):
        for part in super()._iter_column_sql(column_db_type, params, model, field, field_db_params, include_default):
            if not (part == "PRIMARY KEY" and self._partition_key is not None):  # a table constraint instead
                yield part

    def _create_fk_sql(self, model, field, suffix):
        statement = super()._create_fk_sql(model, field, suffix)
        action = DATABASE_ON_DELETE.get(field.remote_field.on_delete, "")
        statement.parts["deferrable"] = action + statement.parts["deferrable"]
        return statement

    def _delete_fk_sql(self, model, name):
        table_schema, _ = split_schema_table(model._meta.db_table)
        return Statement(
            self.sql_delete_fk,
            table=Table(model._meta.db_table, self.quote_name),
            name=self.quote_name(name),
            namespace=f"{self.quote_name(table_schema)}." if table_schema else "",
        )

    def _delete_index_sql(self, model, name, sql=None, concurrently=False):
        return super()._delete_index_sql(model, self._index_in_table_schema(model, name), sql, concurrently)

    def _delete_constraint_sql(self, template, model, name):
        # Partial and expression unique constraints are indexes, dropped with DROP INDEX.
        if template in (self.sql_delete_index, self.sql_delete_index_concurrently):
            name = self._index_in_table_schema(model, name)
        return super()._delete_constraint_sql(template, model, name)

    def _rename_index_sql(self, model, old_name, new_name):
        return super()._rename_index_sql(model, self._index_in_table_schema(model, old_name), new_name)
