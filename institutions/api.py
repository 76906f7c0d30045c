"""The read-only API for an institution's own systems, under ``/api/v1/`` (django-ninja).

A bearer token made by the institution's account manager (Mijn instelling → API tokens) opens
that institution's data only: its people with the statuses Mijn instelling shows, its projects
with their team and publications, and its authorization. Every call is recorded (``ApiCall``,
``institutions.middleware``); each token may make ``RATE`` calls a minute (the shared cache).
The OpenAPI description is ``/api/v1/openapi.json``; the portal renders it as a page.
"""

import datetime
import threading

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from accounts.models import Person
from accounts.throttle import client_address, consume
from institutions import standing
from institutions.keep import kept_people_standing
from institutions.models import ApiCall, ApiToken, token_hash
from projects.models import PHASE_OF_STATUS, Project, Status, TeamMember
from projects.timeline import turn_of, with_turns

# Calls a token may make, per window of seconds.
RATE = (60, 60)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.usable()
            .select_related("institution")
            .filter(key_hash=token_hash(token))
            .first()
        )
        if found is not None:
            request.api_token = found  # recorded with the answer (institutions.middleware)
        return found


class PerTokenThrottle(BaseThrottle):
    """``RATE`` calls per token: the same fixed-window counter as the portal's other limits."""

    def __init__(self):
        # One instance serves every request: the wait of this thread's request, asked right
        # after allow_request, is kept per thread.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        self._local.wait = None if token is None else consume("api-token", str(token.pk), RATE)
        return self._local.wait is None

    def wait(self):
        return getattr(self._local, "wait", None)


api = NinjaAPI(
    title="CBS Microdata klantportaal – API voor instellingen",
    version="1",
    description=(
        "Read-only data of one institution for its own systems: its people and their standing "
        "(declarations, awareness test, Remote Access readiness, RSA token), its projects "
        "(phase, dates, team, publications) and its authorization by CBS. Send the token made "
        "under Mijn instelling → API tokens as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=PerTokenThrottle(),
    docs_url=None,
)


class PersonRef(Schema):
    name: str
    email: str


class Authorization(Schema):
    institution: str
    authorization_start: datetime.date | None
    authorization_end: datetime.date | None
    authorized_today: bool
    account_managers: list[PersonRef]
    signatories: list[PersonRef]


class Membership(Schema):
    project: int
    role: str


class PersonOut(Schema):
    id: int
    name: str
    email: str
    portal_access: str  # yes, invited, no, left
    left_on: datetime.date | None
    user_declaration_signed: bool
    user_declaration_outdated: bool
    confidentiality_status: str | None
    confidentiality_valid_until: datetime.date | None
    confidentiality_expired: bool
    awareness_valid_until: datetime.date | None
    works_in_remote_access: bool
    ready_for_remote_access: bool | None
    still_to_do: list[str]
    rsa_token_expires: datetime.date | None
    lapses_within_90_days: list[str]
    current_projects: list[Membership]


class TeamMemberOut(Schema):
    name: str
    institution: str
    role: str
    start_date: datetime.date
    end_date: datetime.date | None


class PublicationOut(Schema):
    title: str
    authors: str
    year: int
    kind: str
    link: str
    expected_date: datetime.date | None
    actual_date: datetime.date | None


class ProjectOut(Schema):
    number: int
    title: str
    status: str
    phase: int
    start_date: datetime.date
    end_date: datetime.date
    to_act: str  # "cbs", "others" (the team) or "" (nobody)
    team: list[TeamMemberOut]
    publications: list[PublicationOut]


def _ref(person: Person) -> dict:
    return {"name": person.full_name, "email": person.email}


@api.get("/authorization", response=Authorization, summary="The institution's authorization")
def authorization(request):
    institution = request.auth.institution
    managers, signatories = standing.managers_and_signatories(institution)
    return {
        "institution": institution.name,
        "authorization_start": institution.authorization_start,
        "authorization_end": institution.authorization_end,
        "authorized_today": institution.is_currently_authorized,
        "account_managers": [_ref(p) for p in managers],
        "signatories": [_ref(p) for p in signatories],
    }


@api.get(
    "/people",
    response=list[PersonOut],
    summary="The institution's people and their standing",
    description="`filter`: all (default), lapsing (something lapses within 90 days), "
    "not_ready (works in the Remote Access environment and is not ready) or left.",
)
def people(request, filter: str = "all"):  # noqa: A002 - the query parameter's name
    rows = kept_people_standing(request.auth.institution)
    if filter in standing.FILTERS:
        rows = standing.filter_people(rows, filter)
    return [
        {
            "id": row.person.pk,
            "name": row.person.full_name,
            "email": row.person.email,
            "portal_access": row.portal_access,
            "left_on": row.person.left_on,
            "user_declaration_signed": bool(row.signed_version),
            "user_declaration_outdated": row.signature_outdated,
            "confidentiality_status": row.confidentiality_status,
            "confidentiality_valid_until": row.confidentiality_valid_until,
            "confidentiality_expired": row.confidentiality_expired,
            "awareness_valid_until": row.awareness_valid_until,
            "works_in_remote_access": row.readiness is not None,
            "ready_for_remote_access": row.ready,
            "still_to_do": [step.key for step in row.readiness.missing] if row.readiness else [],
            "rsa_token_expires": row.rsa_token_expires,
            "lapses_within_90_days": [what for what, _day in row.lapses],
            "current_projects": [
                {"project": place.number, "role": place.role} for place in row.memberships
            ],
        }
        for row in rows
    ]


@api.get("/projects", response=list[ProjectOut], summary="The institution's projects")
def projects(request):
    team = TeamMember.objects.select_related("person__institution").order_by("start_date", "pk")
    found = with_turns(
        Project.objects.filter(institution=request.auth.institution)
        .prefetch_related(Prefetch("team", queryset=team), "publications")
        .order_by("number")
    )
    return [
        {
            "number": project.number,
            "title": project.title,
            "status": project.status,
            "phase": int(PHASE_OF_STATUS[Status(project.status)]),
            "start_date": project.start_date,
            "end_date": project.end_date,
            "to_act": turn_of(project)[0],
            "team": [
                {
                    "name": member.person.full_name,
                    "institution": member.person.institution.name,
                    "role": member.role,
                    "start_date": member.start_date,
                    "end_date": member.end_date,
                }
                for member in project.team.all()
            ],
            "publications": [
                {
                    "title": publication.title,
                    "authors": publication.authors,
                    "year": publication.year,
                    "kind": publication.kind,
                    "link": publication.link,
                    "expected_date": publication.expected_date,
                    "actual_date": publication.actual_date,
                }
                for publication in project.publications.all()
            ],
        }
        for project in found
    ]


def record_call(request: HttpRequest, response) -> None:
    """Keep one call made with a token (the middleware calls it after the answer)."""
    token = getattr(request, "api_token", None)
    if token is None:
        return
    now = timezone.now()
    ApiCall.objects.create(
        token=token,
        at=now,
        method=request.method[:10],
        path=request.get_full_path()[:300],
        status=response.status_code,
        address=client_address(request) or None,
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
