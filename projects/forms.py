import json
import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from portal.uploads import PROJECT_FILES, UploadField
from projects.bijlagen import BijlageDefinition
from projects.models import (
    DataFile,
    FileKind,
    Project,
    Publication,
    Service,
    TeamMember,
)
from projects.services import eligible_person_error, signatory_error

DOI_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
URL_VALIDATOR = forms.URLField().validators


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RichTextWidget(forms.Textarea):
    """A plain textarea that static/projects/richtext.js turns into CKEditor 5.

    No inline script: the editor's configuration travels in a data attribute and the page loads
    the editor and our initializer as files with the CSP nonce. Without JavaScript it stays a
    textarea. Whatever is submitted is sanitized by the services.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        config = dict(settings.CKEDITOR_5_CONFIGS["default"])
        config["language"] = (get_language() or "nl")[:2]
        context["widget"]["attrs"]["data-richtext"] = json.dumps(config)
        context["widget"]["attrs"]["class"] = "cbs-richtext-input"
        return context


def rich_text_field(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=RichTextWidget(), strip=True
    )


class ProjectDatesMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class ProjectCreateForm(ProjectDatesMixin, forms.Form):
    title = forms.CharField(
        label=_("Title of the research"),
        max_length=200,
        error_messages={"required": _("Give the title of the research.")},
    )
    start_date = forms.DateField(label=_("Desired start date"), widget=DateInput())
    end_date = forms.DateField(label=_("Expected end date"), widget=DateInput())
    goal = rich_text_field(_("Goal of the microdata project"))

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the past."))
        return start


class ProjectSettingsForm(ProjectDatesMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "start_date", "end_date"]
        labels = {
            "title": _("Title of the research"),
            "start_date": pgettext_lazy("project", "Start date"),
            "end_date": pgettext_lazy("project", "End date"),
        }
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        error_messages = {"title": {"required": _("Give the title of the research.")}}


class StatusChangeForm(forms.Form):
    move = forms.ChoiceField(label=_("Change project status"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [("", _("Choose an option"))] + [
            (move.name, move.label) for move in moves
        ]


class BijlageForm(forms.Form):
    """One rich-text field per section; required sections are checked on "Definitief maken"."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, definition: BijlageDefinition, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        required = _("Required to make final.")
        for section in definition.sections:
            help_text = section.help_text
            if section.required:
                help_text = f"{help_text} {required}".strip()
            self.fields[section.key] = rich_text_field(section.label, help_text=help_text)

    def sections(self) -> dict:
        return {s.key: self.cleaned_data.get(s.key, "") for s in self.definition.sections}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TeamMemberBaseForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["role", "start_date", "end_date", "function", "ossc_access"]
        labels = {
            "role": _("Role"),
            "start_date": pgettext_lazy("project", "Start date"),
            "end_date": pgettext_lazy("project", "End date"),
            "function": _("Function"),
            "ossc_access": _("OSSC access"),
        }
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def _check_signatory(self, person, project):
        problem = person and signatory_error(project, person, self.cleaned_data.get("role"))
        if problem:
            self.add_error("role", problem)


CANNOT_ADD_BY_EMAIL = _(
    "No one can be added in this role with this email address. Check the address and the role; "
    "an external team member needs an account at an authorized institution."
)


class TeamMemberAddForm(TeamMemberBaseForm):
    person = PersonChoiceField(
        label=_("Name"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Choose a contact person"),
    )
    external_email = forms.EmailField(
        label=_("Or: login email of an external team member"),
        required=False,
        help_text=_("A researcher of another authorized institution, who has an account there."),
    )

    field_order = ["person", "external_email"]

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["person"].queryset = (
            Person.objects.filter(institution_id=project.institution_id)
            .exclude(memberships__project=project)
            .select_related("institution")
            .order_by("last_name", "first_name")
        )
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        person, email = cleaned.get("person"), cleaned.get("external_email")
        if person and email:
            self.add_error(
                "external_email", _("Choose a contact person or give an email, not both.")
            )
        elif not person and not email and "external_email" not in self.errors:
            self.add_error("person", _("Choose the person to add."))
        elif email:
            external = (
                Person.objects.select_related("institution", "user")
                .filter(user__email__iexact=email, user__is_active=True)
                .first()
            )
            # One answer whether there is no such account or it may not have this role: the
            # form is no way to find out who has an account or who is a Tekenbevoegde.
            if (
                external is None
                or eligible_person_error(self.project, external)
                or signatory_error(self.project, external, cleaned.get("role"))
            ):
                self.add_error("external_email", CANNOT_ADD_BY_EMAIL)
            else:
                cleaned["person"] = external
            return cleaned
        self._check_signatory(cleaned.get("person"), self.project)
        return cleaned


class TeamMemberChangeForm(TeamMemberBaseForm):
    def clean(self):
        cleaned = super().clean()
        # Without a saved member (never so in the view) there is no person to check.
        if self.instance.person_id:
            self._check_signatory(self.instance.person, self.instance.project)
        return cleaned


class ProjectFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("File type"), choices=FileKind.choices, widget=forms.RadioSelect
    )
    data_file = forms.ModelChoiceField(
        label=_("Standard file"),
        queryset=DataFile.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose a data file"),
    )
    explanation = rich_text_field(_("Explanation"))
    documents = UploadField(label=_("Attachments"), policy=PROJECT_FILES, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == FileKind.STANDARD and not cleaned.get("data_file"):
            self.add_error("data_file", _("Choose a data file from the catalogue."))
        return cleaned


class ProjectServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(is_active=True),
        empty_label=_("Choose a service"),
    )
    explanation = rich_text_field(_("Explanation"))


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "authors", "year", "kind", "link", "expected_date", "actual_date"]
        labels = {
            "title": _("Title"),
            "authors": _("Authors"),
            "year": _("Year"),
            "kind": _("Type"),
            "link": _("Link or DOI"),
            "expected_date": _("Expected date"),
            "actual_date": _("Actual date"),
        }
        help_texts = {"link": _("A web address (https://…) or a DOI such as 10.1234/abcd.")}
        widgets = {"expected_date": DateInput(), "actual_date": DateInput()}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1900 <= year <= timezone.localdate().year + 10:
            raise forms.ValidationError(_("Give a year between 1900 and ten years from now."))
        return year

    def clean_link(self):
        link = (self.cleaned_data.get("link") or "").strip()
        if not link:
            return ""
        doi = DOI_RE.match(link)
        if doi:
            return f"https://doi.org/{doi.group(1)}"
        if not link.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Give a web address (https://…) or a DOI."))
        try:
            for validator in URL_VALIDATOR:
                validator(link)
        except forms.ValidationError as error:
            raise forms.ValidationError(_("Give a web address (https://…) or a DOI.")) from error
        return link

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("expected_date") and not cleaned.get("actual_date"):
            self.add_error(
                "expected_date", _("Give the expected or the actual date of publication.")
            )
        return cleaned


class ClosureRequestForm(forms.Form):
    """ "Afsluiting aanvragen": a reason, required when the checklist has open items."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        if reason_required:
            field.help_text = _("Some items are still open: say why the project can be closed now.")


class ProjectCopyForm(forms.Form):
    """ "Kopiëren als nieuw project": a confirmation (the copy is made as the service says)."""
