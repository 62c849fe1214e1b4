"""Schema-qualified table names.

Django quotes ``db_table`` as one identifier, so ``'auth"."users'`` becomes
``"auth"."users"``: the table ``users`` in the schema ``auth``.
"""

SEPARATOR = '"."'


def schema_table(schema: str, table: str) -> str:
    """The ``Meta.db_table`` value for ``table`` in ``schema``."""
    return f"{schema}{SEPARATOR}{table}"


def split_schema_table(db_table: str) -> tuple[str | None, str]:
    """``(schema, table)`` of a ``db_table``; the schema is None for an unqualified name."""
    schema, separator, table = db_table.strip('"').partition(SEPARATOR)
    if not separator:
        return None, schema
    return schema, table
