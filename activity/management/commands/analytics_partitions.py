"""Keep analytics events' monthly partitions: run it daily (cron or a timer), or let the worker do it (--schedule)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from activity.partitions import analytics_event_partitions_maintain
from activity.tasks import analytics_partitions_schedule


def months(listed) -> str:
    return ", ".join(f"{month:%Y-%m}" for month in listed) or "none"


class Command(BaseCommand):
    help = (
        "Make analytics events' partitions ANALYTICS_PARTITIONS_AHEAD_MONTHS ahead and detach those older than "
        "ANALYTICS_RETENTION_MONTHS; or, with --schedule, have the task worker do it every day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--drop",
            action="store_true",
            default=settings.ANALYTICS_RETENTION_DROP,
            help="Drop the detached partitions instead of keeping them as tables (ANALYTICS_RETENTION_DROP).",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Instead, enqueue the daily maintenance task unless it is already waiting (for the db_worker).",
        )

    def handle(self, *args, drop, schedule, **options):
        if schedule:
            enqueued = analytics_partitions_schedule()
            self.stdout.write("Daily maintenance enqueued." if enqueued else "Daily maintenance already enqueued.")
            return
        done = analytics_event_partitions_maintain(drop=drop)
        self.stdout.write(f"Partitions made: {months(done.created)}.")
        self.stdout.write(f"Partitions {'dropped' if done.dropped else 'detached'}: {months(done.detached)}.")
        if done.left_in_default:
            self.stdout.write(
                self.style.WARNING(
                    f"{done.left_in_default} events of months outside the kept window are in the default partition."
                )
            )
