"""Reminders before things expire: one mechanism, one daily command (``send_reminders``).

Each app declares its kinds of reminder in its own ``reminders.py`` (found by autodiscovery):
what it finds, who gets it, and when::

    @reminder_kind("rsa_token", label=_("RSA token expires"), days_before=(30, 7),
                   template="accounts/mail/reminder_rsa_token")
    def rsa_tokens(*, today, horizon, person=None) -> Iterable[Due]:
        ...  # everything that expires on or before ``horizon`` (only ``person``'s when given)

``run_reminders`` sends, for every kind, one mail per person, thing and moment: a thing that
expires in 20 days gets the "30 days" reminder once, and later the "7 days" one once. What was
sent is recorded (``SentReminder``, unique per kind, thing, moment and person), and each kind
runs under a row lock (``ReminderRun``), so running the command twice, or on two servers at
once, sends one mail. A fixed number of queries per kind, however many people are reminded.
Mails go through the task queue in the person's language, with a plain-text part and a link to
the page where the person acts.

"Verloopt binnenkort" on Mijn gegevens is every kind's rule asked for one person
(``upcoming_for``). It is kept per person and language in the cache (``expiring_for``,
``portal.kept``) and computed again when it may have changed: each kind declares beside its rule
what it reads (``reads``: {model: the ids of the persons whose result a saved or deleted row
changes, or ``EVERYONE``}), and a save or delete of such a row forgets their results on commit;
services that write such rows in bulk (``QuerySet.update``, ``bulk_create``) call
``forget_expiring`` themselves. What is kept also ends with the day (things come within their
window as time passes), and the daily run forgets everyone's (its actions change the links).
Measured at scale 1 (the app's CPU a request, Django's test client, ceiling 3-4 ms): Mijn
gegevens 32-35 -> 20.5 ms, 16 -> 12 queries.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation

from portal.kept import EVERYONE, forget_on_writes, forget_persons, kept, person_stamps
from portal.mail import absolute_url, send_templated_mail
from portal.models import ReminderRun, SentReminder


@dataclass(frozen=True)
class Due:
    """One thing that expires, for one person (``person.user`` selected with it)."""

    person: object  # accounts.Person
    thing: str  # stable key of what expires, e.g. "project:10014:2027-01-01"
    due_date: datetime.date
    what: str  # shown to the person, e.g. the project's title
    url: Callable[[], str]  # the page where the person acts (reversed in their language)
    context: dict = field(default_factory=dict)
    # More places to act: {name: path}, reversed in the person's language; the mail gets each
    # as an absolute URL under that name.
    links: Callable[[], dict] | None = None


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: str
    days_before: tuple[int, ...]
    template: str
    find: Callable[..., Iterable[Due]]
    # Reminders keep coming after the date has passed (e.g. an awareness test that lapsed).
    after_due: bool = False
    # Called with the reminders about to be mailed, in the same transaction (e.g. to create
    # the action that goes with each mail), once per run: keeps the query count flat.
    on_send: Callable[[list[Due]], None] | None = None
    # Housekeeping before each run (e.g. withdraw actions nobody needs any more); returns a
    # count for the report.
    before_run: Callable[..., int] | None = None
    # What the rule reads, for keeping its result per person ("Verloopt binnenkort"):
    # {model: function(row) -> ids of the persons whose result the row's save or delete may
    # change, or EVERYONE}.
    reads: dict = field(default_factory=dict)

    @property
    def horizon_days(self) -> int:
        return max(self.days_before)

    def moment(self, due_date: datetime.date, today: datetime.date) -> int | None:
        """The smallest ``days_before`` that the thing is within, or None if not yet due."""
        days_left = (due_date - today).days
        if days_left < 0 and not self.after_due:
            return None
        within = [days for days in self.days_before if days_left <= days]
        return min(within) if within else None


_kinds: dict[str, ReminderKind] = {}


def reminder_kind(
    key: str,
    *,
    label,
    days_before,
    template: str,
    after_due: bool = False,
    on_send=None,
    before_run=None,
    reads=None,
):
    def register(find):
        if key in _kinds:
            raise ValueError(f"A reminder kind {key!r} is already registered.")
        _kinds[key] = ReminderKind(
            key,
            label,
            tuple(days_before),
            template,
            find,
            after_due,
            on_send,
            before_run,
            reads or {},
        )
        return find

    return register


def reminder_kinds() -> list[ReminderKind]:
    return list(_kinds.values())


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in reminder_kinds()]


@dataclass
class RunResult:
    sent: dict[str, int] = field(default_factory=dict)
    # What each kind's ``before_run`` did (e.g. actions withdrawn).
    tidied: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def run_reminders(*, today: datetime.date | None = None, kinds: Iterable[str] = ()) -> RunResult:
    """Send every reminder that is due today and was not sent before; see the module doc."""
    today = today or timezone.localdate()
    kinds = set(kinds)
    result = RunResult()
    for kind in reminder_kinds():
        if not kinds or kind.key in kinds:
            result.sent[kind.key], result.tidied[kind.key] = _run_kind(kind, today)
    # The run opened and withdrew actions (where "Verloopt binnenkort" links to) in bulk.
    forget_expiring(EVERYONE)
    return result


@transaction.atomic
def _run_kind(kind: ReminderKind, today: datetime.date) -> tuple[int, int]:
    # One run of a kind at a time (two servers, or a second run started by hand): the second
    # waits for the first to commit, then finds its records and sends nothing.
    ReminderRun.objects.bulk_create([ReminderRun(kind=kind.key)], ignore_conflicts=True)
    ReminderRun.objects.select_for_update().filter(kind=kind.key).update(ran_at=timezone.now())
    tidied = kind.before_run(today=today) if kind.before_run else 0
    horizon = today + datetime.timedelta(days=kind.horizon_days)
    candidates = []
    for due in kind.find(today=today, horizon=horizon):
        moment = kind.moment(due.due_date, today)
        if moment is not None:
            candidates.append((due, moment))
    if not candidates:
        return 0, tidied
    already = set(
        SentReminder.objects.filter(
            kind=kind.key, thing__in={due.thing for due, _ in candidates}
        ).values_list("thing", "moment", "person_id")
    )
    new = [(due, m) for due, m in candidates if (due.thing, m, due.person.pk) not in already]
    SentReminder.objects.bulk_create(
        SentReminder(
            kind=kind.key,
            thing=due.thing,
            moment=moment,
            person=due.person,
            due_date=due.due_date,
            what=str(due.what)[:300],
        )
        for due, moment in new
    )
    if kind.on_send is not None and new:
        kind.on_send([due for due, _ in new])
    for due, _ in new:
        _mail(kind, due, today)
    return len(new), tidied


def _mail(kind: ReminderKind, due: Due, today: datetime.date) -> None:
    person = due.person
    address = person.notification_email
    if not address:
        return
    with translation.override(person.language):
        url = absolute_url(due.url())
        links = {
            name: absolute_url(path) for name, path in (due.links() if due.links else {}).items()
        }
    send_templated_mail(
        to=address,
        template=kind.template,
        context={
            "name": person.first_name,
            "what": str(due.what),
            "due_date": due.due_date.strftime("%d-%m-%Y"),
            "days_left": (due.due_date - today).days,
            "url": url,
            **links,
            **due.context,
        },
        language=person.language,
    )


@dataclass(frozen=True)
class Upcoming:
    label: str
    what: str
    due_date: datetime.date
    url: str


def upcoming_for(person, *, today: datetime.date | None = None) -> list[Upcoming]:
    """What will expire for this person within each kind's reminder window ("Verloopt
    binnenkort" on Mijn gegevens), soonest first."""
    today = today or timezone.localdate()
    items = []
    for kind in reminder_kinds():
        horizon = today + datetime.timedelta(days=kind.horizon_days)
        for due in kind.find(today=today, horizon=horizon, person=person):
            if kind.moment(due.due_date, today) is not None:
                items.append(Upcoming(kind.label, str(due.what), due.due_date, due.url()))
    return sorted(items, key=lambda item: item.due_date)


