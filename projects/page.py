"""The project page's panels, kept per project until a write changes what they show.

The panels below the page's buttons (data and status, checklist, project management, team,
services and files, the apps' panels, agreement attachments and publications) show the project
only, as the reader stands to it. They are rendered once (``projects/_detail_panels.html``) and
kept (``portal.kept``) per project, language, day, tab and the reader's *standing*: their role on
the project, whether a Tekenbevoegde may sign for it, whether they see it as account manager,
whose mobile numbers they see and, for the leader, the team's RA readiness (computed on each
visit, it has a kept result of its own per person). Every rule on a project reads only that of
the reader (``projects.permissions``), so every button in the panels follows from it. The
timeline, the buttons above the panels (the status form with its CSRF token, Berichten with the
reader's unread count) and "Afsluiting aanvragen" are not kept.

What the panels show is the Projectkaart's (``projects.card.CARD_SHOWS``: a write that forgets a
card forgets its page too), the files' attachments (``PAGE_SHOWS``) and what the apps above
declare of their panels (``projects.registry.project_page_reads``). A save or delete of such a
row forgets those projects' pages once it has committed (``page_changed``); a service that writes
them in bulk calls ``projects.card.forget_cards`` (or ``forget_pages`` for what only the page
shows). Kept at most an hour (the panels name people).
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.kept import forget, forget_on_writes, kept
from projects.card import EVERY_CARD, card_stamps
from projects.models import Project, ProjectFile, ProjectFileDocument
from projects.permissions import is_institution_manager, project_role, signs_for
from projects.readiness import next_publication, published_since, readiness_stamps
from projects.registry import project_page_reads

EVERY_PAGE = EVERY_CARD

# What the page's own panels show beside what the Projectkaart shows: {model: function(row) ->
# the ids of the projects whose page shows the row}.
PAGE_SHOWS = {
    # Its file may be gone already (deleted with it, which forgets the page itself).
    ProjectFileDocument: lambda document: ProjectFile.objects.filter(
        pk=document.project_file_id
    ).values_list("project_id", flat=True),
}


def _page_stamp_key(project_id) -> str:
    return f"projects.page.stamp.{project_id}"


def page_stamps(project_id) -> list[str]:
    """The stamps a project's kept panels are kept under (the page's own and its card's): a
    result that shows what the page shows of the project (Mijn instelling's projects list) is
    kept under them too, and forgotten with it."""
    return [_page_stamp_key(project_id), _page_stamp_key(EVERY_PAGE), *card_stamps(project_id)]


def forget_pages(project_ids) -> None:
    """These projects' kept panels (EVERY_PAGE: all) are rendered again on their next visit,
    once the current transaction has committed. (``forget_cards`` forgets them too.)"""
    if project_ids is EVERY_PAGE:
        forget([_page_stamp_key(EVERY_PAGE)])
    else:
        forget(_page_stamp_key(pk) for pk in project_ids)


def page_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save and post_delete of a model of ``PAGE_SHOWS`` or ``project_page_reads``."""
    # A sign-in saves the login's last_login only, which no page shows.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    model = sender._meta.concrete_model  # a proxy's rows are its model's
    for reads in (PAGE_SHOWS, *project_page_reads):
        if model in reads:
            forget_pages(reads[model](instance))


def page_reads_declare(key: str, reads: dict) -> None:
    """Declare what an app's panel on the project page reads ({model: function(row) -> the ids
    of the projects whose page shows it, or EVERY_PAGE}): a save or delete of such a row forgets
    those pages. Called from an app's ready()."""
    project_page_reads.register(key, reads)
    forget_on_writes(reads, page_changed, "projects.page")


def standing(user, project: Project, team) -> tuple:
    """What the kept panels show of the reader (see the module doc)."""
    role = project_role(user, project)
    person = user.person if user.person_id else None
    own_institution_id = getattr(person, "institution_id", None)
    return (
        role,
        signs_for(person, project),
        role is None and is_institution_manager(user, project),
        # Whose mobile number they see (their colleagues'; CBS sees every one).
        tuple(user.is_staff or m.person.institution_id == own_institution_id for m in team),
    )


def kept_panels(
    request, project: Project, team, *, tab: str, docs: str, readiness: bool, panel_context
):
    """The panels' HTML: kept, else rendered from ``panel_context()``. ``readiness``: the panels
    show the team's RA readiness (kept under the stamps of each member's kept readiness too)."""
    language = translation.get_language()
    today = timezone.localdate()
    reader = (*standing(request.user, project, team), readiness, tab, docs)
    digest = hashlib.sha256(repr(reader).encode()).hexdigest()[:24]

    def render():
        context = {**panel_context(), "request": request, "user": request.user}
        return render_to_string("projects/_detail_panels.html", context), next_publication()

    html, _until = kept(
        f"projects.page.{project.pk}.{language}.{digest}",
        render,
        stamps=[
            # What the Projectkaart shows, the page shows: a forgotten card is a forgotten page.
            *page_stamps(project.pk),
            *(readiness_stamps(m.person_id for m in team) if readiness else ()),
        ],
        also=(language, today),
        ends=published_since,
    )
    return html


def connect() -> None:
    """From projects' ready(): the page's own reads forget kept pages."""
    forget_on_writes(PAGE_SHOWS, page_changed, "projects.page")
