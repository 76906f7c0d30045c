from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.i18n import in_language
from portal.models import Event
from portal.permissions import has_permission, require_permission
from portal.uploads import document_response
from projects import services
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.card import render_project_card
from projects.forms import (
    BijlageForm,
    ProjectCreateForm,
    ProjectFileForm,
    ProjectServiceForm,
    ProjectSettingsForm,
    PublicationForm,
    StatusChangeForm,
    TeamMemberAddForm,
    TeamMemberChangeForm,
)
from projects.history import history_rows
from projects.lifecycle import has_signatory
from projects.models import (
    Bijlage,
    BijlageStatus,
    FileKind,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Role,
    TeamMember,
)
from projects.permissions import is_institution_manager, project_role
from projects.views_closure import archived_memberships, phase4_context

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 25
SORTS = {
    "title": "title",
    "number": "number",
    "role": "my_role",
    "start_date": "start_date",
    "end_date": "end_date",
    "status": "status",
}
COLUMNS = [
    ("title", gettext_lazy("Project name")),
    ("number", gettext_lazy("Project")),
    ("role", gettext_lazy("Role")),
    ("start_date", pgettext_lazy("project", "Start date")),
    ("end_date", pgettext_lazy("project", "End date")),
    ("status", gettext_lazy("Status")),
]
FILE_TABS = ("services", "files")
DOCUMENT_TABS = ("agreement", "publications")


def _team_prefetch() -> Prefetch:
    return Prefetch(
        "team",
        queryset=TeamMember.objects.select_related("person__institution", "person__user").order_by(
            "person__last_name", "person__first_name", "pk"
        ),
    )


def _detail_team_prefetch() -> Prefetch:
    """The team as the project page shows it: no login rows, only the person's shown fields.

    Unordered: the view sorts the handful of rows (ORDER BY over the joined person costs more
    to build than sorting them).
    """
    return Prefetch(
        "team",
        queryset=TeamMember.objects.select_related("person__institution")
        .only(
            *(field.attname for field in TeamMember._meta.concrete_fields),
            "person__institution_id",
            "person__initials",
            "person__first_name",
            "person__prefix",
            "person__last_name",
            "person__email",
            "person__mobile",
            "person__institution__name",
        )
        .order_by(),
    )


def _detail_bijlagen_prefetch() -> Prefetch:
    """Kind and status of the checklist (not the sections' text); the view sorts by kind."""
    return Prefetch(
        "bijlagen", queryset=Bijlage.objects.only("project_id", "kind", "status").order_by()
    )


def _team_sort_key(member: TeamMember):
    return (member.person.last_name, member.person.first_name, member.pk)


class CountOverPaginator(Paginator):
    """A Paginator of a queryset whose page and total come from one query (COUNT(*) OVER ()).

    Django's counts in a query of its own first; this reads the total from the page's rows and
    counts separately only when the page asked for has no rows (out of range: Django's way).
    """

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number >= 1 and not self.orphans:
            bottom = (number - 1) * self.per_page
            rows = list(
                self.object_list.annotate(_count_over=Window(Count("pk")))[
                    bottom : bottom + self.per_page
                ]
            )
            if rows or number == 1:
                self.count = rows[0]._count_over if rows else 0
                return self._get_page(rows, number, self)
        return super().get_page(number)


def get_project_for(user, number: int, perm: str = "projects.view") -> Project:
    """The project with its team, or 404 for anyone who may not (``perm``) on it."""
    project = get_object_or_404(
        Project.objects.select_related("institution", "cbs_contact__person").prefetch_related(
            _team_prefetch(), "bijlagen"
        ),
        number=number,
    )
    require_permission(user, "projects.view", project)
    if perm != "projects.view" and not has_permission(user, perm, project):
        raise Http404
    return project


def _crumbs(project: Project, user, *extra):
    role = project_role(user, project)
    label = _("Project (%(role)s)") % {"role": Role(role).label if role else _("Account manager")}
    return [(_("Projects"), reverse("projects:list")), (label, project_url(project)), *extra]


def project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.number])


def _number_url(name: str, *args):
    """A function number -> reverse(name, args=[*args, number]), reversing only once (for rows)."""
    marker = 987654321
    prefix, suffix = reverse(name, args=[*args, marker]).rsplit(str(marker), 1)
    return lambda number: f"{prefix}{int(number)}{suffix}"


