"""Rate limits for anonymous API clients (logged-in users and tokens are not limited)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading its rate when a request arrives rather than when
    the class is imported, so a changed setting (or a test's override) takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
