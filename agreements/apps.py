from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Project agreements")

    def ready(self):
        # The event types, the lifecycle guards and whose turn it is in phase 2: declared on import.
        from agreements import events, guards, turns  # noqa: F401
