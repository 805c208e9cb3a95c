"""allauth's sign-in form, carrying a visitor's contribution (ACCOUNT_FORMS["login"]).

Apart from accounts/forms.py: allauth imports ACCOUNT_SIGNUP_FORM_CLASS while it
loads its own forms, so that module must not import allauth's forms.
"""

from allauth.account.forms import LoginForm
from django.contrib import messages
from django.shortcuts import redirect

from .contributions import (
    FIELD,
    ContributionRefused,
    contribution_announce,
    contribution_apply_token,
    contribution_keep,
)


class KoersLoginForm(LoginForm):
    """allauth's sign-in, applying the contribution a visitor made before signing in
    (ACCOUNT_FORMS["login"])."""

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url=redirect_url)
        token = request.POST.get(FIELD, "")
        if not token or self.user is None:
            return response
        if request.user.is_authenticated:
            outcomes = contribution_apply_token(user=self.user, token=token)
            url = contribution_announce(request, outcomes)
            return redirect(url) if url else response
        # Not verified yet: kept until the address is confirmed.
        try:
            contribution_keep(user=self.user, email=self.user.email, token=token)
        except ContributionRefused as exc:
            messages.warning(request, exc.message)
        return response
