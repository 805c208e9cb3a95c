"""The roadmaps' part of the data download and of deleting an account."""

from django.utils.translation import gettext_lazy as _

from intranet.personal_data import (
    ANONYMISED,
    NotPersonal,
    Section,
    declare_not_personal,
    iso,
    register,
    rows,
)
from intranet.site_url import absolute_url

from .models import (
    IdeaProposal,
    ItemComment,
    ItemFollow,
    RoadmapItemPage,
    RoadmapPage,
    Volunteer,
    Vote,
)


def _owned_pages(user):
    pages = list(RoadmapPage.objects.filter(owner_user=user).order_by("pk")) + list(
        RoadmapItemPage.objects.filter(owner_user=user).order_by("pk")
    )
    return [
        {
            "type": page._meta.model_name,
            "id": page.pk,
            "title": page.title,
            "url": absolute_url(page.url) if page.url else None,
            "live": page.live,
        }
        for page in pages
    ]


def _volunteering(user):
    return [
        {
            "role": v.role.title,
            "item": v.role.item.title,
            "item_id": v.role.item_id,
            "message": v.message,
            "status": v.status,
            "decided_at": iso(v.decided_at),
            "created_at": iso(v.created_at),
        }
        for v in Volunteer.objects.filter(user=user)
        .select_related("role__item")
        .order_by("pk")
    ]


register(
    Section(
        key="roadmap_votes",
        export=lambda user: rows(
            Vote.objects.filter(user=user),
            "item_id",
            "item__title",
            "proposal_id",
            "proposal__title",
            "created_at",
        ),
        relations=(("roadmaps.Vote", "user"),),
        on_delete=_("your votes on roadmap items and ideas"),
        order=30,
    )
)
register(
    Section(
        key="roadmap_ideas",
        export=lambda user: rows(
            IdeaProposal.objects.filter(author=user),
            "id",
            "roadmap_id",
            "roadmap__title",
            "title",
            "description",
            "state",
            "item_id",
            "created_at",
        ),
        relations=(("roadmaps.IdeaProposal", "author"),),
        on_delete=_("ideas you proposed, with their votes and comments"),
        order=31,
    )
)
register(
    Section(
        key="roadmap_comments",
        export=lambda user: rows(
            ItemComment.objects.filter(author=user),
            "id",
            "item_id",
            "item__title",
            "proposal_id",
            "body",
            "moderation",
            "created_at",
        ),
        relations=(("roadmaps.ItemComment", "author"),),
        on_delete=_("your comments on roadmap items and ideas"),
        order=32,
    )
)
register(
    Section(
        key="volunteering",
        export=_volunteering,
        relations=(("roadmaps.Volunteer", "user"),),
        on_delete=_("your offers to volunteer for open roles"),
        order=33,
    )
)
register(
    Section(
        key="roadmap_item_follows",
        export=lambda user: rows(
            ItemFollow.objects.filter(user=user), "item_id", "item__title", "created_at"
        ),
        relations=(("roadmaps.ItemFollow", "user"),),
        on_delete=_("the roadmap items you follow"),
        order=34,
    )
)
register(
    Section(
        key="owned_roadmap_pages",
        export=_owned_pages,
        relations=(
            ("roadmaps.RoadmapPage", "owner_user"),
            ("roadmaps.RoadmapItemPage", "owner_user"),
        ),
        erasure=ANONYMISED,
        on_delete=_("roadmaps and items you own stay, without an owner"),
        order=35,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("roadmaps.Volunteer", "decided_by"),
        reason="A host's decision on someone else's offer to volunteer.",
        erasure=ANONYMISED,
        on_delete=_("decisions you made on volunteers stay, without your name"),
    )
)
