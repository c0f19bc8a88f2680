"""The client's address, as the throttles and the login lock-out see it.

Behind TRUSTED_PROXY_COUNT reverse proxies the client's address is the one the outermost
trusted proxy appended to X-Forwarded-For (each proxy appends the address it saw); entries
further left were written by the client and may be forged. With no trusted proxy the
header is ignored entirely, so a forged one cannot buy a fresh quota per request.
"""

from django.conf import settings


def trusted_proxy_count() -> int:
    """How many reverse proxies in front of the app append to X-Forwarded-For."""
    return getattr(settings, "TRUSTED_PROXY_COUNT", 0)


def client_address(request) -> str:
    """The real client's address for a Django request (also AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_proxy_count()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote
    # The nth entry from the right was written by the nth trusted proxy; when the chain is
    # shorter than promised, the leftmost entry is the best the proxies vouch for.
    return addresses[-min(proxies, len(addresses))]
