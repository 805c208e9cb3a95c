"""Sign-up details: the one extra field a new member gives besides e-mail and password."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .signals import signup_name_given


class SignupDetailsForm(forms.Form):
    """Used by allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "placeholder": _("Anna de Vries")}
        ),
        help_text=_("Shown on your profile and your posts."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def signup(self, request, user):
        first, _sep, last = self.cleaned_data["name"].partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        signup_name_given.send(
            sender=type(self), user=user, name=self.cleaned_data["name"]
        )


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Where you use it, e.g. “reporting script”."),
    )
    scope = forms.ChoiceField(
        label=_("May"),
        choices=[
            ("read", _("Read: see what you can see")),
            ("write", _("Read and write: also post, comment, react and vote as you")),
        ],
        initial="read",
        widget=forms.RadioSelect,
    )
