"""The live feed socket. Placeholder until the feed issue: accepts and says hello."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class FeedConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()
        await self.send_json({"type": "hello"})

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "message": "Not implemented yet."})
