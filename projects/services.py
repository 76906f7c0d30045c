"""Writes on projects. Every service: keyword-only, ``by=`` the acting user, one audit event.

Over 500 lines on purpose: the app's writes, by topic in sections (style.md: split at ~800).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.audit import field_changes, record
from portal.mail import absolute_url, send_templated_mail
from portal.permissions import has_permission, is_cbs_staff
from portal.refusals import Refusal
from portal.sanitize import html_is_empty, sanitize_html
from portal.uploads import (
    PROJECT_FILES,
    safe_display_name,
    save_document,
    stored_name,
)
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.card import forget_cards
from projects.events import ClosureEvent, ProjectEvent, move_event
from projects.lifecycle import CBS, CUSTOMER, MOVES, Move
from projects.models import (
    Bijlage,
    BijlageStatus,
    FileKind,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Publication,
    Role,
    Status,
    TeamMember,
)
from projects.permissions import signs_for
from projects.registry import project_documents
from projects.reviews import freeze_submitted_version

FIRST_PROJECT_NUMBER = 10000
# Sent when who is on a project's team, or from when until when, changes (the apps above keep
# things per member: messaging's unread counts): sender=Project, project=, person_ids=.
team_changed = Signal()


class StaleBijlage(Refusal):
    """A ``Refusal`` that carries ``current``: someone else saved the bijlage since this form
    was opened, and the view shows their version beside the user's text."""

    def __init__(self, current: Bijlage):
        super().__init__("The checklist attachment was changed by someone else.")
        self.current = current


def may_make(move: Move, *, project: Project, user) -> bool:
    """Whether this user is on the side that makes this move (not whether guards pass)."""
    if move.side == CBS:
        return is_cbs_staff(user, "projects.change_project")
    return has_permission(user, move.permission, project)


def available_moves(*, project: Project, user, side: str = CUSTOMER) -> list[Move]:
    """The moves this user may make now from the project's status, for menus and buttons."""
    return [
        move
        for move in MOVES.values()
        if project.status in move.sources
        and move.side == side
        and not move.via_action
        and may_make(move, project=project, user=user)
    ]


@transaction.atomic
def project_transition(
    *,
    project: Project,
    move: str,
    by,
    reason: str = "",
    data: dict | None = None,
    mail_team: bool = True,
) -> Project:
    """Make a lifecycle move: checks side, source status, guard and reason; records and mails.

    ``data`` goes with the recorded event; ``mail_team=False`` for a service that sends its own
    mail about the move (closing, with the archive period)."""
    definition = MOVES.get(move)
    if definition is None:
        raise Refusal([_("Unknown status change.")])
    # Lock the row: two people making a move at once give one move, not two.
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status not in definition.sources:
        raise Refusal(
            [
                _("This status change is not possible from status “%(status)s”.")
                % {"status": locked.get_status_display()}
            ]
        )
    if not may_make(definition, project=locked, user=by):
        raise Refusal([_("You may not make this status change.")])
    reason = (reason or "").strip()
    if definition.reason_required and not reason:
        raise Refusal([_("Give a reason for this status change.")])
    missing = definition.missing(locked)
    if missing and not (definition.overridable and reason):
        if definition.overridable:
            missing.append(_("Give a reason to make this status change anyway."))
        raise Refusal(missing)

    old_status = locked.status
    old_label = locked.get_status_display()
    locked.status = definition.target
    locked.status_since = timezone.now()
    locked.save(update_fields=["status", "status_since", "updated_at"])
    if definition.reopens_bijlagen:
        Bijlage.objects.filter(project=locked, status=BijlageStatus.FINAL).update(
            status=BijlageStatus.DRAFT, version=F("version") + 1
        )
    if definition.target == Status.SUBMITTED:
        freeze_submitted_version(project=locked, by=by)  # a numbered version per submission
    record(
        verb=move_event(definition.name),
        by=by,
        target=locked,
        project=locked,
        description=str(definition.label),
        from_state=old_status,
        to_state=locked.status,
        reason=reason,
        data={
            **(data or {}),
            **({"overridden": [str(item) for item in missing]} if missing else {}),
        }
        or None,
    )
    if mail_team:
        _mail_team_about_move(locked, old_label=str(old_label), reason=reason)
    project.status, project.status_since = locked.status, locked.status_since
    return locked


