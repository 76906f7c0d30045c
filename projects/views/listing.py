"""Projecten (the projects a person is involved in) and creating a new project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from portal.forms import form_status, posted
from portal.permissions import has_permission, require_permission
from projects import services
from projects.forms import ProjectCreateForm
from projects.models import Project, Role, TeamMember
from projects.views.common import (
    CountOverPaginator,
    add_errors,
    dmy,
    number_url,
    project_url,
)

PAGE_SIZE = 25
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
    detail_url = number_url("projects:detail")
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
    form = ProjectCreateForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
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
        status=form_status(form),
    )
