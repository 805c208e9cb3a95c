"""Pages of gatherings: the list, one gathering, creating one, signing up and
cancelling, the organiser's results, and the iCalendar downloads and feeds. Thin:
selectors read, services write, the audience helper decides (404 for what a viewer
may not see)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.contributions import contribution_offer_response
from accounts.feed_tokens import private_feed
from feed.selectors import roadmap_item_model
from intranet.conditional import conditional_feed, validators
from intranet.paging import paged

from . import contributions, ics, selectors, services
from .forms import GatheringForm, ResultForm
from .models import Registration
from .services import GatheringError
from .tokens import registration_from_token


def _problem(request, message: str, status: int, back_url: str):
    return TemplateResponse(
        request,
        "gatherings/problem.html",
        {"message": message, "back_url": back_url},
        status=status,
    )


def _visible(request, pk: int):
    gathering = selectors.gathering_for(request.user, pk)
    if gathering is None:
        raise Http404(_("This gathering does not exist."))
    return gathering


@require_GET
def index(request):
    user = request.user
    upcoming = paged(request, selectors.upcoming_for(user), per_page=20)
    mine = selectors.my_registrations(user)
    for gathering in upcoming.object_list:
        gathering.my_status = mine.get(gathering.pk, "")
    context = {
        "upcoming": upcoming,
        "past": list(selectors.past_for(user)[:10]),
        "networks": list(selectors.networks_with_gatherings(user)),
        "can_organise": services.can_organise(user),
    }
    return TemplateResponse(request, "gatherings/gathering_index.html", context)


@require_GET
def detail(request, pk: int):
    gathering = _visible(request, pk)
    user = request.user
    registration = services.registration_of(user=user, gathering=gathering)
    can_manage = services.can_manage(user, gathering)
    context = {
        "gathering": gathering,
        "links": selectors.links_for(user, gathering),
        "registration": registration,
        "waiting_position": (
            selectors.waiting_position(registration)
            if registration and registration.status == Registration.Status.WAITING
            else None
        ),
        "can_manage": can_manage,
        "attendees": list(selectors.attendees(gathering)) if can_manage else [],
        "result_post": gathering.result_post if gathering.result_post_id else None,
    }
    return TemplateResponse(request, "gatherings/gathering_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not services.can_organise(request.user):
        raise PermissionDenied(
            _("Only employees and network hosts organise gatherings.")
        )
    form = GatheringForm(
        request.POST or None,
        user=request.user,
        item_model=roadmap_item_model(),
        networks=selectors.networks_to_organise_for(request.user),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                gathering = services.gathering_create(organiser=request.user, **data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your gathering is published."))
                return redirect(gathering)
    return TemplateResponse(
        request, "gatherings/gathering_form.html", {"form": form}, status=status
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_POST
def signup(request, pk: int):
    gathering = _visible(request, pk)
    back = gathering.get_absolute_url()
    if not request.user.is_authenticated:
        try:
            services.registration_check_open(gathering=gathering)
        except GatheringError as exc:
            return _problem(request, exc.message, exc.status, back)
        return contribution_offer_response(
            request,
            kind=contributions.SIGNUP,
            target={"gathering": gathering.pk},
            next_url=back,
        )
    try:
        registration = services.registration_create(
            user=request.user, gathering=gathering
        )
    except GatheringError as exc:
        return _problem(request, exc.message, exc.status, back)
    messages.success(request, contributions.signed_up_message(registration))
    return redirect(back)


@login_required
@require_POST
def withdraw(request, pk: int):
    """A signed-in member gives up their place from the gathering's page."""
    gathering = _visible(request, pk)
    back = gathering.get_absolute_url()
    registration = services.registration_of(user=request.user, gathering=gathering)
    if registration is None:
        return _problem(request, _("You had not signed up."), 409, back)
    try:
        services.registration_cancel(registration=registration)
    except GatheringError as exc:
        return _problem(request, exc.message, exc.status, back)
    messages.success(request, _("You have cancelled. Thank you for letting us know."))
    return redirect(back)


@require_http_methods(["GET", "POST"])
def cancel_link(request, token: str):
    """The one link in every registration mail. GET asks (mail scanners open links),
    POST cancels; no sign-in needed, the signed link is the proof."""
    registration = registration_from_token(token)
    if registration is None:
        raise Http404(_("This cancel link is not valid."))
    gathering = registration.gathering
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except GatheringError as exc:
            return _problem(request, exc.message, exc.status, "/gatherings/")
        messages.success(
            request, _("You have cancelled. Thank you for letting us know.")
        )
        registration.refresh_from_db()
    return TemplateResponse(
        request,
        "gatherings/cancel_link.html",
        {"registration": registration, "gathering": gathering},
    )


@login_required
@require_POST
def cancel_gathering(request, pk: int):
    gathering = _visible(request, pk)
    back = gathering.get_absolute_url()
    try:
        services.gathering_cancel(gathering=gathering, by=request.user)
    except GatheringError as exc:
        return _problem(request, exc.message, exc.status, back)
    messages.success(request, _("The gathering is cancelled; everyone is told."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk: int):
    gathering = _visible(request, pk)
    if not services.can_manage(request.user, gathering):
        raise PermissionDenied(_("Only the organiser can post the results."))
    back = gathering.get_absolute_url()
    form = ResultForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.gathering_post_results(
                    gathering=gathering, by=request.user, **form.cleaned_data
                )
            except GatheringError as exc:
                return _problem(request, exc.message, exc.status, back)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages if hasattr(exc, "messages") else exc)
            else:
                messages.success(request, _("The results are in the feed."))
                return redirect(back)
    return TemplateResponse(
        request,
        "gatherings/results_form.html",
        {"form": form, "gathering": gathering},
        status=status,
    )


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request, pk: int):
    gathering = _visible(request, pk)
    return _ics_response(ics.calendar([gathering]), f"gathering-{gathering.pk}.ics")


# --- Feeds ----------------------------------------------------------------------------

#: A feed holds what is coming and what was in the last months, not everything ever.
FEED_LIMIT = 200


def _feed_rows(request, slug=None):
    network = None
    if slug is not None:
        network = selectors.network_for(request.user, slug)
        if network is None:
            raise Http404(_("This network does not exist."))
    rows = selectors.gatherings_for(request.user, network=network).order_by(
        "-starts_at", "-pk"
    )[:FEED_LIMIT]
    return network, rows


def _feed_validators(request, slug=None):
    _network, rows = _feed_rows(request, slug)
    summary = list(rows.values_list("pk", "updated_at"))
    return validators(
        viewer=request.user,
        rows=[slug, *summary],
        times=[updated for _pk, updated in summary],
    )


def _feed(request, slug=None):
    network, rows = _feed_rows(request, slug)
    name = (
        _("Gatherings of %(network)s") % {"network": network.name}
        if network
        else _("Gatherings of De Koers")
    )
    filename = f"gatherings-{network.slug}.ics" if network else "gatherings.ics"
    return _ics_response(ics.calendar(list(rows), name=name), filename)


@require_GET
@private_feed
@conditional_feed(_feed_validators)
def calendar_feed(request):
    """Every gathering the reader may see (a visitor: the public ones)."""
    return _feed(request)


@require_GET
@private_feed
@conditional_feed(_feed_validators)
def network_calendar_feed(request, slug: str):
    """The gatherings of one network the reader may see; 404 for a network the reader
    may not see."""
    return _feed(request, slug)
