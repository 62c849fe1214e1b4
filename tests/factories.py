"""Factory bases shared by the apps' factories."""

import factory


class SignUpRowFactory(factory.django.DjangoModelFactory):
    """A one-per-user row that sign-up already made: the factory sets its fields instead of adding one."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, user, **fields):
        instance, _ = model_class.objects.update_or_create(user=user, defaults=fields)
        return instance
