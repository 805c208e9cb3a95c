"""Feed pages (the feed issue fleshes these out)."""

from django.shortcuts import get_object_or_404, render

from .models import Post


def feed(request):
    posts = Post.objects.visible_to(request.user).select_related("author__profile")[:20]
    return render(request, "feed/feed.html", {"posts": posts})


def post_detail(request, pk):
    post = get_object_or_404(
        Post.objects.visible_to(request.user).select_related("author__profile"), pk=pk
    )
    return render(request, "feed/post_detail.html", {"post": post})
