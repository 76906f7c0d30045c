from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Running projects: change requests and output checks")

    def ready(self):
        # A supplementary cost overview's decision applies (or drops) its change request.
        from changes import (
            receivers,  # noqa: F401
            services,  # noqa: F401  (registers the bytes of its documents)
        )

        # Open change requests and output checks on the closure checklist (phase 4), once the
        # checklist exists.
        if find_spec("projects.services_closure") is not None:
            from changes import closure  # noqa: F401
        # Phase 4's kinds: "Archieftermijn verlengen" and "Project heropenen".
        from changes import archive_kinds  # noqa: F401
