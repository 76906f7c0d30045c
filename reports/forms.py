"""The filters of Rapportages: the period and an institution, read from the query string."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution
from reports.calendar import FIRST
from reports.series import Filters

MONTHS_SHOWN = 24  # by default: the last two years, this month included
MOST_MONTHS = 60


class DateInput(forms.DateInput):
    input_type = "date"


def default_start(today: datetime.date) -> datetime.date:
    month = today.replace(day=1)
    for _month in range(MONTHS_SHOWN - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


class FilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        help_text=_("From the start of this month."),
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Up to the end of this month."),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("All institutions"),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs["min"] = FIRST.isoformat()

    def clean_start(self):
        start = self.cleaned_data["start"] or default_start(self.today)
        if start < FIRST:
            raise forms.ValidationError(
                _("Choose a day from %(day)s on.") % {"day": FIRST.strftime("%d-%m-%Y")}
            )
        return start

    def clean_end(self):
        end = self.cleaned_data["end"] or self.today
        if end > self.today:
            raise forms.ValidationError(_("Choose a day that is not in the future."))
        return end

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Choose a day after the start of the period."))
            elif (end.year - start.year) * 12 + end.month - start.month >= MOST_MONTHS:
                self.add_error(
                    "end",
                    _("Choose a period of at most %(months)s months.") % {"months": MOST_MONTHS},
                )
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(data["start"], data["end"], data.get("institution"), self.today)
