from django.urls import path

from . import views

urlpatterns = [
    path("auth/token", views.TokenView.as_view(), name="auth-token"),
    path("auth/register", views.RegisterView.as_view(), name="auth-register"),
    path("auth/verify-email", views.VerifyEmailView.as_view(), name="auth-verify-email"),
    path("auth/verify-email/resend", views.VerificationResendView.as_view(), name="auth-verify-email-resend"),
    path("auth/password-reset", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm", views.PasswordResetConfirmView.as_view(), name="auth-password-reset-confirm"),
    path("me", views.MeView.as_view(), name="me"),
    path("me/profile", views.MyProfileView.as_view(), name="my-profile"),
    path("me/password", views.MyPasswordView.as_view(), name="my-password"),
    path("me/sessions", views.MySessions.as_view(), name="my-sessions"),
    path("me/sessions/<uuid:pk>", views.MySession.as_view(), name="my-session"),
]
