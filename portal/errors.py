"""Errors to a Sentry-compatible service (Sentry, or GlitchTip that CBS can run itself) when
SENTRY_DSN is set, with nothing personal in them.

Sent: the exception's type, message and stack (without local variables), the view, the request's
method, path and a few harmless headers, the request id (tag ``request_id``, to find its log
lines) and the user's id. Not sent: request bodies, query strings, cookies, the client's address,
other headers, names; an email address anywhere in a message becomes ``[email]``.
"""

from portal import logs
from portal.logs import EMAIL

KEPT_HEADERS = {"host", "user-agent", "accept-language", "content-type", "x-request-id"}


def _clean(text):
    return EMAIL.sub("[email]", text) if isinstance(text, str) else text


def scrub(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
        request["url"] = _clean(request.get("url", "")).split("?", 1)[0]
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    if (user_id := logs.user_id.get()) is not None:
        event["user"] = {"id": str(user_id)}
    if request_id := logs.request_id.get():
        event.setdefault("tags", {})["request_id"] = request_id
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = _clean(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if "logentry" in event:
        entry = event["logentry"]
        entry["message"] = _clean(entry.get("message"))
        entry["formatted"] = _clean(entry.get("formatted"))
        entry.pop("params", None)
    event["message"] = _clean(event.get("message"))
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb["message"] = _clean(crumb.get("message"))
        crumb.pop("data", None)
    return event


def sentry_options(dsn: str, *, environment: str) -> dict:
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration()],
        # No user details, no request bodies, no local variables, no query parameters
        "data_collection": {
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        "traces_sample_rate": 0,
        "before_send": scrub,
        "before_send_transaction": scrub,
    }


def init(dsn: str, *, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(**sentry_options(dsn, environment=environment))
