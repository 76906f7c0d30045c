"""What requests_inbox holds about people (the register of personal data, ``portal.privacy``):
actions with their explanations, answers and documents; cost overviews' PDFs and reasons."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import Export, Kind, Removal, register, rows
from requests_inbox.models import Action, ActionAttachment, CostOverview


def _files_of(actions) -> list:
    attachments = ActionAttachment.objects.filter(action__in=actions)
    return [a.document for a in attachments.only("document")] + [
        a.document for a in actions.exclude(document="").only("document")
    ]


def _actions_archive_end(project) -> Removal:
    actions = Action.objects.filter(project=project)
    files = _files_of(actions)
    return Removal(actions.delete()[0], files)


def _actions_anonymise(person) -> Removal:
    actions = Action.objects.filter(person=person)
    files = _files_of(actions)
    return Removal(actions.delete()[0], files)


def _actions_export(person) -> Export:
    actions = Action.objects.filter(person=person).order_by("created_at", "pk")
    data = rows(
        actions, "pk", "created_at", "kind", "subject", "status", "regarding", "body",
        "project__number", "completed_at", "response", "document_name",
    )  # fmt: skip
    files = [
        (f"actions/{a.pk}-{a.document_name or a.document.name.rsplit('/', 1)[-1]}", a.document)
        for a in actions.exclude(document="")
    ]
    return Export(data, files)


register(
    Kind(
        key="actions",
        models=("requests_inbox.Action", "requests_inbox.ActionAttachment"),
        what=_(
            "Actions for you (Openstaande acties, Verzonden): what was asked, your answer and "
            "the documents you uploaded"
        ),
        purpose=_("Asking you for what CBS needs, and keeping your answer"),
        retention=_(
            "An action of a project is removed at the end of the project's archive period; "
            "the others when your data is anonymised."
        ),
        period="ARCHIVE_YEARS",
        order=200,
        archive_end=_actions_archive_end,
        anonymise=_actions_anonymise,
        export=_actions_export,
    )
)


def _costs_archive_end(project) -> Removal:
    overviews = CostOverview.objects.filter(project=project)
    files = [o.pdf for o in overviews.exclude(pdf="").only("pdf")]
    count = overviews.exclude(pdf="", reason="").update(pdf="", reason="")
    return Removal(count, files)


def _costs_export(person) -> Export:
    decided = CostOverview.objects.filter(decided_by__person=person).order_by("decided_at")
    return Export(rows(decided, "project__number", "status", "decided_at", "reason"))


register(
    Kind(
        key="cost_overviews",
        models=("requests_inbox.CostOverview",),
        what=_("Your decision on a cost overview (Akkoord or Niet akkoord) and its reason"),
        purpose=_("Agreeing the project's costs"),
        retention=_(
            "The PDF and the reason are removed at the end of the project's archive period; "
            "the amounts stay in CBS's accounts."
        ),
        period="ARCHIVE_YEARS",
        kept=_("The amounts and who decided."),
        order=210,
        archive_end=_costs_archive_end,
        export=_costs_export,
    )
)

register.no_personal_data(
    "requests_inbox.Tariff", "requests_inbox.CostLine", why="CBS's prices and cost lines."
)
