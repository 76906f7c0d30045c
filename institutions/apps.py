from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_account_manager(person) -> bool:
    return person is not None and person.is_account_manager


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutions: Mijn instelling and the API")

    def ready(self):
        # Rules, the change request kind "member left", what a leave ends
        # (accounts.registry.leaving), and what it holds about people (portal.privacy).
        from institutions import keep, kinds, leaving, permissions, privacy  # noqa: F401
        from portal.demo import demo_loaders
        from portal.frame import Link, links

        # Mijn instelling's standing, kept until a write of what it reads.
        keep.connect()

        # "Mijn instelling" in the main menu and on Home, for account managers only.
        links.register(
            "institutions.menu",
            Link("menu", "institutions:overview", _("My institution"), nav="institution",
                 signed_in=True, show=_is_account_manager),
            order=25,
        )  # fmt: skip
        links.register(
            "institutions.tile",
            Link("tiles", "institutions:overview", _("My institution"), signed_in=True,
                 show=_is_account_manager),
            order=25,
        )  # fmt: skip
        # The demo: a person of AFAS who left, one who leaves next month (after the projects and
        # change requests it builds on, before the work queue's items).
        demo_loaders.register(
            "institutions.demo.load", "Mijn instelling: people who leave", order=80
        )
