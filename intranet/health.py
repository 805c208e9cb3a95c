"""Liveness and readiness probes for load balancers and process supervisors."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from intranet.outage import discard_connection

#: How long /readyz waits for its message to come back.
PROBE_SECONDS = 2.0


@never_cache
@require_GET
def healthz(request):
    """200 while the process runs; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A read-only database serves pages but refuses every write.
                cursor.execute("SELECT current_setting('transaction_read_only')")
                read_only = cursor.fetchone()[0] == "on"
            else:
                cursor.execute("SELECT 1")
                cursor.fetchone()
                read_only = False
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"database: {exc.__class__.__name__}: {exc}"
    if read_only:
        # This session may only remember how the database was when it opened:
        # a fresh connection for the next probe tells the present.
        discard_connection()
        return "database: read-only"
    return None


def _check_channel_layer() -> str | None:
    layer = get_channel_layer()
    if layer is None:
        return "channel layer: not configured"
    try:
        async_to_sync(channel_layer_round_trip)(layer)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"channel layer: {exc.__class__.__name__}: {exc}"
    return None


async def channel_layer_round_trip(layer) -> None:
    """Send a message to ourselves through the channel layer. The channel is
    made (subscribed to, on the pub/sub layer) before the send: a message
    published to nobody is gone, and the receive would wait for ever."""
    channel = await layer.new_channel("readyz.")
    try:
        await layer.send(channel, {"type": "readyz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), PROBE_SECONDS)
    finally:
        delete = getattr(layer, "delete_channel", None)  # intranet.channel_layer
        if delete is not None:
            await delete(channel)
    if message.get("type") != "readyz.ping":
        raise RuntimeError(f"unexpected reply {message.get('type')!r}")


@never_cache
@require_GET
def readyz(request):
    """200 only when the database and the channel layer answer; 503 with the reason otherwise."""
    problems = [p for p in (_check_database(), _check_channel_layer()) if p]
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})
