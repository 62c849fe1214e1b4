"""Every model has a factory, and each builds a row that passes the model's own validation."""

import factory
import pytest
from django.apps import apps

from tests.accounts import factories as accounts_factories
from tests.activity import factories as activity_factories
from tests.learning import factories as learning_factories
from tests.notifications import factories as notifications_factories
from tests.payments import factories as payments_factories

pytestmark = pytest.mark.django_db

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


def test_every_model_has_a_factory():
    models = {
        model
        for label in ("accounts", "learning", "payments", "notifications", "activity")
        for model in apps.get_app_config(label).get_models()
    }
    assert {f._meta.model for f in FACTORIES} == models


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row_with_a_readable_name(model_factory):
    instance = model_factory()
    instance.full_clean()
    assert str(instance)
