"""Event types of the projects app (see portal.audit): phase 4, closure and copying.

Lifecycle moves are recorded as ``project.<move name>`` by ``project_transition``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"CLOSURE_REQUESTED"})
class ClosureEvent(models.TextChoices):
    CLOSURE_REQUESTED = "project.request_closure", _("Closure requested")
    CLOSED = "project.close", _("Project closed")
    REOPENED = "project.reopen", _("Project reopened")
    ARCHIVE_EXTENDED = "project.archive_extend", _("Archive period extended")
    ARCHIVE_REMOVED = "project.archive_remove", _("Archive removed after the archive period")
    COPIED = "project.copy", _("Copied as a new project")
