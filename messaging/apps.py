from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        from messaging import (
            receivers,  # noqa: F401  (connect the receivers)
            services,  # noqa: F401  (registers the bytes of its documents)
        )
