from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "awareness"
    verbose_name = _("Awareness test")

    def ready(self):
        # What it holds about people, why and how long (the register, portal.privacy).
        from accounts.registry import my_details
        from awareness import privacy  # noqa: F401
        from awareness.services import passed_among
        from projects.readiness import ReadinessStep
        from projects.registry import readiness_steps
        from requests_inbox.models import ActionKind
        from requests_inbox.registry import action_pages

        # The awareness test itself is this app's page; the action only points there.
        action_pages.register(ActionKind.AWARENESS_TEST, lambda action: reverse("awareness:index"))
        # A step of Remote Access readiness, done on the test's page.
        readiness_steps.register(
            "awareness",
            ReadinessStep(
                _("Awareness test passed and valid"),
                passed_among,
                url=lambda: reverse("awareness:index"),
                todo=_("Pass the awareness test"),
            ),
            order=30,
        )
        from awareness.models import Attempt
        from projects.readiness import reads_declare

        # What the step reads: a person's attempts (their kept readiness, projects.readiness).
        reads_declare("awareness", {Attempt: lambda attempt: [attempt.person_id]})
        # Mijn gegevens: the status of the person's awareness test.
        my_details.register("awareness/_my_details.html", "column", order=20)

        from portal.demo import demo_loaders

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register("awareness.demo.load", "the awareness test", order=40)
