"""Partial dates: a date stored as the first day of its period, with the precision the source gives.

"2019" is stored as 2019-01-01 with precision "year", so it sorts and filters like any date and still
reads as "2019".
"""

import datetime
import re

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into (first day of the period, precision); ValueError if not a date."""
    match = PARTIAL_DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f'"{text}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)')
    year, month, day = match.groups()
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f'"{text}" is not a date') from None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return value, precision


def partial_date_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the period a partial date stands for (for "signed up to 2019" filters)."""
    if precision == Precision.YEAR:
        return datetime.date(value.year, 12, 31)
    if precision == Precision.MONTH:
        following = datetime.date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return value


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """Drop what the precision does not claim, so a stored value is always the start of its period."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def iso_partial_date(value: datetime.date | None, precision: str) -> str | None:
    """The exchange-format spelling: 2019, 2019-03 or 2019-03-08."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """A reader's spelling in the active language: "2019", "March 2019" or "8 March 2019"."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
