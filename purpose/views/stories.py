"""Telling a story from a signal's or a team reflection's page.

The story is a feed post of kind ``story`` (``purpose.stories.story_create``) that
carries the link, so it shows on that page to whoever may read both.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from feed.forms import audience_choices
from intranet.audience import Audience

from ..forms import StoryForm
from ..stories import story_create
from .common import SECTION, _errors, _members_only
from .signals import _signal_audiences, _signal_for
from .teams import _round_for


def _round_audiences(user, round_):
    """The team; and members or staff too when the team shares its actions."""
    team_choice = (
        f"network:{round_.team_id}",
        _("My team: %(name)s") % {"name": round_.team.name},
    )
    if not round_.share_actions:
        return [team_choice]
    return [
        team_choice,
        *[
            c
            for c in audience_choices(user)
            if c[0] in (Audience.COMMUNITY, Audience.STAFF)
        ],
    ]


@_members_only
def signal_story_new(request, pk: int):
    signal = _signal_for(request, pk)
    return _story_form(
        request,
        about=signal,
        audiences=_signal_audiences(request.user),
        create_kwargs={"signal": signal, "promise": signal.promise},
        back_url=signal.get_absolute_url(),
    )


@_members_only
def reflection_story_new(request, pk: int):
    round_ = _round_for(request, pk)
    return _story_form(
        request,
        about=round_,
        audiences=_round_audiences(request.user, round_),
        create_kwargs={"reflection_round": round_, "promise": round_.promise},
        back_url=round_.get_absolute_url(),
    )


def _story_form(request, *, about, audiences, create_kwargs, back_url):
    form = StoryForm(
        request.POST if request.method == "POST" else None, audiences=audiences
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            audience, network = data["audience"], None
            if audience.startswith("network:"):
                # Only the team's own choice is offered; the service checks it again.
                network = create_kwargs["reflection_round"].team
                audience = Audience.COMMUNITY
            try:
                story_create(
                    author=request.user,
                    body=data["body"],
                    audience=audience,
                    network=network,
                    language=data["language"],
                    **create_kwargs,
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You cannot post this story."))
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you: your story is told."))
                return redirect(back_url)
        status = 400
    return render(
        request,
        "purpose/story_form.html",
        {"form": form, "about": about, "back_url": back_url, **SECTION},
        status=status,
    )
