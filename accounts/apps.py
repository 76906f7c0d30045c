from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # What it holds about people, why and how long (the register, portal.privacy).
        from accounts import (  # noqa: F401  (register rules and receivers)
            permissions,
            privacy,  # noqa: F401
            signals,
            staff_choices,
        )
        from portal.demo import demo_loaders, demo_notes
        from portal.frame import Link, links

        staff_choices.connect()  # the CBS staff to choose from, kept until a write

        # The demo data of this app (load_demo), by order among the apps'.
        demo_loaders.register("accounts.demo.load", "people, institutions, declarations", order=10)
        demo_loaders.register(
            "accounts.demo.load_work_queue", "the back office's work queue", order=110
        )
        demo_notes.register("accounts.demo.print_logins", "the demo logins")

        # The page frame's links to this app's pages (portal.frame).
        for key, link, order in (
            (
                "menu",
                Link(
                    "menu", "accounts:my_details", _("My details"), nav="my_details", signed_in=True
                ),
                10,
            ),
            (
                "user_menu",
                Link("user_menu", "accounts:my_details", _("My details"), signed_in=True),
                10,
            ),
            (
                "account_requests",
                Link(
                    "user_menu_manage",
                    "accounts:manage_requests",
                    _("Account requests"),
                    signed_in=True,
                    show=lambda person: person is not None and person.is_account_manager,
                ),
                10,
            ),
            ("footer", Link("footer", "accounts:about", _("About Microdata Services")), 10),
            ("tile", Link("tiles", "accounts:my_details", _("My details"), signed_in=True), 10),
            (
                "tile_about",
                Link("tiles", "accounts:about", _("About Microdata Services"), signed_in=True),
                40,
            ),
            (
                "tile_about_signed_out",
                Link(
                    "tiles_signed_out",
                    "accounts:about",
                    _("About Microdata Services"),
                    signed_in=False,
                ),
                10,
            ),
            (
                "tile_request",
                Link(
                    "tiles_signed_out",
                    "accounts:request_account",
                    _("Request an account"),
                    signed_in=False,
                ),
                30,
            ),
        ):
            links.register(f"accounts.{key}", link, order=order)
