"""The page "Ondertekenen projectovereenkomst": allowed person, each denied person, wrong method,
bad input (kept and shown beside the field), both languages; the signed agreement's download."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.events import AccountEvent
from agreements import services
from agreements.models import AgreementSignature, AgreementStatus
from portal.models import Event
from requests_inbox.models import ActionStatus
from tests.agreements.conftest import signing_action
from tests.conftest import make_user
from tests.factories import TeamMemberFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(sent_agreement, signatory):
    return signing_action(sent_agreement, signatory)


def url(name, action):
    return reverse(f"agreements:{name}", args=[action.pk])


def sign_data(agreement, user, **overrides):
    data = {
        "document_hash": agreement.document_hash,
        "confirm": "on",
        "typed_name": user.person.full_name,
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


def test_action_opens_the_signing_page_with_the_pdf_inline(client_of, signatory, action):
    client = client_of(signatory)
    response = client.get(reverse("requests_inbox:detail", args=[action.pk]))
    assert response.status_code == 302 and response["Location"] == url("action", action)
    text = client.get(url("action", action)).content.decode()
    assert "<h1>Ondertekenen projectovereenkomst</h1>" in text
    assert "Ter ondertekening" in text
    assert f'<iframe class="cbs-pdf-frame" src="{url("action_pdf", action)}"' in text
    assert action.agreements.get().document_hash in text
    assert (
        f'action="{url("sign", action)}"' in text and f'action="{url("decline", action)}"' in text
    )
    assert 'autocomplete="current-password"' in text
    pdf = client.get(url("action_pdf", action))
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("inline")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_signing_page_in_english(client_of, signatory, action):
    client = client_of(signatory)
    text = client.get("/en" + url("action", action)).content.decode()
    assert "<h1>Sign project agreement</h1>" in text
    assert "Your password" in text and "Do not sign" in text


def test_sign(client_of, signatory, sent_agreement, action):
    response = client_of(signatory).post(url("sign", action), sign_data(sent_agreement, signatory))
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=verzonden")
    signature = AgreementSignature.objects.get()
    assert signature.person == signatory.person
    assert signature.client_address == "127.0.0.1"
    action.refresh_from_db()
    assert action.status == ActionStatus.SIGNED


def test_the_signature_keeps_the_client_address_of_the_rate_limits(
    client_of, signatory, sent_agreement, action, settings, rf
):
    """Behind our proxy the address is the one accounts.throttle.client_address gives (the
    client's, not the proxy's): one definition of the client's address."""
    from accounts.throttle import client_address

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    headers = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "spoofed, 203.0.113.5"}
    client_of(signatory).post(url("sign", action), sign_data(sent_agreement, signatory), **headers)
    assert AgreementSignature.objects.get().client_address == "203.0.113.5"
    assert client_address(rf.post("/", **headers)) == "203.0.113.5"


