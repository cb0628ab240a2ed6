"""Redis as the shared cache, without making Redis a dependency of every request.

When Redis cannot be reached, reads are misses and writes are dropped (logged), so pages are
rendered afresh, the page cache is bypassed and logins keep working from the database (sessions
live there). Login rate limits are not counted while Redis is away.
"""

import logging

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _tolerant(name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(RedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache: Redis unreachable (%s), %s skipped", error, name)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


class RedisCache(DjangoRedisCache):
    """Django's Redis cache; an unreachable server is a miss, never an exception."""

    def __init__(self, server, params):
        params = {
            **params,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)

    # "added" while Redis is away: allauth's rate limits take a lock with add(); a refused lock
    # would refuse every login (429) instead of not counting them
    add = _tolerant("add", True)
    get = _tolerant("get", _default)
    set = _tolerant("set", None)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    get_many = _tolerant("get_many", {})
    set_many = _tolerant("set_many", [])
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    clear = _tolerant("clear", None)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            logger.warning("cache: Redis unreachable (%s), incr skipped", error)
            raise ValueError(f"Key '{key}' not reachable.") from error
