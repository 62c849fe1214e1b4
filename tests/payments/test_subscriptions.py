"""The paid plans, listed once."""

import pytest

from payments.models import PAID_PLANS, SubscriptionPlan

pytestmark = pytest.mark.django_db


def test_the_paid_plans_are_pro_then_enterprise_in_the_api_schema_too(client):
    assert PAID_PLANS == (SubscriptionPlan.PRO, SubscriptionPlan.ENTERPRISE)
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert document["components"]["schemas"]["CheckoutRequestPlanEnum"]["enum"] == ["PRO", "ENTERPRISE"]
