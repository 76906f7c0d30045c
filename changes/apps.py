from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Running projects: change requests and output checks")

    def ready(self):
        # privacy: what it holds about people, why and how long (the register, portal.privacy);
        # receivers: a supplementary cost overview's decision applies (or drops) its change
        # request; closure: open change requests and output checks on the closure checklist
        # (Afsluiting); archive_kinds: "Archieftermijn verlengen" and "Project heropenen".
        from changes import archive_kinds, closure, privacy, receivers  # noqa: F401
        from projects.registry import ending_links, project_page

        # On the project page: change requests and output checks, and "Complete" beside an
        # expected publication; in the mail "project ends soon": "Einddatum verlengen".
        project_page.register("changes/_project_panels.html", "panels", order=10)
        project_page.register("changes/_publication_complete.html", "publication", order=10)
        from changes.templatetags.changes_panels import PANELS_READ
        from projects.page import page_reads_declare

        page_reads_declare("changes", PANELS_READ)
        ending_links.register(
            "extend_path",
            lambda project: reverse("changes:change_ask", args=[project.number, "extend_end_date"]),
        )

        from changes.services import output_check_forms_bytes
        from projects.registry import project_documents

        # A project's total of documents (MAX_PROJECT_UPLOAD_SIZE): its output control forms.
        project_documents.register("changes.output_checks", output_check_forms_bytes, order=30)

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register(
            "changes.demo.load", "change requests, output checks, publications", order=60
        )
        demo_loaders.register(
            "changes.demo.load_work_queue", "the back office's work queue", order=160
        )