def dmy(value) -> str:
    """A date as the templates' ``|date:"d-m-Y"`` shows it ("" for none), without the filter."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}" if value else ""


def _bound(request, *, files: bool = False) -> tuple:
    """Form data for a POST (even an empty one), nothing for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- List and create --------------------------------------------------------------------------


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    person = request.user.person if request.user.person_id else None
    query = (request.GET.get("q") or "").strip()
    sort = request.GET.get("sort") or "-number"
    if sort.lstrip("-") not in SORTS:
        sort = "-number"
    if person is None:
        projects = Project.objects.none()
    else:
        # The same memberships that give access (see projects.permissions.project_role).
        today = timezone.localdate()
        memberships = TeamMember.objects.filter(person=person).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        # Closed projects in their archive period: the team of the closing day reads them.
        memberships = memberships | archived_memberships(person, today)
        visible = Q(pk__in=memberships.values("project_id"))
        if person.is_account_manager:
            visible |= Q(institution_id=person.institution_id)
        # Unordered: the model's ordering would join project and person into every row's lookup.
        my_role = memberships.filter(project=OuterRef("pk")).order_by().values("role")
        projects = (
            Project.objects.filter(visible)
            .annotate(my_role=Subquery(my_role[:1]))
            .only("number", "title", "start_date", "end_date", "status")
        )
        if query:
            match = Q(title__icontains=query)
            if query.isdigit():
                match |= Q(number=int(query))
            projects = projects.filter(match)
        field = SORTS[sort.lstrip("-")]
        projects = projects.order_by(f"-{field}" if sort.startswith("-") else field, "-number")
    page = CountOverPaginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    # Per row only what differs: the link, the role and the dates, worked out here once
    # instead of by a {% url %}, a translation and two |date filters in the template per row.
    manager_label = _("Account manager")
    role_labels = {role.value: str(role.label) for role in Role}
    detail_url = _number_url("projects:detail")
    for project in page:
        project.url = detail_url(project.number)
        project.role_label = role_labels[project.my_role] if project.my_role else manager_label
        project.start_display = dmy(project.start_date)
        project.end_display = dmy(project.end_date)
    columns = []
    for key, label in COLUMNS:
        active = sort.lstrip("-") == key
        descending = active and sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": f"{key}" if descending or not active else f"-{key}",
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "query": query,
            "sort": sort,
            "columns": columns,
            "keep": "&" + urlencode({"sort": sort, "q": query}),
            "may_create": has_permission(request.user, "projects.create"),
            "nav": "projects",
            "crumbs": [(_("Projects"), "")],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "projects.create")
    form = ProjectCreateForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Project %(number)s has been created.") % {"number": project.number},
            )
            return redirect(project_url(project))
    return render(
        request,
        "projects/create.html",
        {
            "form": form,
            "nav": "projects",
            "crumbs": [(_("Projects"), reverse("projects:list")), (_("Create new project"), "")],
        },
    )


# --- The project page -------------------------------------------------------------------------


def _detail_project_queryset():
    """The project with what its page shows of the institution and the CBS contact person.

    Only the shown columns of the joined rows (a user and a person have dozens): the page's
    largest query, read on every visit.
    """
    return (
        Project.objects.select_related("institution", "cbs_contact__person")
        .only(
            *(field.attname for field in Project._meta.concrete_fields),
            "institution__name",
            "cbs_contact__email",
            "cbs_contact__person__first_name",
            "cbs_contact__person__prefix",
            "cbs_contact__person__last_name",
        )
        .prefetch_related(_detail_team_prefetch(), _detail_bijlagen_prefetch())
    )


def _file_rows(project: Project) -> list[dict]:
    """The "Bestanden" tab: each file with its documents in one query (LEFT JOIN documents)."""
    document_url = _number_url("projects:file_document", project.number)
    kinds = dict(FileKind.choices)
    rows: dict[int, dict] = {}
    for pk, created_at, kind, explanation, code, name, name_en, doc_pk, doc_name in (
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
            }
        if doc_pk is not None:
            row["documents"].append((document_url(doc_pk), doc_name))
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


def _cost_overview_rows(project: Project) -> list[dict]:
    """Bijlage 4 rows of the agreement tab: the cost overviews CBS has sent (no drafts)."""
    from requests_inbox.models import CostOverview, CostOverviewStatus

    labels = dict(CostOverviewStatus.choices)
    return [
        {"sent_at": sent_at, "status": labels.get(status, status)}
        for sent_at, status in CostOverview.objects.filter(project=project)
        .exclude(status=CostOverviewStatus.DRAFT)
        .values_list("sent_at", "status")
    ]


