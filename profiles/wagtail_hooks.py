"""Wagtail admin for people: roles, assignments, the claims queue, competences, networks."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Competence, Network, Profile, Role, RoleAssignment, RoleClaim


class ActionsColumn(Column):
    """A cell of links to custom admin views, given as (label, url-name) pairs."""

    cell_template_name = "profiles/admin/actions_cell.html"

    def __init__(self, name, actions, *, when=None, **kwargs):
        super().__init__(name, **kwargs)
        self.actions = actions
        self.when = when

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        show = self.when is None or self.when(instance)
        context["links"] = (
            [(label, reverse(name, args=[instance.pk])) for label, name in self.actions]
            if show
            else []
        )
        return context


class ProfileViewSet(SnippetViewSet):
    """Profiles as snippets, so role assignments get a searchable chooser
    instead of a drop-down of every member."""

    model = Profile
    icon = "user"
    list_display = ["display_name", "headline", "user", "public_profile"]
    search_fields = ["display_name", "headline"]
    search_backend_name = None  # plain database filter: no index to keep in sync
    chooser_per_page = 20

    def get_queryset(self, request):
        return Profile.objects.select_related("user")


def bilingual_panels(field: str, heading) -> MultiFieldPanel:
    """The Dutch and the English value of one translated field, side by side."""
    return MultiFieldPanel(
        [
            FieldPanel(f"{field}_nl", heading=_("Dutch")),
            FieldPanel(f"{field}_en", heading=_("English")),
        ],
        heading=heading,
    )


class RoleViewSet(SnippetViewSet):
    model = Role
    search_backend_name = None
    icon = "tag"
    list_display = ["name_nl", "name_en", "slug", "is_public"]
    search_fields = ["name_nl", "name_en", "description_nl", "description_en"]
    panels = [
        bilingual_panels("name", _("Name")),
        FieldPanel("slug"),
        bilingual_panels("description", _("Description")),
        FieldPanel("is_public"),
    ]


class RoleAssignmentViewSet(SnippetViewSet):
    model = RoleAssignment
    search_backend_name = None
    icon = "user"
    menu_label = _("Role assignments")
    list_display = ["profile", "role", "context_label", "audience", "since", "until"]
    list_filter = ["role"]
    search_fields = ["context_label"]

    def get_queryset(self, request):
        return RoleAssignment.objects.select_related("profile", "role")


class RoleClaimViewSet(SnippetViewSet):
    model = RoleClaim
    search_backend_name = None
    icon = "help"
    menu_label = _("Claim history")
    list_display = [
        "profile",
        "role",
        "motivation",
        "status",
        "created_at",
        ActionsColumn(
            "decide",
            [
                (_("Approve"), "profiles_admin_claim_approve"),
                (_("Decline"), "profiles_admin_claim_decline"),
            ],
            label=_("Decide"),
            when=lambda claim: claim.status == RoleClaim.Status.PENDING,
        ),
    ]
    list_filter = ["status", "role"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return RoleClaim.objects.select_related("profile", "role").order_by(
            "status", "-created_at"
        )


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    icon = "pick"
    search_backend_name = None
    list_display = [
        "name_nl",
        "name_en",
        "synonyms",
        Column("uses", label=_("Declared by")),
        ActionsColumn(
            "merge",
            [(_("Merge into…"), "profiles_admin_competence_merge")],
            label=_("Duplicates"),
        ),
    ]
    search_fields = ["name_nl", "name_en", "synonyms"]
    ordering = ["name"]
    panels = [
        bilingual_panels("name", _("Name")),
        FieldPanel("synonyms"),
        FieldPanel("slug"),
        bilingual_panels("description", _("Description")),
    ]

    def get_queryset(self, request):
        return Competence.objects.annotate(uses=Count("profile_links"))


class NetworkViewSet(SnippetViewSet):
    model = Network
    search_backend_name = None
    icon = "group"
    list_display = ["name_nl", "name_en", "audience", "join_policy"]
    search_fields = ["name_nl", "name_en", "description_nl", "description_en"]
    panels = [
        bilingual_panels("name", _("Name")),
        FieldPanel("slug"),
        bilingual_panels("description", _("Description")),
        FieldPanel("audience"),
        FieldPanel("join_policy"),
    ]


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (
        RoleClaimViewSet,
        RoleViewSet,
        RoleAssignmentViewSet,
        CompetenceViewSet,
        ProfileViewSet,
        NetworkViewSet,
    )


register_snippet(PeopleGroup)


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [
        path(
            "people/claims/<int:pk>/approve/",
            admin_views.claim_decide,
            {"decision": "approve"},
            name="profiles_admin_claim_approve",
        ),
        path(
            "people/claims/<int:pk>/decline/",
            admin_views.claim_decide,
            {"decision": "decline"},
            name="profiles_admin_claim_decline",
        ),
        path(
            "people/competences/<int:pk>/merge/",
            admin_views.competence_merge,
            name="profiles_admin_competence_merge",
        ),
    ]


@hooks.register("after_create_snippet")
def sign_role_assignment(request, instance):
    """A role assigned in the admin is signed by the manager who assigned it."""
    if isinstance(instance, RoleAssignment) and instance.assigned_by_id is None:
        instance.assigned_by = request.user
        instance.save(update_fields=["assigned_by"])
