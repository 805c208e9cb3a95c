"""Signal receivers: classification on e-mail verification and on SSO sign-up."""

from allauth.account.signals import email_confirmed, user_signed_up
from allauth.socialaccount.signals import social_account_added
from django.conf import settings
from django.dispatch import receiver

from .membership import membership_classify_verified_email, membership_set_employee


@receiver(email_confirmed)
def classify_on_email_confirmed(sender, request, email_address, **kwargs):
    membership_classify_verified_email(
        user=email_address.user, email=email_address.email
    )


@receiver(user_signed_up)
def classify_on_sso_sign_up(sender, request, user, sociallogin=None, **kwargs):
    """A member who signs up through the organisation's SSO is an employee."""
    if sociallogin is not None and settings.KOERS_SSO_MAKES_EMPLOYEE:
        membership_set_employee(user=user, employee=True)


@receiver(social_account_added)
def classify_on_sso_connected(sender, request, sociallogin, **kwargs):
    """An existing member who connects the organisation's SSO becomes an employee."""
    if settings.KOERS_SSO_MAKES_EMPLOYEE:
        membership_set_employee(user=sociallogin.user, employee=True)
