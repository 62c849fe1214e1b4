from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import user_create


class Command(BaseCommand):
    help = "Create the development admin login if it does not exist (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)

    def handle(self, *args, email, password, **options):
        if not settings.DEBUG:
            raise CommandError("dev_admin only runs with DEBUG on; use createsuperuser in production.")
        if User.objects.with_email(email).exists():
            self.stdout.write(f"Development admin {email} exists.")
            return
        try:
            user_create(email=email, password=password, name="Development Admin", role=User.Role.ADMIN)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created development admin {email}."))
