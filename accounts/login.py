"""allauth's sign-in form, carrying a visitor's contribution (ACCOUNT_FORMS["login"]).

Apart from accounts/forms.py: allauth imports ACCOUNT_SIGNUP_FORM_CLASS while it
loads its own forms, so that module must not import allauth's forms.
"""

from allauth.account.forms import LoginForm, RequestLoginCodeForm
from allauth.core import context
from django.contrib import messages
from django.shortcuts import redirect

from .contributions import (
    CODE_LOGIN_KEY,
    FIELD,
    ContributionRefused,
    contribution_announce,
    contribution_apply_token,
    contribution_keep,
    offer_read,
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


class KoersRequestLoginCodeForm(RequestLoginCodeForm):
    """allauth's "send me a sign-in code", carrying a visitor's contribution
    (ACCOUNT_FORMS["request_login_code"]): kept in the session until the code is
    entered, then applied by the adapter's ``post_login`` (the code verifies the
    address, so it counts at once)."""

    def clean(self):
        cleaned = super().clean()
        # Carried as a plain hidden input of the page (not a form field, so allauth's
        # field loop does not render it twice).
        token = str(self.data.get(FIELD, ""))[:4000]
        request = context.request
        if token and not self.errors:
            try:
                offer_read(token)
            except ContributionRefused as exc:
                messages.warning(request, exc.message)
            else:
                request.session[CODE_LOGIN_KEY] = token
        return cleaned
