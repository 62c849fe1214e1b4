from django.core.management.base import BaseCommand

from payments.services import webhook_replay


class Command(BaseCommand):
    help = "Process again the stored Stripe events that failed (all, or by event id or type)."

    def add_arguments(self, parser):
        parser.add_argument("--id", dest="event_ids", action="append", help="A Stripe event id (repeatable).")
        parser.add_argument("--type", dest="types", action="append", help="An event type (repeatable).")

    def handle(self, *args, event_ids, types, **options):
        succeeded, failed = webhook_replay(event_ids=event_ids, types=types)
        self.stdout.write(f"{succeeded} events processed, {failed} failed again (their error is recorded).")
        if failed:
            raise SystemExit(1)
