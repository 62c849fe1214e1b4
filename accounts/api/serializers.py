from rest_framework import serializers

from accounts.models import User, UserProfile


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as: Authorization: Bearer <token>. Shown only once.")
    expires_at = serializers.DateTimeField()


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = UserProfile
        fields = ["bio", "avatar", "location", "website", "github_url", "linkedin_url", "twitter_url", "preferences"]


class MeSerializer(serializers.ModelSerializer):
    profile = ProfileSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "email_verified", "created_at", "profile"]
