"""Bearer tokens: issued for email and password, used, revoked; failed logins throttled and uninformative."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Session
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def login(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(TOKEN_URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def test_a_token_is_issued_used_and_revoked():
    user = UserFactory()
    client = APIClient()
    response = login(client, user.email.upper())
    assert response.status_code == 201
    token = response.json()["token"]
    assert Session.objects.get(user=user).token != token  # only the digest is stored

    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me").json()["email"] == user.email
    assert client.delete(TOKEN_URL).status_code == 204
    revoked = client.get("/api/v1/me")
    assert revoked.status_code == 401
    assert revoked.json()["error"]["message"] == "The token is revoked."


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer():
    user = UserFactory()
    wrong = login(APIClient(), user.email, "not-the-password")
    unknown = login(APIClient(), "nobody@example.com", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_bad_login_input_names_the_field():
    response = APIClient().post(TOKEN_URL, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"email", "password"}


def test_failed_logins_are_throttled_per_email(settings):
    user = UserFactory()
    client = APIClient()
    for attempt in range(5):
        assert login(client, user.email, "wrong", ip=f"10.0.1.{attempt}").status_code == 401
    throttled = login(client, user.email, ip="10.0.2.1")  # even the right password waits
    assert throttled.status_code == 429
    assert throttled.json()["error"]["status"] == 429
    assert "Retry-After" in throttled.headers
    assert login(client, UserFactory().email, ip="10.0.2.2").status_code == 201  # other emails are fine


def test_failed_logins_are_throttled_per_ip():
    client = APIClient()
    for number in range(20):
        assert login(client, f"guess{number}@example.com", "wrong", ip="10.9.9.9").status_code == 401
    assert login(client, UserFactory().email, ip="10.9.9.9").status_code == 429
    assert login(client, UserFactory().email, ip="10.9.9.10").status_code == 201


def test_successful_logins_are_not_counted():
    user = UserFactory()
    client = APIClient()
    for _ in range(8):
        assert login(client, user.email).status_code == 201


def test_an_expired_token_is_refused():
    user = UserFactory()
    client = APIClient()
    token = login(client, user.email).json()["token"]
    from django.utils import timezone

    Session.objects.filter(user=user).update(expires_at=timezone.now())
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The token is expired."


def test_session_authentication_serves_the_browsable_api(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/api/v1/me", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert b"<html" in page.content.lower()
