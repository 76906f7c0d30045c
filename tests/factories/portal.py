import factory

from portal.models import ServiceLevel, WorkSummary
from portal.workqueue import work_kinds

__all__ = ["ServiceLevelFactory", "WorkSummaryFactory"]


class ServiceLevelFactory(factory.django.DjangoModelFactory):
    """A service level of a registered kind of work (the key is a registered kind)."""

    class Meta:
        model = ServiceLevel
        django_get_or_create = ("kind",)

    kind = factory.Iterator([kind.key for kind in work_kinds()])
    working_days = 5


class WorkSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkSummary

    recipient = factory.SubFactory("tests.factories.accounts.UserFactory", is_staff=True)
    week = factory.Sequence(lambda n: f"2026-W{n % 52 + 1:02d}")
    item_count = 1
