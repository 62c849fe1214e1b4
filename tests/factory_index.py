"""Every project model's factory, found by model."""

import factory

from tests.accounts import factories as accounts_factories
from tests.activity import factories as activity_factories
from tests.learning import factories as learning_factories
from tests.notifications import factories as notifications_factories
from tests.payments import factories as payments_factories

FACTORIES = [
    value
    for module in (
        accounts_factories,
        learning_factories,
        payments_factories,
        notifications_factories,
        activity_factories,
    )
    for value in vars(module).values()
    if isinstance(value, type)
    and issubclass(value, factory.django.DjangoModelFactory)
    and value.__module__ == module.__name__
]
FACTORY_OF_MODEL = {model_factory._meta.model: model_factory for model_factory in FACTORIES}
