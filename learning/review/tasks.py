"""Background analyses, run by django-tasks (``manage.py db_worker``)."""

from django_tasks import task

from learning.assignments.models import AssignmentSubmission
from learning.quizzes.models import MCQAttempt

from . import services


@task()
def assignment_analysis_run_task(submission_id: str) -> str:
    submission = AssignmentSubmission.objects.get(pk=submission_id)
    return services.assignment_analysis_run(submission=submission).status


@task()
def quiz_analysis_run_task(attempt_id: str) -> str:
    return str(services.quiz_analysis_run(attempt=MCQAttempt.objects.get(pk=attempt_id)).pk)
