"""The API's request limits per caller, counted in fixed windows: each request adds one to its caller's counter
for the current window in one atomic round trip (``codezest.db.cache.count_hit``). DRF's own throttles keep a
sliding log, reading and writing every timestamp of the window on each request (a thousand at 1000/minute);
a fixed window may let a caller spend two windows' worth across a boundary, which a per-minute limit allows."""

from rest_framework import throttling

from codezest.db.cache import count_hit


class FixedWindowMixin:
    """``allow_request`` and ``wait`` for a ``SimpleRateThrottle``: the window is aligned to the epoch, so every
    process counts the same one."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        started = int(now // self.duration * self.duration)
        self.window_ends = started + self.duration
        hits = count_hit(self.cache, f"{key}:{started}", timeout=self.duration)
        return hits <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.timer(), 0)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous callers, per client IP (``anon`` rate)."""


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    """Signed-in callers, per user (``user`` rate)."""
