"""JSON log lines: UTC, the request id on every line of a request, the user's id, never an email."""

import json
import logging

from portal.logs import JsonFormatter, logging_config


def lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]


def test_every_line_of_a_request_carries_its_id_and_the_user_id(client, leader, capsys):
    logging.config.dictConfig(logging_config("INFO"))
    client.force_login(leader)

    from django.urls import path  # noqa: F401 - documents where the line comes from

    response = client.get("/projecten/", HTTP_X_REQUEST_ID="proxy-given-id-123")
    assert response["X-Request-ID"] == "proxy-given-id-123"
    (line,) = [e for e in lines(capsys) if e["logger"] == "portal.request"]
    assert line["request_id"] == "proxy-given-id-123"
    assert line["user_id"] == leader.pk
    assert line["status"] == 200 and line["method"] == "GET" and line["path"] == "/projecten/"
    assert line["view"] and line["time"].endswith("Z")
    assert leader.email not in json.dumps(line)


def test_a_request_without_a_sane_id_gets_a_new_one(client, db, capsys):
    logging.config.dictConfig(logging_config("INFO"))
    response = client.get("/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    new = response["X-Request-ID"]
    assert len(new) == 32 and "\n" not in new
    (line,) = [e for e in lines(capsys) if e["logger"] == "portal.request"]
    assert line["request_id"] == new and "user_id" not in line


def test_formatter_writes_utc_and_the_exception():
    record = logging.makeLogRecord({"name": "x", "levelname": "ERROR", "msg": "boom %s",
                                    "args": (1,), "created": 0.0})  # fmt: skip
    try:
        raise ValueError("inner")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["time"] == "1970-01-01T00:00:00.000Z"
    assert entry["message"] == "boom 1" and "ValueError: inner" in entry["exception"]


def test_mail_written_during_a_request_keeps_its_id(client, db, mailoutbox):
    from portal.models import OutgoingMail
    from tests.factories.accounts import UserFactory

    UserFactory(email="iemand@example.nl")
    response = client.post("/accounts/password/reset/", {"email": "iemand@example.nl"},
                           HTTP_X_REQUEST_ID="reset-request-0001")  # fmt: skip
    assert response.status_code == 302
    assert OutgoingMail.objects.get().request_id == "reset-request-0001"
