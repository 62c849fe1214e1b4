"""Who gets into the admin, and what each role may do there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import INSTRUCTORS_GROUP, User
from tests.payments.factories import SubscriptionFactory

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_student_cannot_log_in_to_the_admin(client):
    student = UserFactory()
    response = client.post(reverse("admin:login"), {"username": student.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    client.force_login(student)
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_instructor_logs_in_with_their_email_in_any_case(client):
    instructor = UserFactory(role=User.Role.INSTRUCTOR)
    response = client.post(reverse("admin:login"), {"username": instructor.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_instructor_cannot_change_a_subscription_or_a_user(client):
    client.force_login(UserFactory(role=User.Role.INSTRUCTOR))
    subscription = SubscriptionFactory()
    student = UserFactory(name="Before")
    subscription_url = reverse("admin:payments_subscription_change", args=[subscription.pk])
    user_url = reverse("admin:accounts_user_change", args=[student.pk])
    assert client.get(subscription_url).status_code == 200  # view only
    assert client.post(subscription_url, {"plan": "ENTERPRISE"}).status_code == 403
    assert client.get(user_url).status_code == 200
    assert client.post(user_url, {"email": student.email, "name": "After", "role": "ADMIN"}).status_code == 403
    student.refresh_from_db()
    subscription.refresh_from_db()
    assert (student.name, student.role, subscription.plan) == ("Before", "STUDENT", "FREE")


def test_the_instructors_group_has_exactly_its_permissions():
    codenames = set(
        Group.objects.get(name=INSTRUCTORS_GROUP).permissions.values_list("content_type__app_label", "codename")
    )
    assert ("learning", "change_assignmentanalysis") in codenames
    assert ("learning", "add_module") in codenames
    assert ("learning", "view_assignmentsubmission") in codenames
    assert ("learning", "change_assignmentsubmission") not in codenames
    assert ("learning", "view_submissiontestresult") in codenames
    assert {codename for app, codename in codenames if app == "payments"} == {
        "view_subscription",
        "view_transaction",
        "view_invoice",
        "view_paymentmethod",
    }
    assert {codename for app, codename in codenames if app == "accounts"} == {"view_user"}
    assert not any(codename.startswith("delete_") for _, codename in codenames)


def test_an_admin_adds_a_user_through_sign_up(client):
    client.force_login(UserFactory(role=User.Role.ADMIN))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.instructor@example.com",
            "name": "New",
            "role": "INSTRUCTOR",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.with_email("new.instructor@example.com").get()
    assert (user.is_staff, user.subscription.plan) == (True, "FREE")
    assert user.groups.filter(name=INSTRUCTORS_GROUP).exists()


def test_an_admin_changing_a_role_moves_the_group(client):
    client.force_login(UserFactory(role=User.Role.ADMIN))
    instructor = UserFactory(role=User.Role.INSTRUCTOR)
    url = reverse("admin:accounts_user_change", args=[instructor.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "role": "STUDENT",
            "groups": [],
            "user_permissions": [],
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-0-id": str(instructor.profile.pk),
            "profile-0-user": str(instructor.pk),
            "profile-0-preferences": "{}",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    instructor.refresh_from_db()
    assert (instructor.role, instructor.is_staff) == ("STUDENT", False)
    assert not instructor.groups.exists()
