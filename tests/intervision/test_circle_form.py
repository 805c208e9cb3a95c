"""Starting a circle: members are named as people know them (their profile name),
never by a user name; a name that fits nobody or several people is refused with a
message and no circle is made."""

import pytest

from intervision.models import Circle
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _named(name, kind="employee"):
    member = make_member(kind)
    member.profile.display_name = name
    member.profile.save()
    return member


def test_members_are_named_by_their_profile_name():
    creator = _named("Fatima el Amrani")
    sanne, joost = _named("Sanne Bakker"), _named("Joost de Vries", "external")
    response = client_for(creator).post(
        "/circles/new/",
        {
            "name": "Kring Noord",
            "members": "Sanne Bakker\njoost de vries\nFatima el Amrani",
        },
    )
    assert response.status_code == 302
    circle = Circle.objects.get(name="Kring Noord")
    assert {m.user for m in circle.memberships.all()} == {creator, sanne, joost}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ("Sanne Bakker\nNiemand Bestaat", "No member called Niemand Bestaat"),
        ("Anna Jansen, Sanne Bakker", "Several members are called Anna Jansen"),
    ],
)
def test_unknown_or_ambiguous_names_are_refused_and_nothing_is_made(members, message):
    creator = _named("Fatima el Amrani")
    _named("Sanne Bakker"), _named("Anna Jansen"), _named("Anna Jansen")
    response = client_for(creator).post(
        "/circles/new/", {"name": "Kring Zuid", "members": members}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "user name" not in response.content.decode()
    assert not Circle.objects.filter(name="Kring Zuid").exists()
