"""List pages cost the same number of queries whatever the amount of data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from purpose.services import proposal_support
from tests.conftest import client_for
from tests.factories import (
    NetworkFactory,
    PostFactory,
    ProposalFactory,
    PurposeIndexRoundFactory,
    add_network_member,
    make_member,
    make_purpose_page,
    make_round_with_statements,
    submit_answers,
)

pytestmark = pytest.mark.django_db


def grow(size, viewer):
    page = make_purpose_page()
    for i in range(size):
        proposal = ProposalFactory()
        if i % 2:
            proposal_support(user=viewer, proposal=proposal)
        PostFactory(kind="idea")
        PostFactory(kind="result", promise=page.promises.first())
        PurposeIndexRoundFactory()
    for i in range(size):
        page.statement = f"<p>Version {i}</p>"
        page.save_revision().publish()


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/purpose/proposals/", 10),  # + the paginator's count
        ("/purpose/inventory/", 13),  # + two paged lists' counts
        ("/purpose/history/", 10),
        ("/purpose/index/", 9),
        # + signals, stories and the roll-up of team reflections (issue 20)
        ("/purpose/promises/a-good-life-for-clients/", 18),
        ("/purpose/", 14),  # + the featured stories (issue 20)
    ],
)
def test_list_pages_have_a_fixed_query_budget(
    size, url, budget, django_assert_max_num_queries
):
    viewer = make_member("employee")
    grow(size, viewer)
    client = client_for(viewer)
    client.get(url)  # warm caches (site root, content types)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [6, 30])
def test_aggregate_page_has_a_fixed_query_budget(size, django_assert_max_num_queries):
    past = timezone.now() - timedelta(days=30)
    round_ = make_round_with_statements(
        opens_at=past, closes_at=past + timedelta(days=7)
    )
    make_round_with_statements(opens_at=past, closes_at=past + timedelta(days=1))
    network = NetworkFactory()
    for _ in range(size):
        person = make_member("external")
        add_network_member(network, person)
        submit_answers(round_, person, 4)
    client = client_for(make_member("manager"))
    url = f"/purpose/index/{round_.pk}/aggregate/"
    client.get(url)
    with django_assert_max_num_queries(32):
        assert client.get(url).status_code == 200
