"""People pages: the directory and profiles (the profiles issue fleshes these out)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from intranet.audience import can_see

from .models import Network, Profile
from .selectors import profiles_for_directory


def directory(request):
    page = Paginator(profiles_for_directory(viewer=request.user), 24).get_page(
        request.GET.get("page")
    )
    return render(request, "profiles/directory.html", {"page_obj": page})


def detail(request, username):
    profile = get_object_or_404(
        Profile.objects.select_related("user"), user__username=username
    )
    if not can_see(request.user, profile):
        raise Http404
    return render(request, "profiles/profile_detail.html", {"profile": profile})


def network(request, slug):
    network = get_object_or_404(Network.objects.visible_to(request.user), slug=slug)
    return render(request, "profiles/network_detail.html", {"network": network})
