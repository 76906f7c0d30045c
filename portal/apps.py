from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Each app declares its permission rules in its own permissions module.
        from django.utils.module_loading import autodiscover_modules

        from portal import (
            audit,
            checks,  # noqa: F401 - registers the deploy checks
            privacy,  # noqa: F401 - the register and portal's own kinds in it
            workqueue,
        )
        from portal.frame import Link, links
        from portal.reminders import connect_reads
        from portal.staff import sync_after_migrate

        autodiscover_modules("permissions")
        # Each app registers the work it has for CBS in its own workqueue module.
        autodiscover_modules("workqueue")
        workqueue.connect_reads()  # what the kinds read forgets the kept queue
        # ... and its kinds of reminder in its reminders module (portal/reminders.py).
        autodiscover_modules("reminders")
        connect_reads()  # what the kinds read forgets the kept "Verloopt binnenkort"
        # Each app declares its event types (verbs and their labels) in its events module.
        autodiscover_modules("events")
        audit.connect()  # an event recorded forgets what was kept of its project's events
        # Each app registers what Home shows of it in its own home module.
        autodiscover_modules("home")
        # Portal's own tiles on Home, among the apps' (portal.frame).
        links.register(
            "portal.tile_customer_service",
            Link("tiles", "portal:customer_service", _("Customer service"), signed_in=True),
            order=30,
        )
        links.register(
            "portal.tile_sign_in",
            Link("tiles_signed_out", "account_login", _("Sign in"), signed_in=False),
            order=20,
        )
        from portal.demo import demo_loaders

        # Last of the demo data: CBS's digest of what the customers above did.
        demo_loaders.register("portal.demo_digest.load", "CBS's digest mails", order=1000)
        # Staff groups get the permissions of models added later, after every migrate.
        post_migrate.connect(sync_after_migrate, dispatch_uid="portal.sync_staff_groups")
