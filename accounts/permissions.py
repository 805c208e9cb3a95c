"""Keep the "Community managers" group's permissions in step with the models.

Runs after every migrate, so models added by later migrations are covered
without another data migration. Idempotent.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP

#: Apps whose models community managers curate in full.
MANAGED_APPS = ["accounts", "home", "profiles", "feed", "roadmaps", "purpose", "taggit"]
#: Single permissions from Wagtail and its contrib apps.
EXTRA_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]


def sync_group_permissions(**kwargs):
    Group.objects.get_or_create(name=EMPLOYEES_GROUP)
    managers, _ = Group.objects.get_or_create(name=COMMUNITY_MANAGERS_GROUP)
    perms = list(Permission.objects.filter(content_type__app_label__in=MANAGED_APPS))
    for app_label, codename in EXTRA_PERMISSIONS:
        perms += list(
            Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        )
    managers.permissions.add(*perms)

    root = Page.get_first_root_node()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm:
                GroupPagePermission.objects.get_or_create(
                    group=managers, page=root, permission=perm
                )
    collection = Collection.get_first_root_node()
    if collection is not None:
        collection_perms = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[codename for _, codename in EXTRA_PERMISSIONS[1:]],
        )
        for perm in collection_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=managers, collection=collection, permission=perm
            )
