"""Reads on people: directory, profile page, suggestions. Audience applied here.

A package: one module per subject; this module re-exports their public names."""

from .cards import (
    CARD_FIELDS,
    PersonCard,
    person_cards,
)
from .common import (
    MEMBERSHIP_KINDS,
    PHOTO_LARGE,
    PHOTO_SMALL,
    PHOTO_SPECS,
    SUGGESTION_POOL,
    photo_rendition,
)
from .competences import (
    POPULAR_COMPETENCES_KEY,
    POPULAR_COMPETENCES_SECONDS,
    Knower,
    competence_index,
    competence_people,
    competences_autocomplete,
    forget_popular_competences,
    popular_competences,
)
from .data import (
    person_summary,
    profile_data,
)
from .directory import (
    directory_profiles,
    own_profile_matches,
    profiles_for_directory,
    profiles_matching_text,
    role_choices,
    users_with_competences,
)
from .networks import (
    is_network_host,
    membership_of,
    network_host_ids,
    network_members,
    networks_for,
)
from .profile_page import (
    follow_counts,
    followers_of,
    following_of,
    is_following,
    profile_for_page,
)
from .suggestions import (
    people_you_may_know,
    teachers_for,
)

__all__ = [
    "CARD_FIELDS",
    "PersonCard",
    "directory_profiles",
    "person_cards",
    "role_choices",
    "MEMBERSHIP_KINDS",
    "PHOTO_LARGE",
    "PHOTO_SMALL",
    "PHOTO_SPECS",
    "POPULAR_COMPETENCES_KEY",
    "POPULAR_COMPETENCES_SECONDS",
    "SUGGESTION_POOL",
    "Knower",
    "competence_index",
    "competence_people",
    "competences_autocomplete",
    "follow_counts",
    "followers_of",
    "following_of",
    "forget_popular_competences",
    "is_following",
    "is_network_host",
    "network_host_ids",
    "membership_of",
    "network_members",
    "networks_for",
    "people_you_may_know",
    "person_summary",
    "photo_rendition",
    "popular_competences",
    "profile_data",
    "profile_for_page",
    "profiles_for_directory",
    "own_profile_matches",
    "profiles_matching_text",
    "teachers_for",
    "users_with_competences",
]
