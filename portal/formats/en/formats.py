"""Django's date-time formats of this language, as the portal writes times (portal.dutch_time)."""

from portal.dutch_time import DATETIME_FORMAT

SHORT_DATETIME_FORMAT = DATETIME_FORMAT
__all__ = ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"]
