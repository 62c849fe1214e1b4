"""Failed logins are limited per client IP and per email; successful ones are not counted. Account e-mails
(sign-up, password reset, verification) are limited per target address."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


def email_ident(request) -> str | None:
    """A digest of the body's ``email``: any input makes a safe cache key, and no address is kept in the cache."""
    data = getattr(request, "data", None)
    email = str(data.get("email", "")).strip().lower() if isinstance(data, dict) else ""
    return hashlib.sha256(email.encode()).hexdigest() if email else None


class FailedLoginThrottle(SimpleRateThrottle):
    """Counts failures only: ``allow_request`` checks, ``record_failure`` counts."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) < self.num_requests

    def record_failure(self, request, view) -> None:
        self.key = self.get_cache_key(request, view)
        if self.key is not None:
            self.history = self.cache.get(self.key, [])
            self.now = self.timer()
            self.throttle_success()


class LoginIPThrottle(FailedLoginThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginEmailThrottle(FailedLoginThrottle):
    scope = "login_email"

    def get_cache_key(self, request, view):
        ident = email_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None


class AccountEmailThrottle(SimpleRateThrottle):
    """Every request that may e-mail an address counts against it, whether or not it has an account."""

    scope = "account_email"

    def get_cache_key(self, request, view):
        ident = email_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None
