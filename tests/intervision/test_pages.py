"""The intervision pages: fixed query budgets, clear refusals, and the case kept out
of search, the feed, the API and other members' data downloads."""

import json

import pytest

from intervision import services
from intervision.phases import Phase
from intranet.personal_data import export_for
from search.service import search
from tests.conftest import client_for
from tests.factories import make_circle, make_member, make_session, move_session_to

pytestmark = pytest.mark.django_db

SECRET = "Zeldzaamwoord mevrouw Pieterse"


def _grow(size, viewer):
    """``size`` circles of the viewer, each with a session full of contributions."""
    for n in range(size):
        circle = make_circle(
            [viewer, make_member("employee"), make_member("external")],
            name=f"Kring {n}",
        )
        session = move_session_to(
            make_session(circle, facilitator=viewer), Phase.QUESTIONS
        )
        for _ in range(3):
            services.contribution_add(
                session=session, author=viewer, phase="questions", body="Vraag"
            )
        services.learning_entry_add(owner=viewer, text=f"Les {n}", session=session)
    return circle, session


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize(
    ("page", "budget"),
    [("circles", 9), ("circle", 11), ("session", 11), ("learning", 10)],
)
def test_pages_have_a_fixed_query_budget(
    size, page, budget, django_assert_max_num_queries
):
    viewer = make_member("employee")
    circle, session = _grow(size, viewer)
    url = {
        "circles": "/circles/",
        "circle": f"/circles/{circle.pk}/",
        "session": f"/circles/sessions/{session.pk}/",
        "learning": "/circles/learning/",
    }[page]
    client = client_for(viewer)
    client.get(url)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def _running():
    session = move_session_to(make_session(make_circle()), Phase.QUESTIONS)
    members = [m.user for m in session.circle.memberships.select_related("user")]
    other = next(
        m
        for m in members
        if m.pk not in (session.facilitator_id, session.case_holder_id)
    )
    return session, other


def test_a_phase_move_by_a_non_facilitator_says_why_and_changes_nothing():
    session, other = _running()
    response = client_for(other).post(
        f"/circles/sessions/{session.pk}/move/",
        {"from_phase": "questions", "to_phase": "analysis"},
    )
    assert response.status_code == 403
    assert "Only the facilitator" in response.content.decode()
    session.refresh_from_db()
    assert session.phase == Phase.QUESTIONS and session.last_seq == 2


def test_a_stale_contribution_keeps_the_text_in_the_form_and_saves_nothing():
    session, other = _running()
    response = client_for(other).post(
        f"/circles/sessions/{session.pk}/contribute/",
        {"phase": "case", "body": "Mijn vraag van daarnet"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "moved on" in html and "Mijn vraag van daarnet" in html
    assert not session.contributions.exists()


def test_the_circles_page_counts_every_member_not_only_the_viewer():
    circle = make_circle()
    viewer = circle.memberships.first().user
    html = client_for(viewer).get("/circles/").content.decode()
    assert "3 members" in html and circle.name in html


def test_a_member_reads_the_session_with_its_case():
    session, other = _running()
    html = client_for(other).get(f"/circles/sessions/{session.pk}/").content.decode()
    assert session.case_text in html
    assert 'aria-current="step"' in html
    assert f'data-cursor="{session.last_seq}"' in html


def test_the_case_stays_out_of_search_feed_api_and_others_exports():
    circle = make_circle()
    session = make_session(circle, case_text=SECRET, case_title=SECRET)
    session = move_session_to(session, Phase.QUESTIONS)
    members = [m.user for m in circle.memberships.all()]
    services.contribution_add(
        session=session,
        author=session.facilitator,
        phase="questions",
        body=f"{SECRET}: wat zei ze?",
    )
    for viewer in [*members, make_member("manager")]:
        assert search(query="Zeldzaamwoord", user=viewer).total == 0
        client = client_for(viewer)
        for url in ("/feed/", "/api/v1/posts/", "/search/?q=Zeldzaamwoord"):
            assert SECRET not in client.get(url).content.decode(), url
    # Only the case holder's own download holds the case; only the author's
    # their contribution.
    for member in members:
        data = json.dumps(export_for(member), default=str)
        assert (SECRET in data) == (
            member.pk in (session.case_holder_id, session.facilitator_id)
        )
    holder = json.dumps(export_for(session.case_holder), default=str)
    assert "wat zei ze" not in holder


def test_a_visitor_is_asked_to_sign_in_and_an_outsider_gets_404():
    session, _other = _running()
    assert client_for(None).get(f"/circles/sessions/{session.pk}/").status_code == 302
    outsider = client_for(make_member("manager"))
    for url in (
        f"/circles/{session.circle_id}/",
        f"/circles/sessions/{session.pk}/",
        f"/circles/sessions/{session.pk}/publish/",
    ):
        assert outsider.get(url).status_code == 404