def test_wrong_password_shown_beside_the_field_and_name_kept(
    client_of, signatory, sent_agreement, action
):
    response = client_of(signatory).post(
        url("sign", action), sign_data(sent_agreement, signatory, password="fout")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Het wachtwoord is niet juist." in text
    # escaped: the factory's names may hold an apostrophe ("van 't Riet")
    assert f'value="{escape(signatory.person.full_name)}"' in text
    assert 'value="fout"' not in text  # a password is never sent back
    assert not AgreementSignature.objects.exists()


def test_missing_fields_are_named(client_of, signatory, sent_agreement, action):
    response = client_of(signatory).post(
        url("sign", action), {"document_hash": sent_agreement.document_hash}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Typ je volledige naam als handtekening." in text
    assert "Typ je wachtwoord om te bevestigen dat jij het bent." in text
    assert "Bevestig dat je de overeenkomst hebt gelezen" in text


def test_changed_document_refused_on_the_page(client_of, signatory, sent_agreement, action):
    response = client_of(signatory).post(
        url("sign", action),
        sign_data(sent_agreement, signatory, document_hash="f" * 64),
        follow=True,
    )
    assert response.redirect_chain == [(url("action", action), 302)]
    assert "gewijzigd sinds je haar opende" in response.content.decode()
    assert not AgreementSignature.objects.exists()


def test_decline_with_a_reason(client_of, signatory, sent_agreement, action):
    client = client_of(signatory)
    response = client.post(url("decline", action), {"reason": ""})
    assert response.status_code == 400
    assert "Geef een reden waarom je niet ondertekent." in response.content.decode()
    response = client.post(url("decline", action), {"reason": "Looptijd klopt niet"})
    assert response.status_code == 302
    sent_agreement.refresh_from_db()
    assert sent_agreement.status == AgreementStatus.DECLINED


def test_wrong_method(client_of, signatory, action):
    client = client_of(signatory)
    assert client.get(url("sign", action)).status_code == 405
    assert client.get(url("decline", action)).status_code == 405
    assert client.post(url("action", action)).status_code == 405


@pytest.mark.parametrize(
    "who", ["leader", "researcher", "viewer", "outsider", "account_manager", "staff"]
)
def test_others_get_404(request, client_of, sent_agreement, action, who):
    client = client_of(request.getfixturevalue(who))
    for name in ("action", "action_pdf"):
        assert client.get(url(name, action)).status_code == 404
    assert client.post(url("sign", action), {"password": PASSWORD}).status_code == 404
    assert client.post(url("decline", action), {"reason": "x"}).status_code == 404
    assert not AgreementSignature.objects.exists()


def test_anonymous_is_sent_to_login(client, action):
    response = client.get(url("action", action))
    assert response.status_code == 302 and "login" in response["Location"]


def test_signatory_who_lost_authority_sees_no_sign_button(
    client_of, signatory, sent_agreement, action
):
    signatory.person.is_signatory = False
    signatory.person.save(update_fields=["is_signatory"])
    client = client_of(signatory)
    text = client.get(url("action", action)).content.decode()
    assert f'action="{url("sign", action)}"' not in text
    response = client.post(url("sign", action), sign_data(sent_agreement, signatory), follow=True)
    assert response.redirect_chain == [(url("action", action), 302)]
    assert "eigen instelling" in response.content.decode()
    assert not AgreementSignature.objects.exists()


def test_foreign_signatory_cannot_use_anothers_action(
    client_of, sent_agreement, action, other_institution
):
    foreign = make_user(other_institution, is_signatory=True)
    TeamMemberFactory(project=sent_agreement.project, person=foreign.person, role="signatory")
    client = client_of(foreign)
    assert client.get(url("action", action)).status_code == 404
    assert client.post(url("sign", action), sign_data(sent_agreement, foreign)).status_code == 404


# --- the signed agreement ---------------------------------------------------------------------


@pytest.fixture
def countersigned(sent_agreement, signatory, staff):
    services.agreement_sign(
        agreement=sent_agreement,
        by=signatory,
        typed_name=signatory.person.full_name,
        document_hash=sent_agreement.document_hash,
    )
    services.agreement_countersign(agreement=sent_agreement, by=staff)
    sent_agreement.refresh_from_db()
    return sent_agreement


@pytest.mark.parametrize("who", ["leader", "researcher", "viewer", "signatory"])
def test_team_downloads_the_signed_agreement(request, client_of, countersigned, who):
    client = client_of(request.getfixturevalue(who))
    signed_url = reverse("agreements:signed_pdf", args=[countersigned.pk])
    response = client.get(signed_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("projects:detail", args=[countersigned.project.number]))
    assert f'href="{signed_url}"' in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "account_manager", "staff"])
def test_others_do_not_download_the_signed_agreement(request, client_of, countersigned, who):
    client = client_of(request.getfixturevalue(who))
    response = client.get(reverse("agreements:signed_pdf", args=[countersigned.pk]))
    assert response.status_code == 404


def test_no_signed_download_before_countersigning(client_of, leader, sent_agreement):
    response = client_of(leader).get(reverse("agreements:signed_pdf", args=[sent_agreement.pk]))
    assert response.status_code == 404


def test_password_guessing_through_the_signing_form_meets_the_login_limits(
    client_of, signatory, sent_agreement, action
):
    client = client_of(signatory)
    for n in range(25):
        client.post(url("sign", action), sign_data(sent_agreement, signatory, password=f"f{n}"))
    response = client.post(url("sign", action), sign_data(sent_agreement, signatory))
    assert "Te veel verkeerde wachtwoorden" in response.content.decode()
    assert not AgreementSignature.objects.exists()
    failures = Event.objects.filter(verb=AccountEvent.REAUTHENTICATION_FAILED, actor=signatory)
    assert failures.filter(reason="incorrect_password").count() == 5
    assert failures.filter(reason="too_many_attempts").count() == 21
    assert failures.first().data["purpose"] == "agreement.sign"


@pytest.fixture
def two_signatures(agreed_project, agreement_text, staff, second_signatory):
    agreement = services.agreement_draft(project=agreed_project, by=staff, signatures_required=2)
    services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    return agreement


def test_a_signatory_who_signed_may_not_decline_after(
    client_of, signatory, second_signatory, two_signatures
):
    action = signing_action(two_signatures, signatory)
    client = client_of(signatory)
    client.post(url("sign", action), sign_data(two_signatures, signatory))
    response = client.post(url("decline", action), {"reason": "Toch maar niet"}, follow=True)
    assert "Je hebt deze overeenkomst al ondertekend." in response.content.decode()
    two_signatures.refresh_from_db()
    assert two_signatures.status == AgreementStatus.TO_SIGN
    assert signing_action(two_signatures, second_signatory).is_open


def test_a_signatory_who_declined_may_not_sign_after(client_of, signatory, two_signatures):
    action = signing_action(two_signatures, signatory)
    client = client_of(signatory)
    client.post(url("decline", action), {"reason": "Artikel 3 klopt niet"})
    client.post(url("sign", action), sign_data(two_signatures, signatory))
    two_signatures.refresh_from_db()
    assert two_signatures.status == AgreementStatus.DECLINED
    assert not AgreementSignature.objects.exists()
