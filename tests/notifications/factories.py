import factory

from notifications.models import EmailLog, Notification, NotificationPreference
from notifications.types import NotificationType
from tests.accounts.factories import UserFactory
from tests.factories import SignUpRowFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    type = NotificationType.QUIZ_COMPLETED
    title = "Quiz completed"
    message = "You scored 80%."

    class Meta:
        model = Notification


class NotificationPreferenceFactory(SignUpRowFactory):
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = NotificationPreference


class EmailLogFactory(factory.django.DjangoModelFactory):
    to_address = factory.Sequence(lambda n: f"learner{n}@example.com")
    subject = "Welcome to CodeZest"
    body = "Hello!"
    provider = "ses"

    class Meta:
        model = EmailLog
