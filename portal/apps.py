from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Each app declares its permission rules in its own permissions module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
