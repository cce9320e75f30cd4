import datetime

import pytest

from core.dates import (
    DatePrecision,
    format_date_range,
    format_partial_date,
    normalise_to_precision,
)


@pytest.mark.parametrize(
    ("precision", "shown"),
    [
        (DatePrecision.YEAR, "2014"),
        (DatePrecision.MONTH, "November 2014"),
        (DatePrecision.DAY, "13 November 2014"),
    ],
)
def test_a_date_is_shown_as_precisely_as_it_is_known(precision, shown):
    assert format_partial_date(datetime.date(2014, 11, 13), precision) == shown


def test_a_range_in_one_month_names_the_month_once():
    start, end = datetime.date(2018, 3, 19), datetime.date(2018, 3, 23)

    assert format_date_range(start, end, DatePrecision.DAY) == "19-23 March 2018"


def test_a_year_sorts_before_any_day_of_that_year():
    year = normalise_to_precision(datetime.date(2014, 12, 31), DatePrecision.YEAR)
    month = normalise_to_precision(datetime.date(2014, 11, 30), DatePrecision.MONTH)

    assert year < month < datetime.date(2014, 11, 13)