# "Verloopt binnenkort", kept per person (see the module doc) ---------------------------------


def expiring_for(person, *, today: datetime.date | None = None) -> list[Upcoming]:
    """``upcoming_for(person)``, kept per person and language until a write forgets it, and
    for one day. Its labels, texts and links are in the current language."""
    today = today or timezone.localdate()
    language = translation.get_language()
    return kept(
        f"portal.expiring.{person.pk}.{language}",
        lambda: [
            Upcoming(str(item.label), str(item.what), item.due_date, item.url)
            for item in upcoming_for(person, today=today)
        ],
        stamps=person_stamps("portal.expiring", person.pk),
        also=(language, today),
    )


def forget_expiring(person_ids) -> None:
    """These persons' "Verloopt binnenkort" (``EVERYONE``: everyone's) is computed again on
    their next visit, once the current transaction has committed."""
    forget_persons("portal.expiring", person_ids)


def _forget_read(sender, instance, **kwargs) -> None:
    model = sender._meta.concrete_model  # a proxy's rows are its model's (RemoteAccessPerson)
    # Kinds that read a model alike share the function: each asked once.
    for persons in {kind.reads[model] for kind in reminder_kinds() if model in kind.reads}:
        forget_expiring(persons(instance))


def connect_reads() -> None:
    """Forget what is kept when a row that a kind reads is saved or deleted (called once, from
    portal's AppConfig.ready(), after the apps' reminders modules are loaded)."""
    forget_on_writes(
        {model for kind in reminder_kinds() for model in kind.reads},
        _forget_read,
        "portal.expiring",
    )
