"""The demo tells one story (issue 19): one Dutch care organisation, five distinct
roadmaps, results that fit their item, a varied feed and networks that talk."""

import pytest

from feed.models import Post
from intranet.audience import EMPLOYEES_GROUP
from intranet.demo import DemoContext, run_seeders
from profiles.demo import THEME_COMPETENCES
from profiles.models import Competence, Network, Profile
from roadmaps.demo import THEMES
from roadmaps.models import RoadmapItemPage, RoadmapPage

pytestmark = pytest.mark.django_db


def neighbours_alike(bodies):
    return [(a, b) for a, b in zip(bodies, bodies[1:], strict=False) if a == b]


def test_demo_world_is_one_coherent_organisation(home_page):
    run_seeders(DemoContext(people=40, posts=400, roadmaps=5, quiet=True))
    employee = (
        Profile.objects.filter(
            user__groups__name=EMPLOYEES_GROUP, user__email__endswith="@demo.koers"
        )
        .first()
        .user
    )
    external = Profile.objects.exclude(user__groups__name=EMPLOYEES_GROUP).first().user

    # the feed, as each persona reads it, never shows the same body twice in a row
    for viewer in (employee, external):
        bodies = list(
            Post.objects.visible_to(viewer)
            .order_by("-created_at", "-id")
            .values_list("body", flat=True)
        )
        assert len(bodies) > 100
        assert neighbours_alike(bodies) == []
    everything = list(
        Post.objects.order_by("-created_at", "-id").values_list("body", flat=True)
    )
    assert neighbours_alike(everything) == []

    # five roadmaps, none a clone of another: their own items, lanes and owners
    roadmaps = list(RoadmapPage.objects.order_by("path"))
    assert [r.slug for r in roadmaps] == [t["slug"] for t in THEMES]
    titles = [
        set(RoadmapItemPage.objects.child_of(r).values_list("title", flat=True))
        for r in roadmaps
    ]
    for i, mine in enumerate(titles):
        assert mine and all(not (mine & other) for other in titles[i + 1 :])
    lanes = [tuple(lane.name_nl for lane in r.lanes.all()) for r in roadmaps]
    assert len(set(lanes)) == 5
    assert len({r.owner_user_id for r in roadmaps}) > 1

    # every result linked to an item shares its roadmap's theme: one of the
    # roadmap's promises, and competences from the roadmap's theme
    themes = {t["slug"]: t["theme"] for t in THEMES}
    linked = Post.objects.filter(roadmap_item__isnull=False).prefetch_related(
        "tagged_competences__tag"
    )
    assert linked.count() >= 10
    for result in linked:
        assert result.kind == Post.Kind.RESULT
        roadmap = RoadmapPage.objects.parent_of(result.roadmap_item).get()
        assert result.promise_id in set(roadmap.promises.values_list("pk", flat=True))
        theme = THEME_COMPETENCES[themes[roadmap.slug]]
        tags = {link.tag.slug for link in result.tagged_competences.all()}
        assert tags and tags <= set(theme), (result.body, tags)

    # a bilingual vocabulary, care competences, networks with streams of their own
    assert not Competence.objects.filter(name_en=None).exists()
    assert {"dementiezorg", "ervaringsdeskundigheid", "roosteren", "ict"} <= set(
        Competence.objects.values_list("slug", flat=True)
    )
    talking = Network.objects.filter(posts__isnull=False).distinct().count()
    assert talking >= 4
    # a few English-speaking members, writing in English
    english = Profile.objects.filter(languages__startswith="English")
    assert english.exists()
    assert Post.objects.filter(author__profile__in=english).exists()