def _mail_team_about_move(project: Project, *, old_label: str, reason: str) -> None:
    from django.urls import reverse
    from django.utils import translation

    members = project.team.select_related("person__user").all()
    for member in members:
        person = member.person
        address = person.notification_email
        if not address:
            continue
        with translation.override(person.language):
            new_label = str(project.get_status_display())
            path = reverse("projects:detail", args=[project.number])
        send_templated_mail(
            to=address,
            template="projects/mail/status_changed",
            context={
                "name": person.first_name,
                "project_title": project.title,
                "project_number": project.number,
                "old_status": old_label,
                "new_status": new_label,
                "reason": reason,
                "url": absolute_url(path),
            },
            language=person.language,
        )


# --- Projects -------------------------------------------------------------------------------


def next_project_number() -> int:
    highest = Project.objects.aggregate(highest=Max("number"))["highest"]
    return max(FIRST_PROJECT_NUMBER, (highest or 0) + 1)


def _dates_refusal(start_date, end_date) -> Refusal | None:
    if start_date and end_date and end_date < start_date:
        return Refusal(_("The end date cannot be before the start date."), field="end_date")
    return None


def _check_dates(start_date, end_date) -> None:
    _refuse(_dates_refusal(start_date, end_date))


def _moving_on(field: str):
    """A date of a project that only moves on: (its event, its description, the message of a
    day not after the current one, naming it)."""
    if field == "end_date":
        return (ProjectEvent.EXTEND, _("End date extended"),
                _("The new end date must be after the current end date (%(date)s)."))  # fmt: skip
    return (ClosureEvent.ARCHIVE_EXTENDED, _("Archive period extended"),
            _("Choose a day after the current end of the archive period (%(date)s)."))  # fmt: skip


def later_date_refusal(project: Project, field: str, value) -> Refusal | None:
    """The rule of moving a project's date on (its end date, the end of its archive period):
    only to a later day than the one it has (without one, any)."""
    current = getattr(project, field)
    if current is not None and value <= current:
        too_early = _moving_on(field)[2] % {"date": date_format(current, "d-m-Y")}
        return Refusal(too_early, field=field)
    return None


def _settings_refusal(project: Project, *, title: str, start_date, end_date) -> Refusal | None:
    """What changing the title and dates refuses: only in Oriëntatie, a title, the end not
    before the start."""
    if project.status != Status.ORIENTATION:
        return Refusal(_("The settings can only be changed in status Orientation."))
    if not (title or "").strip():
        return Refusal(_("Give the title of the research."), field="title")
    return _dates_refusal(start_date, end_date)


def end_date_extend_refusal(project: Project, end_date) -> Refusal | None:
    """What extending the end date refuses (None when allowed): before and after the project
    runs, and an end date not later than the current one. For the services, the change
    request's form and the admin alike."""
    if project.status in {Status.ORIENTATION, Status.CLOSED, Status.REJECTED}:
        return Refusal(_("The end date of this project cannot be extended."), field="end_date")
    return later_date_refusal(project, "end_date", end_date)


def _only_end_date_changes(project: Project, *, title: str, start_date) -> bool:
    return project.status != Status.ORIENTATION and (
        (title or "").strip(),
        start_date,
    ) == (project.title, project.start_date)


def project_settings_refusal(
    project: Project, *, title: str, start_date, end_date
) -> Refusal | None:
    """What ``project_settings_set`` refuses of these values (None when allowed), for forms
    to show beside the field before saving, as the team rules do."""
    if _only_end_date_changes(project, title=title, start_date=start_date):
        if end_date == project.end_date:
            return None
        return end_date_extend_refusal(project, end_date)
    return _settings_refusal(project, title=title, start_date=start_date, end_date=end_date)


