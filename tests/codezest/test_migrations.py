"""Migrations build exactly what the models describe, and every one reverses."""

import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import override_settings

from tests.catalog import APP_SCHEMAS, fetch, schema_snapshot, tables_in_schema

PROJECT_APPS = ("accounts", "learning", "payments", "notifications", "activity")


@pytest.fixture
def scratch_database(django_db_blocker):
    """Make empty databases on the test server, reachable as Django connections; drop them after."""
    made = []

    def make() -> str:
        alias = f"scratch_{uuid.uuid4().hex[:8]}"
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{alias}"')
        connections.settings[alias] = {**connections["default"].settings_dict, "NAME": alias}
        made.append(alias)
        return alias

    with django_db_blocker.unblock():
        yield make
        for alias in made:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{alias}" WITH (FORCE)')


def migrated(alias: str) -> str:
    call_command("migrate", database=alias, verbosity=0)
    return alias


def built_from_models(alias: str) -> str:
    without_migrations = {config.label: None for config in apps.get_app_configs()}
    with override_settings(MIGRATION_MODULES=without_migrations):
        call_command("migrate", database=alias, run_syncdb=True, verbosity=0)
    return alias


def test_migrations_build_the_same_database_as_the_models(scratch_database):
    from_migrations = schema_snapshot(connections[migrated(scratch_database())])
    from_models = schema_snapshot(connections[built_from_models(scratch_database())])
    for part in ("columns", "constraints", "indexes"):
        assert from_migrations[part] == from_models[part], part
    assert any(row[0] == "auth" for row in from_migrations["columns"])


def test_the_instructors_group_comes_from_a_data_migration(scratch_database):
    from django.contrib.auth.models import Group

    alias = migrated(scratch_database())
    assert Group.objects.using(alias).filter(name="Instructors").exists()
    call_command("migrate", "accounts", "0001", database=alias, verbosity=0)
    assert not Group.objects.using(alias).filter(name="Instructors").exists()


def test_every_app_migrates_to_zero_and_back(scratch_database):
    alias = migrated(scratch_database())
    before = schema_snapshot(connections[alias])
    for label in ("admin", *PROJECT_APPS, "sessions", "auth", "contenttypes"):
        call_command("migrate", label, "zero", database=alias, verbosity=0)
    db = connections[alias]
    for schema in APP_SCHEMAS:
        assert not tables_in_schema(db, schema)
    assert fetch(db, "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(APP_SCHEMAS)]) == []
    call_command("migrate", database=alias, verbosity=0)
    assert schema_snapshot(connections[alias]) == before


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
