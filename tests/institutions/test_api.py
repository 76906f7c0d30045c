"""The read-only API under /api/v1/: tokens, scope, rate limit, records, the description."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.models import ApiCall, ApiToken
from institutions.services import api_token_create, api_token_revoke
from portal.refusals import Refusal
from projects.models import Role
from tests.factories import PersonFactory, PublicationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
ENDPOINTS = ["authorization", "people", "projects"]


def _token(manager, **kwargs):
    _row, secret = api_token_create(
        institution=manager.person.institution,
        by=manager,
        name=kwargs.get("name", "Onderzoeksadministratie"),
        expires_on=kwargs.get("expires_on", TODAY() + 30 * DAY),
    )
    return secret


def _get(client, name, secret, **params):
    return client.get(
        reverse(f"api-v1:{name}"), params, headers={"authorization": f"Bearer {secret}"}
    )


def test_token_is_stored_hashed_and_shown_once(account_manager):
    token, secret = api_token_create(
        institution=account_manager.person.institution,
        by=account_manager,
        name="CRIS",
        expires_on=TODAY() + DAY,
    )
    assert secret not in {token.key_hash, token.prefix}
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    assert secret.startswith(token.prefix)


def test_another_institutions_manager_cannot_make_or_revoke(account_manager, other_account_manager):
    with pytest.raises(Refusal):
        api_token_create(
            institution=account_manager.person.institution,
            by=other_account_manager,
            name="x",
            expires_on=TODAY() + DAY,
        )
    token, _secret = api_token_create(
        institution=account_manager.person.institution,
        by=account_manager,
        name="x",
        expires_on=TODAY() + DAY,
    )
    with pytest.raises(Refusal):
        api_token_revoke(token=token, by=other_account_manager)


def test_people_projects_and_authorization_of_the_own_institution_only(
    client, account_manager, researcher, project, leader, other_project, outsider
):
    PublicationFactory(project=project, title="Een artikel")
    secret = _token(account_manager)
    people = _get(client, "people", secret).json()
    names = {person["name"] for person in people}
    assert researcher.person.full_name in names and leader.person.full_name in names
    assert outsider.person.full_name not in names
    projects = _get(client, "projects", secret).json()
    assert [p["number"] for p in projects] == [project.number]
    assert projects[0]["publications"][0]["title"] == "Een artikel"
    assert {m["name"] for m in projects[0]["team"]} >= {leader.person.full_name}
    assert projects[0]["to_act"] == "others"
    authorization = _get(client, "authorization", secret).json()
    assert authorization["institution"] == project.institution.name
    assert account_manager.person.full_name in [
        m["name"] for m in authorization["account_managers"]
    ]


def test_an_external_member_of_our_project_is_on_its_team_not_among_our_people(
    client, account_manager, project, other_institution
):
    stranger = PersonFactory(institution=other_institution)
    TeamMemberFactory(project=project, person=stranger, role=Role.RESEARCHER)
    secret = _token(account_manager)
    assert stranger.full_name not in {p["name"] for p in _get(client, "people", secret).json()}


def test_people_filter_lapsing(client, account_manager, researcher):
    researcher.person.rsa_token_expires = TODAY() + 5 * DAY
    researcher.person.save()
    secret = _token(account_manager)
    lapsing = _get(client, "people", secret, filter="lapsing").json()
    assert [p["name"] for p in lapsing] == [researcher.person.full_name]
    assert lapsing[0]["lapses_within_90_days"] == ["rsa_token"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_no_token_wrong_token_revoked_or_expired_token_is_401(client, account_manager, name):
    assert client.get(reverse(f"api-v1:{name}")).status_code == 401
    assert _get(client, name, "kp_nonsense").status_code == 401
    secret = _token(account_manager)
    token = ApiToken.objects.get()
    api_token_revoke(token=token, by=account_manager)
    assert _get(client, name, secret).status_code == 401
    other = _token(account_manager, name="verlopen")
    ApiToken.objects.filter(name="verlopen").update(expires_at=timezone.now())
    assert _get(client, name, other).status_code == 401


def test_every_call_is_recorded(client, account_manager):
    secret = _token(account_manager)
    _get(client, "people", secret, filter="all")
    _get(client, "projects", secret)
    calls = list(ApiCall.objects.order_by("at", "pk"))
    assert [(c.method, c.status) for c in calls] == [("GET", 200), ("GET", 200)]
    assert calls[0].path.startswith("/api/v1/people")
    assert ApiToken.objects.get().last_used_at is not None


def test_rate_limited_per_token(client, account_manager, monkeypatch):
    from institutions import api

    monkeypatch.setattr(api, "RATE", (3, 60))
    first, second = _token(account_manager), _token(account_manager, name="tweede")
    answers = [_get(client, "authorization", first).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert _get(client, "authorization", second).status_code == 200  # its own count
    assert ApiCall.objects.filter(status=429).count() == 1


def test_openapi_description_served_and_rendered(client_of, client, account_manager):
    schema = client.get(reverse("api-v1:openapi-json"))
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/people", "/api/v1/projects", "/api/v1/authorization"} <= set(paths)
    page = client_of(account_manager).get(reverse("institutions:api_docs")).content.decode()
    assert "/api/v1/people" in page and "ready_for_remote_access" in page
    assert "<script" not in page.split("</header>", 1)[-1].split("<footer", 1)[0]


def test_tokens_page_creates_shows_once_and_revokes(client_of, account_manager):
    client = client_of(account_manager)
    url = reverse("institutions:api_tokens")
    bad = client.post(url, {"name": "", "expires_on": ""})
    assert bad.status_code == 400
    too_long = client.post(url, {"name": "X", "expires_on": (TODAY() + 900 * DAY).isoformat()})
    assert too_long.status_code == 400
    response = client.post(url, {"name": "CRIS", "expires_on": (TODAY() + DAY).isoformat()})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    again = client.get(url).content.decode()
    assert secret not in again and "CRIS" in again
    token = ApiToken.objects.get()
    client.post(reverse("institutions:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_another_institution_cannot_revoke_by_url(
    client_of, account_manager, other_account_manager
):
    _token(account_manager)
    token = ApiToken.objects.get()
    url = reverse("institutions:api_token_revoke", args=[token.pk])
    assert client_of(other_account_manager).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
