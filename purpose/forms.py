"""Forms for proposals and comments; the Purpose Index form is rendered per statement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Promise
from intranet.language import language_choice_field

from .models import COMMENT_MAX, PROPOSAL_REASONING_MAX, PROPOSAL_TEXT_MAX, Proposal


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
