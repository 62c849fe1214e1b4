from django.db.backends.postgresql import operations

from codezest.db.tables import SEPARATOR


class DatabaseOperations(operations.DatabaseOperations):
    def for_update_sql(self, nowait=False, skip_locked=False, of=(), no_key=False):
        # FOR UPDATE OF takes a table as the FROM clause can name it: bare, not schema-qualified.
        of = tuple(f'"{name.rpartition(SEPARATOR)[2]}' if SEPARATOR in name else name for name in of)
        return super().for_update_sql(nowait=nowait, skip_locked=skip_locked, of=of, no_key=no_key)
