import datetime

from portal.workdays import add_working_days, is_working_day, next_working_day, public_holidays


def d(text):
    return datetime.date.fromisoformat(text)


def test_dutch_holidays_of_2026():
    assert public_holidays(2026) == {
        d("2026-01-01"),
        d("2026-04-03"),  # Goede Vrijdag
        d("2026-04-05"),  # Pasen
        d("2026-04-06"),
        d("2026-04-27"),  # Koningsdag
        d("2026-05-05"),
        d("2026-05-14"),  # Hemelvaart
        d("2026-05-24"),  # Pinksteren
        d("2026-05-25"),
        d("2026-12-25"),
        d("2026-12-26"),
    }


def test_kings_day_on_a_sunday_moves_to_saturday():
    assert d("2025-04-26") in public_holidays(2025)
    assert d("2025-04-27") not in public_holidays(2025)


def test_weekends_and_holidays_are_skipped():
    assert not is_working_day(d("2026-11-28"))  # Saturday
    assert is_working_day(d("2026-11-30"))
    assert next_working_day(d("2026-12-24")) == d("2026-12-28")
    # Three working days after the next working day, from Thursday before Easter.
    assert add_working_days(next_working_day(d("2026-04-02")), 3) == d("2026-04-10")
