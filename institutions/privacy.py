"""What institutions holds about people (the register of personal data, ``portal.privacy``):
the log of calls to the institution's API, with the address they came from."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from institutions.models import ApiCall
from portal.privacy import Kind, days_ago, record_removal, register


@transaction.atomic
def _api_calls_expire(today) -> int:
    count = ApiCall.objects.filter(at__lt=days_ago(settings.API_LOG_DAYS, today)).delete()[0]
    if count:
        record_removal(what="api_calls", count=count)
    return count


register(
    Kind(
        key="api_calls",
        models=("institutions.ApiCall",),
        what=_("Calls to an institution's API: when, what, and the address they came from"),
        purpose=_("Keeping the institution's API safe: the account manager sees every call"),
        retention=_("Removed after %(period)s days."),
        period="API_LOG_DAYS",
        recipients=_("The account managers of the institution"),
        order=700,
        expire=_api_calls_expire,
    )
)

register.no_personal_data(
    "institutions.ApiToken", why="A token's name (for a system, not a person) and its hash."
)
