"""Writing through the API: report a result (or any post), react, comment, vote.

Every write goes through the same forms, services and audience rules as the site: the
composer's PostForm and feed.services, roadmaps.services for votes; a post or item the
caller may not see is a 404. A token acts as its member, never more.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import (
    NotFound,
    ParseError,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.tokens import TokenScope
from feed import services as feed_services
from feed.forms import CommentForm, PostForm
from feed.models import Post, Reaction
from intranet.audience import pages_visible_to
from intranet.ratelimit import RateLimited
from roadmaps import services as roadmap_services
from roadmaps.models import RoadmapItemPage, RoadmapPage

# Signed in (session or token), and a token must have write scope.
WRITE = [IsAuthenticated, TokenScope]


def _messages(exc: DjangoValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _run(action):
    """Run a service call; its refusals become the API's 400/403/409/429."""
    try:
        return action()
    except RateLimited as exc:
        raise Throttled(wait=exc.retry_after, detail=exc.message) from exc
    except DjangoValidationError as exc:
        raise ParseError(_messages(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc
    except roadmap_services.RoadmapError as exc:
        response_exc = ParseError(exc.message)
        response_exc.status_code = exc.status
        raise response_exc from exc


def _form_data(data) -> QueryDict:
    """JSON or form body as the site's form sees it (lists joined as the form expects)."""
    query = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        query[key] = "" if value is None else str(value)
    return query


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Post.Kind.choices)
    body = serializers.CharField(help_text="Sanitised HTML.")
    figure = serializers.CharField(allow_blank=True)
    audience = serializers.CharField()
    author = serializers.CharField(help_text="The author's username.")
    competences = serializers.ListField(child=serializers.CharField())
    roadmap_item = serializers.IntegerField(allow_null=True)
    promise = serializers.IntegerField(allow_null=True)
    image = serializers.URLField(allow_null=True)
    url = serializers.URLField()
    created_at = serializers.DateTimeField()
    comment_count = serializers.IntegerField()
    reaction_counts = serializers.DictField(child=serializers.IntegerField())


class PostInputSerializer(serializers.Serializer):
    """What the composer on /feed/ takes (image uploads only on the site)."""

    kind = serializers.ChoiceField(choices=Post.Kind.choices)
    body = serializers.CharField(max_length=feed_services.MAX_BODY_CHARS)
    audience = serializers.RegexField(
        r"^(public|community|staff|network:[1-9][0-9]{0,18})$",
        help_text="public, community, staff (employees) or network:<id>.",
    )
    figure = serializers.CharField(max_length=40, required=False, allow_blank=True)
    competences = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=10,
        help_text="Names from the competence vocabulary.",
    )
    roadmap_item = serializers.IntegerField(required=False, allow_null=True)
    promise = serializers.IntegerField(required=False, allow_null=True)
    kudos_to = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The person's name as shown on their profile (kudos posts).",
    )


class ReactionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reaction.Kind.choices)


class ReactionSerializer(serializers.Serializer):
    given = serializers.BooleanField(help_text="Whether the reaction is now given.")
    reaction_counts = serializers.DictField(child=serializers.IntegerField())


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=feed_services.MAX_COMMENT_CHARS)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField(help_text="Sanitised HTML.")
    url = serializers.URLField()


class VoteSerializer(serializers.Serializer):
    voted = serializers.BooleanField()


def post_data(post: Post, request) -> dict:
    return {
        "id": post.pk,
        "kind": post.kind,
        "body": post.body,
        "figure": post.figure,
        "audience": post.audience,
        "author": post.author.username,
        "competences": sorted(c.name for c in post.competences.all()),
        "roadmap_item": post.roadmap_item_id,
        "promise": post.promise_id,
        "image": request.build_absolute_uri(post.image.url) if post.image else None,
        "url": request.build_absolute_uri(post.get_absolute_url()),
        "created_at": post.created_at,
        "comment_count": post.comment_count,
        "reaction_counts": post.reaction_counts or {},
    }


def visible_post(request, pk) -> Post:
    post = (
        Post.objects.visible_to(request.user)
        .select_related("author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise NotFound
    return post


def _validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PostCreateView(APIView):
    """Report a result (with figure, competences, roadmap item and promise) or post
    an update, idea, question or kudos, exactly as the composer on /feed/ does."""

    permission_classes = WRITE

    @extend_schema(
        operation_id="posts_create",
        request=PostInputSerializer,
        responses={201: PostSerializer},
    )
    def post(self, request):
        _validated(PostInputSerializer, request)
        form = PostForm(_form_data(request.data), user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        post = _run(
            lambda: feed_services.post_create(
                author=request.user, **form.service_kwargs()
            )
        )
        return Response(post_data(post, request), status=status.HTTP_201_CREATED)


class PostDetailView(APIView):
    """One post, when the caller may see it."""

    @extend_schema(operation_id="posts_detail", responses=PostSerializer)
    def get(self, request, pk):
        return Response(post_data(visible_post(request, pk), request))


class ReactView(APIView):
    """Give a reaction, or take it back when already given (as the site's button)."""

    permission_classes = WRITE

    @extend_schema(
        operation_id="posts_react",
        request=ReactionInputSerializer,
        responses=ReactionSerializer,
    )
    def post(self, request, pk):
        post = visible_post(request, pk)
        kind = _validated(ReactionInputSerializer, request)["kind"]
        given = _run(
            lambda: feed_services.reaction_toggle(
                post=post, user=request.user, kind=kind
            )
        )
        post.refresh_from_db(fields=["reaction_counts"])
        return Response({"given": given, "reaction_counts": post.reaction_counts})


class CommentCreateView(APIView):
    permission_classes = WRITE

    @extend_schema(
        operation_id="posts_comment",
        request=CommentInputSerializer,
        responses={201: CommentSerializer},
    )
    def post(self, request, pk):
        post = visible_post(request, pk)
        _validated(CommentInputSerializer, request)
        form = CommentForm(_form_data(request.data))
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        comment = _run(
            lambda: feed_services.comment_create(
                post=post, author=request.user, body=form.cleaned_data["body"]
            )
        )
        return Response(
            {
                "id": comment.pk,
                "body": comment.body,
                "url": request.build_absolute_uri(comment.get_absolute_url()),
            },
            status=status.HTTP_201_CREATED,
        )


def visible_item(request, slug, item_slug) -> RoadmapItemPage:
    roadmap = (
        pages_visible_to(request.user, RoadmapPage.objects.live())
        .filter(slug=slug)
        .first()
    )
    item = (
        pages_visible_to(request.user, RoadmapItemPage.objects.live())
        .child_of(roadmap)
        .filter(slug=item_slug)
        .first()
        if roadmap
        else None
    )
    if item is None:
        raise NotFound
    return item


class VoteView(APIView):
    """Vote for a roadmap item (POST) or withdraw the vote (DELETE)."""

    permission_classes = WRITE

    @extend_schema(
        operation_id="roadmap_items_vote", request=None, responses=VoteSerializer
    )
    def post(self, request, slug, item_slug):
        item = visible_item(request, slug, item_slug)
        _run(lambda: roadmap_services.vote_cast(user=request.user, item=item))
        return Response({"voted": True})

    @extend_schema(
        operation_id="roadmap_items_unvote", request=None, responses=VoteSerializer
    )
    def delete(self, request, slug, item_slug):
        item = visible_item(request, slug, item_slug)
        _run(lambda: roadmap_services.vote_retract(user=request.user, item=item))
        return Response({"voted": False})
