"""Bearer tokens: issued for email and password, used, revoked; failed logins throttled and uninformative."""

import contextlib
import io
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.api.throttling import LoginEmailThrottle, email_ident
from accounts.models import Session
from codezest.db.config import database_url
from notifications.models import EmailLog, EmailStatus, Notification, NotificationPriority
from notifications.services import notification_preference_update
from notifications.types import NotificationType
from tests.accounts.factories import PASSWORD, UserFactory
from tests.codezest.test_make_run import free_port
from tests.codezest.test_production import ROOT, fetch, gunicorn, production_environment

from .test_account_flows import Client

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
ATTACKER, OWNER = "10.0.0.66", "10.0.0.7"


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


def test_an_attacker_is_capped_per_ip_and_email_while_the_owner_logs_in_from_elsewhere():
    user = UserFactory()
    client = Client()
    for _ in range(5):
        assert login(client, user.email, "wrong", ip=ATTACKER).status_code == 401
    throttled = login(client, user.email, ip=ATTACKER)  # from there, even the right password waits
    assert throttled.status_code == 429
    assert throttled.json()["error"]["status"] == 429
    assert 3590 <= int(throttled.headers["Retry-After"]) <= 3600  # until its oldest failure is an hour old
    assert login(client, user.email, ip=OWNER).status_code == 201  # no lockout: the owner is elsewhere
    assert login(client, UserFactory().email, ip=ATTACKER).status_code == 201  # other emails from there are fine


def test_failures_of_different_case_and_spacing_count_as_one_email():
    user = UserFactory()
    client = Client()
    for variant in (user.email, user.email.upper(), f" {user.email} ", user.email.title(), user.email):
        assert login(client, variant, "wrong", ip=ATTACKER).status_code == 401
    assert login(client, user.email, ip=ATTACKER).status_code == 429


def test_an_account_attacked_from_many_ips_gives_each_failing_ip_one_try_and_the_owner_still_gets_in(monkeypatch):
    monkeypatch.setitem(LoginEmailThrottle.THROTTLE_RATES, "login_email", "4/hour")
    user = UserFactory()
    client = Client()
    botnet = [f"10.66.0.{number}" for number in range(4)]
    for ip in botnet:
        assert login(client, user.email, "wrong", ip=ip).status_code == 401
    # Under attack: an IP that has failed for the email gets no second try (it had five before)...
    assert login(client, user.email, "wrong", ip=botnet[0]).status_code == 429
    # ...and one that has not still gets its try, so the owner logs in.
    assert login(client, user.email, ip=OWNER).status_code == 201
    assert login(client, user.email, "wrong", ip="10.66.1.1").status_code == 401
    assert login(client, user.email, "wrong", ip="10.66.1.1").status_code == 429


def test_failed_logins_are_throttled_per_ip():
    client = Client()
    for number in range(20):
        assert login(client, f"guess{number}@example.com", "wrong", ip="10.9.9.9").status_code == 401
    assert login(client, UserFactory().email, ip="10.9.9.9").status_code == 429
    assert login(client, UserFactory().email, ip="10.9.9.10").status_code == 201


def attack_notices(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, type=NotificationType.FAILED_LOGINS))


def test_the_owner_is_told_once_per_window_in_the_app_and_by_email_whatever_their_preferences():
    user = UserFactory()
    notification_preference_update(user=user, email=False, push=False)  # a security notice goes out all the same
    client = Client()
    for _ in range(4):
        login(client, user.email, "wrong", ip=ATTACKER)
    assert attack_notices(user) == []
    login(client, user.email, "wrong", ip=ATTACKER)  # the fifth: this IP is capped for the email
    [notice] = attack_notices(user)
    assert notice.priority == NotificationPriority.HIGH
    assert "5 times within the last 60 minutes" in notice.message
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == ([user.email], notice.title, notice.message)
    assert EmailLog.objects.get(to_address=user.email).status == EmailStatus.SENT

    for _ in range(5):  # another IP reaches its cap in the same window: no second notice
        login(client, user.email, "wrong", ip="10.0.7.7")
    assert len(attack_notices(user)) == 1
    assert len(mail.outbox) == 1

    Notification.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(hours=1, seconds=1))
    cache.clear()  # an hour later: the counters have aged out and the notice is old
    for _ in range(5):
        login(client, user.email, "wrong", ip=ATTACKER)
    assert len(attack_notices(user)) == 2
    assert len(mail.outbox) == 2


def test_an_attack_on_an_unknown_email_answers_alike_and_tells_no_one():
    client = Client()
    user = UserFactory()
    for _ in range(5):
        known = login(client, user.email, "wrong", ip=ATTACKER)
        unknown = login(client, "nobody@example.com", "wrong", ip=ATTACKER)
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    known, unknown = login(client, user.email, ip=ATTACKER), login(client, "nobody@example.com", ip=ATTACKER)
    assert known.status_code == unknown.status_code == 429
    assert known.json() == unknown.json()
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert Notification.objects.filter(type=NotificationType.FAILED_LOGINS).count() == 1


