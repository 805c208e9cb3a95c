"""Forms of intervision: plain Django forms, rules checked again by the services."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from feed.people_picker import PersonNotFound, person_by_name
from intranet.audience import Audience
from intranet.person_names import person_name

from .models import MAX_MEMBERS
from .phases import Phase
from .services import MAX_CONTRIBUTION_CHARS, MAX_LEARNING_CHARS

# One name per line (or separated by commas or semicolons): names contain spaces.
SPLIT = re.compile(r"\s*[\n,;]\s*")


class CircleForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the circle"),
        max_length=80,
        error_messages={"required": _("Give the circle a name.")},
    )
    description = forms.CharField(
        label=_("What the circle is about"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    members = forms.CharField(
        label=_("Members"),
        help_text=_(
            "The names of 2 to 7 colleagues as their profiles show them, one per line. "
            "You are a member yourself."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Name the members of the circle.")},
    )

    def __init__(self, *args, creator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.creator = creator

    def clean_members(self):
        """Members are named as people know them (their profile name), never by a
        user name; a handle copied from a mention still works (person_by_name)."""
        names = [n for n in SPLIT.split(self.cleaned_data["members"].strip()) if n]
        if len(names) > MAX_MEMBERS:
            raise forms.ValidationError(_("A circle has at most 8 members."))
        users, problems = {}, []
        for name in names:
            try:
                user = person_by_name(name)
            except PersonNotFound as refused:
                problems.append(refused.message)
                continue
            if user is not None and user != self.creator:
                users[user.pk] = user
        if problems:
            raise forms.ValidationError(problems)
        return list(users.values())


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Give the session a title.")},
    )
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Choose a date and time."),
            "invalid": _("Enter a date and time, e.g. 2027-03-12 14:00."),
        },
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        help_text=_("Leads the session through the phases."),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose the facilitator.")},
    )
    case_holder = forms.ModelChoiceField(
        label=_("Case holder"),
        help_text=_("Brings the case."),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose the case holder.")},
    )
    case_title = forms.CharField(
        label=_("The case in a few words"),
        max_length=160,
        error_messages={"required": _("Say in a few words what the case is.")},
    )
    case_text = forms.CharField(
        label=_("The case"),
        help_text=_("Only the circle's members ever read it."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = members if members is not None else get_user_model().objects.none()
        self.fields["facilitator"].queryset = people
        self.fields["case_holder"].queryset = people
        self.fields["facilitator"].label_from_instance = person_name
        self.fields["case_holder"].label_from_instance = person_name


class ContributionForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your contribution"),
        max_length=MAX_CONTRIBUTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your contribution first.")},
    )


class MoveForm(forms.Form):
    from_phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    text = forms.CharField(
        label=_("The learning"),
        help_text=_(
            "In your own words, without names or details that point to the people in the case."
        ),
        max_length=MAX_LEARNING_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the learning first.")},
    )
    anonymised = forms.BooleanField(
        label=_("Anonymised: do not name the circle"),
        required=False,
        initial=True,
    )
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (Audience.COMMUNITY, _("Members of the community")),
            (Audience.STAFF, _("Employees")),
        ],
        initial=Audience.COMMUNITY,
    )


class LearningEntryForm(forms.Form):
    text = forms.CharField(
        label=_("What I learned"),
        help_text=_("Only you can read your learning log."),
        max_length=MAX_LEARNING_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what you learned first.")},
    )
