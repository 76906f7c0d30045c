"""Two app servers behind one (imagined) load balancer share everything a person can notice:
the session (database), the rate limits (Redis), the documents (S3) and what was written."""

import datetime
import uuid

from accounts.demo import DEMO_PASSWORD
from tests.stack.conftest import wait_until

PIET = "piet.bakker@example.nl"


def signed_in(stack, server="A", email=PIET):
    browser = stack.browser(server)
    response = browser.login(email, DEMO_PASSWORD)
    assert response.status == 302, response.text[:3000]
    return browser


def upload(browser, content: bytes, name="toelichting.txt"):
    return browser.post(
        "/projecten/10014/bestanden/nieuw/",
        {"kind": "custom", "explanation": "<p>Maatwerk voor de stacktest</p>", "data_file": ""},
        files={"documents": (name, content)},
        timeout=60,
    )


def newest_document(stack):
    return stack.sql(
        "SELECT id, document, size FROM projects_projectfiledocument ORDER BY id DESC LIMIT 1"
    )[0]


def test_signed_in_through_a_is_signed_in_through_b(stack):
    a = signed_in(stack, "A")
    b = a.on(stack.web_ports["B"])
    response = b.get("/projecten/10014/")
    assert response.status == 200 and "Demo projectaanvraag" in response.text
    assert stack.browser("B").get("/projecten/").status == 302  # without the cookie: login


def test_failed_logins_through_both_count_for_one_limit(stack):
    """5 failed logins per 5 minutes per account (ACCOUNT_RATE_LIMITS), counted in Redis."""
    email = "patricia.bouwer@example.nl"
    assert stack.browser("B").login(email, DEMO_PASSWORD).status == 302  # a valid login
    for attempt in range(5):
        browser = stack.browser("AB"[attempt % 2])
        assert browser.login(email, "wrong-password-123").status in {200, 400}
    for server in "AB":
        refused = stack.browser(server).login(email, DEMO_PASSWORD)
        assert refused.status in {200, 400, 429}, refused.status  # not signed in: limited
        assert "__Host-sessionid" not in refused.headers.get("Set-Cookie", "")


def test_document_uploaded_through_a_is_served_through_b(stack):
    a = signed_in(stack, "A")
    content = f"Toelichting {uuid.uuid4()}\n".encode()
    response = upload(a, content)
    assert response.status == 302, response.text[:3000]
    document_id, name, size = newest_document(stack)
    assert size == len(content)
    b = a.on(stack.web_ports["B"])
    served = b.get(f"/projecten/10014/bestanden/documenten/{document_id}/")
    assert served.status == 200 and served.body == content
    stored = stack.s3_client().get_object(Bucket=stack.bucket, Key=name)["Body"].read()
    assert stored == content  # in the shared bucket, not on A's disk


def test_what_is_written_through_a_is_read_through_b(stack):
    a = signed_in(stack, "A")
    title = f"Gedeeld onderzoek {uuid.uuid4().hex[:8]}"
    start = datetime.date.today() + datetime.timedelta(days=30)
    response = a.post(
        "/projecten/nieuw/",
        {
            "title": title,
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=365)).isoformat(),
            "goal": "",
        },
    )
    assert response.status == 302, response.text[:3000]
    b = a.on(stack.web_ports["B"])
    page = wait_until(lambda: (r := b.get("/projecten/")).status == 200 and r, timeout=10)
    assert title in page.text


def test_a_conversation_read_through_b_is_no_longer_unread_through_a(stack):
    """The unread counts are kept in the shared cache (Redis): reading through B forgets what A
    kept, so A's next page counts again."""
    a = signed_in(stack, "A")
    conversation = "/projecten/10014/berichten/"
    home = a.get("/")
    assert conversation in home.text and "cbs-badge" in home.text  # CBS's answer, unread: kept
    assert a.get("/").text.count("cbs-badge") == home.text.count("cbs-badge")
    b = a.on(stack.web_ports["B"])
    assert b.get(conversation).status == 200  # read through B
    home = a.get("/")
    assert conversation not in home.text and "cbs-badge" not in home.text
