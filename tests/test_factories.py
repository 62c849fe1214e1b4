"""Every model has a factory, and each builds a row that passes the model's own validation."""

import pytest
from django.apps import apps

from tests.factory_index import FACTORIES

pytestmark = pytest.mark.django_db


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