@login_required
@require_safe
def project_detail(request: HttpRequest, number: int) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in FILE_TABS else "files"
    docs = request.GET.get("docs") if request.GET.get("docs") in DOCUMENT_TABS else "agreement"
    project = get_object_or_404(_detail_project_queryset(), number=number)
    require_permission(request.user, "projects.view", project)
    user = request.user
    team = sorted(project.team.all(), key=_team_sort_key)
    change_url = _number_url("projects:team_change", project.number)
    remove_url = _number_url("projects:team_remove", project.number)
    for member in team:  # reversed once, not by two {% url %} per row
        member.change_url = change_url(member.pk)
        member.remove_url = remove_url(member.pk)
    moves = services.available_moves(project=project, user=user)
    status_options = [(move, move.missing(project)) for move in moves]
    ready_moves = [move for move, missing in status_options if not missing]
    bijlage_url = _number_url("projects:bijlage", project.number)
    bijlagen = sorted(project.bijlagen.all(), key=lambda b: b.kind)
    for bijlage in bijlagen:
        bijlage.url = bijlage_url(bijlage.kind)
    role = project_role(user, project)
    crumbs = _crumbs(project, user)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            **phase4_context(project=project, user=user),
            "role": role,
            "is_manager_view": role is None and is_institution_manager(user, project),
            "team": team,
            "leaders": [m for m in team if m.role == Role.LEADER],
            "has_signatory": has_signatory(project),
            "bijlagen": bijlagen,
            "status_options": status_options,
            "status_form": StatusChangeForm(moves=ready_moves) if ready_moves else None,
            "tab": tab,
            "docs": docs,
            # Only the rows of the tabs shown: one of files/services, one of agreement/publications.
            "items": _service_rows(project) if tab == "services" else _file_rows(project),
            "cost_overviews": _cost_overview_rows(project) if docs == "agreement" else [],
            "publications": list(project.publications.all()) if docs == "publications" else [],
            "may": {
                "settings": has_permission(user, "projects.change_settings", project),
                "team": has_permission(user, "projects.manage_team", project),
                "files": has_permission(user, "projects.add_files", project),
                "services": has_permission(user, "projects.add_services", project),
                "publications": has_permission(user, "projects.add_publications", project),
                "documents": has_permission(user, "projects.view_documents", project),
            },
            "nav": "projects",
            "crumbs": [*crumbs[:-1], (crumbs[-1][0], "")],
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
    history = CountOverPaginator(
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
            "crumbs": _crumbs(project, request.user, (_("History"), "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.change_settings")
    form = ProjectSettingsForm(*_bound(request), instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update_settings(
                project=project,
                by=request.user,
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect(project_url(project))
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Change settings"),
            "submit": _("Save"),
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Change settings"), "")),
        },
    )


@login_required
@require_POST
def project_change_status(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number)
    moves = services.available_moves(project=project, user=request.user)
    form = StatusChangeForm(request.POST, moves=moves)
    if not form.is_valid():
        messages.error(request, _("Choose a status change."))
        return redirect(project_url(project))
    try:
        services.project_transition(
            project=project,
            move=form.cleaned_data["move"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.TransitionError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The project status is now “%(status)s”.") % {"status": project.get_status_display()},
        )
    return redirect(project_url(project))


@login_required
@require_safe
def project_card(request: HttpRequest, number: int) -> HttpResponse:
    """The Projectkaart: a PDF of the whole project."""
    project = get_project_for(request.user, number)
    pdf = render_project_card(project, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="projectkaart-{project.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Bijlagen ---------------------------------------------------------------------------------


def _get_bijlage(project: Project, kind: int) -> Bijlage:
    if kind not in BIJLAGE_DEFINITIONS:
        raise Http404
    return get_object_or_404(
        Bijlage.objects.select_related("updated_by__person"), project=project, kind=kind
    )


def _render_bijlage(request, project, bijlage, form, *, theirs=None, status=200):
    definition = BIJLAGE_DEFINITIONS[bijlage.kind]
    may_edit = (
        has_permission(request.user, "projects.edit_bijlagen", project)
        and bijlage.status != BijlageStatus.FINAL
    )
    sections = [
        {
            "section": section,
            "field": form[section.key] if form is not None else None,
            "value": bijlage.sections.get(section.key, ""),
            "theirs": theirs.sections.get(section.key, "") if theirs is not None else None,
        }
        for section in definition.sections
    ]
    return render(
        request,
        "projects/bijlage.html",
        {
            "project": project,
            "bijlage": bijlage,
            "definition": definition,
            "form": form if may_edit else None,
            "sections": sections,
            "theirs": theirs,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (str(definition.title), "")),
        },
        status=status,
    )


@login_required
@require_safe
def bijlage_detail(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    project = get_project_for(request.user, number)
    bijlage = _get_bijlage(project, kind)
    form = BijlageForm(
        initial={"version": bijlage.version, **bijlage.sections},
        definition=BIJLAGE_DEFINITIONS[kind],
    )
    return _render_bijlage(request, project, bijlage, form)


def _bijlage_write(request, number: int, kind: int, write, success: str) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.edit_bijlagen")
    bijlage = _get_bijlage(project, kind)
    if bijlage.status == BijlageStatus.FINAL:
        messages.error(request, _("This attachment is final and can no longer be changed."))
        return redirect("projects:bijlage", number=project.number, kind=kind)
    form = BijlageForm(request.POST, definition=BIJLAGE_DEFINITIONS[kind])
    if not form.is_valid():
        return _render_bijlage(request, project, bijlage, form, status=400)
    try:
        write(
            bijlage=bijlage,
            by=request.user,
            sections=form.sections(),
            version=form.cleaned_data["version"],
        )
    except services.StaleBijlage as stale:
        messages.error(
            request,
            _(
                "Someone else saved this attachment while you were editing it. Your text is "
                "still in the form; their version is shown beside it. Save again to replace it."
            ),
        )
        data = request.POST.copy()
        data["version"] = stale.current.version
        form = BijlageForm(data, definition=BIJLAGE_DEFINITIONS[kind])
        form.is_valid()
        return _render_bijlage(
            request, project, stale.current, form, theirs=stale.current, status=409
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_bijlage(request, project, bijlage, form, status=400)
    messages.success(request, success)
    return redirect(project_url(project))


@login_required
@require_POST
def bijlage_save(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    return _bijlage_write(
        request, number, kind, services.bijlage_save, _("The attachment has been saved as draft.")
    )


@login_required
@require_POST
def bijlage_finalize(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    return _bijlage_write(
        request, number, kind, services.bijlage_finalize, _("The attachment is now final.")
    )


# --- Team -------------------------------------------------------------------------------------


def _get_member(project: Project, member_id: int) -> TeamMember:
    for member in project.team.all():
        if member.pk == member_id:
            return member
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    form = TeamMemberAddForm(*_bound(request), project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_member_add(
                project=project,
                by=request.user,
                person=data["person"],
                role=data["role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                function=data["function"],
                ossc_access=data["ossc_access"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The team member has been added."))
            return redirect(project_url(project))
    return render(
        request,
        "projects/team_form.html",
        {
            "project": project,
            "form": form,
            "adding": True,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Create team member"), "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_change(request: HttpRequest, number: int, member_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    member = _get_member(project, member_id)
    form = TeamMemberChangeForm(*_bound(request), instance=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_member_change(
                member=member,
                by=request.user,
                role=data["role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                function=data["function"],
                ossc_access=data["ossc_access"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The team member has been changed."))
            return redirect(project_url(project))
    return render(
        request,
        "projects/team_form.html",
        {
            "project": project,
            "form": form,
            "member": member,
            "adding": False,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Change team member"), "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, number: int, member_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    member = _get_member(project, member_id)
    if request.method == "POST":
        try:
            services.team_member_remove(member=member, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The team member has been removed."))
        return redirect(project_url(project))
    return render(
        request,
        "projects/team_remove.html",
        {
            "project": project,
            "member": member,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Remove team member"), "")),
        },
    )


# --- Files, services, publications ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_files")
    form = ProjectFileForm(*_bound(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_file_add(
                project=project,
                by=request.user,
                kind=data["kind"],
                data_file=data["data_file"],
                explanation=data["explanation"],
                uploads=data["documents"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(f"{project_url(project)}?tab=files#files")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Add file"),
            "submit": _("Create"),
            "multipart": True,
            "richtext": True,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Add file"), "")),
        },
    )


@login_required
@require_safe
def file_document(request: HttpRequest, number: int, document_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.view_documents")
    document = get_object_or_404(ProjectFileDocument, pk=document_id, project_file__project=project)
    return document_response(
        document.document, filename=document.original_name, content_type=document.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_services")
    form = ProjectServiceForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_service_add(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The service has been added."))
            return redirect(f"{project_url(project)}?tab=services#files")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Add service"),
            "submit": _("Create"),
            "richtext": True,
            "catalogue_link": True,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Add service"), "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_publications")
    form = PublicationForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_add(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The publication has been registered."))
            return redirect(f"{project_url(project)}?docs=publications#documents")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Register publication"),
            "submit": _("Create"),
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, (_("Register publication"), "")),
        },
    )
