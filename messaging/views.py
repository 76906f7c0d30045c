"""The customer's side of talking with CBS: a project's messages, questions to Klantenservice,
attachments, and "Wijzigingen sinds de vorige indiening"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from messaging import services
from messaging.forms import MessageForm, QuestionForm
from messaging.keep import kept_conversation
from messaging.models import Attachment, Message, ReviewComment, Thread
from messaging.unread import unread_messages
from portal.forms import form_status, posted
from portal.permissions import has_permission, require_permission
from portal.refusals import Refusal
from portal.uploads import document_response
from projects.models import Project, Status
from projects.reviews import version_changes, versions_to_compare
from projects.views.common import crumbs, get_project_for

# --- helpers ------------------------------------------------------------------------------------


def _get_question(user, pk: int) -> Thread:
    thread = get_object_or_404(Thread, pk=pk, project__isnull=True)
    require_permission(user, "messaging.view_thread", thread)
    return thread


def _question_crumbs(*extra):
    return [
        (_("Customer service"), reverse("portal:customer_service")),
        (_("My questions"), reverse("messaging:questions") if extra else ""),
        *extra,
    ]


def timeline(thread: Thread | None, project: Project | None, *, documents: bool) -> list[dict]:
    """The conversation newest last: messages (never internal notes) and, for a project, CBS's
    review comments on sections. Two queries (three with attachments), whatever its length."""
    entries = []
    if thread is not None:
        rows = (
            Message.objects.filter(thread=thread, internal=False)
            .only("pk", "author_name", "from_cbs", "body", "created_at", "thread_id")
            .prefetch_related("attachments")
        )
        for message in rows:
            entries.append(
                {
                    "kind": "message",
                    "pk": message.pk,
                    "id": f"bericht-{message.pk}",
                    "author": message.author_name,
                    "from_cbs": message.from_cbs,
                    "when": message.created_at,
                    "body": message.body,
                    "files": [(a.pk, a.original_name) for a in message.attachments.all()],
                    "attachments": [
                        (
                            reverse("messaging:attachment", args=[a.pk]) if documents else "",
                            a.original_name,
                        )
                        for a in message.attachments.all()
                    ],
                }
            )
    if project is not None:
        for comment in ReviewComment.objects.filter(project=project).select_related("version"):
            entries.append(
                {
                    "kind": "comment",
                    "id": f"opmerking-{comment.pk}",
                    "author": comment.author_name,
                    "from_cbs": True,
                    "when": comment.created_at,
                    "body": comment.text,
                    "section": comment.section_label,
                    "version": comment.version.number,
                    "attachments": [],
                }
            )
    entries.sort(key=lambda entry: entry["when"])
    return entries


# --- A project's messages -------------------------------------------------------------------------


def _conversation(request, template: str, *, thread_id, entries, status: int, **context):
    """A conversation's page (a project's Berichten, a question): read when looked at, up to the
    newest message it shows."""
    shown = [entry["pk"] for entry in entries if entry["kind"] == "message"]
    if request.method == "GET" and shown:
        services.thread_mark_read(thread_id=thread_id, by=request.user, up_to=max(shown))
    context = {"entries": entries, **context}
    return render(request, template, context, status=status)


def _send(request, form, *, send, url: str, again):
    """Sending a message of a conversation: a valid form goes to ``send`` (the service); what
    the rules refuse stands beside its field, on the page again (``again``)."""
    if form.is_valid():
        try:
            message = send(body=form.cleaned_data["body"], files=form.cleaned_data["attachments"])
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("Your message has been sent to CBS."))
            return redirect(f"{url}#bericht-{message.pk}")
    return again(form, status=form_status(form))


def _project_conversation(project, *, documents: bool) -> tuple:
    """The project's thread id (None before its first message) and timeline."""
    thread = services.project_thread(project)
    return (thread.pk if thread else None), timeline(thread, project, documents=documents)


def _render_project(request, project, form, *, status=200):
    may_post = has_permission(request.user, "messaging.post", project)
    documents = has_permission(request.user, "projects.view_documents", project)
    # Kept until a write of what it shows (messaging.keep), with the newest message it shows to
    # mark read: 11 -> 6 queries, 45.2 -> 35.5 million instructions a request at scale 1
    # (benchmarks/README.md, "What did pay").
    thread_id, entries = kept_conversation(
        project,
        documents=documents,
        compute=lambda: _project_conversation(project, documents=documents),
    )
    return _conversation(
        request,
        "messaging/project_messages.html",
        thread_id=thread_id,
        entries=entries,
        closed=project.status == Status.CLOSED,
        status=status,
        project=project,
        form=(form or MessageForm()) if may_post else None,
        nav="projects",
        crumbs=crumbs(project, request.user, (_("Messages"), "")),
    )


