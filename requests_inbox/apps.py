from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsInboxConfig(AppConfig):
    name = "requests_inbox"
    verbose_name = _("Actions")

    def ready(self):
        from projects.registry import project_page, timeline_turns
        from requests_inbox import closure, receivers  # noqa: F401  (register, connect)
        from requests_inbox.projects import open_action_turn

        # On the project: the person's open action is their turn; sent cost overviews are rows
        # of the agreement attachments.
        timeline_turns.register("open_action", open_action_turn)
        project_page.register("requests_inbox/_project_cost_overviews.html", "documents", order=10)
