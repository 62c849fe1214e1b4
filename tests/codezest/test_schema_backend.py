"""The schema-aware backend: migrations that alter, remove and flush tables in app schemas."""

import pytest
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.state import ProjectState

from accounts.models import User
from codezest.db.tables import schema_table, split_schema_table
from tests.accounts.factories import UserFactory
from tests.catalog import constraint_names, fetch, index_names

SCHEMA, TABLE = "scratch", "widgets"


def apply(state: ProjectState, *operations) -> ProjectState:
    """Run migration operations forwards, as the migration executor does."""
    for operation in operations:
        new_state = state.clone()
        operation.state_forwards("scratch", new_state)
        with connection.schema_editor() as editor:
            operation.database_forwards("scratch", editor, state, new_state)
        state = new_state
    return state


@pytest.fixture
def widget_state(db):
    """A table in its own schema with a unique field, an indexed field, a Meta index and two unique constraints."""
    create = migrations.CreateModel(
        "Widget",
        [
            ("id", models.BigAutoField(primary_key=True)),
            ("code", models.CharField(max_length=20, unique=True)),
            ("slug", models.CharField(max_length=20, db_index=True)),
            ("name", models.CharField(max_length=20)),
            ("kind", models.CharField(max_length=20)),
        ],
        options={
            "db_table": schema_table(SCHEMA, TABLE),
            "indexes": [models.Index(fields=["name"], name="widgets_name_idx")],
            "constraints": [
                models.UniqueConstraint(fields=["name", "kind"], name="widgets_name_kind_unique"),
                models.UniqueConstraint(
                    fields=["slug"], condition=models.Q(kind="live"), name="widgets_live_slug_unique"
                ),
            ],
        },
    )
    return apply(ProjectState(), create)


def test_the_table_and_its_indexes_are_created_in_the_schema(widget_state):
    assert {"widgets_name_idx", "widgets_live_slug_unique", "widgets_name_kind_unique"} <= index_names(
        connection, SCHEMA, TABLE
    )
    assert fetch(connection, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s", [TABLE])[
        0
    ] == (0,)


def test_removing_a_unique_field_constraint_really_drops_it(widget_state):
    assert "widgets_code_key" in constraint_names(connection, SCHEMA, TABLE)
    apply(widget_state, migrations.AlterField("Widget", "code", models.CharField(max_length=20)))
    assert "widgets_code_key" not in constraint_names(connection, SCHEMA, TABLE) | index_names(
        connection, SCHEMA, TABLE
    )


def test_removing_db_index_from_a_field_really_drops_it(widget_state):
    slug_indexes = {
        name for name in index_names(connection, SCHEMA, TABLE) if "slug" in name and name.endswith("_like")
    }
    assert slug_indexes
    apply(widget_state, migrations.AlterField("Widget", "slug", models.CharField(max_length=20)))
    assert not slug_indexes & index_names(connection, SCHEMA, TABLE)


def test_removing_a_meta_index_really_drops_it(widget_state):
    apply(widget_state, migrations.RemoveIndex("Widget", "widgets_name_idx"))
    assert "widgets_name_idx" not in index_names(connection, SCHEMA, TABLE)


def test_renaming_a_meta_index_really_renames_it(widget_state):
    apply(widget_state, migrations.RenameIndex("Widget", new_name="widgets_by_name_idx", old_name="widgets_name_idx"))
    assert {"widgets_by_name_idx"} <= index_names(connection, SCHEMA, TABLE) - {"widgets_name_idx"}


@pytest.mark.parametrize("name", ["widgets_name_kind_unique", "widgets_live_slug_unique"])
def test_removing_a_unique_constraint_really_drops_it(widget_state, name):
    apply(widget_state, migrations.RemoveConstraint("Widget", name))
    assert name not in index_names(connection, SCHEMA, TABLE) | constraint_names(connection, SCHEMA, TABLE)


def test_introspection_lists_app_tables_by_their_qualified_name(db):
    tables = connection.introspection.django_table_names(only_existing=True)
    assert User._meta.db_table in tables


def test_introspection_reads_constraints_of_a_qualified_table(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, User._meta.db_table)
        search_path = fetch(connection, "SHOW search_path")
    assert {"users_email_ci_unique", "users_role_valid", "users_role_idx"} <= set(constraints)
    assert search_path == [('"$user", public',)]  # left as it was


def test_split_schema_table_round_trips():
    assert split_schema_table(schema_table("auth", "users")) == ("auth", "users")
    assert split_schema_table('"auth"."users"') == ("auth", "users")
    assert split_schema_table("django_session") == (None, "django_session")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_app_schema_tables():
    UserFactory()
    assert fetch(connection, "SELECT count(*) FROM auth.users") == [(1,)]
    call_command("flush", "--no-input", verbosity=0)
    assert fetch(connection, "SELECT count(*) FROM auth.users") == [(0,)]
    assert fetch(connection, "SELECT count(*) FROM auth.users_groups") == [(0,)]


def foreign_key_definitions(schema: str, table: str) -> list[str]:
    return [
        definition
        for (definition,) in fetch(
            connection,
            "SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE con.contype = 'f' AND n.nspname = %s "
            "AND c.relname = %s",
            [schema, table],
        )
    ]


@pytest.mark.parametrize(
    ("on_delete", "action"),
    [
        (models.CASCADE, "ON DELETE CASCADE"),
        (models.SET_NULL, "ON DELETE SET NULL"),
        (models.PROTECT, "ON DELETE RESTRICT"),
    ],
)
def test_an_added_foreign_key_carries_its_on_delete_and_can_be_removed(widget_state, on_delete, action):
    state = apply(
        widget_state,
        migrations.CreateModel(
            "Part",
            [("id", models.BigAutoField(primary_key=True))],
            options={"db_table": schema_table(SCHEMA, "parts")},
        ),
        migrations.AddField("Part", "widget", models.ForeignKey("scratch.Widget", on_delete=on_delete, null=True)),
    )
    (definition,) = foreign_key_definitions(SCHEMA, "parts")
    assert action in definition
    apply(state, migrations.RemoveField("Part", "widget"))
    assert foreign_key_definitions(SCHEMA, "parts") == []
