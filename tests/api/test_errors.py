"""One JSON error shape for every failure, and bad input is a 400 naming the field, never a 500."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from codezest.api.errors import exception_handler, server_error
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status):
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == status
    return error


def staff_client():
    from accounts.models import User

    client = APIClient()
    client.force_authenticate(UserFactory(role=User.Role.INSTRUCTOR))
    return client


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/submissions?status=SHINY", "status"),
        ("/api/v1/submissions?assignment=not-a-uuid", "assignment"),
        ("/api/v1/assignment-analyses?reviewed=perhaps", "reviewed"),
        ("/api/v1/assignment-analyses?analysis_type=ROBOT", "analysis_type"),
        ("/api/v1/submissions?cursor=garbage", "cursor"),
        ("/api/v1/attempts?cursor=cD0yMDI2", "cursor"),
        ("/api/v1/submissions?page_size=%C2%B2", "page_size"),  # "²": a digit to str.isdigit(), not to int()
        ("/api/v1/submissions?page_size=%D9%A1%D9%A0", "page_size"),  # Arabic-Indic "10"
        ("/api/v1/languages?page=%D9%A1", "page"),
    ],
)
def test_a_bad_filter_or_cursor_is_a_400_naming_the_field(url, field):
    error = assert_error_shape(staff_client().get(url), 400)
    assert field in error["fields"]


def test_numbers_too_long_to_convert_are_served_as_huge_ones():
    """page_size is capped, a page past the last one is not found: neither is a 500."""
    assert staff_client().get("/api/v1/submissions?page_size=" + "9" * 5000).status_code == 200
    assert_error_shape(staff_client().get("/api/v1/languages?page=" + "1" * 5000), 404)


def test_401_403_404_405_share_the_shape():
    assert_error_shape(APIClient().get("/api/v1/me"), 401)
    student = APIClient()
    student.force_authenticate(UserFactory())
    assert_error_shape(student.get("/api/v1/submissions"), 403)
    assert_error_shape(student.get("/api/v1/me/submissions/00000000-0000-0000-0000-000000000000"), 404)
    assert_error_shape(student.get("/api/v1/no-such-thing"), 404)
    assert_error_shape(student.post("/api/v1/me/module-progress", {}), 405)


def test_an_unexpected_error_is_a_500_in_the_same_shape():
    request = RequestFactory().get("/api/v1/me")
    response = exception_handler(RuntimeError("boom"), {"request": request, "view": None})
    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "boom" not in str(response.data)
    assert server_error(request).status_code == 500


def test_page_size_is_capped(settings):
    client = APIClient()
    from tests.learning.factories import ProgrammingLanguageFactory

    ProgrammingLanguageFactory.create_batch(3)
    response = client.get("/api/v1/languages?page_size=100000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3  # at most API_MAX_PAGE_SIZE, and no error
