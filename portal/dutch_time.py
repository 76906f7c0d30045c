"""Times as people read them: Dutch time (``TIME_ZONE``, Europe/Amsterdam), in one format.

Every time shown (pages, mails, PDFs, the admin) is written by ``moment`` (in templates: the
``moment`` filter); the admin's own date-time columns use the same format through
``portal.formats`` (``FORMAT_MODULE_PATH``).
"""

import datetime

from django.utils import dateformat, timezone

DATETIME_FORMAT = "d-m-Y H:i"  # 06-12-2026 20:15


def moment(value: datetime.datetime | None) -> str:
    """``value`` in Dutch time as "06-12-2026 20:15" ("" for no value)."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, DATETIME_FORMAT)
