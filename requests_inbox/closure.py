"""The actions' part of closing a project (projects.registry): their item of the closure
checklist ("Afsluiting aanvragen"), and what goes when the archive period ends."""

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.services_closure import OpenItem, closure_check
from requests_inbox.models import Action, ActionAttachment, CostOverview


@closure_check(order=20)
def open_team_actions(project) -> list[OpenItem]:
    """Actions of the project still waiting on a team member."""
    return [
        OpenItem(
            _("Open action “%(action)s” for %(person)s (sent %(date)s).")
            % {
                "action": action.title,
                "person": action.person.full_name,
                "date": timezone.localtime(action.created_at).strftime("%d-%m-%Y"),
            }
        )
        for action in Action.objects.open()
        .filter(project=project)
        .select_related("person")
        .order_by("created_at", "pk")
    ]


def archive_remove_documents(project) -> tuple[dict, list]:
    """The project's documents in the actions: attachments, uploaded documents and the cost
    overviews' PDFs (rows and text go now, the files once committed)."""
    attachments = ActionAttachment.objects.filter(action__project=project)
    uploaded = Action.objects.filter(project=project).exclude(document="")
    pdfs = CostOverview.objects.filter(project=project).exclude(pdf="")
    files = [a.document for a in attachments] + [a.document for a in uploaded]
    files += [o.pdf for o in pdfs]
    counts = {
        "action_attachments": attachments.count(),
        "action_documents": uploaded.count(),
        "cost_overview_pdfs": pdfs.count(),
    }
    attachments.delete()
    uploaded.update(document="", document_name="")
    pdfs.update(pdf="")
    return counts, files
