from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Running projects: change requests and output checks")

    def ready(self):
        # A supplementary cost overview's decision applies (or drops) its change request.
        from changes import receivers  # noqa: F401