def test_the_counters_are_rows_of_the_database_cache_without_any_address():
    user = UserFactory()
    assert isinstance(caches["default"], DatabaseCache)
    login(Client(), user.email, "wrong", ip=ATTACKER)
    with connection.cursor() as cursor:
        cursor.execute('SELECT cache_key, value FROM "public"."django_cache"')
        rows = cursor.fetchall()
        cursor.execute("SELECT relpersistence FROM pg_class WHERE oid = 'public.django_cache'::regclass")
        [persistence] = cursor.fetchone()
    assert {re.sub(r"_[0-9a-f]{64}$", "", key) for key, _ in rows} == {
        ":1:throttle_login_ip",
        ":1:throttle_login_ip_email",
        ":1:throttle_login_email",
    }
    stored = " ".join(key + value for key, value in rows)
    assert user.email not in stored
    assert ATTACKER not in stored
    assert persistence == "u"  # unlogged: no disk flush per counter
    made = io.StringIO()
    call_command("createcachetable", dry_run=True, stdout=made)  # the migration made the table Django would
    assert made.getvalue() == "Cache table 'django_cache' already exists.\n"


class QuickPBKDF2(PBKDF2PasswordHasher):
    """Production's hasher with few iterations: a hash stores its iterations, so the servers check it quickly."""

    iterations = 1000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_server_processes_count_failed_logins_against_one_limit(tmp_path):
    """Two gunicorn servers (production settings, one worker each) and this process count in one place: five
    failures in all cap the IP for the email, not five per process; the owner is told once."""
    user = UserFactory()
    user.password = QuickPBKDF2().encode(PASSWORD, QuickPBKDF2().salt())
    user.save(update_fields=["password"])
    assert login(Client(), user.email, "wrong", ip=ATTACKER).status_code == 401  # before either server starts
    static_root = tmp_path / "static"
    static_root.mkdir()
    environments = [
        production_environment(
            database=database_url(connection.settings_dict),
            static_root=static_root,
            port=free_port(),
            WEB_CONCURRENCY="1",
            API_NUM_PROXIES="1",  # the client's address is the X-Forwarded-For the proxy adds
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        for _ in range(2)
    ]
    with contextlib.ExitStack() as servers, ThreadPoolExecutor() as starting:  # both start at once
        started = [gunicorn(environment, tmp_path / f"gunicorn-{n}.log") for n, environment in enumerate(environments)]
        urls = [url for url, _server in starting.map(servers.enter_context, started)]

        def post(url: str, password: str, ip: str) -> int:
            body = json.dumps({"email": user.email, "password": password}).encode()
            headers = {"Content-Type": "application/json", "X-Forwarded-For": ip}
            return fetch(f"{url}/api/v1/auth/token", headers, body)[0]

        assert [post(urls[number % 2], "wrong", ATTACKER) for number in range(4)] == [401] * 4
        assert [post(url, PASSWORD, ATTACKER) for url in urls] == [429, 429]  # each has seen all five
        assert post(urls[1], PASSWORD, OWNER) == 201
    assert len(attack_notices(user)) == 1
    assert EmailLog.objects.get(to_address=user.email).status == EmailStatus.SENT


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "codezest.db.cache PostgreSQLCache django_cache"),
        ("redis://cache.internal:6379/1", "codezest.db.cache RedisCache redis://cache.internal:6379/1"),
    ],
)
def test_production_shares_the_database_cache_or_redis_when_redis_url_is_set(tmp_path, redis_url, backend):
    environment = production_environment(
        database="postgres://unused@/unused", static_root=tmp_path, port=0, REDIS_URL=redis_url
    )
    code = "\n".join(
        [
            "from django.core.cache import caches",
            "cache = caches['default']",
            "if hasattr(cache, '_servers'): cache._cache.get_client()  # the client library is installed",
            "print(type(cache).__module__, type(cache).__name__, getattr(cache, '_table', None) or cache._servers[0])",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == backend, result.stderr


def test_with_redis_the_counters_live_in_redis(redis_server, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server}}
    user = UserFactory()
    client = Client()
    for _ in range(5):
        assert login(client, user.email, "wrong", ip=ATTACKER).status_code == 401
    assert login(client, user.email, ip=ATTACKER).status_code == 429
    assert login(client, user.email, ip=OWNER).status_code == 201
    keys = {key.decode() for key in redis.Redis.from_url(redis_server).keys("*")}
    assert {re.sub(r"_[0-9a-f]{64}$", "", key) for key in keys} == {
        ":1:throttle_login_ip",
        ":1:throttle_login_ip_email",
        ":1:throttle_login_email",
    }


def test_email_digests_take_any_text():
    for email in ("\ud800@example.com", "ada@example.com\x00", "é" * 1000, ["a list"]):
        assert re.fullmatch(r"[0-9a-f]{64}", email_ident(SimpleNamespace(data={"email": email})))
    assert email_ident(SimpleNamespace(data={"email": " "})) is None
    assert email_ident(SimpleNamespace(data=["not", "a", "dict"])) is None


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
