"""Mijn instelling's standing, kept per institution until a write of what it reads
(``portal.kept``).

``standing.people_standing`` (every person's declarations, awareness test and Remote Access
readiness) and ``standing.institution_projects`` (every project's leaders and "Aan zet") were
about three quarters of the people and projects pages' cost. Each is kept per institution,
language and day (what lapses, who is on a team today). Who is on a list is read first (one
query: the ids) and the list is kept under stamps of each:

- the people list under each person's kept Remote Access readiness (``projects.readiness.
  readiness_stamps``). What the list shows of a person, their name, leaving, team places,
  declarations, awareness test and RA fields, is what their readiness reads (``projects.
  registry.readiness_reads``): every write that forgets a person's readiness, a save or delete
  or a service's write in bulk, forgets the list too. Their portal access is their login's: a
  save or delete of a login forgets its institution's list (``STANDING_READS``). Kept until the
  next Gebruikersverklaring text is published, as the readiness is;
- the projects list under each project's kept page (``projects.page.page_stamps``). What the
  list shows of a project, its number, title, status, end date, leaders and whose turn it is
  (the agreement), its page shows: every write that forgets the page forgets the list.

A person or project that joins or leaves a list (one who moves to another institution, a
project that is closed) changes the stamps it is kept under: it is computed again.

Measured at scale 1 (``benchmarks/README.md``, "What did pay").
"""

import datetime

from django.utils import timezone, translation

from accounts.models import Institution, Person, User
from institutions import standing
from portal.kept import forget, forget_on_writes, kept
from projects.page import page_stamps
from projects.readiness import next_publication, published_since, readiness_stamps


def _logins_stamp_key(institution_id) -> str:
    return f"institutions.people.logins.stamp.{institution_id}"


def _of_the_login(user: User):
    if user.person_id is None:
        return []  # CBS staff: on no institution's list
    return Person.objects.filter(pk=user.person_id).values_list("institution_id", flat=True)


# What the people lists read beside what the persons' readiness reads: {model: function(row) ->
# the ids of the institutions whose people list shows the row}.
STANDING_READS = {User: _of_the_login}  # the portal access of the login's person


def _forget_read(sender, instance, update_fields=None, **kwargs) -> None:
    # A sign-in saves the login's last_login only, which no list shows.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    institution_ids = STANDING_READS[sender._meta.concrete_model](instance)
    forget(_logins_stamp_key(pk) for pk in institution_ids)


def connect() -> None:
    """From the app's ready()."""
    forget_on_writes(STANDING_READS, _forget_read, "institutions.keep")


def kept_people_standing(
    institution: Institution, *, today: datetime.date | None = None
) -> list[standing.PersonStanding]:
    """``standing.people_standing(institution)``, kept (see the module doc)."""
    language = translation.get_language()
    today = today or timezone.localdate()
    persons = Person.objects.filter(institution=institution).values_list("pk", flat=True)
    rows, _until = kept(
        f"institutions.people.{institution.pk}.{language}",
        lambda: (standing.people_standing(institution, today=today), next_publication()),
        stamps=[_logins_stamp_key(institution.pk), *readiness_stamps(persons)],
        also=(language, today),
        ends=published_since,
    )
    return rows


def kept_institution_projects(
    institution: Institution, *, today: datetime.date | None = None
) -> list[standing.ProjectStanding]:
    """``standing.institution_projects(institution)``, kept (see the module doc)."""
    language = translation.get_language()
    today = today or timezone.localdate()
    projects = standing.current_projects(institution).values_list("pk", flat=True)
    return kept(
        f"institutions.projects.{institution.pk}.{language}",
        lambda: standing.institution_projects(institution, today=today),
        stamps=sorted({stamp for pk in projects for stamp in page_stamps(pk)}),
        also=(language, today),
    )
