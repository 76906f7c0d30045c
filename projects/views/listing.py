"""Projecten (the projects a person is involved in) and creating a new project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from portal.forms import form_status, posted
from portal.permissions import has_permission, require_permission
from portal.refusals import Refusal
from projects import services
from projects.forms import ProjectCreateForm
from projects.models import Role
from projects.permissions import visible_projects
from projects.views.common import project_url

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
    query = (request.GET.get("q") or "").strip()
    sort = request.GET.get("sort") or "-number"
    if sort.lstrip("-") not in SORTS:
        sort = "-number"
    # Exactly the projects can_view lets this person see (projects.permissions).
    projects = visible_projects(request.user).only(
        "number", "title", "start_date", "end_date", "status"
    )
    if query:
        match = Q(title__icontains=query)
        if query.isdigit():
            match |= Q(number=int(query))
        projects = projects.filter(match)
    field = SORTS[sort.lstrip("-")]
    projects = projects.order_by(f"-{field}" if sort.startswith("-") else field, "-number")
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    manager_label = _("Account manager")
    for project in page:
        project.role_label = Role(project.my_role).label if project.my_role else manager_label
    # What the page's rows show (list.html), the key they are kept by: written once, not on
    # every visit (Projecten's 25 rows: 12.7 -> 11.4 ms CPU a request, benchmarks/README.md).
    rows_key = [(p.number, p.title, p.my_role, p.start_date, p.end_date, p.status) for p in page]
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
            "rows_key": rows_key,
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
        except Refusal as refusal:
            refusal.add_to_form(form)
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
