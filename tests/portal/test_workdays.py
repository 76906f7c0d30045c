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


def test_working_days_between_counts_as_walking_day_by_day():
    """Counted by whole weeks and holidays, it agrees with walking the days one by one, for
    every start weekday, across year ends, Easter and King's Day, over spans of up to 800 days."""
    from portal.workdays import working_days_between

    def walked(start, end):
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += is_working_day(day)
        return count

    for start in [d("2025-12-22") + datetime.timedelta(days=n) for n in range(0, 140, 3)]:
        for span in [-3, 0, 1, 2, 5, 6, 7, 8, 13, 30, 45, 120, 400, 800]:
            end = start + datetime.timedelta(days=span)
            assert working_days_between(start, end) == walked(start, end), (start, end)


def test_working_days_back_is_the_earliest_start_still_due_by_the_day():
    """For every day and count: ``add_working_days`` from the day found reaches the day, from
    the day before it falls short (weekends, Easter, King's Day and Christmas on the way)."""
    from portal.workdays import working_days_back

    for day in [d("2026-03-30") + datetime.timedelta(days=n) for n in range(0, 300, 4)]:
        for count in [0, 1, 2, 3, 5, 10, 20]:
            start = working_days_back(day, count)
            assert add_working_days(start, count) >= day
            assert add_working_days(start - datetime.timedelta(days=1), count) < day
