"""The register of personal data: what the portal holds about people, why, for how long, who
receives it, and what removes or anonymises it. Portal imports no app: each app registers its
kinds of data in its own ``privacy.py``, imported from its ``AppConfig.ready()``::

    from portal.privacy import Kind, register

    register(Kind(
        key="messages",
        models=("messaging.Thread", "messaging.Message"),
        what=_("Messages to CBS and their attachments"),
        purpose=_("Answering questions about the project"),
        retention=_("Removed at the end of the project's archive period."),
        archive_end=remove_project_messages,   # (project) -> Removal
        export=export_messages,                # (person) -> Export
    ))

The same register drives the retention job (``archive_end`` per project, ``expire`` for what
goes after a period of its own, ``anonymise`` for a person who left), the public privacy
statement, and a person's own download ("Mijn gegevens downloaden"), so they cannot disagree.
Models without personal data say so with ``no_personal_data(label, why)``; a test walks every
model's fields and fails for a model that is in neither.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import Registry


@dataclass
class Removal:
    """What one removal did: how many things, and the stored files to delete once committed."""

    count: int = 0
    files: list = field(default_factory=list)

    def __add__(self, other: "Removal") -> "Removal":
        return Removal(self.count + other.count, self.files + other.files)


@dataclass
class Export:
    """What a kind holds about one person: rows for the JSON and the HTML, and the stored files
    to include (name in the ZIP, the FieldFile)."""

    rows: list[dict] = field(default_factory=list)
    files: list[tuple[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    key: str
    models: tuple[str, ...]
    what: str
    purpose: str
    retention: str  # how long, for the privacy statement; ``%(period)s`` is ``period``'s value
    period: str = ""  # the setting that holds the period, e.g. "ARCHIVE_YEARS"
    recipients: str = ""  # who receives it besides CBS Microdata Services ("" = nobody)
    kept: str = ""  # what stays after the removal (shown, and checked by the test)
    order: int = 100
    # (project) -> Removal: inside the project's one transaction at the end of its archive.
    archive_end: Callable | None = None
    # (today) -> int: what has passed its own period; each removal is atomic with its event.
    expire: Callable | None = None
    # (person) -> Removal: a person who left, after the period (accounts.person_anonymise).
    anonymise: Callable | None = None
    # (person) -> str: why the person's data must still be kept ("" = nothing requires it).
    holds: Callable | None = None
    # (person) -> Export: the person's own copy.
    export: Callable | None = None

    def period_value(self):
        return getattr(settings, self.period) if self.period else None

    def retention_text(self) -> str:
        text = str(self.retention)
        return text % {"period": self.period_value()} if self.period else text


class Register(Registry):
    """The kinds of personal data by key (``register(Kind(...))``), and the models that hold
    none (``register.no_personal_data(label, why=...)``)."""

    def __init__(self):
        super().__init__()
        self._none: dict[str, str] = {}

    def __call__(self, kind: Kind) -> Kind:
        return self.register(kind.key, kind, order=kind.order)

    def no_personal_data(self, *labels: str, why: str) -> None:
        for label in labels:
            self._none[label] = why

    def kinds(self) -> list[Kind]:
        return list(self)

    def models(self) -> set[str]:
        """Labels ("app_label.Model") of the models whose personal data is registered."""
        return {label for kind in self for label in kind.models}

    def without_personal_data(self) -> dict[str, str]:
        return dict(self._none)

    # --- What the apps' hooks are run by -------------------------------------------------------

    def remove_project(self, project) -> dict[str, int]:
        """Every kind's removal at the end of the project's archive period, in the caller's
        transaction; files are deleted once it commits. {kind key: count}."""
        counts, files = {}, []
        for kind in self.kinds():
            if kind.archive_end is None:
                continue
            removal = kind.archive_end(project)
            counts[kind.key] = removal.count
            files += removal.files
        delete_files_on_commit(files)
        return counts

    def expire(self, today: datetime.date | None = None) -> dict[str, int]:
        today = today or timezone.localdate()
        counts = {}
        for kind in self.kinds():
            if kind.expire is not None and (count := kind.expire(today)):
                counts[kind.key] = count
        return counts

    def holds(self, person) -> list[str]:
        """Why the person's data must still be kept (empty: nothing requires it)."""
        return [reason for kind in self.kinds() if kind.holds and (reason := kind.holds(person))]

    def anonymise(self, person) -> dict[str, int]:
        counts, files = {}, []
        for kind in self.kinds():
            if kind.anonymise is None:
                continue
            removal = kind.anonymise(person)
            if removal.count:
                counts[kind.key] = removal.count
            files += removal.files
        delete_files_on_commit(files)
        return counts

    def export(self, person) -> list[tuple[Kind, Export]]:
        return [(kind, kind.export(person)) for kind in self.kinds() if kind.export]


