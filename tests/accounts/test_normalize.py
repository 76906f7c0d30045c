import pytest
from django.core.exceptions import ValidationError

from accounts.normalize import normalize_phone, normalize_postal_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-12345678", "+31612345678"),
        ("06 12 34 56 78", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("(030) 123 45 67", "+31301234567"),
        ("+32 2 123 45 67", "+3221234567"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_phone_numbers_are_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "06-1234567", "06-123456789", "+310612345678", "+31 6", "bel me", "+0 123456789"],
)
def test_bad_phone_numbers(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


@pytest.mark.parametrize(
    ("typed", "country", "stored"),
    [
        ("3833av", "Nederland", "3833 AV"),
        (" 3833  AV ", "", "3833 AV"),
        ("3833 av", "NL", "3833 AV"),
        ("D-52062", "Duitsland", "D-52062"),
        ("", "Nederland", ""),
    ],
)
def test_postal_codes(typed, country, stored):
    assert normalize_postal_code(typed, country=country) == stored


@pytest.mark.parametrize("typed", ["0833 AV", "383 AV", "3833 A", "3833 SA", "3833 SS", "ABCD EF"])
def test_bad_dutch_postal_codes(typed):
    with pytest.raises(ValidationError):
        normalize_postal_code(typed, country="Nederland")
