"""Report periods and due dates: pure date arithmetic, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * number - 2, 1)
    end = date(year + 1, 1, 1) - timedelta(days=1) if number == 4 else date(year, 3 * number + 1, 1) - timedelta(days=1)
    return Period(f"{year}年第{number}季度", start, end)


def quarters(year: int) -> list[Period]:
    return [quarter(year, n) for n in range(1, 5)]


def annual(year: int) -> Period:
    return Period(f"{year}年度", date(year, 1, 1), date(year, 12, 31))


def weeks(start: date, end: date) -> list[Period]:
    """ISO weeks (Monday–Sunday) overlapping [start, end], clipped to it; labelled by ISO year and week."""
    found = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        sunday = monday + timedelta(days=6)
        iso_year, week, _day = monday.isocalendar()
        found.append(Period(f"{iso_year}年第{week}周", max(monday, start), min(sunday, end)))
        monday += timedelta(days=7)
    return found


def due_date(period_end: date, due_days: int) -> date:
    return period_end + timedelta(days=due_days)