@transaction.atomic
def project_create(
    *, by, title: str, start_date: datetime.date, end_date: datetime.date, goal: str = ""
) -> Project:
    """A new project in Oriëntatie, with the next number; the creator is its leader."""
    person = by.person if by.person_id else None
    if person is None:
        raise Refusal(_("Only a person of an authorized institution can create projects."))
    title = (title or "").strip()
    if not title:
        raise Refusal(_("Give the title of the research."), field="title")
    _check_dates(start_date, end_date)
    # Numbers are unique: when two people create a project at the same moment, the later
    # insert fails on the unique constraint and takes the next number.
    for attempt in range(10):
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    number=next_project_number(),
                    title=title,
                    start_date=start_date,
                    end_date=end_date,
                    institution_id=person.institution_id,
                    status=Status.ORIENTATION,
                    created_by=by,
                )
            break
        except IntegrityError:
            if attempt == 9:
                raise
    goal = sanitize_html(goal)
    for kind in Bijlage.Kind.values:
        sections = {"goal": goal} if kind == Bijlage.Kind.RESEARCH_PROPOSAL and goal else {}
        Bijlage.objects.create(
            project=project,
            kind=kind,
            sections=sections,
            status=BijlageStatus.DRAFT if sections else BijlageStatus.TO_FILL,
            updated_by=by if sections else None,
        )
    TeamMember.objects.create(
        project=project,
        person=person,
        role=Role.LEADER,
        start_date=min(timezone.localdate(), start_date),
        end_date=None,
    )
    record(
        verb=ProjectEvent.CREATE,
        by=by,
        target=project,
        project=project,
        description=_("Project created"),
        to_state=project.status,
    )
    return project


@transaction.atomic
def project_update_settings(
    *, project: Project, by, title: str, start_date: datetime.date, end_date: datetime.date
) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    _refuse(_settings_refusal(locked, title=title, start_date=start_date, end_date=end_date))
    title = title.strip()
    old = {"title": locked.title, "start_date": locked.start_date, "end_date": locked.end_date}
    new = {"title": title, "start_date": start_date, "end_date": end_date}
    for name, value in new.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*new, "updated_at"])
    record(
        verb=ProjectEvent.SETTINGS,
        by=by,
        target=locked,
        project=locked,
        description=_("Settings changed"),
        data={"changes": field_changes(old, new)},
    )
    return locked


@transaction.atomic
def project_settings_set(
    *, project: Project, by, title: str, start_date, end_date, reason: str = ""
) -> Project:
    """A project's title and dates set by CBS in the back office, by the team's rules: all
    three in Oriëntatie (``project_update_settings``), after it only a later end date
    (``project_end_date_extend``); ``project_settings_refusal`` says beforehand what is refused."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if _only_end_date_changes(locked, title=title, start_date=start_date):
        if end_date == locked.end_date:
            return locked
        return project_end_date_extend(project=locked, by=by, end_date=end_date, reason=reason)
    return project_update_settings(
        project=locked, by=by, title=title, start_date=start_date, end_date=end_date
    )


@transaction.atomic
def project_cbs_contact_set(*, project: Project, by, cbs_contact, reference_number: str) -> Project:
    """CBS's own fields of a project: its contact at CBS (active CBS staff, or none) and
    CBS's reference number."""
    if not is_cbs_staff(by, "projects.change_project"):
        raise Refusal(_("Only CBS sets the CBS contact."))
    if cbs_contact is not None and not (cbs_contact.is_staff and cbs_contact.is_active):
        raise Refusal(_("Choose a member of CBS staff."), field="cbs_contact")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    reference_number = (reference_number or "").strip()
    old = {"cbs_contact": locked.cbs_contact, "reference_number": locked.reference_number}
    new = {"cbs_contact": cbs_contact, "reference_number": reference_number}
    if old == new:
        return locked
    locked.cbs_contact = cbs_contact
    locked.reference_number = reference_number
    locked.save(update_fields=["cbs_contact", "reference_number", "updated_at"])
    record(
        verb=ProjectEvent.SETTINGS,
        by=by,
        target=locked,
        project=locked,
        description=_("Settings changed"),
        data={"changes": field_changes(old, new)},
    )
    return locked


