from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsInboxConfig(AppConfig):
    name = "requests_inbox"
    verbose_name = _("Actions")

    def ready(self):
        from requests_inbox import receivers  # noqa: F401  (connect the receivers)
