from django.contrib.auth.models import BaseUserManager
from django.db.models.functions import Lower

from codezest.db.models import SoftDeleteManager, SoftDeleteQuerySet


class UserQuerySet(SoftDeleteQuerySet):
    def with_email(self, email: str):
        """Users whose email matches, ignoring case (served by the lower(email) index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())


class UserManager(SoftDeleteManager.from_queryset(UserQuerySet), BaseUserManager):
    """Hides deleted users; email is the login, matched regardless of case.

    ``create_user`` and ``create_superuser`` (which Django's ``createsuperuser`` calls) sign up
    through ``accounts.services.user_create``, imported when called: the services import the models,
    which import this manager. The loop stays inside the accounts app.
    """

    @classmethod
    def normalize_email(cls, email):
        """Django's normalisation (the domain lowercased), without surrounding whitespace."""
        return super().normalize_email((email or "").strip())

    def get_by_natural_key(self, username):
        return self.with_email(username).get()

    def create_user(self, email, password=None, **fields):
        from accounts.services import user_create

        return user_create(email=email, password=password, **fields)

    def create_superuser(self, email, password=None, **fields):
        from accounts.services import user_create

        return user_create(email=email, password=password, role=self.model.Role.ADMIN, **fields)
