from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutions: Mijn instelling and the API")

    def ready(self):
        # Rules, the change request kind "member left", and what a leave ends (accounts.leaving).
        from institutions import kinds, leaving, permissions  # noqa: F401
