from django.conf import settings
from django.core.checks import Warning, register

UNSET = "cbs-mailbox-not-set@example.invalid"


@register(deploy=True)
def cbs_mailbox_is_set(app_configs, **kwargs):
    """Loud when CBS_MAILBOX is left at its default: customers' questions would reach nobody."""
    if settings.CBS_MAILBOX == UNSET:
        return [
            Warning(
                "CBS_MAILBOX is not set: questions to Klantenservice are mailed to nobody.",
                hint="Set CBS_MAILBOX to CBS Microdata Services' mailbox (see .env.example).",
                id="messaging.W001",
            )
        ]
    return []
