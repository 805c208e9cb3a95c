"""Factories for feed content: posts straight into the table (services are tested separately)."""

import factory

from feed.models import Comment, Post
from intranet.audience import Audience

from .accounts import UserFactory

__all__ = ["PostFactory", "CommentFactory"]


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    kind = Post.Kind.UPDATE
    body = factory.Sequence(lambda n: f"<p>Update number {n}</p>")
    audience = Audience.COMMUNITY


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"<p>Comment {n}</p>")
