from rest_framework import serializers

from activity.models import UserActivity


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = UserActivity
        fields = ["id", "type", "description", "metadata", "created_at"]
