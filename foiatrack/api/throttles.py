"""Rate limits for anonymous API clients (logged-in users and tokens are not limited)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from foiatrack.core.client_ip import client_address


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading its rate when a request arrives rather than when
    the class is imported, so a changed setting (or a test's override) takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client's address behind TRUSTED_PROXY_COUNT proxies (core.client_ip), the
        same one the login lock-out uses; DRF's own reading trusts any forged header
        unless NUM_PROXIES is set, and is read once at import."""
        return client_address(request)
