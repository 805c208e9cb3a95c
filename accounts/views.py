"""Account pages beyond allauth's: personal access tokens for the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import AccessTokenForm
from .tokens import token_create, token_revoke, tokens_of


@login_required
def tokens(request):
    """List, create (the secret is shown once, on this response) and revoke tokens."""
    secret = None
    status = 200
    form = AccessTokenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = token_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(
                    request, _("Token “%(name)s” created.") % {"name": token.name}
                )
                form = AccessTokenForm()
        else:
            status = 400
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "secret": secret, "tokens": tokens_of(request.user)},
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request, pk):
    if token_revoke(user=request.user, token_id=pk):
        messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
