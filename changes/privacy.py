"""What changes holds about people (the register of personal data, ``portal.privacy``): change
requests with their explanations, output checks with their forms."""

from django.utils.translation import gettext_lazy as _

from changes.models import ChangeRequest, OutputCheck
from portal.privacy import Export, Kind, Removal, register, rows


def _changes_archive_end(project) -> Removal:
    return Removal(ChangeRequest.objects.filter(project=project).delete()[0])


def _changes_export(person) -> Export:
    asked = ChangeRequest.objects.filter(asked_by__person=person).order_by("asked_at", "pk")
    return Export(
        rows(
            asked,
            "project__number",
            "kind",
            "summary",
            "explanation",
            "status",
            "asked_at",
            "decided_at",
            "reason",
        )  # fmt: skip
    )


register(
    Kind(
        key="change_requests",
        models=("changes.ChangeRequest",),
        what=_("Change requests of a running project: what was asked, why, and CBS's decision"),
        purpose=_("Changing the team, data, services or period of a running project"),
        retention=_("Removed at the end of the project's archive period."),
        recipients=_("The project's team"),
        order=400,
        archive_end=_changes_archive_end,
        export=_changes_export,
    )
)


def _outputs_archive_end(project) -> Removal:
    checks = OutputCheck.objects.filter(project=project)
    files = [c.form_document for c in checks.only("form_document")]
    return Removal(checks.delete()[0], files)


def _outputs_export(person) -> Export:
    asked = OutputCheck.objects.filter(asked_by__person=person).order_by("asked_at", "pk")
    data = rows(
        asked, "pk", "project__number", "description", "package_name", "light", "form_name",
        "status", "asked_at", "comments", "decided_at",
    )  # fmt: skip
    files = [(f"output-checks/{c.pk}-{c.form_name}", c.form_document) for c in asked]
    return Export(data, files)


register(
    Kind(
        key="output_checks",
        models=("changes.OutputCheck",),
        what=_("Output checks: what you asked to export, the form, and CBS's answer"),
        purpose=_("CBS checks that nothing leaves the Remote Access environment that may not"),
        retention=_("Removed at the end of the project's archive period."),
        recipients=_("The project's team"),
        order=410,
        archive_end=_outputs_archive_end,
        export=_outputs_export,
    )
)
