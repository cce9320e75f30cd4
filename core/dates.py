"""Dates known to a year, a month or a day, shown as precisely as they are known."""

from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y", DatePrecision.DAY: "j F Y"}


def format_partial_date(value, precision):
    """'2014', 'November 2015' or '23 March 2016'."""
    if value is None:
        return ""
    return format_date(value, FORMATS.get(precision, "j F Y"))


def format_date_range(start, end, precision):
    """A single date, or a range without repeating what both ends share: '19-23 March 2018'."""
    if end is None or end == start:
        return format_partial_date(start, precision)
    if precision == DatePrecision.DAY:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}-{format_date(end, 'j F Y')}"
        if start.year == end.year:
            return f"{format_date(start, 'j F')} \u2013 {format_date(end, 'j F Y')}"
    return f"{format_partial_date(start, precision)} \u2013 {format_partial_date(end, precision)}"


def normalise_to_precision(value, precision):
    """Store a year as 1 January and a month as its first day, so dates sort as shown."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value
