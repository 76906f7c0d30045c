import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from changes.models import ChangeRequest, OutputCheck
from tests.factories.projects import ProjectFactory

__all__ = ["ChangeRequestFactory", "OutputCheckFactory"]


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    project = factory.SubFactory(ProjectFactory)
    kind = "extend_end_date"
    data = factory.LazyAttribute(
        lambda o: {"end_date": (o.project.end_date + timezone.timedelta(days=365)).isoformat()}
    )
    summary = "31-12-2030"
    explanation = "Meer tijd nodig voor de analyse."


class OutputCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutputCheck

    project = factory.SubFactory(ProjectFactory)
    description = "Tabellen met regressieresultaten."
    package_name = factory.Sequence(lambda n: f"export-{n}")
    form_document = factory.LazyFunction(
        lambda: ContentFile(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "form.pdf")
    )
    form_name = "outputformulier.pdf"
    content_type = "application/pdf"
    size = 48
    expected_answer_date = factory.LazyFunction(
        lambda: timezone.localdate() + timezone.timedelta(days=4)
    )
