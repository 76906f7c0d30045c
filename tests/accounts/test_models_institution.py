import datetime

import pytest
from django.db import IntegrityError

from accounts.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("start", "end", "authorized"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), True),
        (DAY, DAY, True),
        (datetime.date(2026, 6, 2), None, False),
        (datetime.date(2020, 1, 1), datetime.date(2026, 5, 31), False),
        (datetime.date(2020, 1, 1), None, True),
        (None, None, False),
    ],
)
def test_authorized_on(start, end, authorized):
    institution = InstitutionFactory(authorization_start=start, authorization_end=end)
    assert institution.is_authorized_on(DAY) is authorized
    assert (institution in Institution.objects.authorized_on(DAY)) is authorized


def test_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        InstitutionFactory(
            authorization_start=datetime.date(2026, 1, 2),
            authorization_end=datetime.date(2026, 1, 1),
        )


def test_address_is_formatted_as_in_the_mockup():
    institution = InstitutionFactory()
    assert institution.address == "Inspiratielaan 1, 3833 AV LEUSDEN, Nederland"
