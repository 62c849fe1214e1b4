"""Remove Idempotency-Key records past their IDEMPOTENCY_TTL; run it from cron, e.g. hourly."""

from django.core.management.base import BaseCommand

from accounts.services import idempotency_record_purge


class Command(BaseCommand):
    help = "Remove Idempotency-Key records older than IDEMPOTENCY_TTL (24 hours by default)."

    def handle(self, *args, **options):
        removed = idempotency_record_purge()
        self.stdout.write(f"Removed {removed} expired idempotency record{'s' if removed != 1 else ''}.")
