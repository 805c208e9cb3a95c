"""The people lists stay bounded (issue 22): stored counts kept in step, lists read
in page order, cards built from plain values whatever the number of people."""

import pytest
from django.db.models.signals import post_init
from django.utils import translation

from profiles import selectors, services
from profiles.models import Competence, Network, Profile, ProfileCompetence
from profiles.selectors.profile_page import ENDORSERS_SHOWN
from profiles.views.common import MEMBERS_SHOWN
from tests.conftest import client_for
from tests.factories import NetworkFactory, add_network_member, make_member

pytestmark = pytest.mark.django_db


def _counts(competence):
    competence.refresh_from_db()
    return competence.holder_count, competence.learner_count


def _public(user, name):
    Profile.objects.filter(user=user).update(public_profile=True, display_name=name)


def test_competence_counts_follow_declarations_learning_merges_and_deleted_accounts():
    anna, ben = make_member(), make_member()
    link = services.profile_competence_set(profile=anna.profile, name="Rust")
    rust = link.tag
    assert _counts(rust) == (1, 0)
    services.profile_competence_set(profile=ben.profile, name="Rust", level="expert")
    services.learning_interest_add(profile=anna.profile, name="Rust")
    assert _counts(rust) == (2, 1)
    services.profile_competence_set(profile=ben.profile, name="Rust", level="learning")
    assert _counts(rust) == (2, 1)  # a new level is no new holder
    services.profile_competence_remove(profile=ben.profile, competence_id=rust.pk)
    assert _counts(rust) == (1, 1)
    go = services.profile_competence_set(profile=ben.profile, name="Golang").tag
    services.learning_interest_add(profile=ben.profile, name="Golang")
    services.competence_merge(source=go, target=rust)
    assert _counts(rust) == (2, 2)
    services.account_delete(user=anna)  # cascades: no service call per row
    assert _counts(rust) == (1, 1)
    # what the lists show is what the rows say
    assert selectors.popular_competences()[0]["uses"] == 1
    assert list(selectors.competence_index()) == [
        {"slug": rust.slug, "label": rust.name, "uses": 1}
    ]


def test_network_member_count_follows_joins_approvals_leaves_and_deleted_accounts():
    open_net = NetworkFactory(slug="open-count")
    closed = NetworkFactory(slug="closed-count", join_policy="approval")
    host, anna, ben = make_member(), make_member(), make_member()
    add_network_member(closed, host, host=True)
    services.network_join(network=open_net, user=anna)
    services.network_join(network=open_net, user=ben)
    pending = services.network_join(network=closed, user=anna)

    def counts():
        return list(
            Network.objects.filter(pk__in=[open_net.pk, closed.pk])
            .order_by("slug")
            .values_list("member_count", flat=True)
        )

    assert counts() == [1, 2]  # closed-count: the host; a request is no member
    services.network_membership_approve(membership=pending, host=host)
    assert counts() == [2, 2]
    services.network_leave(network=open_net, user=ben)
    services.account_delete(user=anna)
    assert counts() == [1, 0]
    listing = client_for(make_member()).get("/people/networks/")
    shown = {n.slug: n.member_count for n in listing.context["networks"]}
    assert shown == {"closed-count": 1, "open-count": 0}


def test_competence_page_lists_the_best_holders_first_and_no_more_than_a_page():
    experts = [make_member() for _ in range(3)]
    for i, member in enumerate(experts):
        _public(member, f"Expert {i}")
        services.profile_competence_set(
            profile=member.profile, name="Soil", level="expert"
        )
    learner = make_member()
    _public(learner, "Learner Lou")
    services.profile_competence_set(
        profile=learner.profile, name="Soil", level="learning"
    )
    practised = make_member()
    _public(practised, "Practised Pia")
    link = services.profile_competence_set(
        profile=practised.profile, name="Soil", level="practised"
    )
    ProfileCompetence.objects.filter(pk=link.pk).update(endorsement_count=9)
    soil = Competence.objects.get(slug="soil")
    knowers, _ = selectors.competence_people(viewer=None, competence=soil, limit=4)
    # best level first (endorsements only rank within a level), then the oldest
    assert [k.person.display_name for k in knowers] == [
        "Expert 0",
        "Expert 1",
        "Expert 2",
        "Practised Pia",
    ]
    body = client_for(None).get("/people/competences/soil/").content.decode()
    assert body.index("Expert 2") < body.index("Practised Pia")
    assert body.index("Practised Pia") < body.index("Learner Lou")
    assert f'href="/people/{learner.username}/"' in body


