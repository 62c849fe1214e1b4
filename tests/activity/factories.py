import factory

from activity.models import AnalyticsEvent, UserActivity
from tests.accounts.factories import UserFactory


class UserActivityFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    type = "module_started"
    description = "Started a module"

    class Meta:
        model = UserActivity


class AnalyticsEventFactory(factory.django.DjangoModelFactory):
    event_name = "page_view"
    user = factory.SubFactory(UserFactory)
    properties = factory.LazyFunction(lambda: {"path": "/learn"})

    class Meta:
        model = AnalyticsEvent
