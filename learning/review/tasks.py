"""Background analyses, run by django-tasks (``manage.py db_worker``)."""

from django_tasks import task

from learning.assignments.models import AssignmentSubmission
from learning.quizzes.models import MCQAttempt

from . import services


@task()
def submission_evaluate_task(submission_id: str) -> str:
    submission = AssignmentSubmission.objects.get(pk=submission_id)
    return services.submission_evaluate(submission=submission).status


@task()
def quiz_analysis_run_task(attempt_id: str) -> str:
    return str(services.quiz_analysis_run(attempt=MCQAttempt.objects.get(pk=attempt_id)).pk)


@task()
def assignment_regrade_task(assignment_id: str) -> int:
    return services.assignment_regrade(assignment_id=assignment_id)