@login_required
@require_safe
def project_messages(request: HttpRequest, number: int) -> HttpResponse:
    # Nothing of the checklist on the page: its query left out (6 -> 5 queries, 35.5 -> 33.7
    # million instructions a request; benchmarks/README.md).
    project = get_project_for(request.user, number, "messaging.view_thread", bijlagen=False)
    return _render_project(request, project, None)


@login_required
@require_POST
def project_message_send(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "messaging.view_thread")
    require_permission(request.user, "messaging.post", project)
    return _send(
        request,
        MessageForm(**posted(request, files=True)),
        send=lambda **message: services.project_message_send(
            project=project, by=request.user, **message
        ),
        url=reverse("messaging:project", args=[project.number]),
        again=lambda form, status: _render_project(request, project, form, status=status),
    )


# --- Questions to Klantenservice ------------------------------------------------------------------


@login_required
@require_safe
def question_list(request: HttpRequest) -> HttpResponse:
    """Mijn vragen: the signed-in person's questions, newest activity first."""
    require_permission(request.user, "messaging.ask_question")
    threads = list(
        Thread.objects.filter(project__isnull=True, started_by=request.user).order_by(
            "-last_message_at", "-pk"
        )
    )
    mine = Thread.objects.filter(project__isnull=True, started_by=request.user)
    unread = dict(
        unread_messages(request.user, mine)
        .values("thread_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("thread_id", "count")
    )
    for thread in threads:
        thread.unread = unread.get(thread.pk, 0)
    return render(
        request,
        "messaging/questions.html",
        {"threads": threads, "nav": "customer_service", "crumbs": _question_crumbs()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "messaging.ask_question")
    form = QuestionForm(**posted(request, files=True), initial=_about_project(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.question_ask(
                by=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("Your question has been sent to CBS."))
            return redirect("messaging:question", pk=thread.pk)
    return render(
        request,
        "messaging/question_new.html",
        {
            "form": form,
            "nav": "customer_service",
            "crumbs": _question_crumbs((_("Ask a question"), "")),
        },
        status=form_status(form),
    )


def _about_project(request) -> dict:
    """ "Ask a question" from a project's page (?project=<number>): the subject names it, when
    the user may see that project."""
    number = request.GET.get("project", "")
    project = Project.objects.filter(number=number).first() if number.isdigit() else None
    if project is None or not has_permission(request.user, "projects.view", project):
        return {}
    subject = _("Project %(number)s: %(title)s") % {
        "number": project.number,
        "title": project.title,
    }
    return {"subject": subject[:200]}


def _render_question(request, thread, form, *, status=200):
    return _conversation(
        request,
        "messaging/question.html",
        thread_id=thread.pk,
        thread=thread,
        entries=timeline(thread, None, documents=True),
        status=status,
        form=form or MessageForm(),
        nav="customer_service",
        crumbs=_question_crumbs((thread.subject, "")),
    )


@login_required
@require_safe
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _get_question(request.user, pk)
    return _render_question(request, thread, None)


@login_required
@require_POST
def question_reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _get_question(request.user, pk)
    require_permission(request.user, "messaging.post", thread)
    return _send(
        request,
        MessageForm(**posted(request, files=True)),
        send=lambda **message: services.question_reply(thread=thread, by=request.user, **message),
        url=reverse("messaging:question", args=[thread.pk]),
        again=lambda form, status: _render_question(request, thread, form, status=status),
    )


# --- Attachments ----------------------------------------------------------------------------------


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Attachment.objects.select_related("message__thread__project"), pk=pk
    )
    require_permission(request.user, "messaging.view_attachment", document)
    return document_response(
        document.document, filename=document.original_name, content_type=document.content_type
    )


# --- Changes since the previous submission --------------------------------------------------------


@login_required
@require_safe
def project_changes(request: HttpRequest, number: int) -> HttpResponse:
    """Wijzigingen sinds de vorige indiening: per section, what was removed and added."""
    project = get_project_for(request.user, number, "messaging.view_thread")
    try:
        chosen_number = int(request.GET.get("versie", ""))
    except ValueError:
        chosen_number = None
    previous, chosen, versions = versions_to_compare(project, chosen_number)
    if chosen_number is not None and (chosen is None or chosen.number != chosen_number):
        raise Http404
    changes = version_changes(previous, chosen) if chosen is not None else []
    # Beside each changed section, what CBS remarked on it in the previous version: the
    # question the change answers (one query).
    remarks: dict = {}
    if previous is not None:
        for comment in ReviewComment.objects.filter(project=project, version=previous):
            remarks.setdefault((comment.kind, comment.section), []).append(comment)
    for bijlage in changes:
        for section in bijlage.sections:
            section.comments = remarks.get((section.kind, section.key), [])
    return render(
        request,
        "messaging/changes.html",
        {
            "project": project,
            "previous": previous,
            "chosen": chosen,
            "versions": versions,
            "changes": changes,
            "nav": "projects",
            "crumbs": crumbs(
                project, request.user, (_("Changes since the previous submission"), "")
            ),
        },
    )
