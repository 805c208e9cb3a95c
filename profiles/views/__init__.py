"""People pages: directory, profiles, competences, networks, and the member's own settings.

Views stay thin: reads come from selectors, writes from services.

A package: one module per subject; this module re-exports their public names."""

from .common import (
    MEMBERS_SHOWN,
    NETWORKS_PER_PAGE,
    PAGE_SIZE,
)
from .competences import (
    competence_autocomplete,
    competence_detail,
    competence_list,
)
from .directory import (
    DirectoryPaginator,
    directory,
)
from .networks import (
    network,
    network_approve,
    network_join,
    network_leave,
    network_list,
)
from .own import (
    claim_role,
    competence_add,
    competence_remove,
    delete_account,
    edit,
    export,
    learning_add,
    learning_remove,
    me,
)
from .profile import (
    detail,
    endorse,
    follow,
    follow_list,
    photo,
    unfollow,
)

__all__ = [
    "DirectoryPaginator",
    "MEMBERS_SHOWN",
    "NETWORKS_PER_PAGE",
    "PAGE_SIZE",
    "claim_role",
    "competence_add",
    "competence_autocomplete",
    "competence_detail",
    "competence_list",
    "competence_remove",
    "delete_account",
    "detail",
    "directory",
    "edit",
    "endorse",
    "export",
    "follow",
    "follow_list",
    "learning_add",
    "learning_remove",
    "me",
    "network",
    "network_approve",
    "network_join",
    "network_leave",
    "network_list",
    "photo",
    "unfollow",
]
