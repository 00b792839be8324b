"""Finding dates in Danish text.

Forms: "29. maj 2020", "den 5 februar 2020", "13-11-2020", "16.08.2012", "2020-01-29",
"d. 14. september", and the English "April 3, 2019" of some meeting portals.

Candidates are located with patterns built from the month names in danish.yaml and parsed
by dateparser. A date written without a year takes its year from the context the caller
gives; it is never guessed from the file name or today's date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import dateparser

from loaders.language import danish

_PARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text; ``year_given`` tells whether the text wrote the year."""

    value: date
    start: int
    end: int
    year_given: bool


@cache
def _pattern() -> re.Pattern[str]:
    months = "|".join(sorted(danish()["months"], key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.-])(?:(?P<day>[0-3]?\d)(?:\.|-)?[ \t\n]*(?P<month>{months})\b"
        rf"(?:(?:[ \t\n]+|-)(?P<year>(?:19|20)\d{{2}})(?!\d))?"
        rf"|(?P<nday>[0-3]?\d)[-./](?P<nmonth>[01]?\d)[-./](?P<nyear>(?:19|20)\d{{2}})(?!\d)"
        rf"|(?P<iyear>(?:19|20)\d{{2}})-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)(?!\d)"
        rf"|(?P<emonth>{months})[ ](?P<eday>[0-3]?\d),[ ]*(?P<eyear>(?:19|20)\d{{2}})(?!\d))",
        re.IGNORECASE,
    )


@cache
def parse_date(day: int, month: int, year: int) -> date | None:
    """Parse a day, month and year with dateparser; ``None`` if it is no real date."""
    parsed: datetime | None = dateparser.parse(
        f"{day}-{month}-{year}", languages=["da"], settings=_PARSER_SETTINGS
    )
    return parsed.date() if parsed else None


def find_dates(
    text: str, default_year: int | None = None, start: int = 0, end: int | None = None
) -> Iterator[FoundDate]:
    """Yield the dates in ``text[start:end]``.

    A date without a year takes the year of the nearest preceding four-digit year in the same
    text, else ``default_year``; when there is neither it is skipped.
    """
    months = danish()["months"]
    for match in _pattern().finditer(text, start, len(text) if end is None else end):
        if match.group("nday"):
            day, month = int(match.group("nday")), int(match.group("nmonth"))
            year, given = int(match.group("nyear")), True
        elif match.group("iday"):
            day, month = int(match.group("iday")), int(match.group("imonth"))
            year, given = int(match.group("iyear")), True
        elif match.group("eday"):
            day, month = int(match.group("eday")), months[match.group("emonth").lower()]
            year, given = int(match.group("eyear")), True
        else:
            day, month = int(match.group("day")), months[match.group("month").lower()]
            if match.group("year"):
                year, given = int(match.group("year")), True
            else:
                chosen = context_year(text, match.start(), default_year)
                if chosen is None:
                    continue
                year, given = chosen, False
        value = parse_date(day, month, year)
        if value is not None:
            yield FoundDate(value, match.start(), match.end(), given)


FULL_DATE_YEAR = re.compile(
    r"(?:\d{1,2}\.?[ \t\n]*[a-zæøå]{3,9}|\d{1,2}[-.]\d{1,2}[-.])[ \t\n]*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


def context_year(
    text: str, position: int, default_year: int | None = None, window: int = 800
) -> int | None:
    """The year a date without one belongs to.

    First the year of a heading-like "... 2020:" just before ("Mødekalender for KD-Net 2020:"),
    then the year of the last full date written before ``position``, then ``default_year``
    (the document's own date), and only then the last bare year.
    """
    lookback = text[max(0, position - window) : position]
    heading = re.search(
        r"((?:19|20)\d{2})[ ]*:[ \t]*\n(?:[^\n]{0,40}\n){0,8}[^\n]{0,40}$", lookback
    )
    if heading:
        return int(heading.group(1))
    full = FULL_DATE_YEAR.findall(lookback)
    if full:
        return int(full[-1])
    if default_year is not None:
        return default_year
    years = YEAR.findall(lookback)
    return int(years[-1]) if years else None


def first_date(text: str, default_year: int | None = None) -> FoundDate | None:
    return next(find_dates(text, default_year), None)
