"""Background work of the activity context: the analytics events' partitions, kept once a day.

django-tasks has no scheduler, so the maintenance task is its own: each run first enqueues the next one, for
the next ``MAINTENANCE_HOUR`` (UTC), then does the work, so a failed run does not end the chain.
``analytics_partitions_schedule`` starts the chain, or mends it, and does nothing while a run is waiting, so
it is safe to call whenever a worker starts (``manage.py analytics_partitions --schedule``).
"""

from dataclasses import asdict
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from codezest.db.partitions import lock_until_commit

from .partitions import analytics_event_partitions_maintain

MAINTENANCE_HOUR = 3  # a quiet hour


@task(takes_context=True)
def analytics_partitions_maintain_task(context: TaskContext) -> dict:
    analytics_partitions_schedule(backend=context.task_result.backend)
    done = analytics_event_partitions_maintain()
    return {
        **asdict(done),
        "created": [month.isoformat() for month in done.created],
        "detached": [month.isoformat() for month in done.detached],
    }


def next_maintenance(now: datetime) -> datetime:
    """The first ``MAINTENANCE_HOUR`` o'clock (UTC) after ``now``."""
    today = datetime.combine(now.astimezone(UTC).date(), time(MAINTENANCE_HOUR), tzinfo=UTC)
    return today if today > now else today + timedelta(days=1)


def analytics_partitions_schedule(*, backend: str = DEFAULT_TASK_BACKEND_ALIAS) -> bool:
    """Enqueue the maintenance for the next ``MAINTENANCE_HOUR`` unless a run is already waiting; True if it did.

    Only the database backend lets a waiting run be seen; with another, run ``manage.py analytics_partitions``
    daily from cron instead.
    """
    maintain = analytics_partitions_maintain_task.using(backend=backend)
    if not isinstance(maintain.get_backend(), DatabaseBackend):
        raise ImproperlyConfigured(
            f"The task backend {backend!r} is not django_tasks_db's, so the daily maintenance cannot tell whether "
            "it is already scheduled: run `manage.py analytics_partitions` daily from cron instead."
        )
    with transaction.atomic():
        lock_until_commit(connection, "schedule of analytics_partitions_maintain_task")
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=maintain.module_path)
        if waiting.exists():
            return False
        maintain.using(run_after=next_maintenance(timezone.now())).enqueue()
    return True
