import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learning.demo import seed_demo, seed_scale
from learning.demo.scale import EVENTS_PER_STUDENT, SUBMISSIONS_PER_STUDENT


class Command(BaseCommand):
    help = "Create the demo data set (idempotent) and print its logins; --scale N adds N bulk students."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="Also create N students' worth of data in bulk.")
        parser.add_argument(
            "--events-per-student",
            type=int,
            default=EVENTS_PER_STUDENT,
            help=f"Analytics events per bulk student (default {EVENTS_PER_STUDENT}).",
        )
        parser.add_argument(
            "--submissions-per-student",
            type=int,
            default=SUBMISSIONS_PER_STUDENT,
            help=f"Submissions per bulk student on average (default {SUBMISSIONS_PER_STUDENT}).",
        )
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (known passwords!).")

    def handle(self, *args, scale, events_per_student, submissions_per_student, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo makes accounts with known passwords; run it with DEBUG on, or --force.")
        if min(scale, events_per_student, submissions_per_student) < 0:
            raise CommandError("--scale, --events-per-student and --submissions-per-student must be zero or more.")
        started = time.perf_counter()
        logins = seed_demo()
        if scale:
            added = seed_scale(
                scale,
                progress=self.stderr._out,
                events_per_student=events_per_student,
                submissions_per_student=submissions_per_student,
                parallel=True,
            )
            self.stdout.write(f"Added {added} bulk students in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Logins (password for all):"))
        for email, password in logins.items():
            self.stdout.write(f"  {email} / {password}")
