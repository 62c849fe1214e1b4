from django.contrib.auth import authenticate, update_session_auth_hash
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Session
from accounts.selectors import user_active_sessions, user_with_profile
from accounts.services import (
    TokenRefused,
    email_verification_confirm,
    email_verification_request,
    password_reset_complete,
    password_reset_request,
    session_create,
    session_revoke,
    user_password_change,
    user_profile_update,
    user_register,
    user_update,
)
from codezest.api.parsers import JSONParser
from codezest.api.views import SelectorQuerysetMixin

from .idempotency import idempotent
from .serializers import (
    DetailSerializer,
    EmailRequestSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    ProfileSerializer,
    RegisterSerializer,
    SessionSerializer,
    TokenBodySerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from .throttling import AccountEmailThrottle, LoginIPEmailThrottle, LoginIPThrottle, login_failure_record

INVALID_LOGIN = "The email or password is not right."
# The answers to requests about an address say nothing about whether it has an account.
SIGN_UP_SENT = "Check your e-mail: we have sent a message to this address about signing up."
RESET_SENT = "If an account uses this address, we have sent it a link to choose a new password."
VERIFICATION_SENT = "If an account that is not verified yet uses this address, we have sent it a new link."
EMAIL_VERIFIED = "Your e-mail address is verified."
PASSWORD_RESET_DONE = "Your password is changed; log in with the new one."


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(message: str, status_code: int) -> Response:
    return Response(DetailSerializer({"detail": message}).data, status=status_code)


def _token_refused(refused: TokenRefused) -> exceptions.ValidationError:
    return exceptions.ValidationError({"token": [refused.messages[0]]})


class TokenView(APIView):
    """Issue a bearer token for an email and password (POST), or revoke the token in use (DELETE).

    No Idempotency-Key here: the answer is a token, which must not be stored to be replayed.
    """

    def get_permissions(self):
        # Only revoking needs a token: any other method is a login (POST) or one this view lacks (a 405, not a 401).
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def get_throttles(self):
        return [LoginIPThrottle(), LoginIPEmailThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer}, auth=[])
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            login_failure_record(request, self)
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


class JSONView(APIView):
    """Bodies in JSON only, whose types the strict fields hold to (a form would send every value as a string)."""

    parser_classes = [JSONParser]


class AccountEmailView(JSONView):
    """Anonymous requests that may send an e-mail to an address: throttled per address as well."""

    permission_classes = [AllowAny]

    def get_throttles(self):
        return [*super().get_throttles(), AccountEmailThrottle()]


class RegisterView(AccountEmailView):
    """Sign up. The answer is the same whether or not the address has an account: a new address gets a link
    to verify it, a taken one an e-mail to its owner saying someone tried."""

    @extend_schema(request=RegisterSerializer, responses={202: DetailSerializer}, auth=[])
    @idempotent
    def post(self, request):
        user_register(**_valid(RegisterSerializer, request))
        return _detail(SIGN_UP_SENT, status.HTTP_202_ACCEPTED)


class VerificationResendView(AccountEmailView):
    """Send another verification link; the same answer whether or not the address has an account."""

    @extend_schema(request=EmailRequestSerializer, responses={202: DetailSerializer}, auth=[])
    @idempotent
    def post(self, request):
        email_verification_request(**_valid(EmailRequestSerializer, request))
        return _detail(VERIFICATION_SENT, status.HTTP_202_ACCEPTED)


class PasswordResetView(AccountEmailView):
    """Ask for a password-reset link; always a 202, whether or not the address has an account."""

    @extend_schema(request=EmailRequestSerializer, responses={202: DetailSerializer}, auth=[])
    @idempotent
    def post(self, request):
        password_reset_request(**_valid(EmailRequestSerializer, request))
        return _detail(RESET_SENT, status.HTTP_202_ACCEPTED)


class VerifyEmailView(JSONView):
    """Use the token of a verification e-mail: the address is verified."""

    permission_classes = [AllowAny]

    @extend_schema(request=TokenBodySerializer, responses={200: DetailSerializer}, auth=[])
    def post(self, request):
        try:
            email_verification_confirm(**_valid(TokenBodySerializer, request))
        except TokenRefused as refused:
            raise _token_refused(refused) from refused
        return _detail(EMAIL_VERIFIED, status.HTTP_200_OK)


class PasswordResetConfirmView(JSONView):
    """Use the token of a reset e-mail to choose a new password; every session of the account is revoked."""

    permission_classes = [AllowAny]

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: DetailSerializer}, auth=[])
    def post(self, request):
        try:
            password_reset_complete(**_valid(PasswordResetConfirmSerializer, request))
        except TokenRefused as refused:
            raise _token_refused(refused) from refused
        return _detail(PASSWORD_RESET_DONE, status.HTTP_200_OK)


class MeView(RetrieveAPIView):
    """The signed-in user, with their profile; PATCH changes the name and the avatar."""

    serializer_class = MeSerializer
    parser_classes = [JSONParser]

    def get_object(self):
        return user_with_profile(user_id=self.request.user.pk)

    @extend_schema(request=MeUpdateSerializer, responses={200: MeSerializer})
    def patch(self, request):
        user_update(user=request.user, **_valid(MeUpdateSerializer, request))
        return Response(MeSerializer(self.get_object()).data)


class MyProfileView(JSONView):
    """Change the signed-in user's profile: the fields sent."""

    @extend_schema(request=ProfileSerializer, responses={200: ProfileSerializer})
    def patch(self, request):
        profile = user_profile_update(user=request.user, **_valid(ProfileSerializer, request, partial=True))
        return Response(ProfileSerializer(profile).data)


class MyPasswordView(JSONView):
    """Change the password, knowing the current one: every other session is revoked, this one is kept."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request):
        current = request.auth if isinstance(request.auth, Session) else None
        user_password_change(user=request.user, keep_session=current, **_valid(PasswordChangeSerializer, request))
        if current is None:  # signed in by the session cookie (the browsable API): keep it signed in
            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MySessions(SelectorQuerysetMixin, generics.ListAPIView):
    """The signed-in user's sessions that can still be used, newest first; ``current`` marks this one."""

    serializer_class = SessionSerializer

    def select(self):
        return user_active_sessions(user=self.request.user)


class MySession(SelectorQuerysetMixin, generics.DestroyAPIView):
    """Revoke one of the signed-in user's sessions (this one too: that is logging out)."""

    serializer_class = SessionSerializer

    def select(self):
        return user_active_sessions(user=self.request.user)

    def perform_destroy(self, instance):
        session_revoke(session=instance)
