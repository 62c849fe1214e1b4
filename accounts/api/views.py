from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Session
from accounts.selectors import user_with_profile
from accounts.services import session_create, session_revoke

from .serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from .throttling import LoginEmailThrottle, LoginIPThrottle

INVALID_LOGIN = "The email or password is not right."


class TokenView(APIView):
    """Issue a bearer token for an email and password (POST), or revoke the token in use (DELETE)."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [LoginIPThrottle(), LoginEmailThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer}, auth=[])
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            for throttle in self.get_throttles():
                throttle.record_failure(request, self)
            # The same answer whether or not the email exists.
            raise exceptions.AuthenticationFailed(INVALID_LOGIN)
        session, token = session_create(
            user=user, ip_address=self._client_ip(request), user_agent=request.headers.get("User-Agent", "")[:500]
        )
        return Response(
            TokenSerializer({"token": token, "expires_at": session.expires_at}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, Session):
            raise exceptions.ValidationError({"token": ["Revoke a bearer token by sending it; this request has none."]})
        session_revoke(session=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _client_ip(self, request) -> str | None:
        return LoginIPThrottle().get_ident(request) or None


class MeView(RetrieveAPIView):
    """The signed-in user, with their profile."""

    serializer_class = MeSerializer

    def get_object(self):
        return user_with_profile(user_id=self.request.user.pk)
