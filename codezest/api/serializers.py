"""Serializers every app's API shares."""

from rest_framework import serializers


class LearnerSerializer(serializers.Serializer):
    """Who did the work: an id and a name, never an email."""

    id = serializers.UUIDField()
    name = serializers.CharField()

    class Meta:
        ref_name = "Learner"
