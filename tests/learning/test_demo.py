"""seed_demo builds the demo set once: running it again changes nothing."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from learning.models import AnalysisType, AssignmentAnalysis

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "learning", "payments", "notifications", "activity")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_seed_demo_twice_leaves_the_same_row_counts(settings, capsys, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--scale", "5")
    first = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--scale", "5")
    assert row_counts() == first
    assert first["accounts.User"] == 2 + 3 + 5
    assert first["learning.ProgrammingLanguage"] == 3
    assert first["learning.AssignmentSubmission"] == 3 + 5
    assert "admin@codezest.local / zest-dev-2026" in capsys.readouterr().out


def test_demo_has_analyses_awaiting_review_and_reviewed(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    types = set(AssignmentAnalysis.objects.values_list("analysis_type", flat=True))
    assert types == {AnalysisType.AI, AnalysisType.HYBRID}


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known passwords"):
        call_command("seed_demo")
