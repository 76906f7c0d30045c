"""The event types of actions and cost overviews (stored verbs unchanged)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"QUESTION_ANSWER", "CONTACT_PERSON_FORM_UPLOAD"})
class ActionEvent(models.TextChoices):
    CREATE = "action.create", _("Action created")
    CREATE_FOR_TEAM = "action.create_for_team", _("Action created for the team")
    TEXT = "action.text", _("Action text changed")
    QUESTION_ANSWER = "question.answer", _("Question answered")
    CONTACT_PERSON_FORM_UPLOAD = "contact_person_form.upload", _("Contact person form uploaded")
    CONTACT_PERSON_FORM_PROCESSED = (
        "contact_person_form.processed",
        _("Contact person form processed"),
    )
    COST_OVERVIEW_CREATE = "cost_overview.create", _("Cost overview created")
    COST_OVERVIEW_PROPOSE = "cost_overview.propose", _("Cost overview proposed from the project")
    COST_OVERVIEW_SEND = "cost_overview.send", _("Cost overview sent")
    # The decision itself reaches CBS as the project's move (approve_costs / reject_costs).
    COST_OVERVIEW_AGREE = "cost_overview.agree", _("Cost overview approved")
    COST_OVERVIEW_NOT_AGREE = "cost_overview.not_agree", _("Cost overview not approved")
