"""Forms members fill in on roadmap pages; services do the real checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intranet.language import language_choice_field


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )
    language = language_choice_field()


class VolunteerForm(forms.Form):
    message = forms.CharField(
        label=_("A short message (what you bring, when you can)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea in one line"),
        max_length=140,
        error_messages={"required": _("Give your idea a title.")},
    )
    description = forms.CharField(
        label=_("Tell us more (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = language_choice_field()
