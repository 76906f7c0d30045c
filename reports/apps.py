from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports.calendar import sync_after_migrate

        # The working-day calendar follows portal.workdays after every migrate (and flush).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="reports.sync_days")

        from reports.keep import connect_reads

        # The kept series are forgotten when a row they read is written (reports.keep).
        connect_reads()

        from portal.demo import demo_loaders

        # Two years of history behind the charts, after every app's own demo data.
        demo_loaders.register(
            "reports.demo.load", "two years of history for Rapportages", order=200
        )
