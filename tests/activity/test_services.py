"""Recording activities."""

import pytest
from django.core.exceptions import ValidationError

from activity.models import UserActivity
from activity.services import activity_record
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_activity_of_an_unknown_type_is_refused_on_its_type():
    user = UserFactory()
    with pytest.raises(ValidationError) as raised:
        activity_record(user=user, type="teleported", description="Went somewhere")
    assert set(raised.value.message_dict) == {"type"}
    assert not UserActivity.objects.filter(user=user, description="Went somewhere").exists()
