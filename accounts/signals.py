"""Signal receivers: classification on e-mail verification and on SSO sign-up."""

from allauth.account.signals import email_confirmed
from allauth.socialaccount.signals import social_account_added
from django.conf import settings
from django.dispatch import receiver

from .membership import membership_classify_verified_email, membership_set_employee


@receiver(email_confirmed)
def classify_on_email_confirmed(sender, request, email_address, **kwargs):
    membership_classify_verified_email(
        user=email_address.user, email=email_address.email
    )


@receiver(social_account_added)
def classify_on_sso(sender, request, sociallogin, **kwargs):
    if settings.KOERS_SSO_MAKES_EMPLOYEE:
        membership_set_employee(user=sociallogin.user, employee=True)
