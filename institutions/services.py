"""Writes of Mijn instelling: the institution's API tokens. (A person leaving is
``accounts.services.person_leave``.)"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution
from institutions.events import InstitutionEvent
from institutions.models import ApiToken, token_hash
from portal.audit import record
from portal.permissions import has_permission
from portal.refusals import Refusal

TOKEN_PREFIX = "kp_"  # noqa: S105 - marks a klantportaal token, no secret


@transaction.atomic
def api_token_create(
    *, institution: Institution, by, name: str, expires_on: datetime.date
) -> tuple[ApiToken, str]:
    """A new token for the institution: returns it and its secret, which is shown once and
    never stored (only its hash). Valid through ``expires_on``, Dutch time."""
    if not has_permission(by, "accounts.manage_institution", institution):
        raise Refusal(_("You may not make API tokens for this institution."))
    name = (name or "").strip()
    if not name:
        raise Refusal(_("Give the token a name."), field="name")
    if expires_on < timezone.localdate():
        raise Refusal(_("The day cannot be in the past."), field="expires_on")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    end = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time())
    token = ApiToken.objects.create(
        institution=institution,
        name=name[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(secret),
        created_by=by,
        expires_at=timezone.make_aware(end),
    )
    record(
        verb=InstitutionEvent.TOKEN_CREATE,
        by=by,
        target=token,
        description=name,
        data={"institution": institution.name, "expires_on": expires_on.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    locked = ApiToken.objects.select_for_update().select_related("institution").get(pk=token.pk)
    if not has_permission(by, "accounts.manage_institution", locked.institution):
        raise Refusal(_("You may not revoke this token."))
    if locked.revoked_at is not None:
        raise Refusal(_("This token has already been revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(verb=InstitutionEvent.TOKEN_REVOKE, by=by, target=locked, description=locked.name)
    token.revoked_at = locked.revoked_at
    return locked
