"""The admin console for every model: pages open, queries stay flat, big tables never count in full."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from learning.demo import seed_scale
from tests.accounts.factories import UserFactory
from tests.factory_index import FACTORY_OF_MODEL
from tests.learning.factories import AssignmentAnalysisFactory, AssignmentSubmissionFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def make(model):
    if model is Group:
        return Group.objects.create(name=f"Group {Group.objects.count()}")
    if model is DBTaskResult:
        return DBTaskResult.objects.create(
            args_kwargs={"args": ["00000000-0000-0000-0000-000000000000"], "kwargs": {}},
            task_path="learning.review.tasks.submission_evaluate_task",
            backend_name="database",
            run_after=timezone.now(),
        )
    return FACTORY_OF_MODEL[model]()


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def superuser_client(client, admin_account):
    client.force_login(admin_account)
    return client


def test_every_project_model_is_registered():
    assert set(FACTORY_OF_MODEL) <= set(admin.site._registry)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_and_change_page_open_for_a_superuser(superuser_client, model):
    row = make(model)
    assert superuser_client.get(changelist_url(model)).status_code == 200
    change_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    assert superuser_client.get(change_url).status_code == 200


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(changelist_url(model)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, model):
    make(model)
    with_one = changelist_queries(superuser_client, model)
    for _ in range(49):
        make(model)
    assert changelist_queries(superuser_client, model) == with_one


def test_dashboard_shows_the_review_backlog_and_pass_rates(superuser_client):
    AssignmentAnalysisFactory()
    AssignmentSubmissionFactory(status="PASSED", assignment__module__language__slug="python")  # its code's language
    response = superuser_client.get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    assert dashboard["assignment_analyses_awaiting"] == 1
    assert dashboard["submissions_today"] == 2
    assert any(row["passed"] == 1 for row in dashboard["pass_rates"])
    assert b'data-metric="assignment-awaiting">1<' in response.content
    assert b"<svg" in response.content
    assert b"100% (1/1)" in response.content  # the pass-rate bar of the passed submission


def test_a_million_analytics_events_are_listed_without_an_unbounded_count(superuser_client):
    seed_scale(10, events_per_student=100_000, submissions_per_student=0)
    assert connection.cursor().execute("SELECT count(*) FROM activity.analytics_events").fetchone()[0] == 1_000_000
    from activity.models import AnalyticsEvent

    assert AnalyticsEvent in admin.site._registry
    for query_string in ("", "?created=7", "?q=page_view"):
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.get(changelist_url(AnalyticsEvent) + query_string)
        assert response.status_code == 200
        counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
        assert counts, "the page still says how many rows there are"
        assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_soft_deleted_rows_are_found_restored_and_deleted_for_good_by_superusers(superuser_client):
    from learning.models import ProgrammingLanguage
    from tests.learning.factories import ProgrammingLanguageFactory

    kept, gone = ProgrammingLanguageFactory(), ProgrammingLanguageFactory()
    gone.delete()
    url = changelist_url(ProgrammingLanguage)
    assert list(superuser_client.get(url).context["cl"].result_list) == [kept]
    assert list(superuser_client.get(url + "?deleted=yes").context["cl"].result_list) == [gone]

    superuser_client.post(url + "?deleted=yes", {"action": "restore_selected", "_selected_action": [gone.pk]})
    assert ProgrammingLanguage.objects.filter(pk=gone.pk).exists()
    superuser_client.post(url, {"action": "hard_delete_selected", "_selected_action": [gone.pk]})
    assert not ProgrammingLanguage.all_objects.filter(pk=gone.pk).exists()


def test_instructors_get_neither_restore_nor_permanent_delete(client):
    from learning.models import ProgrammingLanguage

    client.force_login(UserFactory(role=User.Role.INSTRUCTOR))
    action_form = client.get(changelist_url(ProgrammingLanguage)).context["action_form"]
    names = {name for name, _ in action_form.fields["action"].choices} if action_form else set()
    assert not names & {"restore_selected", "hard_delete_selected", "delete_selected"}


def test_a_big_list_counts_in_its_order_up_to_its_limit_and_its_pages_end_there(superuser_client, monkeypatch):
    from codezest.admin import BoundedCountPaginator
    from notifications.models import EmailLog
    from tests.notifications.factories import EmailLogFactory

    monkeypatch.setattr(BoundedCountPaginator, "limit", 3)
    monkeypatch.setitem(vars(admin.site._registry[EmailLog]), "list_per_page", 2)
    EmailLogFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(changelist_url(EmailLog))
    (count,) = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert 'ORDER BY "notifications"."email_logs"."created_at" DESC' in count  # the list's, which its index serves
    assert "LIMIT 3" in count
    assert response.context["cl"].result_count == 3
    assert b"3 email logs or more" in response.content
    assert superuser_client.get(changelist_url(EmailLog) + "?p=2").status_code == 200
    assert superuser_client.get(changelist_url(EmailLog) + "?p=3").url.endswith("?e=1")  # past the counted rows


def searched(client, model, term: str) -> list:
    from urllib.parse import urlencode

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{changelist_url(model)}?{urlencode({'q': term})}")
    assert not [query for query in queries if "UPPER(" in query["sql"] or "LIKE" in query["sql"]]
    return list(response.context["cl"].result_list)


def test_a_big_list_searches_a_users_email_or_id_and_text_exactly(superuser_client):
    from learning.models import AssignmentSubmission
    from notifications.models import EmailLog
    from tests.notifications.factories import EmailLogFactory

    ada, other = AssignmentSubmissionFactory(user__email="Ada@Example.com"), AssignmentSubmissionFactory()
    assert searched(superuser_client, AssignmentSubmission, " ada@example.COM ") == [ada]  # as logging in does
    assert searched(superuser_client, AssignmentSubmission, str(other.user_id)) == [other]
    assert searched(superuser_client, AssignmentSubmission, "ada") == []  # no text column is searched
    assert searched(superuser_client, AssignmentSubmission, "nobody@example.com") == []
    sent = EmailLogFactory(to_address="grace@example.com")
    EmailLogFactory()
    assert searched(superuser_client, EmailLog, "grace@example.com") == [sent]
    assert searched(superuser_client, EmailLog, "grace") == []


def test_a_big_list_is_sorted_only_by_its_own_order(superuser_client):
    from learning.models import AssignmentSubmission

    response = superuser_client.get(changelist_url(AssignmentSubmission))
    assert response.context["cl"].sortable_by == ()
    assert b"sortable" not in response.content


def test_a_big_lists_page_reads_its_rows_by_id_before_joining_them(superuser_client, monkeypatch):
    from learning.models import AssignmentSubmission

    AssignmentSubmissionFactory.create_batch(3)
    monkeypatch.setitem(vars(admin.site._registry[AssignmentSubmission]), "list_per_page", 2)
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(changelist_url(AssignmentSubmission) + "?p=2")
    (page,) = [query["sql"] for query in queries if "OFFSET 2" in query["sql"]]
    ids, joined = page.split("OFFSET 2")[0].rsplit("(SELECT", 1)[1], page.split("(SELECT", 1)[0]
    assert "JOIN" not in ids  # the OFFSET skips index entries, not joined rows
    assert "JOIN" in joined
    assert len(response.context["cl"].result_list) == 1
