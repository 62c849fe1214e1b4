"""Introspection that resolves ``schema"."table`` names.

Django's PostgreSQL introspection looks tables up by bare name in the search
path. For a table outside it, it finds nothing: migrations that drop a unique
constraint or an index silently do nothing and ``flush`` skips the table.
"""

from contextlib import contextmanager

from django.db.backends.postgresql import introspection

from codezest.db.tables import schema_table, split_schema_table


class DatabaseIntrospection(introspection.DatabaseIntrospection):
    def get_table_list(self, cursor):
        """Tables and views in every user schema; those outside the search path qualified."""
        cursor.execute(
            """
            SELECT
                CASE WHEN pg_catalog.pg_table_is_visible(c.oid) THEN c.relname
                     ELSE n.nspname || %s || c.relname END,
                CASE c.relkind WHEN 'v' THEN 'v' WHEN 'm' THEN 'm' ELSE 't' END,
                obj_description(c.oid, 'pg_class')
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')
                AND n.nspname NOT IN ('pg_catalog', 'pg_toast', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
                AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%%'
            """,
            [schema_table("", "")],
        )
        return [introspection.TableInfo(*row) for row in cursor.fetchall()]

    @contextmanager
    def _table_in_search_path(self, cursor, table_name):
        """Yield the bare table name with its schema alone on the search path."""
        schema, table = split_schema_table(table_name)
        if schema is None:
            yield table_name
            return
        cursor.execute("SELECT current_setting('search_path')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('search_path', %s, false)", [self.connection.ops.quote_name(schema)])
        try:
            yield table
        finally:
            cursor.execute("SELECT set_config('search_path', %s, false)", [previous])

    def get_table_description(self, cursor, table_name):
        with self._table_in_search_path(cursor, table_name) as table:
            return super().get_table_description(cursor, table)

    def get_sequences(self, cursor, table_name, table_fields=()):
        with self._table_in_search_path(cursor, table_name) as table:
            return super().get_sequences(cursor, table, table_fields)

    def get_relations(self, cursor, table_name):
        with self._table_in_search_path(cursor, table_name) as table:
            return super().get_relations(cursor, table)

    def get_constraints(self, cursor, table_name):
        with self._table_in_search_path(cursor, table_name) as table:
            return super().get_constraints(cursor, table)