# --- Checklist attachments (Bijlagen) --------------------------------------------------------


def _clean_sections(bijlage: Bijlage, sections: dict) -> dict:
    keys = [section.key for section in BIJLAGE_DEFINITIONS[bijlage.kind].sections]
    cleaned = {}
    for key in keys:
        value = sanitize_html(sections.get(key) or "")
        cleaned[key] = "" if html_is_empty(value) else value
    return cleaned


def bijlage_missing(kind: int, sections: dict) -> dict:
    """{section key: message} for each required section that is empty."""
    return {
        section.key: _("Fill in “%(section)s”.") % {"section": section.label}
        for section in BIJLAGE_DEFINITIONS[kind].sections
        if section.required and html_is_empty(sections.get(section.key) or "")
    }


def _write_bijlage(*, bijlage: Bijlage, by, sections: dict, version: int, status: str) -> Bijlage:
    project = Project.objects.select_for_update().get(pk=bijlage.project_id)
    if project.status != Status.ORIENTATION:
        raise Refusal(_("The checklist attachments can only be changed in status Orientation."))
    current = Bijlage.objects.select_related("updated_by__person").get(pk=bijlage.pk)
    if current.status == BijlageStatus.FINAL:
        raise Refusal(_("This attachment is final and can no longer be changed."))
    # Optimistic lock: the update only happens when nobody saved since the form was opened.
    updated = Bijlage.objects.filter(
        pk=bijlage.pk, version=version, status__in=[BijlageStatus.TO_FILL, BijlageStatus.DRAFT]
    ).update(
        sections=sections,
        status=status,
        version=F("version") + 1,
        updated_by=by,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleBijlage(current)
    forget_cards([project.pk])  # written in bulk: no post_save
    bijlage.refresh_from_db()
    return bijlage


@transaction.atomic
def bijlage_save(*, bijlage: Bijlage, by, sections: dict, version: int) -> Bijlage:
    """ "Opslaan": keep a concept, even when incomplete."""
    cleaned = _clean_sections(bijlage, sections)
    old_status = bijlage.status
    _write_bijlage(
        bijlage=bijlage, by=by, sections=cleaned, version=version, status=BijlageStatus.DRAFT
    )
    record(
        verb=ProjectEvent.BIJLAGE_SAVE,
        by=by,
        target=bijlage,
        project=bijlage.project,
        description=_("%(bijlage)s saved as draft") % {"bijlage": bijlage.get_kind_display()},
        from_state=old_status,
        to_state=bijlage.status,
    )
    return bijlage


@transaction.atomic
def bijlage_finalize(*, bijlage: Bijlage, by, sections: dict, version: int) -> Bijlage:
    """ "Definitief maken": every required section filled, then locked."""
    cleaned = _clean_sections(bijlage, sections)
    missing = bijlage_missing(bijlage.kind, cleaned)
    if missing:
        raise Refusal(missing)
    old_status = bijlage.status
    _write_bijlage(
        bijlage=bijlage, by=by, sections=cleaned, version=version, status=BijlageStatus.FINAL
    )
    record(
        verb=ProjectEvent.BIJLAGE_FINALIZE,
        by=by,
        target=bijlage,
        project=bijlage.project,
        description=_("%(bijlage)s made final") % {"bijlage": bijlage.get_kind_display()},
        from_state=old_status,
        to_state=bijlage.status,
    )
    return bijlage


# --- Team -------------------------------------------------------------------------------------


def eligible_person_error(project: Project, person) -> str | None:
    """Why this person cannot join the team, or None.

    Contact persons of the project's own institution may join; a person of another institution
    only when that institution is currently authorized and the person has an account there.
    """
    if person.institution_id == project.institution_id:
        return None
    if not person.institution.is_currently_authorized:
        return _("This person's institution is not authorized by CBS.")
    if getattr(person, "user", None) is None:
        return _("An external team member must have an account at their own institution.")
    return None


def signatory_error(project: Project, person, role) -> str | None:
    """Why this person cannot be the project's Tekenbevoegde, or None (any other role: None).

    A Tekenbevoegde holds signing authority (``Person.is_signatory``) at the project's own
    institution; a signatory of another institution cannot sign for this project.
    """
    if role != Role.SIGNATORY or signs_for(person, project):
        return None
    if person.institution_id != project.institution_id:
        return _("An authorized signatory must belong to the project's own institution.")
    return _("This person is not an authorized signatory of the institution.")


def _leader_remains(project: Project, *, without: TeamMember | None, changed=None) -> bool:
    """Whether a current Externe projectleider remains when ``without`` goes (or changes into
    ``changed``)."""
    leaders = [
        m
        for m in TeamMember.objects.filter(project=project, role=Role.LEADER)
        if without is None or m.pk != without.pk
    ]
    if changed is not None and changed.role == Role.LEADER:
        leaders.append(changed)
    return any(m.is_current() for m in leaders)


def _no_leader_left() -> Refusal:
    return Refusal(_("A project must keep at least one external project leader."))


def team_member_refusal(
    *,
    project: Project,
    person,
    role: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    member: TeamMember | None = None,
) -> Refusal | None:
    """What the team rules refuse in adding ``person`` (``member`` None) or changing ``member``
    into these values; None when allowed. The services raise it; forms and the admin show it
    early, beside its field."""
    if member is None:
        problem = eligible_person_error(project, person)
        if problem:
            return Refusal(problem, field="person")
    problem = signatory_error(project, person, role)
    if problem:
        return Refusal(problem, field="role")
    problem = _dates_refusal(start_date, end_date)
    if problem is not None:
        return problem
    if member is None and TeamMember.objects.filter(project=project, person=person).exists():
        return Refusal(_("This person is already on the team."), field="person")
    if member is not None:
        changed = TeamMember(
            pk=member.pk, project=project, person=person, role=role,
            start_date=start_date, end_date=end_date,
        )  # fmt: skip
        if not _leader_remains(project, without=member, changed=changed):
            return _no_leader_left()
    return None


def team_member_remove_refusal(member: TeamMember) -> Refusal | None:
    """Why this member cannot be removed (the last current leader), or None."""
    if not _leader_remains(member.project, without=member):
        return _no_leader_left()
    return None


def _refuse(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise refusal


@transaction.atomic
def team_member_add(
    *,
    project: Project,
    by,
    person,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    function: str = "",
    ossc_access: bool = False,
) -> TeamMember:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    _refuse(
        team_member_refusal(
            project=locked, person=person, role=role, start_date=start_date, end_date=end_date
        )
    )
    member = TeamMember.objects.create(
        project=locked,
        person=person,
        role=role,
        start_date=start_date,
        end_date=end_date,
        function=function,
        ossc_access=ossc_access,
    )
    team_changed.send(sender=Project, project=locked, person_ids=[person.pk])
    _mail_added_member(member, added_by=by)
    record(
        verb=ProjectEvent.TEAM_ADD,
        by=by,
        target=member,
        project=locked,
        person=person,
        description=_("Team member added"),
        data={"role": role},
    )
    return member


def _mail_added_member(member: TeamMember, *, added_by) -> None:
    from django.urls import reverse
    from django.utils import translation

    person = member.person
    address = person.notification_email
    if not address:
        return
    with translation.override(person.language):
        role = str(member.get_role_display())
        path = reverse("projects:detail", args=[member.project.number])
    send_templated_mail(
        to=address,
        template="projects/mail/team_added",
        context={
            "name": person.first_name,
            "added_by": added_by.display_name,
            "project_title": member.project.title,
            "project_number": member.project.number,
            "role": role,
            "url": absolute_url(path),
        },
        language=person.language,
    )


@transaction.atomic
def team_member_change(
    *,
    member: TeamMember,
    by,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    function: str = "",
    ossc_access: bool = False,
) -> TeamMember:
    project = Project.objects.select_for_update().get(pk=member.project_id)
    current = TeamMember.objects.select_related("person").get(pk=member.pk)
    _refuse(
        team_member_refusal(
            project=project,
            person=current.person,
            role=role,
            start_date=start_date,
            end_date=end_date,
            member=current,
        )
    )
    old = {
        "role": current.role,
        "start_date": current.start_date,
        "end_date": current.end_date,
        "function": current.function,
        "ossc_access": current.ossc_access,
    }
    new = {
        "role": role,
        "start_date": start_date,
        "end_date": end_date,
        "function": function,
        "ossc_access": ossc_access,
    }
    for name, value in new.items():
        setattr(current, name, value)
    current.save()
    team_changed.send(sender=Project, project=project, person_ids=[current.person_id])
    record(
        verb=ProjectEvent.TEAM_CHANGE,
        by=by,
        target=current,
        project=current.project,
        person=current.person,
        description=_("Team member changed"),
        data={"changes": field_changes(old, new)},
    )
    return current


@transaction.atomic
def team_member_remove(*, member: TeamMember, by) -> None:
    project = Project.objects.select_for_update().get(pk=member.project_id)
    current = TeamMember.objects.select_related("person", "project").get(pk=member.pk)
    _refuse(team_member_remove_refusal(current))
    record(
        verb=ProjectEvent.TEAM_REMOVE,
        by=by,
        target=current,
        project=project,
        person=current.person,
        description=_("Team member removed"),
        data={"role": current.role},
    )
    current.delete()
    team_changed.send(sender=Project, project=project, person_ids=[current.person_id])


# --- Files, services, publications ------------------------------------------------------------


def project_stored_bytes(project: Project) -> int:
    """The bytes of documents ``project`` holds, over every app that stores them for it
    (projects.registry.project_documents)."""
    return sum(count(project.pk) or 0 for count in project_documents)


def lock_project_documents(project: Project) -> None:
    """Call before adding documents to ``project`` (in the transaction): the project row is the
    lock, so two uploads at once cannot both fill its last room (MAX_PROJECT_UPLOAD_SIZE)."""
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk"))


def project_files_bytes(project_id: int) -> int:
    """The bytes of the project's files' attachments (Bestanden)."""
    return ProjectFileDocument.objects.filter(project_file__project_id=project_id).aggregate(
        total=Sum("size")
    )["total"]


@transaction.atomic
def project_file_add(
    *, project: Project, by, kind: str, data_file=None, explanation: str = "", uploads=()
) -> ProjectFile:
    """ "Bestand toevoegen": a standard file from the catalogue, or Maatwerk with an explanation."""
    explanation = sanitize_html(explanation)
    if html_is_empty(explanation):
        explanation = ""
    if kind == FileKind.STANDARD and data_file is None:
        raise Refusal(_("Choose a data file from the catalogue."), field="data_file")
    if kind == FileKind.CUSTOM:
        data_file = None
        if not explanation:
            raise Refusal(_("Describe the custom file you need."), field="explanation")
    content_types = []
    if uploads:
        lock_project_documents(project)
        content_types = PROJECT_FILES.refusal(
            uploads, field="documents", stored=project_stored_bytes(project)
        )
    project_file = ProjectFile.objects.create(
        project=project, kind=kind, data_file=data_file, explanation=explanation, created_by=by
    )
    for upload, content_type in zip(uploads, content_types, strict=True):
        document = ProjectFileDocument(
            project_file=project_file,
            original_name=safe_display_name(upload.name, content_type),
            content_type=content_type,
            size=upload.size,
        )
        save_document(document.document, stored_name(content_type), upload, field="documents")
        document.save()
    record(
        verb=ProjectEvent.FILE_ADD,
        by=by,
        target=project_file,
        project=project,
        description=_("File added"),
        data={"documents": len(content_types)},
    )
    return project_file


@transaction.atomic
def project_service_add(*, project: Project, by, service, explanation: str = "") -> ProjectService:
    explanation = sanitize_html(explanation)
    if html_is_empty(explanation):
        explanation = ""
    if not service.is_active:
        raise Refusal(_("This service can no longer be requested."), field="service")
    project_service = ProjectService.objects.create(
        project=project, service=service, explanation=explanation, created_by=by
    )
    record(
        verb=ProjectEvent.SERVICE_ADD,
        by=by,
        target=project_service,
        project=project,
        description=_("Service added"),
    )
    return project_service


@transaction.atomic
def publication_add(
    *,
    project: Project,
    by,
    title: str,
    authors: str,
    year: int,
    kind: str,
    link: str = "",
    expected_date: datetime.date | None = None,
    actual_date: datetime.date | None = None,
) -> Publication:
    if not expected_date and not actual_date:
        raise Refusal(
            _("Give the expected or the actual date of publication."), field="expected_date"
        )
    publication = Publication.objects.create(
        project=project,
        title=title.strip(),
        authors=authors.strip(),
        year=year,
        kind=kind,
        link=link,
        expected_date=expected_date,
        actual_date=actual_date,
        created_by=by,
    )
    record(
        verb=ProjectEvent.PUBLICATION_ADD,
        by=by,
        target=publication,
        project=project,
        description=_("Publication registered"),
    )
    return publication


@transaction.atomic
def project_end_date_extend(
    *, project: Project, by, end_date: datetime.date, reason: str = ""
) -> Project:
    """A later end date for a project that has left Oriëntatie (an approved change request)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    _refuse(end_date_extend_refusal(locked, end_date))
    project_date_extend(locked, project=project, field="end_date", value=end_date, by=by,
                        reason=reason)  # fmt: skip
    return locked


def project_date_extend(
    locked: Project, *, project: Project, field: str, value: datetime.date, by, reason: str
) -> None:
    """A project's date moved on (``later_date_refusal``), recorded with the old and the new
    day; on the row the caller locked, in its transaction (the caller's copy follows)."""
    _refuse(later_date_refusal(locked, field, value))
    old = getattr(locked, field)
    setattr(locked, field, value)
    locked.save(update_fields=[field, "updated_at"])
    verb, description, _too_early = _moving_on(field)
    record(
        verb=verb,
        by=by,
        target=locked,
        project=locked,
        description=description,
        reason=reason,
        data={"changes": field_changes({field: old}, {field: value})},
    )
    setattr(project, field, value)


@transaction.atomic
def publication_complete(
    *, publication: Publication, by, actual_date: datetime.date, link: str
) -> Publication:
    """A registered publication has appeared: its actual date and its DOI or URL."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.actual_date is not None:
        raise Refusal(_("This publication has already been completed."))
    if actual_date is None or actual_date > timezone.localdate():
        raise Refusal(_("The date of publication cannot be in the future."), field="actual_date")
    if not (link or "").strip():
        raise Refusal(_("Give a web address (https://…) or a DOI."), field="link")
    old = {"actual_date": locked.actual_date, "link": locked.link}
    locked.actual_date = actual_date
    locked.link = link.strip()
    locked.save(update_fields=["actual_date", "link"])
    record(
        verb=ProjectEvent.PUBLICATION_COMPLETE,
        by=by,
        target=locked,
        project=locked.project,
        description=_("Publication completed"),
        data={"changes": field_changes(old, {"actual_date": actual_date, "link": locked.link})},
    )
    publication.actual_date, publication.link = locked.actual_date, locked.link
    return locked


def project_file_preparation_save(*, project_file: ProjectFile, status: str, reason: str) -> None:
    """A data file's preparation: its status, today as its date, and the reason (of a cancelled
    file). Called by the service that decides it, which checks, records and mails
    (``agreements.services.file_preparation_set``)."""
    project_file.preparation_status = status
    project_file.preparation_date = timezone.localdate()
    project_file.preparation_reason = reason
    project_file.save(
        update_fields=["preparation_status", "preparation_date", "preparation_reason"]
    )
