from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        from messaging import (
            keep,
            privacy,  # noqa: F401  (what it holds about people: the register, portal.privacy)
            receivers,  # noqa: F401  (connect the receivers)
        )

        keep.connect()  # a write of what a kept conversation shows forgets it
        from messaging.services import message_attachments_bytes
        from projects.registry import project_documents

        # A project's total of documents (MAX_PROJECT_UPLOAD_SIZE): its Berichten's attachments.
        project_documents.register("messaging.attachments", message_attachments_bytes, order=20)
        from portal.frame import customer_service_panels
        from projects.registry import bijlage_section, project_page
        from requests_inbox.registry import home_rows

        home_rows.register("messaging/_home_rows.html", "unread answers of CBS, as actions")
        # On the project page: Berichten and Wijzigingen sinds de vorige indiening; beside each
        # section of a bijlage: CBS's comments on it.
        project_page.register("messaging/_project_links.html", "actions", order=10)
        bijlage_section.register("messaging/_section_review_comments.html", "comments of CBS")

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register(
            "messaging.demo.load", "Berichten, questions, review comments", order=70
        )

        # Klantenservice: the person's questions (Mijn vragen) and a new one.
        customer_service_panels.register(
            "messaging/_customer_service.html", "questions to Klantenservice"
        )
