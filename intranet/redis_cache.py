"""Django's Redis cache, failing open: while Redis is down the site still works.

Everything Koers keeps in the cache is disposable (cached pages, rendered post
cards, rate-limit counters, Wagtail's site-root paths, the session copy of
``cached_db``). So when Redis does not answer, a read is a miss, a write is
dropped, ``add`` reports success (a rate limit lets the request through) and
``incr`` counts from nothing; each is logged, at most once every
``LOG_EVERY`` seconds per process. The first call after Redis is back uses it
again: redis-py reconnects by itself.

What this does not cover: the channel layer (live updates stop until Redis is
back; clients then replay) and /readyz, which reports the outage.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 10.0  # seconds between two "cache unavailable" log lines
_last_logged = 0.0


def _failed(operation: str, exc: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.warning(
            "Cache unavailable, failing open (%s: %s: %s)",
            operation,
            exc.__class__.__name__,
            exc,
        )


class FailOpenRedisCache(RedisCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            _failed("add", exc)
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            _failed("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            _failed("set", exc)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            _failed("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            _failed("delete", exc)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            _failed("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            _failed("has_key", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            _failed("incr", exc)
            return delta

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            _failed("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            _failed("delete_many", exc)

    def clear(self):
        try:
            return super().clear()
        except RedisError as exc:
            _failed("clear", exc)
            return False
