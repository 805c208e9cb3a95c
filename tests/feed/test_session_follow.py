"""Open sockets follow the member: leaving or joining a network, a change of groups,
signing out and erasing the account take effect on sockets already open."""

import pytest
from channels.db import database_sync_to_async

from accounts.membership import membership_set_employee
from profiles.models import Network, NetworkMembership
from profiles.services import account_delete, network_join, network_leave
from tests.feed.sockets import connect, drain, member, post, session_client

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _network(*members):
    network = Network.objects.create(name="Makers", slug="makers")
    for user in members:
        NetworkMembership.objects.create(
            network=network, user=user, status=NetworkMembership.Status.ACTIVE
        )
    return network


def _post_ids(frames):
    return {f["post_id"] for f in frames if f["type"] == "post_created"}


async def _still_open(socket):
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=2)) == {"type": "pong"}


async def test_member_who_leaves_a_network_stops_receiving_its_posts_on_an_open_socket():
    author = await member("employee")
    leaver = await member("employee")
    network = await _network(author, leaver)
    socket, _ = await connect(leaver)
    before = await post(author, "community", network=network)
    assert _post_ids(await drain(socket)) == {before.pk}

    await database_sync_to_async(network_leave)(network=network, user=leaver)
    after = await post(author, "community", network=network)
    public = await post(author, "public", body="Still for everyone")
    assert _post_ids(await drain(socket)) == {public.pk}
    assert after.pk != public.pk
    await socket.disconnect()


async def test_member_who_joins_a_network_receives_its_posts_without_reconnecting():
    author = await member("employee")
    joiner = await member("external")
    network = await _network(author)
    socket, _ = await connect(joiner)
    await database_sync_to_async(network_join)(network=network, user=joiner)
    assert await drain(socket) == []  # the socket joins the group meanwhile
    posted = await post(author, "community", network=network)
    assert _post_ids(await drain(socket)) == {posted.pk}
    await socket.disconnect()


async def test_employee_made_external_stops_receiving_staff_posts():
    author = await member("employee")
    demoted = await member("employee")
    socket, _ = await connect(demoted)
    await database_sync_to_async(membership_set_employee)(user=demoted, employee=False)
    staff = await post(author, "staff", body="Staff only")
    community = await post(author, "community", body="For members")
    assert _post_ids(await drain(socket)) == {community.pk}
    assert staff.pk != community.pk
    await socket.disconnect()


async def test_sign_out_closes_that_sessions_socket_and_no_other():
    user = await member("employee")
    signing_out = await session_client(user)
    socket, _ = await connect(client=signing_out)
    other_device, _ = await connect(user)
    await database_sync_to_async(signing_out.logout)()
    assert await socket.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": 4401,
    }
    await _still_open(other_device)
    # Nothing for members reaches the closed session any more.
    await post(await member("employee"), "community")
    assert [f["type"] for f in await drain(other_device)] == ["post_created"]
    await other_device.disconnect()


async def test_erasing_the_account_closes_its_sockets():
    user = await member("external")
    socket, _ = await connect(user)
    await database_sync_to_async(account_delete)(user=user)
    assert await socket.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": 4401,
    }
