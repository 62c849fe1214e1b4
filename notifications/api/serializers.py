from django.db import models
from rest_framework import serializers

from notifications.models import Notification, NotificationPreference


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "type", "title", "message", "priority", "read", "read_at", "metadata", "created_at"]


class StrictBooleanField(serializers.BooleanField):
    """true or false only: DRF would otherwise take 1, "yes" or "on", which the schema does not say."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    """Which channels notifications use; sent to PATCH, the channels given are changed."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
    }

    class Meta:
        model = NotificationPreference
        fields = ["email", "push", "sms"]
        extra_kwargs = {
            "email": {"help_text": "E-mail a copy of each notification."},
            "push": {"help_text": "Show notifications in the app."},
            "sms": {"help_text": "Text messages (not sent yet)."},
        }


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")

    class Meta:
        ref_name = "NotificationsReadAll"
