import datetime

import factory
from django.utils import timezone

from projects.models import (
    Bijlage,
    DataFile,
    Project,
    ProjectFile,
    ProjectService,
    Publication,
    Role,
    Service,
    TeamMember,
)
from tests.factories.accounts import InstitutionFactory, PersonFactory

__all__ = [
    "BijlageFactory",
    "DataFileFactory",
    "ProjectFactory",
    "ProjectFileFactory",
    "ProjectServiceFactory",
    "PublicationFactory",
    "ServiceFactory",
    "TeamMemberFactory",
]


class DataFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataFile
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{10000 + n}")
    name = factory.Sequence(lambda n: f"Bestand {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{10000 + n}")
    name = factory.Sequence(lambda n: f"Dienst {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 20000 + n)
    title = factory.Sequence(lambda n: f"Onderzoeksproject {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3 * 365))
    institution = factory.SubFactory(InstitutionFactory)

    @factory.post_generation
    def bijlagen(obj, create, extracted, **kwargs):
        if create:
            for kind in Bijlage.Kind.values:
                Bijlage.objects.get_or_create(project=obj, kind=kind)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(
        PersonFactory, institution=factory.SelfAttribute("..project.institution")
    )
    role = Role.RESEARCHER
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class BijlageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bijlage
        django_get_or_create = ("project", "kind")

    project = factory.SubFactory(ProjectFactory)
    kind = 1


class ProjectFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectFile

    project = factory.SubFactory(ProjectFactory)
    kind = "standard"
    data_file = factory.SubFactory(DataFileFactory)
    explanation = "<p>Toelichting</p>"


class ProjectServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectService

    project = factory.SubFactory(ProjectFactory)
    service = factory.SubFactory(ServiceFactory)
    explanation = "Toelichting"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Publicatie {n}")
    authors = "P. Bakker"
    year = 2026
    kind = "article"
