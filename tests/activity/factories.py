import factory

from activity.models import AnalyticsEvent, UserActivity
from activity.types import ActivityType
from tests.accounts.factories import UserFactory


class UserActivityFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    type = ActivityType.MODULE_STARTED
    description = "Started a module"

    class Meta:
        model = UserActivity


class AnalyticsEventFactory(factory.django.DjangoModelFactory):
    event_name = "page_view"
    user = factory.SubFactory(UserFactory)
    properties = factory.LazyFunction(lambda: {"path": "/learn"})

    class Meta:
        model = AnalyticsEvent
