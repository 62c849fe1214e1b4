"""The API's request limits per caller, counted in fixed windows: each request adds one to its caller's counter
for the current window in one atomic round trip (``codezest.db.cache.count_hit``). DRF's own throttles keep a
sliding log, reading and writing every timestamp of the window on each request (a thousand at 1000/minute);
a fixed window may let a caller spend two windows' worth across a boundary, which a per-minute limit allows."""

import hashlib
import math

from rest_framework import throttling

from codezest.db.cache import count_hit


class FixedWindowMixin:
    """``allow_request`` and ``wait`` for a ``SimpleRateThrottle``: the window is aligned to the epoch, so every
    process counts the same one. The key holds a digest of the caller's identity (an address from a header may
    be long or hold any character) and the window's start; it expires when the window ends."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        identity = self.get_cache_key(request, view)
        if identity is None:
            return True
        now = self.timer()
        started = int(now // self.duration * self.duration)
        self.window_ends = started + self.duration
        digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
        key = f"throttle:{self.scope}:{digest}:{started}"
        hits = count_hit(self.cache, key, timeout=max(math.ceil(self.window_ends - now), 1))
        return hits <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.timer(), 1)  # at least a second: DRF sends no Retry-After for 0


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous callers, per client IP (``anon`` rate)."""


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    """Signed-in callers, per user (``user`` rate)."""
