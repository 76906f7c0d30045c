import factory

from requests_inbox.models import Action, ActionKind, ActionStatus, CostLine, CostOverview, Tariff
from tests.factories.accounts import PersonFactory
from tests.factories.projects import ProjectFactory

__all__ = ["ActionFactory", "CostLineFactory", "CostOverviewFactory", "TariffFactory"]


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    person = factory.SubFactory(PersonFactory)
    kind = ActionKind.QUESTION
    subject = "Vraag"
    status = ActionStatus.TO_ANSWER
    body = "Kunt u dit toelichten?"


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff
        django_get_or_create = ("description",)

    description = "Opstarten nieuw project"
    kind = "startup"
    unit_price = "1850.00"


class CostOverviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostOverview

    project = factory.SubFactory(ProjectFactory)


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    overview = factory.SubFactory(CostOverviewFactory)
    kind = "startup"
    description = "Opstarten nieuw project"
    quantity = "1.00"
    unit_price = "1850.00"
