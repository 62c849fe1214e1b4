"""Background work of the learning context, run by django-tasks (``manage.py db_worker``)."""

from django_tasks import task


@task()
def analyze_submission_task(submission_id: str) -> str:
    from learning.models import AssignmentSubmission
    from learning.services import assignment_analysis_run

    submission = AssignmentSubmission.objects.get(pk=submission_id)
    return assignment_analysis_run(submission=submission).status


@task()
def analyze_attempt_task(attempt_id: str) -> str:
    from learning.models import MCQAttempt
    from learning.services import quiz_analysis_run

    return str(quiz_analysis_run(attempt=MCQAttempt.objects.get(pk=attempt_id)).pk)
