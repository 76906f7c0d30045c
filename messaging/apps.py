from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        from messaging import receivers  # noqa: F401  (connect the receivers)
        from projects.registry import bijlage_section, project_page
        from requests_inbox.registry import home_rows

        home_rows.register("messaging/_home_rows.html", "unread answers of CBS, as actions")
        # On the project page: Berichten and Wijzigingen sinds de vorige indiening; beside each
        # section of a bijlage: CBS's comments on it.
        project_page.register("messaging/_project_links.html", "actions", order=10)
        bijlage_section.register("messaging/_section_review_comments.html", "comments of CBS")
