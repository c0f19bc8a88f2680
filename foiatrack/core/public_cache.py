"""Whole public answers, cached for anonymous visitors.

Every visitor without a session sees the same public page or public API answer, so each is
computed once and kept in the cache under its address and a *version* of the data it shows
(the coverage rebuild's time, the requests' last change...). A change that moves the
version shows at once; PUBLIC_CACHE_SECONDS bounds how long a change the version does not
see (an agency renamed in the admin, say) can take to show.

Logged-in users, and anyone with a session or pending messages, always get a fresh answer:
their pages show their name, staff buttons or messages that must not reach anyone else.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from rest_framework.response import Response


def _visitor_key(request, kind: str, version: str | None) -> str | None:
    """The cache key of this anonymous request's answer, or None: not to be cached."""
    if version is None:
        return None
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"):
        return None
    # Hashed: an address can be longer than a cache key may be, and a version may hold
    # any character. The host is part of it because API answers carry absolute links.
    identity = f"{request.build_absolute_uri()}\n{version}".encode()
    return f"public:{kind}:{hashlib.sha256(identity).hexdigest()}"


def cached_for_visitors(version: Callable[[], str | None]):
    """Decorate a public page view: anonymous visitors get the page from the cache while
    version() is unchanged. version() returning None means "do not cache now"."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = _visitor_key(request, "page", version())
            html = cache.get(key) if key else None
            if html is not None:
                return HttpResponse(html)
            response = view(request, *args, **kwargs)
            if key and response.status_code == 200 and not response.streaming:
                cache.set(key, response.content, settings.PUBLIC_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def api_cached_for_visitors(version: Callable[[], str | None]):
    """Decorate a public DRF view's get(): an anonymous client's answer data is cached
    while version() is unchanged. Authentication, throttling and content negotiation run
    before get(), so they still apply to every request; only the view's work is saved."""

    def decorator(method):
        @wraps(method)
        def wrapper(view, request, *args, **kwargs):
            key = None
            if not request.user.is_authenticated:
                key = _visitor_key(request, "api", version())
            data = cache.get(key) if key else None
            if data is not None:
                return Response(data)
            response = method(view, request, *args, **kwargs)
            if key and response.status_code == 200:
                cache.set(key, response.data, settings.PUBLIC_CACHE_SECONDS)
            return response

        return wrapper

    return decorator
