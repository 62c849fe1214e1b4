from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from learning.assignments.models import Assignment
from learning.review.services import assignment_regrade


class Command(BaseCommand):
    help = "Grade every submission of an assignment again (after its test cases change); reviewed ones are kept."

    def add_arguments(self, parser):
        parser.add_argument("--assignment", required=True, help="The assignment's id.")
        parser.add_argument("--batch-size", type=int, default=100, help="Submissions read at a time (default 100).")

    def handle(self, *args, assignment, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            found = Assignment.objects.get(pk=assignment)
        except (Assignment.DoesNotExist, ValidationError) as error:
            raise CommandError(f"No assignment with the id {assignment!r}.") from error
        total = found.submissions.count()
        with tqdm(total=total, unit="submission", file=self.stderr._out) as bar:
            done = assignment_regrade(assignment_id=found.pk, batch_size=batch_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Graded {done} submissions of {found.title} again."))
