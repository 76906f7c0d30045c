from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Running projects: change requests and output checks")

    def ready(self):
        # receivers: a supplementary cost overview's decision applies (or drops) its change
        # request; closure: open change requests and output checks on the closure checklist
        # (Afsluiting); archive_kinds: "Archieftermijn verlengen" and "Project heropenen".
        from changes import archive_kinds, closure, receivers  # noqa: F401
