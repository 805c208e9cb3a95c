"""The data download and account deletion cover everything that is a member's.

Every relation from a model to the user (or to the member's profile) must be
declared in an app's ``personal_data.py``: exported in a section, or listed as not
the member's data with a reason. A new model with a relation to the user fails
here until it is handled. Deleting an account removes or anonymises every row of
every declared relation (only the audit log, declared "kept", keeps the number).
"""

import io
import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.models import APIToken as WagtailAPIToken
from wagtail.models import Comment as PageComment
from wagtail.models import CommentReply, PageSubscription
from wagtail.users.models import UserProfile

from accounts.feed_tokens import feed_token_create
from accounts.models import AccessToken, PendingContribution
from feed import services as feed_services
from feed.models import DigestPreference, Notification, Post, Reaction, Report
from home.models import Promise
from intervision import services as intervision_services
from intervision.models import IntervisionSession
from intranet import personal_data
from profiles import services as profile_services
from profiles.models import Profile
from purpose import reflections, speakup
from purpose import services as purpose_services
from purpose.models import SignalStep
from roadmaps import services as roadmap_services
from roadmaps.models import (
    IdeaProposal,
    ItemFollow,
    RoadmapItemPage,
    RoadmapPage,
    Volunteer,
    Vote,
)
from tests.conftest import client_for
from tests.factories import CompetenceFactory, NetworkFactory, RoleFactory, make_member
from tests.factories.gatherings import make_gathering, make_registration
from tests.factories.intervision import make_circle, make_session, move_session_to
from tests.factories.profiles import add_network_member, make_team
from tests.factories.purpose import (
    make_purpose_page,
    make_round_with_statements,
    submit_answers,
)
from tests.factories.roadmaps import make_item, make_roadmap, make_role

pytestmark = pytest.mark.django_db


def relations_to_a_member() -> set[tuple[str, str]]:
    """(model label, field name) of every relation, declared on that model, that
    points at the user or at the member's profile: FK, one-to-one, many-to-many,
    auto-created many-to-many tables included."""
    targets = (get_user_model(), Profile)
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and not field.auto_created
                and getattr(field, "model", None) is model
                and field.related_model in targets
            ):
                found.add((model._meta.label, field.name))
    return found


def test_every_relation_to_a_member_is_exported_or_declared_not_personal():
    covered = personal_data.covered_relations()
    missing = relations_to_a_member() - set(covered)
    assert not missing, (
        "Declare these in the app's personal_data.py (a Section of the data "
        f"download, or NotPersonal with the reason): {sorted(missing)}"
    )
    stale = set(covered) - relations_to_a_member()
    assert not stale, f"Declared relations that no longer exist: {sorted(stale)}"


def test_docs_list_every_declared_relation():
    text = (settings.BASE_DIR / "docs" / "personal-data.md").read_text()
    undocumented = [
        f"{model}.{name}"
        for model, name in personal_data.covered_relations()
        if f"`{model}.{name}`" not in text
    ]
    assert not undocumented, f"add to docs/personal-data.md: {undocumented}"


