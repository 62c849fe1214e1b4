"""List filters for big tables whose choices come from an index instead of a read of the whole table."""

from django.contrib import admin
from django.db import connections, models, router


def distinct_values(model: type[models.Model], field: str, *, limit: int) -> list:
    """The first ``limit`` distinct values of ``field``, in order, by a loose index scan.

    ``SELECT DISTINCT`` reads every row. Here each value is found by one probe of a B-tree index that
    ``field`` leads (the smallest value above the previous one, a recursive query), so the cost follows
    the number of values, not of rows. NULL is left out.
    """
    quote = connections[router.db_for_read(model)].ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.get_field(field).column)
    sql = f"""
        WITH RECURSIVE found(value) AS (
            (SELECT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} LIMIT 1)
            UNION ALL
            SELECT (SELECT {column} FROM {table} WHERE {column} > found.value ORDER BY {column} LIMIT 1)
            FROM found WHERE found.value IS NOT NULL
        )
        SELECT value FROM found WHERE value IS NOT NULL LIMIT %s
    """
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, [limit])
        return [value for (value,) in cursor.fetchall()]


class IndexedValuesFilter(admin.SimpleListFilter):
    """Filter on the values a column holds, listed by ``distinct_values``; the column must lead a B-tree index
    (one whose next columns follow the list's ordering serves the filtered pages too). Subclass it naming
    ``parameter_name`` (the field) and ``title``; at most ``max_choices`` values are offered."""

    max_choices = 50

    def lookups(self, request, model_admin):
        values = distinct_values(model_admin.model, self.parameter_name, limit=self.max_choices)
        return [(value, value) for value in values]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})
