"""Probes for deploys: ``/health`` (the process answers) and ``/ready`` (each database is reachable and
fully migrated). Plain Django views: no authentication, no throttling, no DRF; left out of the OpenAPI
schema, which describes ``/api/``."""

import logging

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import error_body

logger = logging.getLogger(__name__)

UNREACHABLE = "The database cannot be reached."


def database_problems(alias: str) -> list[str]:
    """What keeps the database ``alias`` from serving: unreachable, or migrations not applied (by name)."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.warning("Readiness: database %r unreachable", alias, exc_info=True)
        return [UNREACHABLE]
    pending = [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]
    return [f"Migration {name} is not applied." for name in pending]


@never_cache
@require_safe
def health(request):
    """The process is up; nothing else is checked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    """200 when every configured database is reachable and has every migration applied; 503 otherwise,
    in the API's error shape with the problems per database alias."""
    problems = {alias: found for alias in connections if (found := database_problems(alias))}
    if problems:
        logger.warning("Not ready: %s", problems)
        message = "The service is not ready: a database is unreachable or not migrated."
        return JsonResponse(error_body(503, "not_ready", message, problems), status=503)
    return JsonResponse({"status": "ok"})
