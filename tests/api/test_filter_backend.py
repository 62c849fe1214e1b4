"""The API's filter backend builds no filter form for a request that gives no filter, and filters otherwise."""

import pytest
from django_filters import FilterSet
from rest_framework.test import APIRequestFactory

from codezest.api.filters import FilterBackend
from learning.assignments.api import AllSubmissions
from learning.assignments.models import AssignmentSubmission, SubmissionStatus
from tests.learning.factories import AssignmentSubmissionFactory

pytestmark = pytest.mark.django_db


def filtered(query: dict):
    view = AllSubmissions()
    view.request = view.initialize_request(APIRequestFactory().get("/api/v1/submissions", query))
    queryset = AssignmentSubmission.objects.all()
    return queryset, FilterBackend().filter_queryset(view.request, queryset, view)


def test_no_filter_given_no_form_built(monkeypatch):
    built = []
    monkeypatch.setattr(FilterSet, "__init__", lambda *args, **kwargs: built.append(args))
    queryset, result = filtered({"page_size": "5"})
    assert result is queryset
    assert built == []


def test_a_filter_given_filters():
    passed = AssignmentSubmissionFactory(status=SubmissionStatus.PASSED)
    AssignmentSubmissionFactory(status=SubmissionStatus.FAILED)
    _, result = filtered({"status": SubmissionStatus.PASSED, "page_size": "5"})
    assert list(result) == [passed]
