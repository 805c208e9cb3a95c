"""Forms for creating a gathering and posting its results; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Promise
from intranet.audience import CONTENT_AUDIENCE_CHOICES, pages_visible_to
from intranet.strict_input import IdsMultipleChoiceField
from profiles.models import Network

from .models import Gathering

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format=DATETIME_FORMAT)


class GatheringForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    kind = forms.ChoiceField(label=_("Kind"), choices=Gathering.Kind.choices)
    description = forms.CharField(
        label=_("What is it about?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=_DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=_DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("An address or a room. Leave empty for an online gathering."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The video call, for those who join online."),
    )
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=1000, initial=20
    )
    audience = forms.ChoiceField(
        label=_("Who may see it and sign up"),
        choices=CONTENT_AUDIENCE_CHOICES,
        initial="community",
        help_text=_("A public gathering is open to visitors."),
    )
    networks = IdsMultipleChoiceField(
        label=_("Networks"), queryset=Network.objects.none(), required=False
    )
    promises = IdsMultipleChoiceField(
        label=_("Promises"), queryset=Promise.objects.none(), required=False
    )
    roadmap_items = IdsMultipleChoiceField(
        label=_("Roadmap items"), queryset=Promise.objects.none(), required=False
    )

    def __init__(self, *args, user, item_model, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks.order_by("name")
        self.fields["promises"].queryset = Promise.objects.order_by("sort_order", "pk")
        self.fields["roadmap_items"].queryset = pages_visible_to(
            user, item_model.objects.live()
        ).order_by("title")


class ResultForm(forms.Form):
    body = forms.CharField(
        label=_("What came of it?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Shared in the feed as a result, with a link to the gathering."),
    )
    figure = forms.CharField(
        label=_("A figure, if there is one"),
        max_length=40,
        required=False,
        help_text=_("For example: 23 participants."),
    )
