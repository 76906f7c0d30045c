from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsInboxConfig(AppConfig):
    name = "requests_inbox"
    verbose_name = _("Actions")

    def ready(self):
        # What it holds about people, why and how long (the register, portal.privacy).
        from projects.page import page_reads_declare
        from projects.readiness import reads_declare
        from projects.registry import (
            project_page,
            readiness_links,
            timeline_turns,
        )
        from requests_inbox import (  # noqa: F401  (register, connect)
            closure,
            privacy,  # noqa: F401
            receivers,
        )
        from requests_inbox.models import Action
        from requests_inbox.projects import open_action_turn
        from requests_inbox.readiness import open_action_links
        from requests_inbox.templatetags.requests_inbox import ROWS_READ

        # On the project: the person's open action is their turn; sent cost overviews are rows
        # of the agreement attachments.
        timeline_turns.register("open_action", open_action_turn)
        project_page.register("requests_inbox/_project_cost_overviews.html", "documents", order=10)
        page_reads_declare("cost_overviews", ROWS_READ)  # kept with the page's panels
        # A step of RA readiness the person misses links to their open action for it.
        readiness_links.register("open_actions", open_action_links)
        # ... which it reads from the person's actions (their kept readiness).
        reads_declare("open_actions", {Action: lambda action: [action.person_id]})

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register("requests_inbox.demo.load", "actions and cost overviews", order=30)
        demo_loaders.register("requests_inbox.demo.load_expiring", "what expires soon", order=31)
