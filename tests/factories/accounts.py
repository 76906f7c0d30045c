import datetime

import factory
from django.utils import timezone

from accounts.models import AccountRequest, Institution, Person, User

__all__ = ["AccountRequestFactory", "InstitutionFactory", "PersonFactory", "UserFactory"]

PASSWORD = "Testwachtwoord-2026"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Instelling {n}")
    authorization_start = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )
    authorization_end = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=2 * 365)
    )
    street_address = "Inspiratielaan 1"
    postal_code = "3833 AV"
    city = "Leusden"
    country = "Nederland"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    institution = factory.SubFactory(InstitutionFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    initials = factory.LazyAttribute(lambda p: f"{p.first_name[0]}.")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    gender = "x"
    birth_date = datetime.date(1985, 5, 17)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a person at an (authorized) institution; password is PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountRequest

    institution = factory.SubFactory(InstitutionFactory)
    initials = "J."
    first_name = "Jan"
    last_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = datetime.date(1990, 1, 2)
    gender = "m"
    email = factory.Sequence(lambda n: f"aanvraag{n}@example.nl")
    language = "nl"
