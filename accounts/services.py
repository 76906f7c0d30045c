"""Writes on accounts, people and their declarations.

Every service: keyword-only, ``by=`` the acting user, one audit event.
"""

import datetime
import unicodedata

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.events import AccountEvent
from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Institution,
    Person,
    User,
    UserDeclarationSignature,
    UserDeclarationText,
)
from accounts.tokens import invitation_path
from portal.audit import field_changes, record
from portal.mail import absolute_url, send_templated_mail
from portal.models import Event
from portal.permissions import has_permission
from portal.refusals import Refusal
from portal.uploads import JPEG, stored_name
from portal.workqueue import forget_work_queue

REQUEST_FIELDS = ["initials", "first_name", "prefix", "last_name", "birth_date", "gender",
                  "email", "language"]  # fmt: skip


@transaction.atomic
def account_request_create(*, institution: Institution, by=None, **fields) -> AccountRequest | None:
    """A visitor asks for an account; the requester and the institution's managers are mailed.

    An address that already has an account or an open request gets no second one: nothing is
    made (None) and the owner of the address is told by mail. The visitor is answered the same
    way in both cases, so the form does not tell strangers who has an account.
    """
    if not institution.is_currently_authorized:
        raise Refusal([_("This institution is not authorized at the moment.")])
    email = fields["email"].strip().lower()
    owner = User.objects.filter(email__iexact=email).first()
    if (
        owner is not None
        or AccountRequest.objects.filter(
            email__iexact=email, status=AccountRequestStatus.OPEN
        ).exists()
    ):
        _mail_address_in_use(email, language=owner.language if owner else fields["language"])
        return None
    try:
        with transaction.atomic():
            account_request = AccountRequest.objects.create(
                institution=institution, **{**fields, "email": email}
            )
    except IntegrityError:  # the same address sent twice at once: one open request
        _mail_address_in_use(email, language=fields["language"])
        return None
    record(
        verb=AccountEvent.REQUEST_CREATE,
        by=by,
        target=account_request,
        description=_("Account requested"),
        to_state=AccountRequestStatus.OPEN,
        data={"email": email, "institution": institution.name},
    )
    send_templated_mail(
        to=email,
        template="accounts/mail/request_received",
        context={"name": account_request.first_name, "institution": institution.name},
        language=account_request.language,
    )
    managers = Person.objects.filter(
        institution=institution, is_account_manager=True
    ).select_related("user")
    for manager in managers:
        with translation.override(manager.language):
            url = absolute_url(reverse("accounts:manage_requests"))
        send_templated_mail(
            to=manager.notification_email,
            template="accounts/mail/request_to_manager",
            context={
                "name": manager.first_name,
                "applicant": account_request.full_name,
                "institution": institution.name,
                "url": url,
            },  # fmt: skip
            language=manager.language,
        )
    return account_request


def _mail_address_in_use(email: str, *, language: str) -> None:
    with translation.override(language):
        login_url = absolute_url(reverse("account_login"))
        reset_url = absolute_url(reverse("account_reset_password"))
    send_templated_mail(
        to=email,
        template="accounts/mail/request_address_in_use",
        context={"login_url": login_url, "reset_url": reset_url},
        language=language,
    )


def _lock_open_request(account_request: AccountRequest, by) -> AccountRequest:
    locked = (
        AccountRequest.objects.select_for_update()
        .select_related("institution")
        .get(pk=account_request.pk)
    )
    if not has_permission(by, "accounts.decide_request", locked):
        raise Refusal([_("You may not decide on this account request.")])
    if locked.status != AccountRequestStatus.OPEN:
        raise Refusal([_("This account request has already been decided on.")])
    return locked


def _finish_decision(locked: AccountRequest, *, status: str, by, reason: str = "") -> None:
    # Conditional update as a second guard (SQLite ignores select_for_update).
    updated = AccountRequest.objects.filter(pk=locked.pk, status=AccountRequestStatus.OPEN).update(
        status=status, decided_by=by, decided_at=timezone.now(), reason=reason, person=locked.person
    )
    if updated != 1:
        raise Refusal([_("This account request has already been decided on.")])
    forget_work_queue()  # an update: no post_save
    locked.refresh_from_db()


