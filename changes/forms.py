"""Forms of change requests (one per kind, see kinds.py) and output checks.

A kind's form takes the project, has the kind's own fields and the toelichting (explanation),
and turns its cleaned values into JSON (``to_data``) and a summary without language
(``summary``), which the change request keeps until CBS decides.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Person
from portal.uploads import OUTPUT_CHECK_FORM, UploadField
from projects.forms import DateInput
from projects.models import DataFile, FileKind, Project, Role, Service, TeamMember
from projects.services import end_date_extend_refusal

MAX_EXPLANATION = 5000


class ChangeKindForm(forms.Form):
    """The base of every kind's form: the project, and the toelichting last."""

    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_EXPLANATION,
        error_messages={"required": _("Explain why you ask for this change.")},
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        # The toelichting after the kind's own fields.
        self.order_fields([name for name in self.fields if name != "explanation"])

    def to_data(self) -> dict:
        return {}

    def summary(self) -> str:
        return ""


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


class AddResearcherForm(ChangeKindForm):
    person = forms.ModelChoiceField(
        label=_("Name"),
        queryset=Person.objects.none(),
        empty_label=_("Choose a contact person"),
        error_messages={"required": _("Choose the person to add.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.RESEARCHER, Role.RESEARCHER.label),
            (Role.RESEARCHER_PLUS, Role.RESEARCHER_PLUS.label),
            (Role.VIEWER, Role.VIEWER.label),
        ],
    )
    start_date = forms.DateField(label=pgettext_lazy("project", "Start date"), widget=DateInput())
    ossc_access = forms.BooleanField(label=_("OSSC access"), required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(institution_id=project.institution_id)
            .exclude(memberships__project=project)
            .order_by("last_name", "first_name")
        )
        self.fields["start_date"].initial = timezone.localdate()

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the past."))
        return start

    def to_data(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"].pk,
            "role": data["role"],
            "start_date": data["start_date"].isoformat(),
            "ossc_access": bool(data["ossc_access"]),
        }

    def summary(self) -> str:
        return self.cleaned_data["person"].full_name


class WithdrawResearcherForm(ChangeKindForm):
    member = forms.ModelChoiceField(
        label=_("Team member"),
        queryset=TeamMember.objects.none(),
        empty_label=_("Choose a team member"),
        error_messages={"required": _("Choose the team member to withdraw.")},
    )
    end_date = forms.DateField(
        label=_("Access ends on"),
        widget=DateInput(),
        help_text=_("The last day this person is on the team."),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["member"].queryset = (
            TeamMember.objects.current()
            .filter(project=project)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.person.full_name} ({m.get_role_display()})"
        )
        self.fields["end_date"].initial = timezone.localdate()

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."))
        return end

    def to_data(self) -> dict:
        data = self.cleaned_data
        return {"member": data["member"].pk, "end_date": data["end_date"].isoformat()}

    def summary(self) -> str:
        data = self.cleaned_data
        return f"{data['member'].person.full_name}, {_date(data['end_date'])}"


class AddFileForm(ChangeKindForm):
    file_type = forms.ChoiceField(
        label=_("File type"), choices=FileKind.choices, widget=forms.RadioSelect
    )
    data_file = forms.ModelChoiceField(
        label=_("Standard file"),
        queryset=DataFile.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose a data file"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file_type") == FileKind.STANDARD and not cleaned.get("data_file"):
            self.add_error("data_file", _("Choose a data file from the catalogue."))
        return cleaned

    def to_data(self) -> dict:
        data = self.cleaned_data
        standard = data["file_type"] == FileKind.STANDARD
        return {"kind": data["file_type"], "data_file": data["data_file"].pk if standard else None}

    def summary(self) -> str:
        data = self.cleaned_data
        if data["file_type"] == FileKind.STANDARD:
            return str(data["data_file"])
        return str(FileKind.CUSTOM.label)


class AddServiceForm(ChangeKindForm):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(is_active=True),
        empty_label=_("Choose a service"),
    )

    def to_data(self) -> dict:
        return {"service": self.cleaned_data["service"].pk}

    def summary(self) -> str:
        return str(self.cleaned_data["service"])


class ExtendEndDateForm(ChangeKindForm):
    end_date = forms.DateField(label=_("New end date"), widget=DateInput())

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        refusal = end_date_extend_refusal(self.project, end)
        if refusal is not None:
            raise forms.ValidationError(refusal.messages)
        if end > self.project.end_date + datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("Extend by at most five years at a time."))
        return end

    def to_data(self) -> dict:
        return {"end_date": self.cleaned_data["end_date"].isoformat()}

    def summary(self) -> str:
        return _date(self.cleaned_data["end_date"])


class FreezeForm(ChangeKindForm):
    """Project tijdelijk bevriezen: only the toelichting (why, and until when)."""


class OutputCheckForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_EXPLANATION,
        help_text=_("What the output is and what it is for."),
        error_messages={"required": _("Describe the output.")},
    )
    package_name = forms.CharField(
        label=_("Name of the export package"),
        max_length=200,
        error_messages={"required": _("Give the name of the export package.")},
    )
    light = forms.TypedChoiceField(
        label=_("Kind of output check"),
        choices=[("0", _("Regular")), ("1", _("LIGHT"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    form_document = UploadField(
        label=_("Filled output control form"),
        policy=OUTPUT_CHECK_FORM,
        help_text=_("A PDF, Word or Excel document."),
        error_messages={"required": _("Choose the filled output control form.")},
    )

    def clean_package_name(self):
        name = self.cleaned_data["package_name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the name of the export package."))
        return name


class PublicationCompleteForm(forms.Form):
    actual_date = forms.DateField(label=_("Actual date"), widget=DateInput())
    link = forms.CharField(
        label=_("Link or DOI"),
        max_length=500,
        help_text=_("A web address (https://…) or a DOI such as 10.1234/abcd."),
    )

    def clean_actual_date(self):
        day = self.cleaned_data["actual_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of publication cannot be in the future."))
        return day

    def clean_link(self):
        from projects.forms import PublicationForm

        form = PublicationForm()
        form.cleaned_data = {"link": self.cleaned_data.get("link")}
        link = form.clean_link()
        if not link:
            raise forms.ValidationError(_("Give a web address (https://…) or a DOI."))
        return link
