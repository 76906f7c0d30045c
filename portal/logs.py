"""Structured logs: one JSON object per line on stdout, times in UTC.

Every line written while a request is handled carries its ``request_id`` (the proxy's
``X-Request-ID`` when it sends a sane one, else a new one; answered in the same header) and,
once known, the signed-in person's ``user_id`` — never a name or an email address. Mail written
during a request keeps the request id, and the worker's lines while sending it carry it too.
``RequestLogMiddleware`` writes one ``request`` line per request (method, path, view, status,
milliseconds). The level comes from ``LOG_LEVEL``. gunicorn uses the same configuration
(gunicorn.conf.py), so its master and its workers log alike.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

request_id = contextvars.ContextVar("request_id", default="")
user_id = contextvars.ContextVar("user_id", default=None)

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# An email address in a message or an exception (a mail server's refusal, a failed lookup)
# is written as [email]: the logs name people by id only.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        entry = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": EMAIL.sub("[email]", record.getMessage()),
        }
        if current := request_id.get():
            entry["request_id"] = current
        if (current := user_id.get()) is not None:
            entry["user_id"] = current
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_") and key != "request"
        )
        if record.exc_info:
            entry["exception"] = EMAIL.sub("[email]", self.formatException(record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(level: str) -> dict:
    """The dictConfig of the portal and of gunicorn: JSON to stdout, one handler (the root's)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        # Django's and gunicorn's loggers have handlers of their own: with ours (the root's)
        # every line was written twice.
        "loggers": {
            **{
                name: {"handlers": [], "level": level, "propagate": True}
                for name in ("django", "gunicorn.error")
            },
            # The request lines are the portal's own (with ids); gunicorn's (local time, no ids)
            # are written only at WARNING, which they never are.
            "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
            # Chatty at INFO (a line per step of every PDF): only their warnings.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


access_logger = logging.getLogger("portal.request")
PROBES = {"healthz", "readyz", "metrics"}


class RequestLogMiddleware:
    """Outermost: gives the request its id, names the signed-in person by id once known, and
    writes one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        tokens = request_id.set(rid), user_id.set(None)
        began = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match else ""
            # The load balancer's and Prometheus's calls every few seconds: only when they fail.
            quiet = view in PROBES and response.status_code < 400
            access_logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - began) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(tokens[0])
            user_id.reset(tokens[1])

    def process_view(self, request, view_func, view_args, view_kwargs):
        # By now the middleware below has looked the person up (no query of its own).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id.set(user.pk)
