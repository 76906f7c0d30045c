from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "awareness"
    verbose_name = _("Awareness test")

    def ready(self):
        from requests_inbox.models import ActionKind
        from requests_inbox.registry import action_pages

        # The awareness test itself is this app's page; the action only points there.
        action_pages.register(ActionKind.AWARENESS_TEST, lambda action: reverse("awareness:index"))
