from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import PREFERENCES_JSON_SCHEMA, Session, User, UserProfile

PASSWORD_MAX_LENGTH = 1024  # hashing is slow on purpose: a longer one is refused before it is hashed


class StrictTypeMixin:
    """Strings only: DRF would otherwise take the number 5 for "5", which the schema does not say."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(StrictTypeMixin, serializers.CharField):
    default_error_messages = {"invalid": "Send a string."}


class EmailAddressField(StrictTypeMixin, serializers.EmailField):
    default_error_messages = {"invalid": "Enter a valid email address."}


class WebAddressField(StrictTypeMixin, serializers.URLField):
    default_error_messages = {"invalid": "Enter a valid URL."}


def password_field(help_text: str) -> TextField:
    return TextField(
        trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH, style={"input_type": "password"}, help_text=help_text
    )


@extend_schema_field(PREFERENCES_JSON_SCHEMA)
class PreferencesField(serializers.JSONField):
    """The profile's preferences object; ``accounts.models.preference_errors`` is its rule (keys and values)."""

    default_error_messages = {"not_an_object": "Preferences must be an object."}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields take strings only (lengths and formats from the model)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.URLField: WebAddressField,
        models.EmailField: EmailAddressField,
        models.JSONField: PreferencesField,
    }


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as: Authorization: Bearer <token>. Shown only once.")
    expires_at = serializers.DateTimeField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happened, in words for the person.")


class RegisterSerializer(serializers.Serializer):
    email = EmailAddressField(max_length=_max_length(User, "email"))
    password = password_field("Checked by the password validators (length, common passwords, digits only, …).")
    name = TextField(max_length=_max_length(User, "name"), required=False, allow_blank=True, default="")


class EmailRequestSerializer(serializers.Serializer):
    email = EmailAddressField(max_length=_max_length(User, "email"))


class TokenBodySerializer(serializers.Serializer):
    token = TextField(max_length=200, help_text="The token from the link in the e-mail.")


class PasswordResetConfirmSerializer(serializers.Serializer):
    token = TextField(max_length=200, help_text="The token from the link in the reset e-mail.")
    new_password = password_field("Checked by the password validators.")


class PasswordChangeSerializer(serializers.Serializer):
    current_password = password_field("The password in use now.")
    new_password = password_field("Checked by the password validators.")


class ProfileSerializer(StrictModelSerializer):
    """The profile; sent to PATCH /me/profile, the fields given are changed."""

    class Meta:
        model = UserProfile
        fields = ["bio", "avatar", "location", "website", "github_url", "linkedin_url", "twitter_url", "preferences"]


class MeSerializer(serializers.ModelSerializer):
    profile = ProfileSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "email_verified", "created_at", "profile"]


class MeUpdateSerializer(serializers.Serializer):
    """The fields sent are changed."""

    name = TextField(required=False, allow_blank=True, max_length=_max_length(User, "name"))
    avatar = WebAddressField(
        required=False, allow_blank=True, max_length=_max_length(UserProfile, "avatar"), help_text="The profile's."
    )


class SessionSerializer(serializers.ModelSerializer):
    device = serializers.CharField(source="user_agent", help_text="The user agent that logged in.")
    current = serializers.SerializerMethodField(help_text="Whether this request is made with this session.")

    class Meta:
        model = Session
        fields = ["id", "device", "ip_address", "created_at", "last_used_at", "expires_at", "current"]

    def get_current(self, session) -> bool:
        request = self.context.get("request")
        auth = getattr(request, "auth", None)
        return isinstance(auth, Session) and auth.pk == session.pk