@transaction.atomic
def account_request_approve(*, request: AccountRequest, by) -> Person:
    """Create the person and the login; mail a single-use, expiring link to set a password."""
    locked = _lock_open_request(request, by)
    if not locked.institution.is_currently_authorized:
        raise Refusal(
            [_("The authorization of your institution has ended; no new accounts can be made.")]
        )
    if User.objects.filter(email__iexact=locked.email).exists():
        raise Refusal([_("There already is an account for this email address.")])
    person = Person.objects.create(
        institution=locked.institution, **{f: getattr(locked, f) for f in REQUEST_FIELDS}
    )
    user = User.objects.create_user(locked.email, person=person, language=locked.language)
    locked.person = person
    _finish_decision(locked, status=AccountRequestStatus.APPROVED, by=by)
    record(
        verb=AccountEvent.REQUEST_APPROVE,
        by=by,
        target=locked,
        person=person,
        description=_("Account request approved"),
        from_state=AccountRequestStatus.OPEN,
        to_state=AccountRequestStatus.APPROVED,
    )
    _send_invitation(user, person)
    request.status, request.person = locked.status, person
    return person


@transaction.atomic
def account_request_reject(*, request: AccountRequest, by, reason: str) -> AccountRequest:
    reason = (reason or "").strip()
    if not reason:
        raise Refusal([_("Give a reason for rejecting the request.")])
    locked = _lock_open_request(request, by)
    _finish_decision(locked, status=AccountRequestStatus.REJECTED, by=by, reason=reason)
    record(
        verb=AccountEvent.REQUEST_REJECT,
        by=by,
        target=locked,
        description=_("Account request rejected"),
        from_state=AccountRequestStatus.OPEN,
        to_state=AccountRequestStatus.REJECTED,
        reason=reason,
    )
    send_templated_mail(
        to=locked.email,
        template="accounts/mail/request_rejected",
        context={
            "name": locked.first_name,
            "institution": locked.institution.name,
            "reason": reason,
        },  # fmt: skip
        language=locked.language,
    )
    request.status = locked.status
    return locked


@transaction.atomic
def contact_person_create(*, institution: Institution, by, **fields) -> Person:
    """ "Contactpersoon aanmaken" by the institution's account manager."""
    if not has_permission(by, "accounts.manage_institution", institution):
        raise Refusal([_("You may not add contact persons to this institution.")])
    person = Person.objects.create(institution=institution, **fields)
    record(
        verb=AccountEvent.CONTACT_CREATE,
        by=by,
        target=person,
        person=person,
        description=_("Contact person created"),
        data={
            "changes": field_changes({}, {k: v for k, v in fields.items() if v not in ("", None)})
        },
    )
    return person


@transaction.atomic
def person_invite(*, person: Person, by) -> str:
    """Invite a contact person with an email to the portal (the same link as after approval);
    returns the address invited.

    An address that already has an account (of someone else) gets no second one: its owner is
    told by mail instead. The account manager is answered the same either way, so inviting does
    not tell who has an account (the invitation counts as sent: ``person_was_invited``).
    """
    person = Person.objects.select_for_update().select_related("institution").get(pk=person.pk)
    if not has_permission(by, "accounts.invite_person", person):
        raise Refusal([_("This person cannot be invited.")])
    user = User.objects.filter(person=person).first()
    email = user.email if user else person.email.strip().lower()
    owner = None if user else User.objects.filter(email__iexact=email).first()
    if user is None and owner is None:
        user = User.objects.create_user(email, person=person, language=person.language)
    record(
        verb=AccountEvent.INVITE,
        by=by,
        target=person,
        person=person,
        description=_("Invited to the portal"),
        data={"email": email, "address_in_use": owner is not None},
    )
    if owner is not None:
        _mail_invited_address_in_use(owner, institution=person.institution)
    else:
        _send_invitation(user, person)
    return email


def person_was_invited():
    """For ``Person`` querysets: ``.annotate(was_invited=person_was_invited())``, True once an
    invitation was sent (also one whose address turned out to have an account already)."""
    return Exists(Event.objects.filter(person_id=OuterRef("pk"), verb=AccountEvent.INVITE))


def _mail_invited_address_in_use(owner: User, *, institution: Institution) -> None:
    with translation.override(owner.language):
        login_url = absolute_url(reverse("account_login"))
        reset_url = absolute_url(reverse("account_reset_password"))
    send_templated_mail(
        to=owner.email,
        template="accounts/mail/invite_address_in_use",
        context={"institution": institution.name, "login_url": login_url, "reset_url": reset_url},
        language=owner.language,
    )


