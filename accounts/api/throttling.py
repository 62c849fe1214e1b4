"""Failed logins are limited per client IP and per (IP, email), never per email alone: a stranger cannot lock an
account, and its owner logs in from an IP that has not been failing even while it is attacked. Successful logins
are not counted. Account e-mails (sign-up, password reset, verification) are limited per target address.

The counters live in the default cache, which every process shares (``CACHES`` in the settings). Keys hold
SHA-256 digests, so no address is kept in the cache and any input (lone surrogates included) makes a safe key of
a fixed length.
"""

import hashlib
from datetime import timedelta

from rest_framework.throttling import SimpleRateThrottle

from accounts.services import login_failures_notice_request


def _digest(*parts: str) -> str:
    joined = "\0".join(parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def _email(request) -> str:
    data = getattr(request, "data", None)
    return str(data.get("email", "")).strip().lower() if isinstance(data, dict) else ""


def email_ident(request) -> str | None:
    """A digest of the body's ``email``, or None when there is none."""
    email = _email(request)
    return _digest(email) if email else None


class FailedLoginThrottle(SimpleRateThrottle):
    """Counts failures only, in a sliding window: ``allow_request`` checks, ``record_failure`` counts."""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request, view):
        ident = self.ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None

    def failures(self, request, view) -> int:
        """How many failures the window holds (loads ``history``, newest first, for ``wait``)."""
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        history = self.cache.get(self.key, []) if self.key else []
        self.history = [moment for moment in history if moment > self.now - self.duration]
        return len(self.history)

    def limit(self, request, view) -> int:
        return self.num_requests

    def allow_request(self, request, view):
        self.allowed = self.limit(request, view)
        return self.failures(request, view) < self.allowed

    def wait(self):
        """Seconds until the window holds fewer failures than allowed: the ``allowed``-th newest must age out."""
        return max(self.duration - (self.now - self.history[self.allowed - 1]), 0)

    def record_failure(self, request, view) -> int:
        """Count a failure; answers the failures in the window, this one included (0 when not counted)."""
        self.failures(request, view)  # read again: other processes may have counted since allow_request
        if self.key is None:
            return 0
        self.throttle_success()
        return len(self.history)


class LoginIPThrottle(FailedLoginThrottle):
    """Failures from one IP, whatever the email: a cap on guessing many accounts from one place."""

    scope = "login_ip"

    def ident(self, request):
        return _digest(self.get_ident(request) or "")


class LoginEmailThrottle(FailedLoginThrottle):
    """Failures for one email from every IP. It is no throttle of the view's, so it refuses nobody: past its rate
    the account is under attack, and ``LoginIPEmailThrottle`` then gives each IP a single failure for it."""

    scope = "login_email"

    def ident(self, request):
        return email_ident(request)

    def under_attack(self, request, view) -> bool:
        return self.failures(request, view) >= self.num_requests


class LoginIPEmailThrottle(FailedLoginThrottle):
    """Failures for one email from one IP: brute force from one place stops there, and nowhere else."""

    scope = "login_ip_email"

    def ident(self, request):
        email = _email(request)
        return _digest(self.get_ident(request) or "", email) if email else None

    def limit(self, request, view) -> int:
        # An IP that has not failed for this email always gets its try, so the owner still logs in.
        return 1 if LoginEmailThrottle().under_attack(request, view) else self.num_requests


def login_failure_record(request, view) -> None:
    """Count a failed login against the IP, the (IP, email) and the email, and have the account's owner told
    when one IP reaches its cap for the email or the email's failures from every IP reach ``login_email``'s
    rate (the service sends at most one notice per window). Unknown emails go the same way, so the answer and
    the work done in the request say nothing about whether the account exists."""
    LoginIPThrottle().record_failure(request, view)
    pair, email = LoginIPEmailThrottle(), LoginEmailThrottle()
    pair_failures = pair.record_failure(request, view)
    email_failures = email.record_failure(request, view)
    if pair_failures == pair.num_requests or email_failures == email.num_requests:
        login_failures_notice_request(
            email=_email(request), failures=email_failures, window=timedelta(seconds=email.duration)
        )


class AccountEmailThrottle(SimpleRateThrottle):
    """Every request that may e-mail an address counts against it, whether or not it has an account."""

    scope = "account_email"

    def get_cache_key(self, request, view):
        ident = email_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None
