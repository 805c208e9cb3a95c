"""The feed seeder builds every kind of post with reactions and comments, and is idempotent."""

import pytest

from feed import demo
from feed.models import Comment, Post, Reaction
from intranet.demo import DemoContext
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_feed_seeder_is_idempotent_and_consistent():
    for kind in ["employee", "employee", "external", "external", "manager"]:
        make_member(kind)
    ctx = DemoContext(people=5, posts=300, roadmaps=0, quiet=True)
    demo.seed(ctx)
    assert Post.objects.count() == 300
    # Living stories are seeded by the purpose app (purpose/demo_bottom_up.py).
    assert set(Post.objects.values_list("kind", flat=True)) == set(Post.Kind.values) - {
        Post.Kind.STORY
    }
    demo.seed(DemoContext(people=5, posts=300, roadmaps=0, quiet=True))
    assert Post.objects.count() == 300
    sample = Post.objects.exclude(reaction_counts={}).first()
    assert sum(sample.reaction_counts.values()) == sample.reactions.count()
    assert Comment.objects.count() == sum(
        Post.objects.values_list("comment_count", flat=True)
    )
    assert Reaction.objects.exists()
    assert Post.objects.filter(featured=True).exists()
