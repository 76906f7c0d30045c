from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _team_changed(sender, project, person_ids=(), **kwargs):
    # Memberships ended in bulk (closure): the card shows their end dates, and whether the
    # people work in the RA (their kept readiness) may follow.
    from projects.card import forget_cards
    from projects.readiness import forget_readiness

    forget_cards([project.pk])
    forget_readiness(person_ids)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # What it holds about people, why and how long (the register, portal.privacy).

        from accounts.registry import my_details
        from portal.frame import Link, links
        from portal.kept import forget_on_writes
        from projects import (
            page,
            privacy,  # noqa: F401
            readiness,  # its steps of RA readiness
        )
        from projects.card import CARD_SHOWS, card_changed
        from projects.registry import project_documents
        from projects.services import project_files_bytes, team_changed

        # What the RA readiness reads forgets each person's kept readiness (projects.readiness).
        readiness.reads_declare("projects", readiness.OWN_READS)
        # The kept Projectkaart is forgotten when something it shows is written (projects.card).
        forget_on_writes(CARD_SHOWS, card_changed, "projects.card")
        # The kept panels of the project page: also forgotten with its card (projects.page).
        page.connect()
        team_changed.connect(_team_changed, dispatch_uid="projects.card")

        # A project's total of documents (MAX_PROJECT_UPLOAD_SIZE): its files' attachments.
        project_documents.register("projects.files", project_files_bytes, order=10)

        # Mijn gegevens: "Wat moet ik nog doen om in de Remote Access-omgeving te werken?"
        my_details.register("projects/_ra_readiness.html", "top", order=10)

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register("projects.demo.load", "projects in every status", order=20)
        demo_loaders.register("projects.demo_closure.load", "closing and closed projects", order=21)
        demo_loaders.register(
            "projects.demo.load_work_queue", "the back office's work queue", order=120
        )
        # The loaders write people, declarations and actions in bulk (dates moved to today):
        # everyone's kept RA readiness is computed again after them all.
        demo_loaders.register(
            "projects.demo.forget_readiness", "the kept Remote Access readiness", order=990
        )

        # The page frame's links to this app's pages (portal.frame).
        links.register(
            "projects.menu",
            Link(
                "menu",
                "projects:list",
                _("Projects"),
                nav="projects",
                signed_in=True,
                after="projects/_nav_unread.html",
            ),
            order=20,
        )
        links.register(
            "projects.menu_catalogue",
            Link("menu", "catalogue:index", _("Service catalogue"), nav="catalogue"),
            order=30,
        )
        links.register(
            "projects.tile", Link("tiles", "projects:list", _("Projects"), signed_in=True), order=20
        )
