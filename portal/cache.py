"""The shared cache (rate limits, kept unread counts), and what happens when Redis is away.

``CACHE_URL=redis://…`` gives ``RedisWithFallbackCache``: Django's Redis cache, which, when Redis
does not answer, logs a warning and keeps working on a cache in this process's memory (the rate
limits then count per process) for ``RETRY_SECONDS`` before it asks Redis again. So signing in
and every rate-limited form keep working while Redis is down; the limits are shared again as
soon as it is back.

``cache_is_up()`` says whether the shared cache answers (for the health and readiness checks).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_AWAY = (RedisConnectionError, RedisTimeoutError, OSError)
# After Redis failed to answer, the process uses its own memory this long before trying again
# (so a Redis that is away costs one connection timeout per process per period, not per call).
RETRY_SECONDS = 30
_away_until = 0.0  # per process: the cache instances of its threads share it


class RedisWithFallbackCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            "redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}, "KEY_PREFIX": self.key_prefix}
        )

    def primary_is_up(self) -> bool:
        """Does Redis itself answer (never the fallback)?"""
        try:
            super().set("portal:cache-probe", 1, timeout=10)
            return super().get("portal:cache-probe") == 1
        except REDIS_AWAY:
            return False


def _with_fallback(name: str):
    def method(self, *args, **kwargs):
        global _away_until
        if time.monotonic() >= _away_until:
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except REDIS_AWAY as error:
                _away_until = time.monotonic() + RETRY_SECONDS
                logger.warning(
                    "The Redis cache does not answer (%s): rate limits count per process "
                    "until it is back; trying again in %s seconds.",
                    error,
                    RETRY_SECONDS,
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or this process's memory while Redis is away."
    return method


for _name in (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
    "delete_many", "clear",
):  # fmt: skip
    setattr(RedisWithFallbackCache, _name, _with_fallback(_name))


def cache_is_up(alias: str = "default") -> bool:
    """THE check of the shared cache for health and readiness: True when it answers. (While it
    does not, the portal keeps working on each process's memory; see the module's docstring.)"""
    cache = caches[alias]
    if isinstance(cache, RedisWithFallbackCache):
        return cache.primary_is_up()
    try:
        cache.set("portal:cache-probe", 1, timeout=10)
        return cache.get("portal:cache-probe") == 1
    except Exception:  # noqa: BLE001 - any backend's failure means "down"
        logger.warning("The cache does not answer.", exc_info=True)
        return False
