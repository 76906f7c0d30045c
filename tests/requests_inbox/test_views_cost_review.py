import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Status
from requests_inbox.models import Action, ActionStatus, CostOverviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_action(sent_overview, leader):
    return Action.objects.get(cost_overview=sent_overview, person=leader.person)


@pytest.fixture
def signatory_action(sent_overview, signatory):
    return Action.objects.get(cost_overview=sent_overview, person=signatory.person)


def url(name, action):
    return reverse(f"requests_inbox:{name}", args=[action.pk])


def test_review_page_has_the_mockup_wording(client_of, leader, leader_action, contract_project):
    response = client_of(leader).get(url("detail", leader_action))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Beoordelen kostenoverzicht</h1>" in text
    assert "Toelichting" in text
    assert (
        "Geef akkoord op het bijgevoegde kostenoverzicht voor dit project. Na akkoord gaan we "
        "de projectovereenkomst opstellen en de voorbereidingen starten."
    ) in text
    assert f"<dt>Nummer</dt>\n                <dd>{leader_action.pk}</dd>" in text
    # The day in the Netherlands (between 23:00 and 24:00 UTC the next day).
    sent_on = timezone.localdate(leader_action.created_at)
    assert "Instuurdatum" in text and sent_on.strftime("%d-%m-%Y") in text
    assert "<dd>Projectaanvraag</dd>" in text
    project_url = reverse("projects:detail", args=[contract_project.number])
    assert f'<a href="{project_url}">Demo projectaanvraag</a>' in text
    assert "Bijlagen" in text
    assert f'href="{url("cost_pdf_download", leader_action)}">Bijlage 4 - Projectkosten.pdf' in text
    assert f'<iframe class="cbs-pdf-frame" src="{url("cost_pdf", leader_action)}"' in text
    assert "Bijlage in nieuw venster openen" in text
    assert f'action="{url("agree", leader_action)}"' in text
    assert f'action="{url("disagree", leader_action)}"' in text
    assert "Akkoord" in text and "Niet akkoord" in text


def test_inline_pdf_may_be_framed_by_us_only(client_of, leader, leader_action):
    response = client_of(leader).get(url("cost_pdf", leader_action))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    download = client_of(leader).get(url("cost_pdf_download", leader_action))
    assert download["Content-Disposition"].startswith("attachment")
    assert "Bijlage 4 - Projectkosten.pdf" in download["Content-Disposition"]


def test_leader_and_signatory_see_each_others_review(
    client_of, leader, signatory, leader_action, signatory_action
):
    assert client_of(signatory).get(url("detail", leader_action)).status_code == 200
    assert client_of(leader).get(url("cost_pdf", signatory_action)).status_code == 200


@pytest.mark.parametrize(
    "who", ["researcher", "researcher_plus", "viewer", "outsider", "account_manager", "staff"]
)
def test_others_get_404(request, client_of, leader_action, who):
    user = request.getfixturevalue(who)
    client = client_of(user)
    for name in ("detail", "cost_pdf", "cost_pdf_download"):
        assert client.get(url(name, leader_action)).status_code == 404
    assert client.post(url("agree", leader_action)).status_code == 404
    assert client.post(url("disagree", leader_action), {"reason": "x"}).status_code == 404
    leader_action.refresh_from_db()
    assert leader_action.is_open


def test_anonymous_goes_to_login(client, leader_action):
    for name in ("detail", "cost_pdf"):
        response = client.get(url(name, leader_action))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(url("agree", leader_action)).status_code == 302
    leader_action.refresh_from_db()
    assert leader_action.is_open


def test_wrong_methods(client_of, leader, leader_action):
    client = client_of(leader)
    assert client.get(url("agree", leader_action)).status_code == 405
    assert client.get(url("disagree", leader_action)).status_code == 405
    assert client.post(url("cost_pdf", leader_action)).status_code == 405


def test_agree(client_of, leader, leader_action, signatory_action, sent_overview, contract_project):
    response = client_of(leader).post(url("agree", leader_action), follow=True)
    text = response.content.decode()
    assert "Je bent akkoord gegaan met het kostenoverzicht." in text
    assert 'aria-current="page">Verzonden' in text
    assert "Beoordelen kostenoverzicht" in text and "Akkoord" in text
    contract_project.refresh_from_db()
    assert contract_project.status == Status.AGREEMENT
    signatory_action.refresh_from_db()
    assert signatory_action.status == ActionStatus.AGREED and not signatory_action.is_open
    page = client_of(leader).get(url("detail", leader_action)).content.decode()
    assert "Besluit: Akkoord op" in page
    assert f'action="{url("agree", leader_action)}"' not in page


def test_second_decision_is_refused(
    client_of, leader, signatory, leader_action, signatory_action, sent_overview
):
    client_of(leader).post(url("agree", leader_action))
    response = client_of(signatory).post(
        url("disagree", signatory_action), {"reason": "Te duur"}, follow=True
    )
    assert "Deze actie is al afgerond." in response.content.decode() or (
        "Over dit kostenoverzicht is al een besluit genomen." in response.content.decode()
    )
    sent_overview.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.AGREED


def test_disagree_needs_a_reason_kept_beside_the_field(
    client_of, leader, leader_action, sent_overview
):
    response = client_of(leader).post(url("disagree", leader_action), {"reason": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Geef een reden waarom je niet akkoord gaat." in text
    assert 'id="id_reason_error"' in text
    sent_overview.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.SENT


def test_disagree(client_of, leader, leader_action, sent_overview, contract_project):
    response = client_of(leader).post(
        url("disagree", leader_action), {"reason": "Te duur voor ons"}
    )
    assert response.status_code == 302
    sent_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.NOT_AGREED
    assert sent_overview.reason == "Te duur voor ons"
    assert contract_project.status == Status.CONTRACT
    page = client_of(leader).get(url("detail", leader_action)).content.decode()
    assert "Niet akkoord" in page and "Te duur voor ons" in page


def test_home_lists_the_review_for_the_leader(client_of, leader, leader_action):
    text = client_of(leader).get(reverse("portal:home")).content.decode()
    project = leader_action.project
    assert (
        f'href="{url("detail", leader_action)}">Beoordelen kostenoverzicht'
        f" – {project.number} {project.title}</a>"
    ) in text
    assert "Ter beoordeling" in text


def test_review_page_in_english(client_of, leader, leader_action):
    response = client_of(leader).get(f"/en/acties/{leader_action.pk}/")
    text = response.content.decode()
    assert 'lang="en"' in text
    assert "Give your approval to the attached cost overview for this project." in text
    assert "Open attachment in a new window" in text
    assert "Do not agree" in text and "Date sent" in text and "Regarding" in text
