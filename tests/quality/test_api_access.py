"""The API walk: every route of /api/v1/ (found in the URL resolver), called with a token of one
institution, never shows another institution's data; without a usable token it answers 401.

The victim world (``tests/quality/conftest.py``) marks another institution's person, project
and texts with ``LEAK_MARKERS``; a token of the victim's own institution sees them (the check
can see a leak), a token of the account manager's institution must not.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.services import api_token_create
from tests.quality.conftest import LEAK_MARKERS
from tests.quality.discovery import routes

pytestmark = pytest.mark.django_db

# Routes without institution data: the API's description, and its bare root (404; django-ninja
# names it for the docs page, which this API does not serve: the portal renders the description).
PUBLIC = {"api-v1:openapi-json", "api-v1:api-root"}


def api_routes():
    found = [r for r in routes() if r.namespace == "api-v1" and r.name not in PUBLIC]
    assert found, "no API routes found under the namespace api-v1"
    return found


def _token(institution, manager):
    return api_token_create(
        institution=institution,
        by=manager,
        name="walk",
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
    )[1]


def _call(client, route, secret=None):
    assert not route.params, f"{route.name}: give the API walk values for {route.params}"
    headers = {"authorization": f"Bearer {secret}"} if secret else {}
    return client.get(reverse(route.name), headers=headers)


def test_no_route_shows_another_institutions_data(client, victim, account_manager, researcher):
    own = _token(account_manager.person.institution, account_manager)
    victim.person.is_account_manager = True
    victim.person.save()
    victim.user.refresh_from_db()
    theirs = _token(victim.institution, victim.user)
    problems = []
    seen_by_victim = 0
    for route in api_routes():
        answer = _call(client, route, own)
        if answer.status_code != 200:
            problems.append(f"{route.name}: answered {answer.status_code} to its own token")
        leaked = [m for m in LEAK_MARKERS if m in answer.content.decode()]
        if leaked:
            problems.append(f"{route.name}: shows another institution's data ({leaked})")
        for secret in (None, "kp_forged"):
            if _call(client, route, secret).status_code != 401:
                problems.append(f"{route.name}: answered without a usable token")
        victim_text = _call(client, route, theirs).content.decode()
        seen_by_victim += any(m in victim_text for m in LEAK_MARKERS)
    assert not problems, "\n".join(problems)
    assert seen_by_victim, "the walk could not see the victim's own data: it proves nothing"
