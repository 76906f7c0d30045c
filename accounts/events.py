"""The event types of accounts, people and their declarations (stored verbs unchanged)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"CONFIDENTIALITY_UPLOAD", "LEAVE_REPORT"})
class AccountEvent(models.TextChoices):
    REQUEST_CREATE = "account_request.create", _("Account requested")
    REQUEST_APPROVE = "account_request.approve", _("Account request approved")
    REQUEST_REJECT = "account_request.reject", _("Account request rejected")
    CONTACT_CREATE = "person.create_contact", _("Contact person created")
    INVITE = "person.invite", _("Invited to the portal")
    INVITATION_ACCEPT = "user.invitation_accept", _("Password set through the invitation")
    DETAILS_UPDATE = "person.update_details", _("Personal details changed")
    REAUTHENTICATION_FAILED = "user.reauthentication_failed", _("Password not confirmed")
    USER_DECLARATION_SIGN = "user_declaration.sign", _("User declaration signed")
    CONFIDENTIALITY_UPLOAD = "confidentiality.upload", _("Confidentiality declaration uploaded")
    CONFIDENTIALITY_APPROVE = "confidentiality.approve", _("Confidentiality declaration approved")
    CONFIDENTIALITY_REJECT = "confidentiality.reject", _("Confidentiality declaration rejected")
    LEAVE_REPORT = "person.leave_report", _("Reported as leaving the institution")
    LEAVE_UNDO = "person.leave_undo", _("Leaving the institution undone")
    LEAVE_APPLY = "person.leave_apply", _("Left the institution: access ended")
