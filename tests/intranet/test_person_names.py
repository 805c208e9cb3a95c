"""One rule names a person on every surface (inbox, picker, intervision, links)."""

import pytest

from feed.people_picker import person_choice
from intranet.person_names import person_name
from tests.factories.accounts import make_member

pytestmark = pytest.mark.django_db


def test_the_profile_name_comes_first_then_the_full_name_then_the_username():
    member = make_member(
        "employee", username="jdevries", first_name="Jan", last_name="de Vries"
    )
    member.profile.display_name = "Jan (wijkteam Noord)"
    member.profile.save()
    assert person_name(member) == "Jan (wijkteam Noord)"

    member.profile.display_name = ""
    assert person_name(member) == "Jan de Vries"

    member.first_name = member.last_name = ""
    assert person_name(member) == "jdevries"
    assert person_name(None) == ""


def test_the_people_picker_names_people_by_the_same_rule():
    member = make_member("external", username="fatima", first_name="", last_name="")
    member.profile.display_name = ""
    assert person_choice(member)["name"] == "fatima"
