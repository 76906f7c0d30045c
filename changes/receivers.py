"""A supplementary cost overview's decision applies its change request, or drops it."""

from django.dispatch import receiver

from requests_inbox.services import cost_overview_decided


@receiver(cost_overview_decided, dispatch_uid="changes.cost_decided")
def _on_cost_decided(sender, *, overview, agree: bool, by, **kwargs) -> None:
    from changes.services import change_request_costs_decided

    if overview.supplement:
        change_request_costs_decided(overview=overview, agree=agree, by=by)
