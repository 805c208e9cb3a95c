"""The feed's mailing list: the e-mail digest (one-click unsubscribe turns it off)."""

from django.utils.translation import gettext as _

from intranet.unsubscribe import MailingList, register

from .services import digest_unsubscribe

DIGEST = register(
    MailingList(
        name="digest",
        describe=lambda user, target: _("the e-mail digest"),
        unsubscribe=lambda user, target: digest_unsubscribe(user=user),
    )
)
