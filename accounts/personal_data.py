"""The account's part of the data download and of deleting an account: the user row,
e-mail addresses and sign-in links (allauth), API tokens, and what Wagtail's admin
keeps about an editor."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    PageSubscription,
)
from wagtail.users.models import UserProfile

from intranet.personal_data import (
    ANONYMISED,
    DELETED,
    KEPT,
    NotPersonal,
    Section,
    declare_not_personal,
    iso,
    register,
    rows,
)

from .models import AccessToken, FeedToken, PendingContribution


def _account(user):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
        "language": user.language,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def _api_tokens(user):
    """Names, scopes and dates; never a secret or its hash."""
    fields = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    return rows(AccessToken.objects.filter(user=user), "scope", *fields) + [
        {**row, "scope": "wagtail-admin"}
        for row in rows(
            APIToken.objects.filter(user=user),
            "name",
            "prefix",
            "created",
            "last_used_at",
            "revoked_at",
        )
    ]


def _admin_preferences(user):
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        f.attname: iso(getattr(profile, f.attname))
        for f in profile._meta.concrete_fields
        if f.name not in ("id", "user")
    }


register(
    Section(
        key="account",
        export=_account,
        relations=(
            ("accounts.User_groups", "user"),
            ("accounts.User_user_permissions", "user"),
        ),
        on_delete=_("your account: name, e-mail address, password and groups"),
        order=0,
    )
)
register(
    Section(
        key="email_addresses",
        export=lambda user: rows(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        relations=(("account.EmailAddress", "user"),),
        on_delete=_("your e-mail addresses"),
        order=1,
    )
)
register(
    Section(
        key="single_sign_on",
        export=lambda user: rows(
            SocialAccount.objects.filter(user=user),
            "provider",
            "uid",
            "date_joined",
            "last_login",
            "extra_data",
        ),
        relations=(("socialaccount.SocialAccount", "user"),),
        on_delete=_("the links to your single sign-on accounts"),
        order=2,
    )
)
register(
    Section(
        key="api_tokens",
        export=_api_tokens,
        relations=(("accounts.AccessToken", "user"), ("wagtailcore.APIToken", "user")),
        on_delete=_("your API tokens"),
        order=3,
    )
)
register(
    Section(
        key="private_feed_tokens",
        # Prefix and dates; never the secret or its hash.
        export=lambda user: rows(
            FeedToken.objects.filter(user=user),
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
        ),
        relations=(("accounts.FeedToken", "user"),),
        on_delete=_("your private feed URLs"),
        order=4,
    )
)
register(
    Section(
        key="pending_contributions",
        # What a visitor did before their account existed (a vote, an offer to help,
        # an idea), and what became of it once the address was verified.
        export=lambda user: rows(
            PendingContribution.objects.filter(user=user),
            "email",
            "kind",
            "target",
            "payload",
            "created_at",
            "expires_at",
            "applied_at",
            "outcome",
        ),
        relations=(("accounts.PendingContribution", "user"),),
        on_delete=_("contributions you made before your account was verified"),
        order=5,
    )
)
register(
    Section(
        key="admin_preferences",
        export=_admin_preferences,
        relations=(("wagtailusers.UserProfile", "user"),),
        on_delete=_("your admin preferences"),
        order=90,
    )
)
register(
    Section(
        key="page_comments",
        export=lambda user: (
            rows(Comment.objects.filter(user=user), "page_id", "text")
            + rows(CommentReply.objects.filter(user=user), "comment_id", "text")
        ),
        relations=(
            ("wagtailcore.Comment", "user"),
            ("wagtailcore.CommentReply", "user"),
        ),
        on_delete=_("your comments on pages in the admin"),
        order=91,
    )
)
register(
    Section(
        key="page_subscriptions",
        export=lambda user: rows(
            PageSubscription.objects.filter(user=user),
            "page_id",
            "comment_notifications",
        ),
        relations=(("wagtailcore.PageSubscription", "user"),),
        on_delete=_("your notification settings for pages in the admin"),
        order=92,
    )
)

_EDITOR = "The organisation's content; the member's name is only its editor's mark."
for relation, reason in (
    (("wagtailcore.Page", "locked_by"), "An edit lock on a page."),
    (("wagtailcore.Revision", "user"), _EDITOR),
    (("wagtailcore.Comment", "resolved_by"), "Who resolved another editor's comment."),
    (("wagtailcore.WorkflowState", "requested_by"), _EDITOR),
    (("wagtailcore.TaskState", "finished_by"), _EDITOR),
    (("wagtailcore.UploadedFile", "uploaded_by_user"), _EDITOR),
    (("wagtailimages.Image", "uploaded_by_user"), _EDITOR),
    (("wagtaildocs.Document", "uploaded_by_user"), _EDITOR),
):
    declare_not_personal(
        NotPersonal(
            relation=relation,
            reason=reason,
            erasure=ANONYMISED,
        )
    )
declare_not_personal(
    NotPersonal(
        relation=("wagtailcore.Page", "owner"),
        reason=_EDITOR,
        erasure=ANONYMISED,
        on_delete=_(
            "pages, images and documents you edited in the admin stay, without your "
            "name"
        ),
    )
)
for model in ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry"):
    declare_not_personal(
        NotPersonal(
            relation=(model, "user"),
            reason=(
                "Wagtail's audit log of admin actions, kept for accountability; it "
                "holds only the number of the deleted account, not a name."
            ),
            erasure=KEPT,
            on_delete=_(
                "the admin's audit log keeps the number of your account, not your name"
            ),
        )
    )
for relation, reason in (
    (("wagtailadmin.EditingSession", "user"), "An open editor's presence ping."),
    (("wagtailadmin.FormState", "user"), "An unsaved admin form, kept briefly."),
    (("admin.LogEntry", "user"), "Django's admin log; Koers uses Wagtail's admin."),
):
    declare_not_personal(NotPersonal(relation=relation, reason=reason, erasure=DELETED))