def _send_invitation(user: User, person: Person) -> None:
    with translation.override(person.language):
        url = absolute_url(invitation_path(user))
    send_templated_mail(
        to=user.email,
        template="accounts/mail/invitation",
        context={
            "name": person.first_name,
            "institution": person.institution.name,
            "email": user.email,
            "url": url,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },  # fmt: skip
        language=person.language,
    )


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """The invitee sets a password through the link: the link is used up."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    record(
        verb=AccountEvent.INVITATION_ACCEPT,
        by=user,
        target=user,
        person=user.person,
        description=_("Password set through the invitation"),
    )
    return user


EDITABLE_FIELDS = ["gender", "birth_date", "street_address", "postal_code", "city", "country",
                   "postal_street_address", "postal_postal_code", "postal_city", "postal_country",
                   "phone", "mobile", "email", "language", "newsletter"]  # fmt: skip


@transaction.atomic
def person_details_update(
    *, person: Person, by, data: dict, photo: bytes | None = None, remove_photo: bool = False
) -> dict:
    """ "Aanpassen" on Mijn gegevens: only the person's own fields; old and new values recorded."""
    if by.person_id != person.pk:
        raise Refusal([_("You may only change your own details.")])
    locked = Person.objects.select_for_update().get(pk=person.pk)
    values = {name: value for name, value in data.items() if name in EDITABLE_FIELDS}
    if "birth_date" in values and locked.birth_date:
        del values["birth_date"]  # set at the request; only CBS changes it
    old = {name: getattr(locked, name) for name in values}
    for name, value in values.items():
        setattr(locked, name, value)
    changes = field_changes(old, values)
    old_photo = locked.photo.name if locked.photo else ""
    if photo is not None:
        locked.photo.save(stored_name(JPEG), ContentFile(photo), save=False)
        changes["photo"] = [old_photo or None, locked.photo.name]
    elif remove_photo and old_photo:
        locked.photo = ""
        changes["photo"] = [old_photo, None]
    if not changes:
        return {}
    locked.save()
    if "photo" in changes and old_photo:
        storage = locked.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    if "language" in changes:
        User.objects.filter(person=locked).update(language=locked.language)
    record(
        verb=AccountEvent.DETAILS_UPDATE,
        by=by,
        target=locked,
        person=locked,
        description=_("Personal details changed"),
        data={"changes": changes},
    )
    person.refresh_from_db()
    return changes


# --- declarations (Gebruikersverklaring, Geheimhoudingsverklaring) ---------------------------
# Modelled here, so written here. The actions that ask for them (requests_inbox) call these
# services; ``declaration_reviewed`` tells the apps above that CBS reviewed a declaration, in
# the same transaction (requests_inbox completes its actions and asks for a new upload).

declaration_reviewed = Signal()  # sender=ConfidentialityDeclaration, declaration, by, approved