def delete_files_on_commit(files: Iterable) -> None:
    """Delete stored files (file system or S3, through their storage) once the transaction that
    removed their rows commits; a rolled-back transaction keeps them."""
    names = [(f.storage, f.name) for f in files if f]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def days_ago(days: int, today: datetime.date | None = None) -> datetime.datetime:
    """The moment ``days`` days before the start of ``today`` (in the portal's time zone)."""
    day = (today or timezone.localdate()) - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


register = Register()


def plain(value):
    """A value as JSON has it: dates and times in ISO 8601, everything else as text."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def rows(queryset, *fields: str) -> list[dict]:
    """The rows of a query as plain dicts of the given fields (``values`` lookups)."""
    return [{name: plain(value) for name, value in row.items()} for row in queryset.values(*fields)]


def record_removal(*, what: str, target=None, count: int = 1, person=None, project=None) -> None:
    """The event of one removal after its retention period: the kind's key, how many rows, and
    which object by type and number (never its name: that is what was removed)."""
    from portal.audit import record
    from portal.events import PrivacyEvent

    data = {"kind": what, "count": count}
    if target is not None:
        data["object"] = f"{target._meta.label_lower}:{target.pk}"
    record(
        verb=PrivacyEvent.REMOVED,
        project=project,
        person=person,
        description=_("Removed after its retention period"),
        data=data,
    )


# --- The portal's own kinds ----------------------------------------------------------------------


def _events_archive_end(project) -> Removal:
    from portal.models import Event

    return Removal(
        Event.objects.filter(project=project)
        .exclude(reason="", data={}, target_repr="", description="")
        .redact()
    )


def _events_anonymise(person) -> Removal:
    from portal.models import Event

    about = Event.objects.filter(person=person).redact()
    done = Event.objects.filter(actor__person=person).redact(actor_name="")
    return Removal(about + done)


def _events_export(person) -> Export:
    from django.db.models import Q

    from portal.audit import event_label
    from portal.models import Event

    events = Event.objects.filter(Q(person=person) | Q(actor__person=person)).order_by(
        "created_at", "pk"
    )
    data = rows(
        events, "created_at", "verb", "description", "from_state", "to_state", "reason",
        "target_type", "target_repr", "project__number", "actor_name",
    )  # fmt: skip
    for row in data:
        row["label"] = event_label(row["verb"])
    return Export(data)


register(
    Kind(
        key="events",
        models=("portal.Event",),
        what=_("The history: who did what and when (audit events), with reasons and changes"),
        purpose=_("Accountability for every change, as a public body must keep"),
        retention=_(
            "The fact stays (what, when, who); the personal text (reasons, changed values, "
            "names) is removed at the end of the project's archive period, and when a person "
            "is anonymised."
        ),
        kept=_("What happened, when, and by whom, without the personal text."),
        order=900,  # last: the other kinds' removals are recorded before
        archive_end=_events_archive_end,
        anonymise=_events_anonymise,
        export=_events_export,
    )
)


def _mail_expire(today) -> int:
    from portal.models import OutgoingMail

    due = OutgoingMail.objects.filter(
        state__in=[OutgoingMail.State.SENT, OutgoingMail.State.FAILED],
        created_at__lt=days_ago(settings.MAIL_BODY_DAYS, today),
    ).exclude(text="", html="", subject="")
    count = 0
    for mail in due.only("pk"):
        with transaction.atomic():
            OutgoingMail.objects.filter(pk=mail.pk).update(
                to=[], reply_to=[], subject="", text="", html=""
            )
            record_removal(what="mail", target=mail)
            count += 1
    return count


def _mail_export(person) -> Export:
    from portal.models import OutgoingMail

    addresses = {a.lower() for a in person_addresses(person)}
    mails = OutgoingMail.objects.exclude(text="", subject="").order_by("created_at", "pk")
    found = [
        {"created_at": plain(m.created_at), "to": m.to, "subject": m.subject, "text": m.text}
        for m in mails.only("created_at", "to", "subject", "text").iterator()
        if addresses & {a.lower() for a in m.to}
    ]
    return Export(found)


def person_addresses(person) -> set[str]:
    """The mail addresses the portal knows of the person (work, notifications, login)."""
    user = getattr(person, "user", None)
    return {a for a in (person.email, person.portal_email, user.email if user else "") if a}


register(
    Kind(
        key="mail",
        models=("portal.OutgoingMail",),
        what=_("Mail the portal sends you: address, subject and text"),
        purpose=_("Telling you what needs your attention and what CBS decided"),
        retention=_("The address, subject and text are removed %(period)s days after sending."),
        period="MAIL_BODY_DAYS",
        recipients=_("The mail provider that delivers it"),
        kept=_("That a mail was sent, and when."),
        order=800,
        expire=_mail_expire,
        export=_mail_export,
    )
)


def _reminders_anonymise(person) -> Removal:
    from portal.models import SentReminder

    return Removal(SentReminder.objects.filter(person=person).delete()[0])


def _reminders_export(person) -> Export:
    from portal.models import SentReminder

    return Export(
        rows(
            SentReminder.objects.filter(person=person).order_by("sent_at"),
            "kind",
            "what",
            "due_date",
            "sent_at",
        )
    )


register(
    Kind(
        key="reminders",
        models=("portal.SentReminder",),
        what=_("Reminders sent to you before something expires"),
        purpose=_("Sending each reminder once"),
        retention=_("Removed when your data is anonymised after you left."),
        order=810,
        anonymise=_reminders_anonymise,
        export=_reminders_export,
    )
)


@transaction.atomic
def _admin_log_expire(today) -> int:
    from django.contrib.admin.models import LogEntry

    due = LogEntry.objects.filter(action_time__lt=days_ago(settings.ADMIN_LOG_DAYS, today))
    count = due.delete()[0]
    if count:
        record_removal(what="admin_log", count=count)
    return count


register(
    Kind(
        key="admin_log",
        models=("admin.LogEntry",),
        what=_("The back office's own log of changes, with the name of what was changed"),
        purpose=_("CBS staff see who changed what in the back office"),
        retention=_("Removed after %(period)s days."),
        period="ADMIN_LOG_DAYS",
        order=820,
        expire=_admin_log_expire,
    )
)

register.no_personal_data(
    "portal.ReminderRun", "portal.CbsDigest", "portal.ServiceLevel", "portal.WorkSummary",
    why="Bookkeeping of the portal's scheduled work: times, counts, CBS staff recipients.",
)  # fmt: skip
register.no_personal_data(
    "auth.Permission", "auth.Group", "contenttypes.ContentType",
    why="Django's permissions and model types.",
)  # fmt: skip
register.no_personal_data(
    "django_tasks_database.DBTaskResult",
    why="Tasks carry the numbers of what they work on (the mail's id), never its content.",
)
