"""The member's own pages"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intranet import personal_data
from intranet.cache_control import mark_private
from intranet.viewer_state import personal

from .. import services
from ..forms import (
    AccountDeleteForm,
    CompetenceForm,
    LearningInterestForm,
    ProfileForm,
    RoleClaimForm,
)

# --- the member's own pages ---------------------------------------------------


@personal
@login_required
def me(request):
    return redirect("profiles:detail", username=request.user.username)


@personal
@login_required
def edit(request):
    profile = services.profile_ensure(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
            # the ModelForm already copied cleaned values onto the instance; the
            # service re-applies them so the bio is sanitised in one place, and
            # saves fields and photo in one transaction
            try:
                services.profile_save(
                    profile=profile,
                    fields=fields,
                    photo=form.cleaned_data.get("photo_upload"),
                    remove_photo=form.cleaned_data.get("remove_photo", False),
                )
            except ValidationError as exc:
                form.add_error("photo_upload", exc)
                profile.refresh_from_db()
            if not form.errors:
                messages.success(request, _("Your profile was saved."))
                return redirect("profiles:edit")
        status = 400
    else:
        form = ProfileForm(instance=profile)
        status = 200
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, form=form),
        status=status,
    )


def _edit_context(profile, **extra):
    context = {
        "profile": profile,
        "form": None,
        "competence_form": CompetenceForm(),
        "learning_form": LearningInterestForm(),
        "competence_links": profile.competence_links.select_related("tag")
        .annotate(n=Count("endorsements"))
        .order_by("tag__name"),
        "learning_links": profile.learning_links.select_related("tag").order_by(
            "tag__name"
        ),
    }
    context.update(extra)
    if context["form"] is None:
        context["form"] = ProfileForm(instance=profile)
    return context


@login_required
@require_POST
def competence_add(request):
    profile = services.profile_ensure(user=request.user)
    form = CompetenceForm(request.POST)
    if form.is_valid():
        try:
            link = services.profile_competence_set(
                profile=profile,
                name=form.cleaned_data["name"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(
                request,
                _("%(competence)s is on your profile (%(level)s).")
                % {"competence": link.tag.name, "level": link.get_level_display()},
            )
            return redirect("profiles:edit")
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, competence_form=form),
        status=400,
    )


@login_required
@require_POST
def competence_remove(request, competence_id):
    profile = services.profile_ensure(user=request.user)
    services.profile_competence_remove(profile=profile, competence_id=competence_id)
    messages.success(request, _("The competence was removed from your profile."))
    return redirect("profiles:edit")


@login_required
@require_POST
def learning_add(request):
    profile = services.profile_ensure(user=request.user)
    form = LearningInterestForm(request.POST)
    if form.is_valid():
        try:
            services.learning_interest_add(
                profile=profile, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("Added to what you want to learn."))
            return redirect("profiles:edit")
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, learning_form=form),
        status=400,
    )


@login_required
@require_POST
def learning_remove(request, competence_id):
    profile = services.profile_ensure(user=request.user)
    services.learning_interest_remove(profile=profile, competence_id=competence_id)
    messages.success(request, _("Removed from what you want to learn."))
    return redirect("profiles:edit")


@personal
@login_required
def claim_role(request):
    profile = services.profile_ensure(user=request.user)
    status = 200
    if request.method == "POST":
        form = RoleClaimForm(request.POST)
        if form.is_valid():
            try:
                services.role_claim_create(
                    profile=profile,
                    role=form.cleaned_data["role"],
                    motivation=form.cleaned_data["motivation"],
                )
            except ValidationError as exc:
                form.add_error("role", exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your claim was sent. A community manager will decide; "
                        "you will get an e-mail either way."
                    ),
                )
                return redirect("profiles:claim_role")
        status = 400
    else:
        form = RoleClaimForm(initial={"role": request.GET.get("role") or None})
    claims = profile.role_claims.select_related("role").order_by("-created_at")
    return render(
        request,
        "profiles/claim_role.html",
        {"form": form, "claims": claims, "profile": profile},
        status=status,
    )


@personal
@login_required
@require_GET
def export(request):
    """The member's data download: every app's registered section
    (intranet/personal_data.py), as JSON."""
    services.profile_ensure(user=request.user)
    data = personal_data.export_for(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="koers-{request.user.username}.json"'
    )
    return mark_private(response)


@personal
@login_required
def delete_account(request):
    """Confirm with the account's e-mail address; the page lists what happens to
    each kind of data (the same register as the download)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_delete(user=user)
            messages.success(request, _("Your account and profile were deleted."))
            return redirect("/")
        status = 400
    summary = personal_data.deletion_summary()
    groups = [
        (personal_data.ERASURE_LABELS[key], summary[key])
        for key in (personal_data.DELETED, personal_data.ANONYMISED, personal_data.KEPT)
        if summary[key]
    ]
    return render(
        request,
        "profiles/account_delete.html",
        {"form": form, "groups": groups},
        status=status,
    )
