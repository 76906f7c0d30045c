"""Uitvoering's items of the closure checklist ("Afsluiting aanvragen", projects.services_closure):
change requests and output checks that CBS has not decided yet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeRequest, OutputCheck
from projects import services_closure

OpenItem = services_closure.OpenItem
closure_check = services_closure.closure_check


@closure_check(order=30)
def open_change_requests(project) -> list:
    url = reverse("projects:detail", args=[project.number]) + "#change-requests"
    return [
        OpenItem(
            _("Change request “%(kind)s” of %(date)s is still open (%(status)s).")
            % {
                "kind": change.kind_label,
                "date": timezone.localtime(change.asked_at).strftime("%d-%m-%Y"),
                "status": change.get_status_display(),
            },
            url,
        )
        for change in ChangeRequest.objects.open().filter(project=project).order_by("asked_at")
    ]


@closure_check(order=40)
def open_output_checks(project) -> list:
    url = reverse("projects:detail", args=[project.number]) + "#output-checks"
    return [
        OpenItem(
            _("Output check “%(package)s” of %(date)s is still open (%(status)s).")
            % {
                "package": check.package_name,
                "date": timezone.localtime(check.asked_at).strftime("%d-%m-%Y"),
                "status": check.get_status_display(),
            },
            url,
        )
        for check in OutputCheck.objects.open().filter(project=project).order_by("asked_at")
    ]
