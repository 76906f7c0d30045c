"""Scale data of messaging (bulk inserts, deterministic):
a conversation on every fourth project (a question, CBS's answer, a follow-up; an attachment on
some), read marks of the leaders, a question to Klantenservice of every tenth user, a frozen
version of the bijlagen for every submitted project and a review comment on some."""

import datetime

from benchmarks.seed.base import PLACEHOLDER_PDF
from messaging.models import Attachment, Message, ReadMark, ReviewComment, Thread
from projects.models import Bijlage, BijlageVersion, Role, Status

BATCH = 2000


class MessagingSeeder:
    def seed_messaging(self, counts):
        counts |= seed(
            projects=self.projects, team=self.team, users=self.users, staff=self.staff,
            now=self.now, placeholder=self.placeholder("message-attachments"),
            pdf_size=len(PLACEHOLDER_PDF),
        )  # fmt: skip


def seed(*, projects, team, users, staff, now, placeholder, pdf_size) -> dict:
    user_of = {user.person_id: user for user in users}
    leaders = {}
    for member in team:
        if member.role == Role.LEADER and member.person_id in user_of:
            leaders.setdefault(member.project_id, user_of[member.person_id])
    counts = {}

    threads, authors = [], []
    for i, project in enumerate(projects):
        leader = leaders.get(project.pk)
        if leader is None or i % 4:
            continue
        when = now - datetime.timedelta(days=30 + i % 300)
        waiting = i % 8 == 0
        threads.append(Thread(project=project, subject=project.title[:200], created_at=when,
                              last_message_at=when + datetime.timedelta(days=2),
                              waiting_since=when + datetime.timedelta(days=2) if waiting
                              else None))  # fmt: skip
        authors.append((leader, waiting))
    for i, user in enumerate(users[::10]):
        when = now - datetime.timedelta(days=5 + i % 60)
        threads.append(Thread(subject=f"Vraag {i + 1} over Remote Access", started_by=user,
                              created_at=when, last_message_at=when,
                              waiting_since=when if i % 3 == 0 else None))  # fmt: skip
        authors.append((user, i % 3 == 0))
    threads = Thread.objects.bulk_create(threads, batch_size=BATCH)
    counts["conversations"] = len(threads)

    messages = []
    for thread, (customer, waiting) in zip(threads, authors, strict=True):
        start = thread.created_at
        messages.append(Message(thread=thread, author=customer, author_name=customer.email,
                                body="Kunnen we dit bestand ook gebruiken? Zie https://www.cbs.nl/",
                                created_at=start))  # fmt: skip
        if not waiting or thread.project_id is not None:
            messages.append(Message(thread=thread, author=staff, author_name=staff.email,
                                    from_cbs=True, body="Ja, dat kan.\nGroet, CBS",
                                    created_at=start + datetime.timedelta(days=1)))  # fmt: skip
        if thread.project_id is not None:
            messages.append(Message(thread=thread, author=staff, author_name=staff.email,
                                    from_cbs=True, internal=True, body="Interne notitie",
                                    created_at=start + datetime.timedelta(hours=30)))  # fmt: skip
            if waiting:
                messages.append(Message(thread=thread, author=customer,
                                        author_name=customer.email, body="Nog een vraag.",
                                        created_at=start + datetime.timedelta(days=2)))  # fmt: skip
    messages = Message.objects.bulk_create(messages, batch_size=BATCH)
    counts["messages"] = len(messages)
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=message,
                document=placeholder,
                original_name="toelichting.pdf",
                content_type="application/pdf",
                size=pdf_size,
            )
            for message in messages[::7]
            if not message.from_cbs
        ],  # fmt: skip
        batch_size=BATCH,
    )
    # Every customer read their conversation up to their own first message.
    first = {}
    for message in messages:
        first.setdefault(message.thread_id, message)
    counts["read marks"] = len(ReadMark.objects.bulk_create(
        [ReadMark(thread_id=thread_id, user=message.author, last_read_message_id=message.pk)
         for thread_id, message in first.items()],
        batch_size=BATCH,
    ))  # fmt: skip

    submitted = [p for p in projects if p.status != Status.ORIENTATION]
    sections = {}
    for bijlage in Bijlage.objects.filter(project__in=submitted).only("project_id", "kind",
                                                                      "sections"):  # fmt: skip
        sections.setdefault(bijlage.project_id, {})[str(bijlage.kind)] = bijlage.sections
    versions = BijlageVersion.objects.bulk_create(
        [
            BijlageVersion(
                project=p,
                number=1,
                texts=sections.get(p.pk, {}),
                submitted_at=now - datetime.timedelta(days=60),
                submitted_by=leaders.get(p.pk),
            )
            for p in submitted
        ],  # fmt: skip
        batch_size=BATCH,
    )
    counts["submitted versions"] = len(versions)
    ReviewComment.objects.bulk_create(
        [
            ReviewComment(
                project_id=v.project_id,
                version=v,
                kind=1,
                section="data",
                text="Noem de bestanden en jaren.",
                created_by=staff,
                author_name=staff.email,
                created_at=v.submitted_at,
            )
            for v in versions[::5]
        ],  # fmt: skip
        batch_size=BATCH,
    )
    return counts
