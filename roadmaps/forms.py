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

    def __init__(self, *args, similar_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if similar_url:
            # While typing, the similar ideas list below the field is fetched in place
            # (htmx) and a polite live region says how many were found.
            self.fields["title"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "aria-controls": "similar-ideas",
                    "data-hx-get": similar_url,
                    "data-hx-trigger": "input changed delay:500ms",
                    "data-hx-target": "#similar-ideas",
                    "data-hx-select": "#similar-ideas",
                    "data-hx-swap": "outerHTML",
                    "data-hx-select-oob": "#similar-ideas-status:innerHTML",
                    "data-hx-sync": "this:replace",
                }
            )
