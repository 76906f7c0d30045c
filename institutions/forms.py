import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.forms import DateInput

# How long a token may live at most, and by default.
TOKEN_MAX_DAYS = 730
TOKEN_DEFAULT_DAYS = 365


class LeaveForm(forms.Form):
    on = forms.DateField(
        label=_("Leaves on"),
        widget=DateInput(),
        help_text=_("The first day the person no longer works at the institution."),
        error_messages={"required": _("Give the day the person leaves.")},
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < timezone.localdate() - datetime.timedelta(days=365):
            raise forms.ValidationError(_("The day cannot be more than a year ago."))
        return on


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses it, e.g. “Research administration”."),
        error_messages={"required": _("Give the token a name.")},
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("At most two years from today."),
        error_messages={"required": _("Give the last day the token is valid.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("The day cannot be in the past."))
        if day > today + datetime.timedelta(days=TOKEN_MAX_DAYS):
            raise forms.ValidationError(_("A token is valid for at most two years."))
        return day
