"""A profile as data (API, export, search cards), with only what the viewer may see."""

from __future__ import annotations

from django.db.models import (
    Count,
)

from intranet.site_url import absolute_url

from ..models import (
    RoleAssignment,
)


def profile_data(*, profile, viewer) -> dict:
    """A profile as JSON-ready data, with only the fields ``viewer`` may see.

    Used by the API; the one place a JSON view of someone else's profile is built.
    """
    roles = [
        {
            "role": a.role.name,
            "slug": a.role.slug,
            "context": a.context_label,
            "since": a.since.isoformat(),
            "until": a.until.isoformat() if a.until else None,
        }
        for a in RoleAssignment.objects.visible_to(viewer)
        .filter(profile=profile)
        .select_related("role")
    ]
    competences = [
        {
            "name": link.tag.name,
            "slug": link.tag.slug,
            "level": link.level,
            "endorsements": link.n,
        }
        for link in profile.competence_links.select_related("tag")
        .annotate(n=Count("endorsements"))
        .order_by("tag__name")
    ]
    return {
        "username": profile.user.username,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "url": absolute_url(profile.get_absolute_url()),
        **profile.visible_fields(viewer),
        "roles": roles,
        "competences": competences,
        "learning_interests": list(
            profile.learning_links.order_by("tag__name").values_list(
                "tag__name", flat=True
            )
        ),
    }


def person_summary(*, profile, viewer) -> dict:
    """A directory row as data, from the directory queryset's prefetches (no queries)."""
    return {
        "username": profile.user.username,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "url": absolute_url(profile.get_absolute_url()),
        **profile.visible_fields(viewer),
        "roles": [
            {"role": a.role.name, "slug": a.role.slug, "context": a.context_label}
            for a in profile.current_roles
        ],
        "competences": [
            {
                "name": link.tag.name,
                "slug": link.tag.slug,
                "level": link.level,
                "endorsements": link.endorsement_count,
            }
            for link in profile.competences_shown
        ],
    }
