"""An unknown query parameter is a 400 naming it, on every API operation: what an operation accepts is what
its OpenAPI operation documents (filters, paginator parameters, declared parameters), and ``format``."""

import pytest
from drf_spectacular.generators import EndpointEnumerator
from rest_framework.test import APIClient

from accounts.models import User
from codezest.api.query_params import documented_query_parameters
from tests.accounts.factories import UserFactory
from tests.learning.factories import MaterialFactory, ModuleFactory, ProgrammingLanguageFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture
def material():
    return MaterialFactory(module=ModuleFactory(language=ProgrammingLanguageFactory(slug="python")))


def as_user(role=User.Role.STUDENT) -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(role=role))
    return client


def assert_unknown(response, *names):
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == set(names)
    for name in names:
        assert "Unknown query parameter" in error["fields"][name][0]


def test_lists_refuse_an_unknown_parameter(material):
    module = material.module
    anonymous = APIClient()
    assert_unknown(anonymous.get(f"{V1}/languages?sort=name"), "sort")
    assert_unknown(anonymous.get(f"{V1}/modules?lang=python"), "lang")
    assert_unknown(anonymous.get(f"{V1}/modules/{module.pk}/materials?kind=VIDEO"), "kind")
    assert_unknown(anonymous.get(f"{V1}/modules/{module.pk}/assignments?limit=5"), "limit")
    assert_unknown(as_user().get(f"{V1}/me/submissions?status=PASSED"), "status")  # a staff filter only
    assert_unknown(as_user(User.Role.INSTRUCTOR).get(f"{V1}/submissions?page=2"), "page")  # cursor pages
    assert_unknown(as_user().get(f"{V1}/me/notifications?unread=true"), "unread")


def test_details_refuse_any_parameter_even_a_list_one(material):
    module = material.module
    anonymous = APIClient()
    assert_unknown(anonymous.get(f"{V1}/modules/{module.pk}?page=1"), "page")
    assert_unknown(anonymous.get(f"{V1}/materials/{material.pk}?expand=module"), "expand")
    assert_unknown(anonymous.get(f"{V1}/languages/slug/python?search=x"), "search")
    assert_unknown(as_user().get(f"{V1}/me?fields=email"), "fields")
    assert_unknown(as_user().get(f"{V1}/me/subscription?x=1"), "x")


def test_every_unknown_parameter_is_named_and_the_known_ones_listed(material):
    response = APIClient().get(f"{V1}/languages?difficulty=BEGINNER&a=1&b=2")
    assert_unknown(response, "a", "b")
    assert response.json()["error"]["fields"]["a"] == [
        "Unknown query parameter; this endpoint accepts: difficulty, page, page_size, search."
    ]
    detail = APIClient().get(f"{V1}/materials/{material.pk}?a=1").json()
    assert detail["error"]["fields"]["a"] == ["Unknown query parameter; this endpoint takes none."]


def test_writes_and_head_are_checked_too(material):
    assert_unknown(APIClient().post(f"{V1}/auth/token?next=/", {}, format="json"), "next")
    assert APIClient().head(f"{V1}/languages?sort=name").status_code == 400


def test_documented_parameters_and_format_are_accepted(material):
    anonymous = APIClient()
    url = f"{V1}/languages?difficulty=BEGINNER&search=lang&page=1&page_size=5&format=json"
    assert anonymous.get(url).status_code == 200
    assert anonymous.get(f"{V1}/modules/{material.module.pk}/materials?type=ARTICLE&page_size=1").status_code == 200
    assert anonymous.get(f"{V1}/materials/{material.pk}?format=api").status_code == 200
    assert as_user(User.Role.INSTRUCTOR).get(f"{V1}/submissions?status=PASSED&page_size=2").status_code == 200


def test_a_parameter_given_empty_is_a_400_unless_its_schema_admits_it(material):
    anonymous = APIClient()
    for url, name in [
        (f"{V1}/modules?language=", "language"),  # an id
        (f"{V1}/languages?difficulty=", "difficulty"),  # a choice
        (f"{V1}/languages?page_size=", "page_size"),  # a number
        (f"{V1}/modules/{material.module.pk}/materials?type=&page=1", "type"),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 400, url
        assert response.json()["error"]["fields"] == {name: ["Give a value, or leave the parameter out."]}, url
    assert anonymous.get(f"{V1}/languages?search=").status_code == 200  # free text may be empty


def test_an_unknown_parameter_outranks_a_missing_login():
    """The request's shape is checked before who sends it."""
    assert APIClient().get(f"{V1}/me").status_code == 401
    assert_unknown(APIClient().get(f"{V1}/me?x=1"), "x")


def test_every_api_operation_is_checked():
    """No operation under /api/v1/ escapes the check by being missing from the schema."""
    accepted = documented_query_parameters()
    operations = [
        (path, method, callback)
        for path, _, method, callback in EndpointEnumerator().get_api_endpoints()
        if path.startswith(f"{V1}/")
    ]
    assert len(operations) >= 30
    missing = [(path, method) for path, method, callback in operations if (callback, method) not in accepted]
    assert missing == []
