"""Bodies that are too big or too deep answer a 413 or a 400 in the error shape, never a 500, and store nothing."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_json_nested_deeper_than_python_parses_is_a_400():
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().post("/api/v1/auth/register", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


@pytest.mark.parametrize("path", ["/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/payments/stripe/webhook"])
def test_a_body_over_the_upload_limit_is_a_413(path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"email": "' + "a" * 2000 + '@example.com", "password": "x"}'
    response = APIClient().post(path, body, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=00")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not User.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/register", "/api/v1/auth/password-reset"])
def test_a_lone_surrogate_in_an_email_is_a_400(path):
    body = '{"email": "\\ud800@example.com", "password": "correct-horse-battery-9"}'
    response = APIClient().post(path, body, content_type="application/json")
    assert response.status_code in (400, 401)
    assert response.json()["error"]["status"] == response.status_code
