"""Working days in the Netherlands: weekends and the Dutch public holidays are not counted.

Used where CBS promises an answer "within N working days" (output checks, service levels).
Pure functions; no Django.
"""

import datetime
from functools import cache


def _easter(year: int) -> datetime.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Nieuwjaarsdag, Goede Vrijdag, Pasen, Koningsdag, Bevrijdingsdag, Hemelvaart, Pinksteren,
    Kerstmis: the days the Rijksoverheid (and so CBS) is closed."""
    easter = _easter(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it moves to the Saturday before
        kings_day -= datetime.timedelta(days=1)
    days = {
        datetime.date(year, 1, 1),
        easter - datetime.timedelta(days=2),
        easter,
        easter + datetime.timedelta(days=1),
        kings_day,
        datetime.date(year, 5, 5),
        easter + datetime.timedelta(days=39),
        easter + datetime.timedelta(days=49),
        easter + datetime.timedelta(days=50),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    }
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day after ``day``."""
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """``count`` working days after ``day`` (``day`` itself not counted)."""
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_back(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day before ``day`` (``day`` itself not counted; ``day`` when
    ``count`` is 0): the earliest start whose ``add_working_days(start, count)`` is not
    before ``day``."""
    counted = 0
    while counted < count:
        day -= datetime.timedelta(days=1)
        counted += is_working_day(day)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after ``start`` up to and including ``end`` (0 when not later).

    Counted, not walked: weekdays by whole weeks, then the public holidays on a weekday in
    between taken off (an item waiting a year took 365 steps a row on the work queue)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    # Of the ``rest`` days after the whole weeks, those falling Monday to Friday.
    first = (start.weekday() + 1) % 7  # the weekday of the day after start
    weekdays = weeks * 5 + sum(1 for offset in range(rest) if (first + offset) % 7 < 5)
    holidays = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in public_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return weekdays - holidays
