from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Project agreements")

    def ready(self):
        # The event types and the lifecycle guards of Voorbereiding are declared on import.
        from agreements import events, guards  # noqa: F401
