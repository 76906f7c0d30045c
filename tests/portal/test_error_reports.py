"""Errors reach a Sentry-compatible server (a real HTTP receiver here) without personal data."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.urls import path

from portal.errors import sentry_options

SECRET_BODY = "geheime-inhoud"


def broken(request):
    raise ValueError("could not send to piet.bakker@example.nl")


urlpatterns = [path("kapot/", broken)]


class Receiver(BaseHTTPRequestHandler):
    envelopes: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk compresses so when brotli is installed
            import brotli

            body = brotli.decompress(body)
        Receiver.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Receiver.envelopes = []
    yield server.server_address[1]
    sentry_sdk.init(dsn=None)  # off again
    server.shutdown()


@pytest.mark.urls("tests.portal.test_error_reports")
def test_an_error_is_reported_without_names_emails_or_bodies(client, leader, receiver):
    sentry_sdk.init(**sentry_options(f"http://public@127.0.0.1:{receiver}/1", environment="test"))
    client.raise_request_exception = False
    client.force_login(leader)
    response = client.post(
        "/kapot/?email=piet.bakker@example.nl",
        {"message": SECRET_BODY, "email": leader.email},
        HTTP_X_REQUEST_ID="request-with-an-error",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    assert Receiver.envelopes, "nothing reached the receiver"
    envelope = b"\n".join(Receiver.envelopes).decode()
    items = [json.loads(line) for line in envelope.splitlines() if line.startswith("{")]
    (event,) = [item for item in items if item.get("exception")]
    assert event["exception"]["values"][0]["type"] == "ValueError"
    assert event["exception"]["values"][0]["value"] == "could not send to [email]"
    assert event["tags"]["request_id"] == "request-with-an-error"
    assert event["user"] == {"id": str(leader.pk)}
    assert "kapot" in event["transaction"]  # which view
    assert not {"data", "cookies", "query_string", "env"} & set(event.get("request", {}))
    for value in event["exception"]["values"]:  # the source code shown around each line
        for frame in value["stacktrace"]["frames"]:  # is code, not data: left out of the search
            for key in ("pre_context", "context_line", "post_context"):
                frame.pop(key, None)
    sent = json.dumps([item for item in items if item is not event] + [event])
    for personal in (SECRET_BODY, leader.email, "piet.bakker@example.nl",
                     leader.person.first_name, leader.person.last_name, "sessionid"):  # fmt: skip
        assert personal not in sent, personal
