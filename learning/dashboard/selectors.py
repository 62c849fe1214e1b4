"""The staff dashboard's figures, read from the counts the database keeps (see ``models``)."""

from django.db.models import Sum

from learning.assignments.models import SubmissionStatus
from learning.assignments.selectors import start_of_today
from learning.content.models import ProgrammingLanguage

from .models import AnalysisKind, AwaitingReviewCount, SubmissionCount, SubmissionQuarterHourCount


def pass_rates_per_language() -> list[dict]:
    """Graded submissions per language and the share that passed."""
    graded = {SubmissionStatus.PASSED: {}, SubmissionStatus.FAILED: {}}
    for count in SubmissionCount.objects.filter(status__in=graded):
        graded[count.status][count.language] = count.submissions
    rates = []
    for name, slug in ProgrammingLanguage.objects.order_by("name").values_list("name", "slug"):
        passed = graded[SubmissionStatus.PASSED].get(slug, 0)
        total = passed + graded[SubmissionStatus.FAILED].get(slug, 0)
        percent = round(passed * 100 / total) if total else 0
        rates.append({"language": name, "graded": total, "passed": passed, "percent": percent})
    return rates


def staff_dashboard() -> dict:
    """What staff see first: the review backlog, today's submissions, and pass rates per language."""
    awaiting = dict(AwaitingReviewCount.objects.values_list("kind", "analyses"))
    today = SubmissionQuarterHourCount.objects.filter(starts_at__gte=start_of_today())
    return {
        "assignment_analyses_awaiting": awaiting.get(AnalysisKind.ASSIGNMENT, 0),
        "quiz_analyses_awaiting": awaiting.get(AnalysisKind.QUIZ, 0),
        "submissions_today": today.aggregate(total=Sum("submissions"))["total"] or 0,
        "pass_rates": pass_rates_per_language(),
    }