def current_declaration_text() -> UserDeclarationText | None:
    return (
        UserDeclarationText.objects.filter(published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def _plain_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


@transaction.atomic
def user_declaration_sign(
    *,
    person: Person,
    by,
    typed_name: str,
    text_version: UserDeclarationText | None = None,
    event: dict | None = None,
) -> UserDeclarationSignature:
    """Sign the Gebruikersverklaring: stores the moment, the version and a hash of its text.

    ``text_version`` is the version the person read; if CBS published a newer one meanwhile,
    the signature is refused so that nobody signs a text they did not see. ``event`` adds to
    the recorded event what the caller knows (the action and its states).
    """
    current = current_declaration_text()
    if current is None:
        raise Refusal(_("There is no declaration text to sign yet."))
    if text_version is not None and text_version.pk != current.pk:
        raise Refusal(
            _("The declaration text has changed since you opened it. Read it again and sign.")
        )
    if not typed_name.strip() or _plain_name(typed_name) != _plain_name(person.full_name):
        raise Refusal(
            _("Type your full name exactly as shown: %(name)s.") % {"name": person.full_name},
            field="typed_name",
        )
    signature = UserDeclarationSignature.objects.create(
        person=person,
        text_version=current,
        signed_at=timezone.now(),
        signed_name=typed_name.strip()[:200],
        text_hash=current.text_hash,
    )
    event = dict(event or {})
    record(
        verb=AccountEvent.USER_DECLARATION_SIGN,
        by=by,
        target=signature,
        person=person,
        description=str(current),
        from_state=event.pop("from_state", ""),
        to_state=event.pop("to_state", ""),
        data={**event, "version": current.version, "text_hash": current.text_hash},
    )
    return signature


@transaction.atomic
def confidentiality_declaration_upload(
    *, person: Person, by, upload, content_type: str, event: dict | None = None
) -> ConfidentialityDeclaration:
    """Store a signed Geheimhoudingsverklaring (a checked PDF) for CBS to review."""
    declaration = ConfidentialityDeclaration(person=person)
    upload.seek(0)
    declaration.document.save(stored_name(content_type), upload, save=False)
    declaration.save()
    event = dict(event or {})
    record(
        verb=AccountEvent.CONFIDENTIALITY_UPLOAD,
        by=by,
        target=declaration,
        person=person,
        from_state=event.pop("from_state", ""),
        to_state=event.pop("to_state", ""),
        data=event,
    )
    return declaration


def _lock_submitted(declaration: ConfidentialityDeclaration) -> ConfidentialityDeclaration:
    locked = (
        ConfidentialityDeclaration.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=declaration.pk)
    )
    if locked.status != ConfidentialityStatus.SUBMITTED:
        raise Refusal(_("This declaration has already been reviewed."))
    return locked


@transaction.atomic
def confidentiality_approve(
    *, declaration: ConfidentialityDeclaration, by, valid_until: datetime.date
) -> ConfidentialityDeclaration:
    """CBS approves an uploaded declaration, valid until ``valid_until``; mails the person."""
    if valid_until is None or valid_until <= timezone.localdate():
        raise Refusal(_("The end date must be after today."), field="valid_until")
    locked = _lock_submitted(declaration)
    locked.status = ConfidentialityStatus.APPROVED
    locked.valid_until = valid_until
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.reason = ""
    locked.save(update_fields=["status", "valid_until", "reviewed_at", "reviewed_by", "reason"])
    declaration_reviewed.send(
        sender=ConfidentialityDeclaration, declaration=locked, by=by, approved=True
    )
    record(
        verb=AccountEvent.CONFIDENTIALITY_APPROVE,
        by=by,
        target=locked,
        person=locked.person,
        from_state=ConfidentialityStatus.SUBMITTED,
        to_state=ConfidentialityStatus.APPROVED,
        data={"valid_until": valid_until.isoformat()},
    )
    person = locked.person
    if person.notification_email:
        with translation.override(person.language):
            path = reverse("accounts:my_details")
        send_templated_mail(
            to=person.notification_email,
            template="accounts/mail/confidentiality_approved",
            context={
                "name": person.first_name,
                "valid_until": valid_until.strftime("%d-%m-%Y"),
                "url": absolute_url(path),
            },
            language=person.language,
        )
    return locked


@transaction.atomic
def confidentiality_reject(
    *, declaration: ConfidentialityDeclaration, by, reason: str
) -> ConfidentialityDeclaration:
    """CBS rejects an upload; the apps that asked for it are told (a new action says why)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give a reason for the rejection."), field="reason")
    locked = _lock_submitted(declaration)
    locked.status = ConfidentialityStatus.REJECTED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.reason = reason
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "reason"])
    answers = declaration_reviewed.send(
        sender=ConfidentialityDeclaration, declaration=locked, by=by, approved=False
    )
    follow_up = [value for _receiver, value in answers if value is not None]
    record(
        verb=AccountEvent.CONFIDENTIALITY_REJECT,
        by=by,
        target=locked,
        person=locked.person,
        from_state=ConfidentialityStatus.SUBMITTED,
        to_state=ConfidentialityStatus.REJECTED,
        reason=reason,
        data={"new_action": follow_up[0]} if follow_up else {},
    )
    return locked


# --- a person leaves the institution ("Uit dienst melden") -----------------------------------
# One service for every caller: the institution's account manager in the portal, CBS in the
# back office, and the privacy rules after leaving. What other apps hold of the person (open
# actions, team memberships) they end through their own services: ``accounts.registry.leaving``.


def _lock_person(person: Person) -> Person:
    return Person.objects.select_for_update().select_related("institution").get(pk=person.pk)


def _mail_leaver(person: Person, *, template: str, on: datetime.date) -> None:
    if not person.notification_email:
        return
    send_templated_mail(
        to=person.notification_email,
        template=template,
        context={
            "name": person.first_name,
            "institution": person.institution.name,
            "date": on.strftime("%d-%m-%Y"),
        },
        language=person.language,
    )


@transaction.atomic
def person_leave(*, person: Person, on: datetime.date, by) -> Person:
    """Report that ``person`` leaves (left) the institution on ``on``: from that day they cannot
    sign in, their sessions end, and the apps above end what they hold (open actions withdrawn,
    CBS asked to end each team membership: ``accounts.registry.leaving``). A day that has come is
    applied at once; a later one by ``people_leave_apply_due`` (the daily run), and sign-in is
    refused from the day itself either way. The person is mailed; CBS hears of it in its
    digest. ``person_leave_undo`` takes it back before the day."""
    locked = _lock_person(person)
    if not has_permission(by, "accounts.report_leave", locked):
        raise Refusal([_("You may not report that this person leaves.")])
    if on is None:
        raise Refusal(_("Give the day the person leaves."), field="on")
    if getattr(by, "person_id", None) == locked.pk:
        raise Refusal(_("You cannot report yourself as leaving; ask another account manager."))
    if locked.left_on is not None:
        raise Refusal(
            _("%(name)s has already been reported as leaving on %(date)s.")
            % {"name": locked.full_name, "date": locked.left_on.strftime("%d-%m-%Y")}
        )
    locked.left_on = on
    locked.leave_reported_by = by if getattr(by, "is_authenticated", False) else None
    locked.save(update_fields=["left_on", "leave_reported_by", "updated_at"])
    record(
        verb=AccountEvent.LEAVE_REPORT,
        by=by,
        target=locked,
        person=locked,
        description=_("Leaves %(institution)s on %(date)s")
        % {"institution": locked.institution.name, "date": on.strftime("%d-%m-%Y")},
        data={"left_on": on.isoformat()},
    )
    _mail_leaver(locked, template="accounts/mail/leave_reported", on=on)
    if locked.has_left():
        _apply_leave(locked, by=by)
    person.left_on, person.leave_applied_at = locked.left_on, locked.leave_applied_at
    return locked


@transaction.atomic
def person_leave_undo(*, person: Person, by) -> Person:
    """Take back a report of leaving before its day: nothing has ended yet."""
    locked = _lock_person(person)
    if not has_permission(by, "accounts.report_leave", locked):
        raise Refusal([_("You may not report that this person leaves.")])
    if locked.left_on is None:
        raise Refusal(_("This person has not been reported as leaving."))
    if locked.has_left() or locked.leave_applied_at is not None:
        raise Refusal(
            _("%(name)s left on %(date)s; that can no longer be undone. Ask CBS.")
            % {"name": locked.full_name, "date": locked.left_on.strftime("%d-%m-%Y")}
        )
    on = locked.left_on
    locked.left_on = None
    locked.leave_reported_by = None
    locked.save(update_fields=["left_on", "leave_reported_by", "updated_at"])
    record(
        verb=AccountEvent.LEAVE_UNDO,
        by=by,
        target=locked,
        person=locked,
        description=_("No longer leaves on %(date)s") % {"date": on.strftime("%d-%m-%Y")},
        data={"left_on": on.isoformat()},
    )
    _mail_leaver(locked, template="accounts/mail/leave_undone", on=on)
    person.left_on = None
    return locked


def _apply_leave(locked: Person, *, by) -> None:
    """The day has come: no sign-in, no sessions, and the other apps end what they hold."""
    from allauth.usersessions.models import UserSession

    from accounts.registry import leaving

    locked.leave_applied_at = timezone.now()
    locked.save(update_fields=["leave_applied_at", "updated_at"])
    user = User.objects.filter(person=locked).first()
    if user is not None:
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        for session in UserSession.objects.filter(user=user):
            session.end()
    for hook in leaving:
        hook(person=locked, on=locked.left_on, by=by)
    record(
        verb=AccountEvent.LEAVE_APPLY,
        by=by,
        target=locked,
        person=locked,
        description=_("Left %(institution)s on %(date)s")
        % {"institution": locked.institution.name, "date": locked.left_on.strftime("%d-%m-%Y")},
        data={"left_on": locked.left_on.isoformat()},
    )


def people_leave_apply_due(*, today: datetime.date | None = None) -> int:
    """Apply every reported leave whose day has come (the daily run); returns how many.
    Each person in a transaction of their own, so one refusal stops nobody else's."""
    today = today or timezone.localdate()
    due = list(
        Person.objects.filter(
            left_on__isnull=False, left_on__lte=today, leave_applied_at__isnull=True
        ).values_list("pk", flat=True)
    )
    applied = 0
    for pk in due:
        with transaction.atomic():
            locked = _lock_person(Person(pk=pk))
            if locked.leave_applied_at is None and locked.has_left(on=today):
                _apply_leave(locked, by=locked.leave_reported_by)
                applied += 1
    return applied