def test_network_page_lists_hosts_first_then_members_and_counts_past_the_list(
    settings,
):
    network = NetworkFactory(slug="big-circle", audience="public")
    members = [make_member() for _ in range(3)]
    host = make_member()
    for i, member in enumerate(members):
        _public(member, f"Member {i}")
        add_network_member(network, member)
    _public(host, "Host Hanna")
    add_network_member(network, host, host=True)
    shown = selectors.network_members(viewer=None, network=network, limit=10)
    assert [(m.person.display_name, m.is_host) for m in shown] == [
        ("Host Hanna", True),
        ("Member 0", False),
        ("Member 1", False),
        ("Member 2", False),
    ]
    assert len(selectors.network_members(viewer=None, network=network, limit=2)) == 2
    response = client_for(None).get("/people/networks/big-circle/")
    assert response.context["member_count"] == 4
    assert MEMBERS_SHOWN == 100  # past it, the stored count is shown


def test_directory_card_shows_five_most_endorsed_competences_in_the_readers_language():
    member = make_member()
    _public(member, "Chip Chen")
    for i in range(7):
        link = services.profile_competence_set(
            profile=member.profile, name=f"Skill {i}"
        )
        Competence.objects.filter(pk=link.tag_id).update(
            name_nl=f"Vaardigheid {i}", name_en=f"Skill {i}"
        )
        ProfileCompetence.objects.filter(pk=link.pk).update(endorsement_count=i)
    qs, _ = selectors.directory_profiles(viewer=None)
    rows = list(qs.values(*selectors.CARD_FIELDS))
    with translation.override("nl"):
        (card,) = selectors.person_cards(viewer=None, rows=rows)
    assert [c.name for c in card.competences] == [
        f"Vaardigheid {i}" for i in (6, 5, 4, 3, 2)
    ]
    assert card.competences[0].url == "/people/competences/skill-6/"
    assert card.competences[0].endorsements_label == "6 onderschrijvingen"
    assert card.url == f"/people/{member.username}/"


@pytest.mark.parametrize("persona", ["visitor", "employee"])
def test_directory_builds_no_model_object_per_person(persona):
    """24 cards cost as many model objects as 2: cards are plain values."""
    built = []

    def count(sender, **kwargs):
        built.append(sender.__name__)

    def render():
        built.clear()
        post_init.connect(count)
        try:
            assert client.get("/people/").status_code == 200
        finally:
            post_init.disconnect(count)
        return sorted(built)

    client = client_for(None if persona == "visitor" else make_member(persona))

    def people(n):
        for i in range(n):
            member = make_member()
            _public(member, f"Person {i}")
            services.profile_competence_set(profile=member.profile, name="Rust")
            services.profile_competence_set(profile=member.profile, name=f"S{i}")

    people(2)
    few = render()
    people(30)
    many = render()
    assert many == few
    assert "ProfileCompetence" not in many and "Competence" not in many


def test_profile_names_the_first_endorsers_counts_the_rest_and_knows_the_viewers():
    owner = make_member()
    link = services.profile_competence_set(profile=owner.profile, name="Rust")
    fans = [make_member() for _ in range(ENDORSERS_SHOWN + 4)]
    for i, fan in enumerate(fans):
        Profile.objects.filter(user=fan).update(display_name=f"Fan {i:02d}")
        services.endorsement_create(endorser=fan, profile_competence=link)
    last = fans[-1]  # endorsed, but not among the endorsers named
    body = client_for(last).get(f"/people/{owner.username}/").content.decode()
    assert f"{ENDORSERS_SHOWN + 4} endorsements" in body
    assert "Fan 00" in body and f"Fan {ENDORSERS_SHOWN - 1:02d}" in body
    assert f"Fan {ENDORSERS_SHOWN:02d}" not in body
    assert "and 4 more" in body
    assert "Endorsed ✓" in body  # the viewer's own endorsement, not named, still known
    other = client_for(make_member()).get(f"/people/{owner.username}/")
    assert "Endorsed ✓" not in other.content.decode()
