"""allauth adapters: Koers-specific sign-up rules, links in account e-mails from the site
URL, and single sign-on error logging."""

import logging
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse
from django.utils.text import slugify

from intranet.mail import message_id
from intranet.site_url import absolute_url, configured_site, site_url

from .contributions import (
    contribution_apply_after_code_login,
    contribution_return_url,
    pending_descriptions,
)

logger = logging.getLogger(__name__)


class KoersAccountAdapter(DefaultAccountAdapter):
    def generate_unique_username(self, txts, regex=None):
        # Profile URLs use the username; keep it a readable slug of the name or e-mail.
        cleaned = [slugify(t.split("@")[0]) if t else t for t in txts]
        return super().generate_unique_username(cleaned, regex)

    # allauth builds these links from the request's Host header; a reset asked for
    # with `Host: evil.example` would mail the key to evil.example.
    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(
            reverse("account_confirm_email", args=[emailconfirmation.key])
        )

    def get_email_verification_redirect_url(self, email_address):
        # Confirmed in another browser (not signed in there): still to the item.
        return contribution_return_url(
            self.request
        ) or super().get_email_verification_redirect_url(email_address)

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        contribution_apply_after_code_login(request, user)
        # Signed in on confirming: back on the item their contribution went to.
        redirect_url = contribution_return_url(request) or redirect_url
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        # Message-ID on the site's domain, not the machine's host name.
        return super().render_mail(
            template_prefix,
            email,
            context,
            headers={"Message-ID": message_id(), **(headers or {})},
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Koers's own mails (templates/account/email/): the configured site and its
        # URL, never the request's host; a confirmation lists what waits on it.
        extra = {"current_site": configured_site(), "site_url": site_url() + "/"}
        user = context.get("user")
        if user is None and template_prefix == "account/email/login_code":
            # Greet them by the name they gave (allauth passes no user to this mail).
            user = next(iter(filter_users_by_email(email, is_active=True)), None)
            extra["user"] = user
        if template_prefix.startswith("account/email/email_confirmation") and user:
            extra["pending_contributions"] = pending_descriptions(
                user=user, email=email
            )
        super().send_mail(template_prefix, email, {**extra, **context})


class KoersSocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """Log why a single sign-on failed: the member only sees a generic message."""
        params = request.GET if request is not None else {}
        logger.warning(
            "Single sign-on through %s failed: error=%s provider_error=%s "
            "description=%s exception=%r",
            getattr(provider, "id", provider),
            error,
            params.get("error", ""),
            params.get("error_description", ""),
            exception,
        )
        super().on_authentication_error(
            request,
            provider,
            error=error,
            exception=exception,
            extra_context=extra_context,
        )
