"""Reads of PostgreSQL's own catalog, so that tests check the database, not Django's metadata."""

APP_SCHEMAS = ("auth", "learning", "payments", "notifications", "activity")


def fetch(connection, sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tables_in_schema(connection, schema: str) -> set[str]:
    """The tables of a schema; a partitioned table's partitions are part of it, not tables of their own."""
    rows = fetch(
        connection,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition",
        [schema],
    )
    return {name for (name,) in rows}


def index_names(connection, schema: str, table: str) -> set[str]:
    rows = fetch(
        connection, "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s", [schema, table]
    )
    return {name for (name,) in rows}


def constraint_names(connection, schema: str, table: str) -> set[str]:
    rows = fetch(
        connection,
        "SELECT con.conname FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
        [schema, table],
    )
    return {name for (name,) in rows}


def schema_snapshot(connection) -> dict[str, set[tuple]]:
    """Columns (type, null, default), constraints and indexes of the app schemas."""
    user_schemas = "n.nspname = ANY(%s)"
    columns = fetch(
        connection,
        f"""
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE {user_schemas} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        """,
        [list(APP_SCHEMAS)],
    )
    constraints = fetch(
        connection,
        f"""
        SELECT n.nspname, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {user_schemas}
        """,
        [list(APP_SCHEMAS)],
    )
    indexes = fetch(
        connection,
        "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ANY(%s)",
        [list(APP_SCHEMAS)],
    )
    return {"columns": set(columns), "constraints": set(constraints), "indexes": set(indexes)}
