"""Connections as the settings make them, on the real server: kept or pooled, the next request gets the
connection the last one used; under PgBouncer nothing outlives a transaction."""

import contextlib
import wsgiref.util

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from codezest.db.backend.base import QUIET_SECONDS
from codezest.db.config import database_config, database_url
from learning.models import ProgrammingLanguage
from tests.learning.factories import ProgrammingLanguageFactory


@contextlib.contextmanager
def connected_as(databases: dict[str, dict]):
    """These aliases connect with these settings (as DATABASES would give them at start-up) for the duration,
    then as before. ``default`` must be among them."""
    previous = {alias: connections.settings.get(alias) for alias in databases}
    # What the test run keeps on the connection objects, such as the rows serialized_rollback restores
    # for the tests after this one, goes to the connections that replace them.
    kept = {
        alias: connections[alias]._test_serialized_contents
        for alias in previous
        if alias in connections.settings and hasattr(connections[alias], "_test_serialized_contents")
    }

    def drop(alias: str) -> None:
        if alias in connections.settings:
            connections[alias].close()
            connections[alias].close_pool()
            del connections[alias]

    for alias in databases:
        drop(alias)
    connections.settings.update(connections.configure_settings(databases))
    try:
        yield
    finally:
        for alias, settings_dict in previous.items():
            drop(alias)
            if settings_dict is None:
                del connections.settings[alias]
            else:
                connections.settings[alias] = settings_dict
        for alias, contents in kept.items():
            connections[alias]._test_serialized_contents = contents
        ContentType.objects.clear_cache()  # its ids, kept per alias, were the other database's


def serve(path: str) -> int:
    """One request through Django's WSGI handler, as gunicorn makes it: connections are closed (or handed back
    to the pool) when the response is closed."""
    environ = {"PATH_INFO": path, "HTTP_ACCEPT": "application/json"}
    wsgiref.util.setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    response.close()
    return int(statuses[0].split()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the requests' connections are not the test's
@pytest.mark.parametrize(
    ("environment", "reused"),
    [
        ({}, False),  # a new connection per request (development: runserver's thread per request)
        ({"conn_max_age": 600}, True),  # production's: each process keeps its connection
        ({"pool": True}, True),  # psycopg's pool
    ],
)
def test_the_next_request_gets_the_connection_the_last_one_used(environment, reused):
    test_database = database_url(connections.settings["default"])
    backends = []  # per request, the server processes its queries ran in

    def record_backend(execute, sql, params, many, context):
        backends[-1].add(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connected_as({"default": database_config(test_database, allow_embedded=False, **environment)}):
        for _ in range(3):
            backends.append(set())
            with connection.execute_wrapper(record_backend):
                assert serve("/ready") == 200
            # Closed, or back in the pool, at the end of the request; a persistent one stays open.
            assert (connection.connection is None) == ("conn_max_age" not in environment)
        if connection.pool:
            stats = connection.pool.get_stats()
            assert (stats["requests_num"], stats["connections_num"]) == (3, 1)

    assert all(len(request) == 1 for request in backends)
    assert (len(set.union(*backends)) == 1) is reused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("pgbouncer", [False, True])
def test_behind_pgbouncer_nothing_outlives_a_transaction(pgbouncer):
    """PgBouncer in transaction mode may give the next statement another server: a cursor held past its
    transaction (what QuerySet.iterator() opens outside one) or a prepared statement would be missing there."""
    ProgrammingLanguageFactory.create_batch(2)
    test_database = database_url(connections.settings["default"])
    with connected_as({"default": database_config(test_database, allow_embedded=False, pgbouncer=pgbouncer)}):
        languages = ProgrammingLanguage.objects.iterator(chunk_size=1)
        assert next(languages)
        with connection.cursor() as cursor:
            cursor.execute(r"SELECT is_holdable FROM pg_cursors WHERE name LIKE '\_django\_curs\_%%'")
            held = cursor.fetchall()
        prepare_threshold = connection.connection.prepare_threshold
    assert held == ([] if pgbouncer else [(True,)])
    assert prepare_threshold is None  # psycopg never prepares statements


@pytest.fixture
def kept_connection():
    """A connection of its own (outside the test's transaction) with health checks on, as production keeps it."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "CONN_HEALTH_CHECKS": True, "CONN_MAX_AGE": 600}
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def traced_health_check(wrapper, trace_file) -> str:
    """The check a request starts with, and what libpq sent and received meanwhile (its protocol trace)."""
    wrapper.health_check_done = False  # a new request
    pgconn = wrapper.connection.pgconn
    with open(trace_file, "w") as trace:
        pgconn.trace(trace.fileno())
        try:
            wrapper.close_if_health_check_failed()
        finally:
            pgconn.untrace()
    return trace_file.read_text()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_busy_kept_connection_is_checked_without_a_round_trip(kept_connection, tmp_path):
    pid = backend_pid(kept_connection)
    assert traced_health_check(kept_connection, tmp_path / "trace") == ""  # nothing sent, nothing read
    assert kept_connection.health_check_done
    assert backend_pid(kept_connection) == pid  # the same connection serves the request


@pytest.mark.django_db
def test_a_connection_quiet_for_a_while_is_checked_with_a_query(kept_connection, tmp_path):
    """A NAT or load balancer may have dropped it without a word: only a query finds out."""
    kept_connection.checked_at -= QUIET_SECONDS
    assert 'Query\t "SELECT 1"' in traced_health_check(kept_connection, tmp_path / "trace")
    assert traced_health_check(kept_connection, tmp_path / "again") == ""  # checked: busy again


@pytest.mark.django_db
def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(kept_connection, tmp_path):
    pid = backend_pid(kept_connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone
    trace = traced_health_check(kept_connection, tmp_path / "trace")
    assert 'Query\t "SELECT 1"' in trace  # what the server said made Django's check run, which failed
    assert "terminating connection" in trace
    assert kept_connection.connection is None  # closed: the request's first query connects afresh
    assert backend_pid(kept_connection) != pid


@pytest.mark.django_db
def test_a_connection_closed_under_django_is_replaced(kept_connection):
    pid = backend_pid(kept_connection)
    kept_connection.connection.close()
    kept_connection.health_check_done = False  # a new request
    kept_connection.close_if_health_check_failed()
    assert backend_pid(kept_connection) != pid
