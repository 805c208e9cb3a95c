"""Forms of the feed: the composer, comments, reports, curation, digest preference."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Promise
from intranet.audience import (
    Audience,
    audiences_for,
    is_community_manager,
    is_employee,
    member_network_ids,
)
from intranet.language import language_choice_field
from intranet.media import reencode_image
from profiles.models import Competence, Network

from .models import DigestPreference, Post
from .people_picker import PersonNotFound, person_by_name
from .selectors import promise_choices, roadmap_item_choices, roadmap_item_model
from .services import (
    EXTERNAL_KINDS,
    MAX_BODY_CHARS,
    MAX_COMMENT_CHARS,
    MAX_IMAGE_BYTES,
)


def audience_choices(user):
    """The audiences this member may post to, plus the networks they belong to."""
    allowed = audiences_for(user)
    choices = [
        (value, label)
        for value, label in Audience.choices
        if value in allowed and value != Audience.PRIVATE
    ]
    networks = Network.objects.all()
    if not is_community_manager(user):
        networks = networks.filter(pk__in=member_network_ids(user))
    for network in networks.only("pk", "name")[:50]:
        choices.append(
            (f"network:{network.pk}", _("Network: %(name)s") % {"name": network.name})
        )
    return choices


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices)
    body = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "data-mention-autocomplete": ""}),
        help_text=_(
            "Links, bold and lists are kept. Mention someone: type @ and the start "
            "of their name, then pick them."
        ),
    )
    audience = forms.ChoiceField(label=_("Who may see this"))
    language = language_choice_field()
    figure = forms.CharField(
        label=_("Figure (results)"),
        max_length=40,
        required=False,
        help_text=_('e.g. "+12 volunteers"'),
    )
    competences = forms.CharField(
        label=_("Competences"),
        max_length=300,
        required=False,
        help_text=_("Comma-separated, e.g. design, fundraising"),
    )
    kudos_to = forms.CharField(
        label=_("Kudos to"),
        max_length=150,
        required=False,
        help_text=_("Type the start of their name and pick them from the list."),
        widget=forms.TextInput(
            attrs={"data-person-autocomplete": "", "autocomplete": "off"}
        ),
    )
    # Filled by the picker (feed.js) with the chosen person, so two members with the
    # same name are told apart; without JavaScript the name alone is enough.
    kudos_to_person = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
    )
    roadmap_item = forms.TypedChoiceField(
        label=_("Roadmap item (results)"), required=False, coerce=int, empty_value=None
    )
    promise = forms.TypedChoiceField(
        label=_("Promise (results)"), required=False, coerce=int, empty_value=None
    )
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF image of at most 5 MB."),
    )

    def __init__(self, *args, user, options=None, **kwargs):
        """``options``: the feed's filter_options for this viewer, when the page
        has them already (the same promise and roadmap item choices)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].initial = Post.Kind.UPDATE
        if not is_employee(user):
            self.fields["kind"].choices = [
                c for c in Post.Kind.choices if c[0] in EXTERNAL_KINDS
            ]
            self.fields["kind"].initial = Post.Kind.IDEA
        self.fields["audience"].choices = audience_choices(user)
        self.fields["audience"].initial = Audience.COMMUNITY
        if options is None:
            options = {
                "promises": promise_choices(),
                "roadmap_items": roadmap_item_choices(user),
            }
        self.fields["promise"].choices = [("", "—"), *options["promises"]]
        self.fields["roadmap_item"].choices = [("", "—"), *options["roadmap_items"]]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image:
            return None
        if image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The image is too large: at most 5 MB."))
        return reencode_image(image)

    def clean_competences(self):
        names = [
            n.strip() for n in self.cleaned_data["competences"].split(",") if n.strip()
        ][:10]
        if not names:
            return []
        found = list(Competence.objects.filter(name__in=names))
        missing = set(names) - {c.name for c in found}
        if missing:
            raise forms.ValidationError(
                _("Unknown competences: %(names)s")
                % {"names": ", ".join(sorted(missing))}
            )
        return found

    def clean(self):
        cleaned = super().clean()
        if "kudos_to" in cleaned:
            try:
                cleaned["kudos_to"] = person_by_name(
                    cleaned["kudos_to"], picked_id=cleaned.get("kudos_to_person")
                )
            except PersonNotFound as exc:
                self.add_error("kudos_to", exc.message)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        audience, network = data["audience"], None
        if audience.startswith("network:"):
            network = Network.objects.get(pk=int(audience.split(":", 1)[1]))
            audience = network.audience
        roadmap_item = None
        if data.get("roadmap_item"):
            roadmap_item = (
                roadmap_item_model().objects.filter(pk=data["roadmap_item"]).first()
            )
        promise = (
            Promise.objects.filter(pk=data["promise"]).first()
            if data.get("promise")
            else None
        )
        return {
            "kind": data["kind"],
            "body": data["body"],
            "audience": audience,
            "network": network,
            "figure": data.get("figure", ""),
            "competences": data.get("competences") or [],
            "kudos_to": data.get("kudos_to"),
            "roadmap_item": roadmap_item,
            "promise": promise,
            "image": data.get("image"),
            "language": data.get("language", ""),
        }


class PostEditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    figure = forms.CharField(label=_("Figure"), max_length=40, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    language = language_choice_field()


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a community manager look at this?"), max_length=1000
    )


class DigestForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency"]
