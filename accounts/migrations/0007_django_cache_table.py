"""The table of Django's database cache (``CACHES`` in the settings), where every process counts the throttles.

The table `manage.py createcachetable` makes, made here so that `migrate` alone prepares a database (run, tests,
CI, production). Like Django's own tables (sessions, tasks) it sits in ``public``. It is made whichever cache the
settings name, so that a project moved from Redis back to the database cache finds it. UNLOGGED: a counter is not
worth a disk flush per request (writes are several times faster) nor a place on the replicas; a clean restart
keeps the rows, a crash of PostgreSQL empties the table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_users_email_trimmed"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                'CREATE UNLOGGED TABLE "public"."django_cache" ('
                '"cache_key" varchar(255) NOT NULL PRIMARY KEY, '
                '"value" text NOT NULL, '
                '"expires" timestamp with time zone NOT NULL)',
                'CREATE INDEX "django_cache_expires" ON "public"."django_cache" ("expires")',
            ],
            reverse_sql='DROP TABLE "public"."django_cache"',
        ),
    ]
