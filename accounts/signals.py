"""Signal receivers: classification on e-mail verification and on SSO sign-up; the
language a member signs up in; and the signal sent when a new member gives their name
(profiles, a layer above accounts, keeps the display name from it)."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.signals import social_account_added
from django.conf import settings
from django.dispatch import Signal, receiver
from django.utils.translation import get_language

from .contributions import contribution_announce, contribution_apply_pending
from .language import language_remember
from .membership import membership_classify_verified_email, membership_set_employee

#: Sent by the sign-up form with ``user`` and ``name`` (as typed, spaces tidied).
signup_name_given = Signal()


@receiver(email_confirmed)
def classify_on_email_confirmed(sender, request, email_address, **kwargs):
    user = email_address.user
    membership_classify_verified_email(user=user, email=email_address.email)
    # A member who came through SSO with an address the provider did not vouch for
    # (KOERS_SSO_TRUST_EMAIL off) becomes an employee once the address is confirmed.
    if (
        settings.KOERS_SSO_MAKES_EMPLOYEE
        and SocialAccount.objects.filter(user=user).exists()
    ):
        membership_set_employee(user=user, employee=True)


@receiver(email_confirmed)
def apply_pending_contributions(sender, request, email_address, **kwargs):
    """The vote (or offer to help, or idea) a visitor made before signing up counts
    once the address they gave is verified; connected after the classification
    above, so an employee's idea is published as theirs."""
    outcomes = contribution_apply_pending(
        user=email_address.user, email=email_address.email
    )
    if request is not None and outcomes:
        contribution_announce(request, outcomes)


@receiver(user_signed_up)
def classify_on_sso_sign_up(sender, request, user, sociallogin=None, **kwargs):
    """A member who signs up through the organisation's SSO is an employee.

    Only once they can sign in: with an unverified address they confirm it first
    (see classify_on_email_confirmed), never an employee stuck at that step.
    """
    if sociallogin is None or not settings.KOERS_SSO_MAKES_EMPLOYEE:
        return
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        membership_set_employee(user=user, employee=True)


@receiver(social_account_added)
def classify_on_sso_connected(sender, request, sociallogin, **kwargs):
    """An existing member who connects the organisation's SSO becomes an employee."""
    if settings.KOERS_SSO_MAKES_EMPLOYEE:
        membership_set_employee(user=sociallogin.user, employee=True)


@receiver(user_signed_up)
def remember_language_on_sign_up(sender, request, user, **kwargs):
    """The language the member signed up in is their e-mails' language until they
    switch (accounts.language)."""
    if request is not None:
        language_remember(user=user, language=get_language() or "")
