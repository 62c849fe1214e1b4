import pytest


@pytest.fixture(autouse=True)
def _tokens_and_emails_are_local(settings):
    """No test sends mail anywhere."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