def test_every_not_personal_relation_gives_a_reason_and_every_section_a_summary():
    for entry in personal_data.not_personal():
        assert len(entry.reason) > 10, entry.relation
    for section in personal_data.sections():
        assert str(section.on_delete), section.key


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def member_with_everything(home_page):
    """A member with at least one row in every section of the data download."""
    member = make_member("employee")
    other = make_member("employee")
    manager = make_member("manager")
    make_purpose_page()
    promise = Promise.objects.first()
    roadmap = make_roadmap("Energy", slug="energy", owner=member)
    item = make_item(roadmap, "Solar roofs", owner_user=member)
    competence = CompetenceFactory(name="Fundraising")
    profile = profile_services.profile_ensure(user=member)
    other_profile = profile_services.profile_ensure(user=other)

    # Account, sign-in and tokens.
    assert EmailAddress.objects.filter(user=member).exists()  # made verified
    SocialAccount.objects.create(user=member, provider="oidc", uid="sub-1")
    AccessToken.objects.create(
        user=member, name="script", scope="write", key_hash="h" * 64, prefix="koers_ab"
    )
    feed_token_create(user=member)
    PendingContribution.objects.create(
        user=member,
        email=member.email,
        token_digest="d" * 64,
        kind="item_vote",
        target={"page": item.pk},
        expires_at=timezone.now() + timedelta(days=7),
    )
    wagtail_secret = WagtailAPIToken.generate_token()
    WagtailAPIToken.objects.create(
        user=member,
        name="admin script",
        key_hash=WagtailAPIToken.hash_token(wagtail_secret),
        prefix=wagtail_secret[:8],
    )
    UserProfile.get_for_user(member)
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    page_comment = PageComment.objects.create(
        page=item, user=member, text="Check the dates", contentpath="title"
    )
    CommentReply.objects.create(comment=page_comment, user=member, text="Done")
    PageSubscription.objects.create(page=item, user=member, comment_notifications=True)

    # Profile.
    role = RoleFactory()
    profile_services.role_assignment_create(
        profile=profile, role=role, assigned_by=manager
    )
    profile_services.role_claim_create(
        profile=profile, role=RoleFactory(), motivation="I do this"
    )
    link = profile_services.profile_competence_set(profile=profile, name="Python")
    profile_services.endorsement_create(endorser=other, profile_competence=link)
    profile_services.learning_interest_add(profile=profile, name="Welding")
    other_link = profile_services.profile_competence_set(
        profile=other_profile, name="Cooking"
    )
    profile_services.endorsement_create(endorser=member, profile_competence=other_link)
    profile_services.follow_create(follower=member, followed=other)
    profile_services.follow_create(follower=other, followed=member)
    add_network_member(NetworkFactory(), member)

    # Feed.
    post = feed_services.post_create(
        author=member,
        kind="result",
        body="Solar output doubled",
        figure="+5 & more",
        audience="community",
        roadmap_item=item,
        promise=promise,
        competences=[competence.name],
    )
    post.image.save("figure.png", ContentFile(_png()))
    others_post = feed_services.post_create(author=other, body="Hello")
    feed_services.comment_create(post=others_post, author=member, body="Nice")
    feed_services.reaction_toggle(post=others_post, user=member, kind="like")
    feed_services.report_create(reporter=member, reason="Spam", post=others_post)
    feed_services.post_create(
        author=other, kind="kudos", body="Thanks", kudos_to=member
    )
    feed_services.comment_create(post=post, author=other, body="Well done")
    DigestPreference.objects.create(user=member, frequency="daily")

    # Roadmaps.
    roadmap_services.vote_cast(user=member, item=item)
    roadmap_services.item_follow(user=member, item=item)
    roadmap_services.comment_create(author=member, body="Count me in", item=item)
    roadmap_services.proposal_create(author=member, roadmap=roadmap, title="Wind")
    roadmap_services.volunteer_create(
        user=member, role=make_role(item), message="I can help"
    )

    # Purpose.
    proposal = purpose_services.proposal_create(
        author=member, target="statement", text="Better words", reasoning="Clearer"
    )
    others_proposal = purpose_services.proposal_create(
        author=other, target="statement", text="Other words", reasoning="Shorter"
    )
    purpose_services.proposal_comment_create(
        author=member, proposal=others_proposal, body="Agree"
    )
    purpose_services.proposal_support(user=member, proposal=others_proposal)
    submit_answers(make_round_with_statements(1), member, open_answer="More time")
    team = make_team("Wijkteam", leads=[member], members=[other])
    reflection_round = reflections.reflection_round_open(
        team=team, promise=promise, by=member
    )
    reflections.reflection_submit(round=reflection_round, member=member, score=4)
    reflections.reflection_submit(
        round=reflection_round,
        member=other,
        score=3,
        action="Samen oppakken",
        follow_up_by=member,
    )
    signal = speakup.signal_raise(
        author=member,
        promise=promise,
        title="Drie handtekeningen",
        body="Te veel",
        audience="community",
    )
    others_signal = speakup.signal_raise(
        author=other, promise=promise, title="Wachttijd", body="Lang", audience="staff"
    )
    speakup.signal_follow_toggle(signal=others_signal, user=member)
    SignalStep.objects.create(
        signal=others_signal, status="looking", reason="x", actor=member
    )
    assert signal.pk

    # Intervision: the member leads one session and brings the case to another.
    circle = make_circle([member, other, manager])
    make_session(circle, facilitator=member, case_holder=other)
    held = move_session_to(
        make_session(
            circle, facilitator=other, case_holder=member, case_text="My own story"
        ),
        "case",
    )
    intervision_services.contribution_add(
        session=held, author=member, phase="case", body="It began on Monday"
    )
    intervision_services.learning_entry_add(owner=member, text="Ask first")
    # Gatherings: one organised, one signed up for (someone else's).
    make_gathering("Own drink", organiser=member)
    make_registration(make_gathering("Their drink", organiser=other), member)
    return {
        "member": member,
        "other": other,
        "post": post,
        "others_post": others_post,
        "proposal": proposal,
        "others_proposal": others_proposal,
    }


