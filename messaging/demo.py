"""Demo data of talking with CBS (idempotent):
- 10014 "Demo projectaanvraag": Piet asked CBS something, CBS answered; Piet has not read it;
- a general question of Piet to Klantenservice, waiting for CBS's answer (for Jan Visser);
- 10013 "Test proces projectaanvraag": submitted, returned once with a comment on a section,
  submitted again: two versions to compare under "Wijzigingen sinds de vorige indiening".
"""

import datetime

from django.utils import timezone

from accounts.demo import STAFF_EMAIL, person
from accounts.models import User
from messaging.models import Message, ReadMark, ReviewComment, Thread
from portal.audit import record
from projects.demo import demo_fill_bijlagen, demo_submitted_version
from projects.models import BijlageVersion, Project, Status

PIET_QUESTION = (
    "Goedemiddag,\n\nWe willen voor dit project ook de SPOLIS-bestanden van 2023 gebruiken. "
    "Kan dat binnen de huidige aanvraag, of moeten we dat apart aanvragen?\n\nGroet, Piet"
)
CBS_ANSWER = (
    "Beste Piet,\n\nDat kan binnen deze aanvraag: voeg het bestand toe onder Bestanden en noem "
    "het jaar in Bijlage 1. Meer over SPOLIS: https://www.cbs.nl/nl-nl/onze-diensten/"
    "maatwerk-en-microdata/microdata-zelf-onderzoek-doen\n\nMet vriendelijke groet,\nJan Visser"
)
GENERAL_SUBJECT = "Token voor Remote Access verlopen"
GENERAL_QUESTION = (
    "Mijn RSA-token verloopt volgende maand. Hoe vraag ik een nieuw token aan, en kan ik tot "
    "die tijd gewoon blijven werken?"
)

V1 = {
    "1": {
        "goal": "<p>We onderzoeken hoe het inkomen van zzp'ers zich ontwikkelt na de start.</p>",
        "questions": "<p>Hoe ontwikkelt het inkomen zich in de eerste vijf jaar?</p>",
        "data": "<p>Inkomensgegevens van CBS.</p>",
        "methods": "<p>Beschrijvende statistiek.</p>",
    },
    "2": {
        "publications": "<p>Een rapport voor de klant.</p>",
        "dates": "<p>Eind 2026.</p>",
    },
    "3": {
        "legal_basis": "<p>Artikel 6 lid 1 sub e AVG.</p>",
        "purpose": "<p>Wetenschappelijk onderzoek naar inkomens van zzp'ers.</p>",
        "safeguards": "<p>Alleen geaggregeerde uitkomsten verlaten de RA-omgeving.</p>",
    },
}
V2 = {
    "1": {
        **V1["1"],
        "data": "<p>Inkomensgegevens van CBS (IPI en IHI, 2015-2023), gekoppeld op RIN-nummer "
        "aan de zelfstandigenregistratie.</p>",
        "methods": "<p>Beschrijvende statistiek en panelregressie met vaste effecten.</p>",
    },
    "2": {**V1["2"], "dates": "<p>Een tussenrapport medio 2026, het eindrapport eind 2026.</p>"},
    "3": V1["3"],
}
COMMENT = (
    'Noem de bestanden die je nodig hebt (met jaren) en hoe je ze koppelt; "inkomensgegevens" '
    "is te algemeen om te beoordelen."
)


def _at(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load(stdout) -> None:
    piet = person("Piet", "Bakker").user
    jan = (
        User.objects.filter(email=STAFF_EMAIL).first()
        or User.objects.filter(is_staff=True).order_by("pk").first()
    )
    _project_thread(Project.objects.get(number=10014), piet, jan)
    _general_question(piet)
    _review_round(Project.objects.get(number=10013), person("Gerro", "Jager").user, jan)


def _message(thread, author, body, when, *, from_cbs):
    return Message.objects.create(
        thread=thread, author=author, author_name=author.display_name if author else "CBS",
        from_cbs=from_cbs, body=body, created_at=when,
    )  # fmt: skip


def _project_thread(project, piet, jan) -> None:
    if Thread.objects.filter(project=project).exists():
        return
    thread = Thread.objects.create(
        project=project, subject=project.title, created_at=_at(3, 10), last_message_at=_at(2, 14)
    )
    asked = _message(thread, piet, PIET_QUESTION, _at(3, 10), from_cbs=False)
    _message(thread, jan, CBS_ANSWER, _at(2, 14), from_cbs=True)
    # Piet read up to his own question: CBS's answer is unread for him.
    ReadMark.objects.create(thread=thread, user=piet, last_read_message_id=asked.pk)
    record(verb="messaging.customer_message", by=piet, target=thread, project=project)
    record(verb="messaging.cbs_message", by=jan, target=thread, project=project)


def _general_question(piet) -> None:
    if Thread.objects.filter(project__isnull=True, subject=GENERAL_SUBJECT).exists():
        return
    thread = Thread.objects.create(
        subject=GENERAL_SUBJECT, started_by=piet, created_at=_at(1, 9), last_message_at=_at(1, 9),
        waiting_since=_at(1, 9),
    )  # fmt: skip
    asked = _message(thread, piet, GENERAL_QUESTION, _at(1, 9), from_cbs=False)
    ReadMark.objects.create(thread=thread, user=piet, last_read_message_id=asked.pk)
    record(verb="messaging.question", by=piet, target=thread, person=piet.person)


def _review_round(project, gerro, jan) -> None:
    """10013: submitted (version 1), returned to Oriëntatie with a comment on "Data needed and
    linking", submitted again (version 2), then taken on by CBS."""
    if BijlageVersion.objects.filter(project=project).exists():
        return
    first = demo_submitted_version(project, 1, V1, at=_at(40, 11), by=gerro)
    ReviewComment.objects.create(
        project=project, version=first, kind=1, section="data", text=COMMENT,
        created_at=_at(35, 15), created_by=jan, author_name=jan.display_name if jan else "CBS",
    )  # fmt: skip
    demo_submitted_version(project, 2, V2, at=_at(30, 10), by=gerro)
    demo_fill_bijlagen(project, V2, version=2, by=gerro)
    moves = [
        (gerro, "project.submit", Status.ORIENTATION, Status.SUBMITTED, ""),
        (jan, "project.return_to_orientation", Status.SUBMITTED, Status.ORIENTATION,
         "Bijlage 1 is niet concreet genoeg over de bestanden; zie de opmerking."),
        (gerro, "project.submit", Status.ORIENTATION, Status.SUBMITTED, ""),
    ]  # fmt: skip
    for by, verb, old, new, reason in moves:
        record(verb=verb, by=by, target=project, project=project, from_state=old, to_state=new,
               reason=reason)  # fmt: skip


# Rapportages' two years of history (reports.demo) writes these rows through here.
def demo_question(*, asker, staff, subject: str, asked_at, answered_at) -> None:
    """A question to Klantenservice asked at ``asked_at`` and answered by CBS at
    ``answered_at``."""
    thread = Thread.objects.create(
        subject=subject, started_by=asker, created_at=asked_at, last_message_at=answered_at
    )
    _message(thread, asker, "Hoe vraag ik een nieuw token aan?", asked_at, from_cbs=False)
    _message(
        thread, staff, "Via het formulier op de pagina Mijn gegevens.", answered_at, from_cbs=True
    )
