"""Forms for editing a profile, declaring competences and claiming roles."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from intranet.media import reencode_image

from .models import Profile, ProfileCompetence, Role
from .services import MAX_PHOTO_BYTES

AUDIENCE_WIDGET = forms.Select(attrs={"class": "audience-select"})


class ProfileForm(forms.ModelForm):
    photo_upload = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP image of at most 5 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "public_profile",
            "bio",
            "bio_audience",
            "location",
            "location_audience",
            "languages",
            "languages_audience",
            "email_audience",
            "phone",
            "phone_audience",
            "links",
            "links_audience",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **dict.fromkeys(
                (
                    "bio_audience",
                    "location_audience",
                    "languages_audience",
                    "email_audience",
                    "phone_audience",
                    "links_audience",
                ),
                AUDIENCE_WIDGET,
            ),
        }
        help_texts = {
            "bio": _("Plain text or simple HTML: links, bold, italics and lists."),
        }

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Your name cannot be empty."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (set(phone) - allowed or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with digits, spaces, +, - or brackets.")
            )
        return phone

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        lines = [line for line in lines if line]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address starting with https://.")
                    % {"link": line[:80]}
                ) from exc
        if len(lines) > 10:
            raise forms.ValidationError(_("Add at most 10 links."))
        return "\n".join(lines)

    def clean_photo_upload(self):
        photo = self.cleaned_data.get("photo_upload")
        if not photo:
            return None
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 5 MB; please choose a smaller one.")
            )
        # Refuses TGA, PPM, PCX, a renamed PDF… here, before anything is saved.
        return reencode_image(photo)


class CompetenceForm(forms.Form):
    name = forms.CharField(
        label=_("Competence"),
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-competence-autocomplete": "",
                "placeholder": _("e.g. Python, facilitation, Dutch law"),
            }
        ),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=ProfileCompetence.Level.choices,
        initial=ProfileCompetence.Level.PRACTISED,
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Type the name of a competence."))
        return name


class LearningInterestForm(forms.Form):
    name = forms.CharField(
        label=_("I want to learn"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-competence-autocomplete": ""}
        ),
    )

    def __init__(self, *args, **kwargs):
        # Shown on the same page as CompetenceForm, whose field is also called "name":
        # distinct ids keep labels and descriptions pointing at the right input.
        kwargs.setdefault("auto_id", "id_learning_%s")
        super().__init__(*args, **kwargs)


class RoleClaimForm(forms.Form):
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Role.objects.all(),
        empty_label=_("Choose a role"),
        error_messages={"invalid_choice": _("That role does not exist.")},
    )
    motivation = forms.CharField(
        label=_("Why this role?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AccountDeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value.casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _(
                    "That is not your account's e-mail address; your account was not "
                    "deleted."
                )
            )
        return value
