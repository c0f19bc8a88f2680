"""A Redis cache that degrades to "no cache" while Redis is unreachable.

The cache only speeds things up (and counts anonymous API calls for throttling), so a
Redis restart must not turn public pages into 500s: Django's own RedisCache raises on a
lost connection. Here a read while Redis is down is a miss and a write is dropped; every
such failure is logged once a minute at most.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60.0
_last_logged = 0.0


def _log_unreachable(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("cache unreachable, serving without it: %s", error)


def _degrades_to(fallback):
    """Wrap a cache method so an unreachable Redis returns fallback(*args, **kwargs)."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                _log_unreachable(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _empty(*args, **kwargs):
    return {}


def _no_keys_written(data, *args, **kwargs):
    return list(data)


def _incr_unavailable(key, delta=1, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (the cache is unreachable)")


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis for every cache call, and redis-py fills a table of
    some 200 response callbacks in each constructor: about a third of a millisecond per
    call, several calls per API request. A client is safe to share between threads (it
    takes a connection from its pool per command), so keep one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """Django's RedisCache, but Redis being down reads as a miss, never as an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    get = _degrades_to(_default)(RedisCache.get)
    get_many = _degrades_to(_empty)(RedisCache.get_many)
    has_key = _degrades_to(_false)(RedisCache.has_key)
    add = _degrades_to(_false)(RedisCache.add)
    set = _degrades_to(_none)(RedisCache.set)
    set_many = _degrades_to(_no_keys_written)(RedisCache.set_many)
    touch = _degrades_to(_false)(RedisCache.touch)
    delete = _degrades_to(_false)(RedisCache.delete)
    delete_many = _degrades_to(_none)(RedisCache.delete_many)
    incr = _degrades_to(_incr_unavailable)(RedisCache.incr)
    clear = _degrades_to(_false)(RedisCache.clear)
