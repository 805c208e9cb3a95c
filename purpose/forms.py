"""Forms for proposals and comments; the Purpose Index form is rendered per statement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feed.services import MAX_BODY_CHARS as STORY_BODY_MAX
from home.models import Promise
from intranet.language import language_choice_field

from .models import (
    COMMENT_MAX,
    PROMPT_MAX,
    PROPOSAL_REASONING_MAX,
    PROPOSAL_TEXT_MAX,
    REASON_MAX,
    SIGNAL_BODY_MAX,
    SIGNAL_TITLE_MAX,
    Proposal,
)


class ProposalForm(forms.Form):
    target = forms.ChoiceField(
        label=_("What do you want to change?"),
        choices=Proposal.Target.choices,
        initial=Proposal.Target.STATEMENT,
        widget=forms.RadioSelect,
    )
    promise = forms.ModelChoiceField(
        label=_("Which promise?"),
        queryset=Promise.objects.none(),
        required=False,
        empty_label=_("Choose a promise"),
    )
    text = forms.CharField(
        label=_("Your proposed text"),
        max_length=PROPOSAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the text you propose.")},
    )
    reasoning = forms.CharField(
        label=_("Why?"),
        max_length=PROPOSAL_REASONING_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Explain what this change makes better."),
        error_messages={"required": _("Explain why you propose this.")},
    )
    language = language_choice_field()

    def __init__(self, *args, promises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = (
            promises if promises is not None else (Promise.objects.none())
        )

    def clean(self):
        data = super().clean()
        if data.get("target") == Proposal.Target.PROMISE and not data.get("promise"):
            self.add_error("promise", _("Choose the promise to change."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )


# --- Bottom-up: reflections, signals, stories ------------------------------------------

SCORE_CHOICES = [
    ("1", _("1: far from it")),
    ("2", _("2")),
    ("3", _("3")),
    ("4", _("4")),
    ("5", _("5: we live it")),
]


class OpenRoundForm(forms.Form):
    promise = forms.ModelChoiceField(
        label=_("Promise"),
        queryset=Promise.objects.none(),
        empty_label=_("Choose a promise"),
        error_messages={"required": _("Choose a promise.")},
    )
    share_actions = forms.BooleanField(
        label=_("Share what we will do with the community"), required=False
    )

    def __init__(self, *args, promises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = promises or Promise.objects.none()


class ReflectionForm(forms.Form):
    score = forms.ChoiceField(
        label=_("How far do we live this promise? (1–5)"),
        choices=SCORE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    seen = forms.CharField(
        label=_("What do we see?"),
        max_length=PROMPT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    felt = forms.CharField(
        label=_("What do we feel?"),
        max_length=PROMPT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    adjust = forms.CharField(
        label=_("What asks for adjustment?"),
        max_length=PROMPT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(
        label=_("What will we do?"),
        max_length=PROMPT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_by = forms.ModelChoiceField(
        label=_("Who follows up?"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_by"].queryset = members
        self.fields["follow_up_by"].label_from_instance = lambda u: (
            getattr(getattr(u, "profile", None), "display_name", "") or u.get_username()
        )


class SignalForm(forms.Form):
    promise = forms.ModelChoiceField(
        label=_("Which promise does it stand in the way of?"),
        queryset=Promise.objects.none(),
        empty_label=_("Choose a promise"),
        error_messages={"required": _("Choose the promise it stands in the way of.")},
    )
    title = forms.CharField(
        label=_("What stands in the way?"),
        max_length=SIGNAL_TITLE_MAX,
        help_text=_("A rule, procedure or system, in one line."),
        error_messages={"required": _("Say in one line what stands in the way.")},
    )
    body = forms.CharField(
        label=_("What happens?"),
        max_length=SIGNAL_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What does a client need, and what keeps us from it?"),
        error_messages={"required": _("Describe what happens.")},
    )
    roadmap_item = forms.TypedChoiceField(
        label=_("Roadmap item (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    audience = forms.ChoiceField(label=_("Who may see this signal?"))
    hide_name = forms.BooleanField(
        label=_("Hide my name from other members"),
        required=False,
        help_text=_(
            "Community managers always see who raised a signal, so that they can "
            "ask you more; other members and visitors do not."
        ),
    )

    def __init__(self, *args, promises=None, audiences=(), roadmap_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = promises or Promise.objects.none()
        self.fields["roadmap_item"].choices = [("", "—"), *roadmap_items]
        self.fields["audience"].choices = audiences
        self.fields["audience"].initial = "community"


class SignalMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason (public)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for this step.")},
    )
    post_outcome = forms.BooleanField(
        label=_("Post the outcome to the feed as a result"), required=False
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses


class StoryForm(forms.Form):
    """A story told from a signal's or a team reflection's page (the link is the page's)."""

    body = forms.CharField(
        label=_("Your story"),
        max_length=STORY_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "A moment where the promise came alive or got lost: what happened, "
            "and what did it mean for the client?"
        ),
        error_messages={"required": _("Write your story first.")},
    )
    audience = forms.ChoiceField(label=_("Who may read this story?"))
    language = language_choice_field()

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences
        if audiences:
            self.fields["audience"].initial = audiences[0][0]
