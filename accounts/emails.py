"""What the account e-mails say, and the front-end links that carry their tokens."""

from datetime import timedelta
from urllib.parse import quote

from django.conf import settings

SIGN = "\n\nThe CodeZest team"


def frontend_link(path_template: str, *, token: str) -> str:
    """``FRONTEND_URL`` and a path template such as ``/verify-email?token={token}``, the token filled in."""
    return settings.FRONTEND_URL.rstrip("/") + path_template.format(token=quote(token, safe=""))


def email_verification_message(*, token: str) -> tuple[str, str]:
    link = frontend_link(settings.ACCOUNT_EMAIL_VERIFY_PATH, token=token)
    hours = int(settings.EMAIL_VERIFICATION_TTL.total_seconds() // 3600)
    return (
        "Confirm your e-mail address for CodeZest",
        f"Welcome to CodeZest! Confirm that this address is yours by opening this link within {hours} hours:\n\n"
        f"{link}\n\nIf you did not sign up, ignore this e-mail.{SIGN}",
    )


def sign_up_attempt_message() -> tuple[str, str]:
    """For the owner of an address someone tried to sign up with: no link, nothing to act on but a reset."""
    link = settings.FRONTEND_URL.rstrip("/")
    return (
        "Someone tried to sign up to CodeZest with your address",
        "Someone, perhaps you, tried to create a CodeZest account with this e-mail address, which already has "
        f"one. If it was you, log in at {link}, or ask for a password reset if you have forgotten your password. "
        f"If it was not you, you need not do anything: your account is unchanged.{SIGN}",
    )


def password_reset_message(*, token: str) -> tuple[str, str]:
    link = frontend_link(settings.ACCOUNT_PASSWORD_RESET_PATH, token=token)
    minutes = int(settings.PASSWORD_RESET_TTL.total_seconds() // 60)
    return (
        "Reset your CodeZest password",
        f"Choose a new password by opening this link within {minutes} minutes:\n\n{link}\n\n"
        f"If you did not ask for a reset, ignore this e-mail: your password is unchanged.{SIGN}",
    )


def login_failures_message(*, failures: int, window: timedelta) -> tuple[str, str]:
    """For the owner of an account whose password is being guessed: what happened, and that they can still log in."""
    minutes = int(window.total_seconds() // 60)
    link = settings.FRONTEND_URL.rstrip("/")
    return (
        "Someone is trying to log in to your CodeZest account",
        f"A wrong password was entered for your CodeZest account {failures} times within the last {minutes} "
        "minutes. Logins are paused for a while from the places those tries came from; you can still log in "
        "as usual from yours. If it was you, there is nothing to do. If it was not you, choose a strong password "
        f"that you use nowhere else (log in at {link}, or ask for a password reset there), and revoke any session "
        f"you do not recognise.{SIGN}",
    )
