"""Account pages beyond allauth's: personal access tokens for the API, the private
feed URL, the language of a member's e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from intranet.site_url import absolute_url

from .feed_tokens import PARAMETER, feed_token_create, feed_token_of, feed_token_revoke
from .forms import AccessTokenForm
from .language import language_remember
from .tokens import token_create, token_revoke, tokens_of


def _tokens_page(request, form, status=200, **extra):
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "feed_token": feed_token_of(request.user),
        **extra,
    }
    return render(request, "accounts/tokens.html", context, status=status)


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
    return _tokens_page(request, form, status, secret=secret)


@login_required
@require_POST
def feed_token_create_view(request):
    """A new private feed URL (the old one stops working); its secret is shown once."""
    replaced = feed_token_of(request.user) is not None
    _token, secret = feed_token_create(user=request.user)
    if replaced:
        messages.success(
            request, _("Your private feed URL is ready; the old one no longer works.")
        )
    else:
        messages.success(request, _("Your private feed URL is ready."))
    query = "?" + urlencode({PARAMETER: secret})
    return _tokens_page(
        request,
        AccessTokenForm(),
        feed_url=absolute_url(reverse("feed:results_atom") + query),
        feed_parameter=query,
    )


@login_required
@require_POST
def feed_token_revoke_view(request):
    if feed_token_revoke(user=request.user):
        messages.success(request, _("Your private feed URL no longer works."))
    return redirect("accounts:tokens")


@login_required
@require_POST
def token_revoke_view(request, pk):
    if token_revoke(user=request.user, token_id=pk):
        messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")


def set_language(request):
    """Django's language switcher, which also keeps a signed-in member's choice for
    their e-mails (accounts.language)."""
    response = django_set_language(request)
    if request.method == "POST" and response.status_code < 400:
        language_remember(user=request.user, language=request.POST.get("language", ""))
    return response
