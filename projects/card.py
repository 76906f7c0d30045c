"""The Projectkaart: a PDF of the whole project, made by portal.pdf (WeasyPrint with the
static-only fetcher: text typed by users cannot make the server fetch anything).

It is made from the project as it is now and kept per project and language (``portal.kept``)
until something it shows changes. ``CARD_SHOWS`` is the one definition of what that is: the rows
``card_project`` reads, each with the projects whose card it appears on. A save or delete of such
a row forgets those cards once it has committed (``card_changed``, connected in the app's
``ready()``); the services that write such rows in bulk call ``forget_cards`` themselves. The next
download renders the card again. Kept at most an hour (it names people). The back office's
table of a project's bijlagen is kept under the card's stamps too (``projects.admin``): the
people it names, their bijlagen's last editors, are in ``CARD_SHOWS`` for it.
Measured at scale 1 (the app's CPU a request, Django's test client, ceiling 3-4 ms): 19-22 ->
7.9 ms, 12 -> 6 queries (kept under the hash of its HTML, every download still read the project
and rendered the HTML).
"""

import weasyprint
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Institution, Person, User
from portal.kept import forget, kept
from portal.pdf import html_to_pdf
from projects.models import (
    Bijlage,
    DataFile,
    Project,
    ProjectFile,
    ProjectService,
    Publication,
    Service,
    TeamMember,
)

CARD_CSS = "projects/projectkaart.css"
EVERY_CARD = "every"


def _of_its_project(row) -> list[int]:
    return [row.project_id]


def _of_the_person(person: Person):
    """The projects whose team the person is on, whose CBS contact they are, or a bijlage of
    which they changed last (the back office's table of bijlagen names them, ``projects.admin.
    bijlagen_table``: it is kept under the card's stamps)."""
    on_team = TeamMember.objects.filter(person=person).values_list("project_id", flat=True)
    contact = Project.objects.filter(cbs_contact__person=person).values_list("pk", flat=True)
    edited = Bijlage.objects.filter(updated_by__person=person).values_list("project_id", flat=True)
    return [*on_team, *contact, *edited]


def _of_the_login(user: User):
    """The CBS contact's name is their login's (``display_name``): its email, or its person's.
    A person anonymised has their fields blanked in bulk, then their login saved: the login
    stands for the person."""
    contact = Project.objects.filter(cbs_contact=user).values_list("pk", flat=True)
    on_team = TeamMember.objects.filter(person_id=user.person_id).values_list(
        "project_id", flat=True
    )
    edited = Bijlage.objects.filter(updated_by=user).values_list("project_id", flat=True)
    return [*contact, *(on_team if user.person_id else []), *edited]


# What the Projectkaart shows (``card_project`` and projects/card.html): {model: function(row)
# -> the ids of the projects whose card shows the row, or EVERY_CARD}.
CARD_SHOWS = {
    Project: lambda project: [project.pk],
    TeamMember: _of_its_project,
    Bijlage: _of_its_project,
    ProjectFile: _of_its_project,
    ProjectService: _of_its_project,
    Publication: _of_its_project,
    Person: _of_the_person,  # the team's names and emails, the CBS contact's name
    User: _of_the_login,
    # Institutions' names and the catalogue: rarely changed, on many cards.
    Institution: lambda institution: EVERY_CARD,
    DataFile: lambda item: EVERY_CARD,
    Service: lambda item: EVERY_CARD,
}


def card_project(project: Project) -> Project:
    return (
        Project.objects.select_related("institution", "cbs_contact__person")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related("person__institution").order_by(
                    "person__last_name", "pk"
                ),
            ),
            "bijlagen",
            Prefetch("files", queryset=ProjectFile.objects.select_related("data_file")),
            Prefetch("services", queryset=ProjectService.objects.select_related("service")),
            "publications",
        )
        .get(pk=project.pk)
    )


def _render(project: Project) -> bytes:
    project = card_project(project)
    bijlagen = sorted(project.bijlagen.all(), key=lambda b: b.kind)
    html = render_to_string(
        "projects/card.html",
        {
            "project": project,
            "bijlagen": [
                {
                    "bijlage": bijlage,
                    "sections": [
                        (section.label, bijlage.sections.get(section.key, ""))
                        for section in bijlage.definition.sections
                    ],
                }
                for bijlage in bijlagen
            ],
        },
    )
    return html_to_pdf(html, stylesheets=(CARD_CSS,))


def _stamp_key(project_id) -> str:
    return f"projects.card.stamp.{project_id}"


def card_stamps(project_id) -> list[str]:
    """The stamps a project's card is kept under: a result that shows what the card shows (the
    project page's panels) is kept under them too, and forgotten with it."""
    return [_stamp_key(project_id), _stamp_key(EVERY_CARD)]


def render_project_card(project: Project) -> bytes:
    """The card in the current language: kept, else rendered (see the module doc)."""
    language = translation.get_language()
    return kept(
        f"projects.card.{project.pk}.{language}",
        lambda: _render(project),
        stamps=card_stamps(project.pk),
        also=(language, weasyprint.__version__),
    )


def forget_cards(project_ids) -> None:
    """These projects' cards (EVERY_CARD: all) are rendered again on their next download, once
    the current transaction has committed."""
    if project_ids is EVERY_CARD:
        forget([_stamp_key(EVERY_CARD)])
    else:
        forget(_stamp_key(pk) for pk in project_ids)


def card_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save and post_delete of any model: forgets the cards that show the row."""
    shows = CARD_SHOWS.get(sender._meta.concrete_model)  # a proxy's rows are its model's
    # A sign-in saves the login's last_login only, which no card shows.
    if shows is None or (update_fields and set(update_fields) <= {"last_login"}):
        return
    forget_cards(shows(instance))
