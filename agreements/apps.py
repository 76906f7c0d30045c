from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Project agreements")

    def ready(self):
        # What it holds about people, why and how long (the register, portal.privacy).
        # The event types and the lifecycle guards of Voorbereiding are declared on import.
        from agreements import (  # noqa: F401
            events,
            guards,
            privacy,  # noqa: F401
            turns,  # whose turn it is while the agreement waits (projects.timeline)
        )
        from projects.registry import project_page
        from requests_inbox.models import ActionKind
        from requests_inbox.registry import action_pages

        # The signing page (PDF inline, sign or decline) is this app's.
        action_pages.register(
            ActionKind.AGREEMENT_SIGNING,
            lambda action: reverse("agreements:action", kwargs={"pk": action.pk}),
        )
        # The agreement's row in the project page's agreement attachments.
        project_page.register("agreements/_project_agreement_row.html", "documents", order=20)
        from agreements.templatetags.agreements import ROW_READS
        from projects.page import page_reads_declare

        page_reads_declare("agreements", ROW_READS)

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register("agreements.demo.load", "project agreements", order=50)
        demo_loaders.register(
            "agreements.demo.load_work_queue", "the back office's work queue", order=150
        )
