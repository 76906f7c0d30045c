"""The project page, its Geschiedenis and the Projectkaart (PDF)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.i18n import in_language
from portal.models import Event
from portal.permissions import has_permission
from projects import services
from projects.card import render_project_card
from projects.forms import StatusChangeForm
from projects.history import history_rows
from projects.lifecycle import has_signatory
from projects.models import FileKind, PreparationStatus, Project, ProjectFile, ProjectService, Role
from projects.page import kept_panels
from projects.permissions import is_institution_manager, project_role
from projects.readiness import remote_access_of, team_readiness
from projects.registry import project_page
from projects.views.closure import phase4_context
from projects.views.common import crumbs, get_project_for, team_sort_key

HISTORY_PAGE_SIZE = 25
FILE_TABS = ("services", "files")
DOCUMENT_TABS = ("agreement", "publications")


def _file_rows(project: Project) -> list[dict]:
    """The "Bestanden" tab: each file with its documents in one query (LEFT JOIN documents)."""
    kinds = dict(FileKind.choices)
    rows: dict[int, dict] = {}
    preparation = dict(PreparationStatus.choices)
    for (
        pk,
        created_at,
        kind,
        explanation,
        code,
        name,
        name_en,
        doc_pk,
        doc_name,
        prep_status,
        prep_date,
        prep_reason,
    ) in (  # fmt: skip
        ProjectFile.objects.filter(project=project)
        .order_by("-created_at", "-pk", "documents__pk")
        .values_list(
            "pk",
            "created_at",
            "kind",
            "explanation",
            "data_file__code",
            "data_file__name",
            "data_file__name_en",
            "documents__pk",
            "documents__original_name",
            "preparation_status",
            "preparation_date",
            "preparation_reason",
        )
    ):
        row = rows.get(pk)
        if row is None:
            row = rows[pk] = {
                "created_at": created_at,
                "code": code or "",
                "description": in_language(name, name_en) if name else kinds[kind],
                "explanation": explanation,
                "documents": [],
                "preparation_status": preparation.get(prep_status, prep_status),
                "preparation_date": prep_date,
                "preparation_reason": prep_reason,
            }
        if doc_pk is not None:
            url = reverse("projects:file_document", args=[project.number, doc_pk])
            row["documents"].append((url, doc_name))
    return list(rows.values())


def _service_rows(project: Project) -> list[dict]:
    """The "Diensten" tab."""
    return [
        {
            "created_at": created_at,
            "code": code,
            "description": in_language(name, name_en),
            "explanation": explanation,
        }
        for created_at, explanation, code, name, name_en in ProjectService.objects.filter(
            project=project
        )
        .order_by("-created_at", "-pk")
        .values_list(
            "created_at", "explanation", "service__code", "service__name", "service__name_en"
        )
    ]


@login_required
@require_safe
def project_detail(request: HttpRequest, number: int) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in FILE_TABS else "files"
    docs = request.GET.get("docs") if request.GET.get("docs") in DOCUMENT_TABS else "agreement"
    user = request.user
    project = get_project_for(user, number)
    team = sorted(project.team.all(), key=team_sort_key)
    may = {
        "settings": has_permission(user, "projects.change_settings", project),
        "team": has_permission(user, "projects.manage_team", project),
        "readiness": has_permission(user, "projects.view_ra_readiness", project),
        "files": has_permission(user, "projects.add_files", project),
        "services": has_permission(user, "projects.add_services", project),
        "publications": has_permission(user, "projects.add_publications", project),
        "documents": has_permission(user, "projects.view_documents", project),
    }
    panels = project_page.keys_by_value()

    def panel_context() -> dict:
        """What the kept panels (projects.page) read, read only when they are rendered."""
        # The "RA gereed" column, for the leader in every phase (a constant number of queries;
        # the team's RA fields came with the team).
        readiness = (
            team_readiness(team, remote=remote_access_of(m.person for m in team))
            if may["readiness"]
            else {}
        )
        own_institution_id = getattr(user.person, "institution_id", None)
        for member in team:
            # The work email reaches anyone on the team; a mobile number only colleagues (and
            # CBS).
            member.show_mobile = user.is_staff or member.person.institution_id == own_institution_id
            member.ra_readiness = readiness.get(member.pk)
        return {
            "project": project,
            "team": team,
            "leaders": [m for m in team if m.role == Role.LEADER],
            "has_signatory": has_signatory(project),
            "bijlagen": sorted(project.bijlagen.all(), key=lambda b: b.kind),
            "tab": tab,
            "docs": docs,
            # Only the rows of the tabs shown: one of files/services, one of
            # agreement/publications.
            "items": _service_rows(project) if tab == "services" else _file_rows(project),
            "publications": list(project.publications.all()) if docs == "publications" else [],
            "may": may,
            "panels": panels,
        }

    moves = services.available_moves(project=project, user=user)
    status_options = [(move, move.missing(project)) for move in moves]
    ready_moves = [move for move, missing in status_options if not missing]
    role = project_role(user, project)
    trail = crumbs(project, user)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            **phase4_context(project=project, user=user),
            "role": role,
            "is_manager_view": role is None and is_institution_manager(user, project),
            "status_options": status_options,
            "status_form": StatusChangeForm(moves=ready_moves) if ready_moves else None,
            "may": may,
            "panels": panels,
            "kept_panels": kept_panels(
                request,
                project,
                team,
                tab=tab,
                docs=docs,
                readiness=may["readiness"],
                panel_context=panel_context,
            ),
            "nav": "projects",
            "crumbs": [*trail[:-1], (trail[-1][0], "")],
        },
    )


@login_required
@require_safe
def project_history(request: HttpRequest, number: int) -> HttpResponse:
    """Geschiedenis: what was recorded of the project, newest first, a page at a time.

    A page of its own rather than a panel of the project page: it grows with every change, and
    paging through it should not render (and query) the whole project page each time.
    """
    project = get_project_for(request.user, number)
    history = Paginator(
        Event.objects.filter(project=project).defer("data"), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/history.html",
        {
            "project": project,
            "history": history,
            "history_rows": history_rows(history.object_list),
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("History"), "")),
        },
    )


@login_required
@require_safe
def project_card(request: HttpRequest, number: int) -> HttpResponse:
    """The Projectkaart: a PDF of the whole project."""
    project = get_project_for(request.user, number)
    pdf = render_project_card(project)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="projectkaart-{project.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
