""" "Kopiëren als nieuw project": a new project in Oriëntatie from an old one.

A service as in ``projects.services``: keyword-only, ``by=`` the acting user, atomic, one event.
Nothing of the old project changes.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.permissions import has_permission
from portal.refusals import Refusal
from portal.workqueue import forget_work_queue
from projects.events import ClosureEvent
from projects.models import (
    Bijlage,
    BijlageStatus,
    Project,
    ProjectFile,
    ProjectService,
    Role,
    Status,
    TeamMember,
)
from projects.readiness import forget_readiness
from projects.services import next_project_number


def is_current_contact_person(person, institution_id: int, today) -> bool:
    """Still a contact person of the institution: of it, not past an internship or secondment,
    and not with a blocked account."""
    if person.institution_id != institution_id:
        return False
    if person.placement_end is not None and person.placement_end < today:
        return False
    user = getattr(person, "user", None)
    return user is None or user.is_active


@transaction.atomic
def project_copy(*, project: Project, by) -> Project:
    """A new project in Oriëntatie with the old one's Bijlage 1–3 text (as Concept), the data
    files and services it asked for, and its team members who are still current contact persons
    of the institution; ``by`` is its leader. The copy records where it came from."""
    if not (has_permission(by, "projects.copy", project) and has_permission(by, "projects.create")):
        raise Refusal([_("You may not copy this project.")])
    person = by.person
    today = timezone.localdate()
    duration = project.end_date - project.start_date
    for attempt in range(10):  # numbering as project_create: a clash takes the next number
        try:
            with transaction.atomic():
                copy = Project.objects.create(
                    number=next_project_number(),
                    title=project.title,
                    start_date=today,
                    end_date=today + duration,
                    institution_id=project.institution_id,
                    status=Status.ORIENTATION,
                    created_by=by,
                    copied_from=project,
                )
            break
        except IntegrityError:
            if attempt == 9:
                raise
    old_bijlagen = {b.kind: b for b in Bijlage.objects.filter(project=project)}
    Bijlage.objects.bulk_create(
        [
            Bijlage(
                project=copy,
                kind=kind,
                sections=dict(old.sections) if old and any(old.sections.values()) else {},
                status=BijlageStatus.DRAFT
                if old and any(old.sections.values())
                else BijlageStatus.TO_FILL,
                updated_by=by if old and any(old.sections.values()) else None,
            )
            for kind in Bijlage.Kind.values
            for old in [old_bijlagen.get(kind)]
        ]
    )
    files = ProjectFile.objects.filter(project=project).select_related("data_file").order_by("pk")
    ProjectFile.objects.bulk_create(
        [
            ProjectFile(
                project=copy,
                kind=f.kind,
                data_file=f.data_file,
                explanation=f.explanation,
                created_by=by,
            )
            for f in files
            if f.data_file is None or f.data_file.is_active
        ]
    )
    services = ProjectService.objects.filter(project=project).select_related("service")
    ProjectService.objects.bulk_create(
        [
            ProjectService(
                project=copy, service=s.service, explanation=s.explanation, created_by=by
            )
            for s in services.order_by("pk")
            if s.service.is_active
        ]
    )
    members = [TeamMember(project=copy, person=person, role=Role.LEADER, start_date=today)]
    seen = {person.pk}
    # The team as it is (a closed project: as on its closing day, when closing ended every
    # period): a member whose membership had already ended is not copied.
    on = project.closed_on or today
    for member in (
        TeamMember.objects.filter(project=project).select_related("person__user").order_by("pk")
    ):
        other = member.person
        if other.pk in seen or not member.is_current(on):
            continue
        if not is_current_contact_person(other, project.institution_id, today):
            continue
        if member.role == Role.SIGNATORY and not other.is_signatory:
            continue
        seen.add(other.pk)
        members.append(
            TeamMember(
                project=copy,
                person=other,
                role=member.role,
                start_date=today,
                function=member.function,
            )
        )
    TeamMember.objects.bulk_create(members)
    forget_readiness(member.person_id for member in members)  # in bulk: no post_save
    forget_work_queue()  # "Mijn werk"'s declarations follow the teams
    record(
        verb=ClosureEvent.COPIED,
        by=by,
        target=copy,
        project=copy,
        description=_("Copied from project %(number)s") % {"number": project.number},
        to_state=copy.status,
        data={"copied_from": project.number, "team": len(members)},
    )
    return copy
