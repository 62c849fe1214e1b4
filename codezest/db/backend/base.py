"""PostgreSQL backend that understands schema-qualified ``db_table`` names."""

from django.db.backends.postgresql import base

from .introspection import DatabaseIntrospection
from .operations import DatabaseOperations
from .schema import DatabaseSchemaEditor


class DatabaseWrapper(base.DatabaseWrapper):
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor
