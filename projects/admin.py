"""The CBS back office for projects: lifecycle moves as buttons that go through the services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.staff_choices import cbs_staff_choices
from portal.admin import AuditedModelAdmin, ObjectPagesMixin, ReadOnlyMixin
from portal.audit import project_events_stamps
from portal.dutch_time import moment
from portal.forms import posted
from portal.kept import kept
from portal.models import Event
from portal.sanitize import sanitize_html
from projects.admin_closure import ClosureAdminMixin
from projects.card import card_stamps
from projects.history import history_rows
from projects.lifecycle import CBS, MOVES, moves_from
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
from projects.services import (
    project_cbs_contact_set,
    project_settings_refusal,
    project_settings_set,
    project_transition,
    team_member_add,
    team_member_change,
    team_member_refusal,
    team_member_remove,
    team_member_remove_refusal,
)
from projects.timeline import turn_summary

ADMIN_HISTORY_SIZE = 10


def cbs_moves(project: Project):
    """The CBS moves offered as buttons (the cost overview is sent from its own admin)."""
    return [move for move in moves_from(project.status, CBS) if not move.via_action]


class ProjectAdminForm(forms.ModelForm):
    """The title and dates by the team's rules (``project_settings_refusal``: all in Oriëntatie,
    after it only a later end date), shown beside their field."""

    class Meta:
        model = Project
        fields = ["title", "reference_number", "cbs_contact", "start_date", "end_date"]

    def clean(self):
        cleaned = super().clean()
        dates = {"title", "start_date", "end_date"}
        if self.errors or not self.instance.pk or not dates & set(self.changed_data):
            return cleaned
        current = Project.objects.get(pk=self.instance.pk)
        refusal = project_settings_refusal(
            current,
            title=cleaned.get("title"),
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
        )
        if refusal is not None:
            refusal.add_to_form(self)
        return cleaned


class TeamMemberAdminForm(forms.ModelForm):
    """The portal's team rules (``team_member_refusal``), shown beside their field."""

    class Meta:
        model = TeamMember
        fields = ["project", "person", "role", "start_date", "end_date", "function", "ossc_access"]

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("project") if "project" in self.fields else self.instance.project
        person = cleaned.get("person") if "person" in self.fields else self.instance.person
        if project is None or person is None or self.errors:
            return cleaned
        refusal = team_member_refusal(
            project=project,
            person=person,
            role=cleaned.get("role"),
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
            member=self.instance if self.instance.pk else None,
        )
        if refusal is not None:
            refusal.add_to_form(self)
        return cleaned


def bijlage_sections(bijlage: Bijlage):
    """A bijlage's sections as the customer wrote them: each label over its text."""
    return format_html_join(
        "",
        "<p><strong>{}</strong></p><div>{}</div>",
        (
            # The sections were sanitized when written; sanitized again here (the one
            # sanitizer), they are shown as the customer wrote them, not as HTML source.
            (section.label, mark_safe(sanitize_html(bijlage.sections.get(section.key, "") or "–")))  # noqa: S308
            for section in bijlage.definition.sections
        ),
    )


def bijlagen_table(project: Project):
    """The project's bijlagen as a table: each with its status, version, last change and
    sections."""
    bijlagen = project.bijlagen.select_related("updated_by__person__institution").order_by("kind")
    columns = ["kind", "status", "version", "updated_at", "updated_by", "sections"]
    headers = [Bijlage._meta.get_field(name).verbose_name for name in columns]
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                bijlage.get_kind_display(),
                bijlage.get_status_display(),
                bijlage.version,
                moment(bijlage.updated_at),
                bijlage.updated_by or "–",
                bijlage_sections(bijlage),
            )
            for bijlage in bijlagen
        ),
    )
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", '<th scope="col">{}</th>', ((capfirst(h),) for h in headers)),
        rows,
    )


def history_table(project: Project):
    """The project's last events as a table, with a link to all of them."""
    events = Event.objects.filter(project=project)[:ADMIN_HISTORY_SIZE]
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {} {}</td><td>{}</td></tr>",
        (
            (
                moment(row["when"]),
                row["who"] or "–",
                row["what"],
                row["from"],
                "→" if row["from"] else "",
                row["to"],
                row["reason"],
            )
            for row in history_rows(events)
        ),
    )
    url = reverse("admin:portal_event_changelist") + f"?project__id__exact={project.pk}"
    return format_html(
        '<table><tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
        rows,
        url,
        _("All events of this project"),
    )


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)

    def __init__(self, *args, move, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = move.reason_required


class ProjectChangeList(ChangeList):
    """The project list, its CBS contacts (each with the person and institution its text shows)
    read for the rows of the page in one query after the page is cut, not joined to every
    project that matches before it is: a search matches thousands of projects at scale 5."""

    def get_queryset(self, request, exclude_parameters=None):
        contacts = User.objects.select_related("person__institution")
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(Prefetch("cbs_contact", queryset=contacts))
        )


def _kept_table(name: str, project, table, *, stamps):
    """``table(project)``, a table of a project's change page, kept per project and language
    under ``stamps`` (``portal.kept``)."""
    language = translation.get_language()
    return kept(
        f"projects.admin.{name}.{project.pk}.{language}",
        lambda: table(project),
        stamps=stamps,
        also=(language,),
    )


@admin.register(Project)
class ProjectAdmin(ClosureAdminMixin, ObjectPagesMixin, AuditedModelAdmin):
    form = ProjectAdminForm
    object_pages = (("move/<str:move>", "move_view"), ("close", "close_view"))
    list_display = [
        "number",
        "title",
        "institution",
        "status",
        "start_date",
        "end_date",
        "team_size",
        "cbs_contact",
    ]
    # One link a row: with a search or filter in use, Django resolves each link's address to carry
    # them along (add_preserved_filters); a second link on the number cost the searched list a
    # fifth of its time (measured, issue 22). The title is the link text that says where it goes.
    list_display_links = ["title"]
    list_filter = ["status", "start_date", "end_date"]
    search_fields = ["=number", "title", "institution__name", "reference_number"]
    # The CBS contact is read after the page is cut (ProjectChangeList).
    list_select_related = ["institution"]
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-number"]
    # No date_hierarchy: its year links read the distinct years of every project on each visit
    # (a scan that grows with the data); the start date filter of list_filter does the same job.
    raw_id_fields = ["institution"]
    readonly_fields = ["status", "status_since", "phase_display", "whose_turn", "created_by",
                       "created_at", "updated_at", "history", "lists", "bijlagen"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["number", "title", "institution", "reference_number", "cbs_contact"]}),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (
            _("Status"),
            {
                "fields": ["status", "status_since", "phase_display", "whose_turn"],
                "description": _("The status changes only through the buttons above."),
            },
        ),
        (capfirst(Bijlage._meta.verbose_name_plural), {"fields": ["bijlagen"]}),
        (_("Team and requests"), {"fields": ["lists"]}),
        (_("History"), {"fields": ["history", "created_by", "created_at", "updated_at"]}),
    ]
    # The team, data files, services and publications are lists behind a link (each its own
    # changelist filtered on the project). A read-only inline costs its formset, management form
    # and a hidden id and project field per row: the four as links took the change page of a
    # project with 9 such rows from 76-82 to 48-52 ms CPU in-process (alternating A/B, scale 1).
    # The bijlagen, which staff read here, are a table of the page (``bijlagen``), not an inline:
    # a quarter of the page's time went to the inline of their three rows (benchmarks/README.md).
    change_form_template = "admin/projects/project/change_form.html"

    def get_changelist(self, request, **kwargs):
        return ProjectChangeList

    def get_queryset(self, request):
        # A correlated subquery is computed only for the rows of the page shown (not a GROUP BY
        # over every project), so 10,000 projects open as fast as 10.
        team_count = (
            TeamMember.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(team_count=Coalesce(Subquery(team_count), Value(0)))
        )

    def get_object(self, request, object_id, from_field=None):
        """The change page's project with its institution and who created it (their person and
        institution, ``User.__str__``: three queries more for every project made in the portal)
        in one query."""
        projects = self.get_queryset(request).select_related(
            "institution", "created_by__person__institution"
        )
        field = Project._meta.pk if from_field is None else Project._meta.get_field(from_field)
        try:
            return projects.get(**{field.name: field.to_python(object_id)})
        except (Project.DoesNotExist, ValidationError, ValueError):
            return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "cbs_contact":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        field = super().formfield_for_foreignkey(
            db_field, request, queryset=User.objects.cbs_staff(), **kwargs
        )
        # The choices shown are kept (``accounts.staff_choices``); what is posted is checked
        # against the queryset: 96.7 -> 91.9 million instructions a request at scale 1.
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *cbs_staff_choices()]
        return field

    @admin.display(description=_("team"), ordering="team_count")
    def team_size(self, obj):
        return obj.team_count

    @admin.display(description=_("phase"))
    def phase_display(self, obj):
        return obj.phase.label if obj.pk else ""

    @admin.display(description=_("whose turn"))
    def whose_turn(self, obj):
        return turn_summary(obj) if obj.pk else "–"

    @admin.display(description=_("lists"))
    def lists(self, obj):
        if not obj.pk:
            return "–"
        # Each changelist filtered on the project, as the history's link to all its events.
        query = f"?project__id__exact={obj.pk}"
        links = [
            (
                "admin:projects_teammember_changelist",
                gettext("Team (%(count)d)") % {"count": obj.team_count},
            ),
            ("admin:projects_projectfile_changelist", gettext("Data files")),
            ("admin:projects_projectservice_changelist", gettext("Services")),
            ("admin:projects_publication_changelist", gettext("Publications")),
        ]
        # One line of links: a list of them, one under the other, leaves less than the 24 px
        # around each that WCAG 2.2's target size asks (axe).
        return format_html_join(
            mark_safe(" · "),
            '<a href="{}{}">{}</a>',
            ((reverse(name), query, label) for name, label in links),
        )

    @admin.display(description=Bijlage._meta.verbose_name_plural)
    def bijlagen(self, obj):
        if not obj.pk:
            return "–"
        # Kept until a write changes what it shows (``portal.kept``, under the Projectkaart's
        # stamps: the project's bijlagen, the names of its team, CBS contact and each bijlage's
        # last editor, its institution): the query and the sections' sanitizing took a sixth of
        # the page; 108.4 -> 99.2 million instructions a request at scale 1 (benchmarks/README.md).
        return _kept_table("bijlagen", obj, bijlagen_table, stamps=card_stamps(obj.pk))

    @admin.display(description=_("history"))
    def history(self, obj):
        if not obj.pk:
            return "–"
        # Kept until an event about the project is recorded (``portal.audit.
        # project_events_stamps``): 99.2 -> 96.7 million instructions a request at scale 1.
        return _kept_table("history", obj, history_table, stamps=project_events_stamps(obj.pk))

    def has_add_permission(self, request):
        # A project begins in the portal (project_create: its number, leader, bijlagen, event).
        return False

    def save_model(self, request, obj, form, change):
        """Through the services, as the portal writes (refused values were shown by the form)."""
        data, changed = form.cleaned_data, set(form.changed_data)
        if changed & {"title", "start_date", "end_date"}:
            project_settings_set(
                project=obj,
                by=request.user,
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        if changed & {"cbs_contact", "reference_number"}:
            project_cbs_contact_set(
                project=obj,
                by=request.user,
                cbs_contact=data["cbs_contact"],
                reference_number=data["reference_number"],
            )

    def has_delete_permission(self, request, obj=None):
        return False  # projects are kept: close or reject them with the buttons above

    def delete_refusal(self, obj) -> str:
        return gettext("Projects are kept: close or reject them with the status buttons.")

    def get_readonly_fields(self, request, obj=None):
        # The number and the institution are set when the project is created, never after.
        return ["number", "institution", *super().get_readonly_fields(request, obj)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["cbs_moves"] = (
            cbs_moves(obj) if obj is not None and self.has_change_permission(request, obj) else []
        )
        context["may_add_member"] = obj is not None and request.user.has_perm(
            "projects.add_teammember"
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def move_view(self, request, pk, move):
        """A lifecycle move made by CBS: confirm (with a reason where required), then
        ``project_transition``; what the lifecycle refuses stands on the page."""
        project = self.object_for(request, pk, change=True)
        definition = MOVES.get(move)
        if definition is None or definition.side != CBS or definition.via_action:
            raise Http404
        return self.object_form_page(
            request,
            project,
            title=f"{definition.label}: {project}",
            submit=definition.label,
            form=MoveForm(**posted(request), move=definition),
            write=lambda data: project_transition(
                project=project, move=move, by=request.user, reason=data["reason"]
            ),
            done=lambda: (
                _("%(move)s: the project status is now “%(status)s”.")
                % {"move": definition.label, "status": project.get_status_display()}
            ),
            template="admin/projects/project/move.html",
            extra_context={"move": definition, "missing": definition.missing(project)},
        )


class CatalogueAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en", "description"]
    ordering = ["code"]
    show_full_result_count = False


@admin.register(DataFile)
class DataFileAdmin(CatalogueAdmin):
    pass


@admin.register(Service)
class ServiceAdmin(CatalogueAdmin):
    pass


@admin.register(TeamMember)
class TeamMemberAdmin(AuditedModelAdmin):
    """Team changes by CBS go through the portal's services: the same rules (eligibility, the
    Tekenbevoegde, a leader remains), the same event and mail."""

    form = TeamMemberAdminForm
    list_display = ["person", "project", "role", "start_date", "end_date", "ossc_access"]
    list_filter = ["role", "ossc_access"]
    search_fields = ["person__last_name", "person__first_name", "=project__number",
                     "project__title"]  # fmt: skip
    list_select_related = ["person__institution", "project"]
    raw_id_fields = ["person", "project"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return ["project", "person"] if obj is not None else []

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # one at a time, through team_member_remove
        return actions

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in
                  ["role", "start_date", "end_date", "function", "ossc_access"]}  # fmt: skip
        if change:
            member = team_member_change(member=obj, by=request.user, **values)
        else:
            member = team_member_add(
                project=obj.project, person=obj.person, by=request.user, **values
            )
        obj.pk = member.pk

    def has_delete_permission(self, request, obj=None):
        if obj is not None and team_member_remove_refusal(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_refusal(self, obj) -> str:
        refusal = team_member_remove_refusal(obj)
        return refusal.message if refusal else ""

    def delete_model(self, request, obj):
        team_member_remove(member=obj, by=request.user)


class PublicationDatesFilter(admin.SimpleListFilter):
    """CBS sees the publications that are overdue (expected date passed, not completed)."""

    title = _("publication date")
    parameter_name = "dates"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Expected within 14 days")),
            ("pending", _("Not yet completed")),
            ("completed", _("Completed")),
        ]

    def queryset(self, request, queryset):
        choices = {
            "overdue": queryset.overdue,
            "soon": lambda: queryset.expected_within(14),
            "pending": queryset.pending,
            "completed": queryset.completed,
        }
        return choices[self.value()]() if self.value() in choices else queryset


@admin.register(Publication)
class PublicationAdmin(AuditedModelAdmin):
    list_display = ["title", "project", "year", "kind", "expected_date", "actual_date"]
    list_filter = [PublicationDatesFilter, "kind", "year"]
    search_fields = ["title", "authors", "=project__number"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    show_full_result_count = False

    # Registered by the team in the portal (publication_add records it); CBS reads them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProjectListAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """What the customer asked for in a project, written in the portal: a list behind a link on
    the project's change page (filtered on it), not an entry of its own in the menu."""

    list_per_page = 50
    show_full_result_count = False

    def has_module_permission(self, request):
        return False  # reached from a project's change page, not from the index or the menu


@admin.register(ProjectFile)
class ProjectFileAdmin(ProjectListAdmin):
    list_display = ["data_file", "project", "kind", "created_at", "created_by",
                    "preparation_status", "preparation_date"]  # fmt: skip
    list_filter = ["kind", "preparation_status"]
    search_fields = ["=project__number", "data_file__code", "data_file__name"]
    list_select_related = ["project", "data_file", "created_by__person__institution"]
    fields = ["project", "kind", "data_file", "explanation", "created_at", "created_by",
              "preparation_status", "preparation_date", "preparation_reason"]  # fmt: skip


@admin.register(ProjectService)
class ProjectServiceAdmin(ProjectListAdmin):
    list_display = ["service", "project", "created_at", "created_by"]
    search_fields = ["=project__number", "service__code", "service__name"]
    list_select_related = ["project", "service", "created_by__person__institution"]
    fields = ["project", "service", "explanation", "created_at", "created_by"]