def test_export_has_every_section_with_its_full_fields(member_with_everything):
    member = member_with_everything["member"]
    response = client_for(member).get("/people/me/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    empty = [s.key for s in personal_data.sections() if not data.get(s.key)]
    assert not empty, f"sections without data in the download: {empty}"
    post = next(p for p in data["posts"] if p["kind"] == "result")
    assert "Solar output doubled" in post["body"] and post["figure"] == "+5 & more"
    assert post["competences"] == ["Fundraising"]
    assert post["roadmap_item"]["title"] == "Solar roofs"
    assert post["promise"]["id"] == Promise.objects.first().pk
    assert post["image"]["url"].startswith("http")
    assert data["email_addresses"][0]["email"] == member.email
    assert data["digest_preference"]["frequency"] == "daily"
    token = data["api_tokens"][0]
    assert token["name"] == "script" and token["scope"] == "write"
    assert "h" * 64 not in response.content.decode()  # never the hash
    assert data["purpose_index_responses"][0]["open_answer"] == "More time"
    assert data["purpose_index_responses"][0]["answers"]
    assert {p["title"] for p in data["owned_roadmap_pages"]} == {
        "Energy",
        "Solar roofs",
    }
    assert data["volunteering"][0]["message"] == "I can help"


def test_deleting_an_account_removes_or_anonymises_every_declared_row(
    member_with_everything,
):
    member = member_with_everything["member"]
    profile_pk = member.profile.pk
    kept = {
        e.relation
        for e in personal_data.not_personal()
        if e.erasure == personal_data.KEPT
    }
    sections_by_relation = {
        rel: s for s in personal_data.sections() for rel in s.relations
    }

    def rows_of(relation):
        model = apps.get_model(relation[0])
        field = model._meta.get_field(relation[1])
        pk = profile_pk if field.related_model is Profile else member.pk
        return model._base_manager.filter(**{field.attname: pk})

    for relation in sections_by_relation:
        assert rows_of(relation).exists(), f"the fixture has no row for {relation}"
    response = client_for(member).post("/people/me/delete/", {"confirm": member.email})
    assert response.status_code == 302
    left = [
        rel
        for rel in personal_data.covered_relations()
        if rel not in kept and rows_of(rel).exists()
    ]
    assert not left, f"rows still pointing at the deleted member: {left}"
    # The case they brought goes with them; the session stays for the circle.
    assert not IntervisionSession.objects.filter(case_text="My own story").exists()
    # Anonymised, not deleted: the roadmap pages they owned stay.
    assert RoadmapPage.objects.filter(slug="energy", owner_user=None).exists()
    assert RoadmapItemPage.objects.filter(title="Solar roofs").exists()
    # Counts stored on others' posts and proposals follow the deletion.
    others_post = Post.objects.get(pk=member_with_everything["others_post"].pk)
    assert others_post.comment_count == 0 and others_post.reaction_counts == {}
    others_proposal = member_with_everything["others_proposal"]
    others_proposal.refresh_from_db()
    assert (others_proposal.support_count, others_proposal.comment_count) == (0, 0)
    # The other member's data is untouched.
    other = member_with_everything["other"]
    assert Post.objects.filter(author=other, kind="update").exists()
    assert not Notification.objects.filter(actor_id=member.pk).exists()
    assert not (
        Reaction.objects.filter(user_id=member.pk).exists()
        or Report.objects.filter(reporter_id=member.pk).exists()
        or Vote.objects.filter(user_id=member.pk).exists()
        or ItemFollow.objects.filter(user_id=member.pk).exists()
        or IdeaProposal.objects.filter(author_id=member.pk).exists()
        or Volunteer.objects.filter(user_id=member.pk).exists()
    )


def test_delete_page_lists_what_happens_to_each_kind_of_data(external_member):
    page = client_for(external_member).get("/people/me/delete/")
    assert page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    for section in personal_data.sections():
        assert str(section.on_delete)[1:] in text, section.key
    assert "Type your e-mail address to confirm" in text
