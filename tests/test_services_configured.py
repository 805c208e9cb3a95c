"""When CI says the real services are required, prove the suite really uses them."""

import os

import pytest
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string

pytestmark = pytest.mark.skipif(
    os.environ.get("KOERS_REQUIRE_SERVICES") != "1",
    reason="only checked when KOERS_REQUIRE_SERVICES=1 (CI's PostgreSQL + Redis run)",
)


def test_suite_runs_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_suite_uses_the_redis_channel_layer_and_cache():
    # channels-redis' pub/sub layer, told when it missed messages (intranet/channel_layer.py).
    assert issubclass(
        import_string(settings.CHANNEL_LAYERS["default"]["BACKEND"]),
        RedisPubSubChannelLayer,
    )
    # Django's Redis cache, made to fail open when Redis is down (intranet/redis_cache.py).
    assert issubclass(import_string(settings.CACHES["default"]["BACKEND"]), RedisCache)
